"""Story reports off the request path (issue 10 item 5, issue 12): a story page answers at once,
reports are kept in the store across restarts and made again when the story changes, a story too
large is analysed on a documented sample, and a report that overruns its time budget is stopped."""
from __future__ import annotations

import threading
import time

from newsprism.analysis import SAMPLE_RULE, sample_articles
from newsprism.corpus.report_pool import ReportWorker
from newsprism.corpus.reports import ReportMaker, load_report
from newsprism.corpus.store import Store
from newsprism.model import Article, StoryAnalysis
from newsprism.options import Options
from test_web_api import FakeReports, app_client, same_origin, wait_ready
from test_web_api import corpus  # noqa: F401


def _story_id(c) -> str:
    return next(s["id"] for s in c.get("/api/stories").json()["stories"] if "Kestrel" not in (s["title"] or ""))


def test_reports_are_kept_in_the_store_and_made_again_when_the_story_changes(corpus):  # noqa: F811
    first = FakeReports(Options())
    with app_client(corpus, reports=first) as c:
        sid = _story_id(c)
        assert wait_ready(c, sid)["_status"] == 200
        assert len(first.calls) == 1
    again = FakeReports(Options())
    with app_client(corpus, reports=again) as c:  # a restart: the stored report is served at once
        r = c.get(f"/stories/{sid}")
        assert r.status_code == 200 and "FAKE REPORT" in r.text
        assert c.get(f"/api/stories/{sid}/analysis").status_code == 200
        assert again.calls == []
        # the story gains an article: its report is made again, with the new article
        same_origin(c)
        text = ("Ruth Calloway told the Brennock Dam inquiry on Tuesday that the spillway gate at Brennock Dam "
                "had been flagged for repair twice, and that the Northern Waterways Authority lacked the money. "
                "Lowmere residents at the hearing asked why the gate failed.")
        r = c.post("/api/articles", json={"title": "Calloway tells dam inquiry of repair warnings",
                                          "source": "Northern Herald", "date": "2025-03-17", "text": text})
        assert r.status_code == 201, r.text
        new_id = r.json()["articles"][0]["id"]
        if r.json()["articles"][0]["story_id"] == sid:
            assert wait_ready(c, sid)["_status"] == 200
            assert again.calls and new_id in again.calls[-1]


def test_story_page_answers_while_a_report_is_being_made(corpus):  # noqa: F811
    release = threading.Event()

    class Blocked(FakeReports):
        def analyze(self, articles, progress=None):
            release.wait(30)
            return super().analyze(articles)

    with app_client(corpus, reports=Blocked(Options())) as c:
        sid = _story_id(c)
        r = c.get(f"/stories/{sid}")
        assert r.status_code == 202 and "being prepared" in r.text
        assert 'http-equiv="refresh"' in r.text
        api = c.get(f"/api/stories/{sid}/analysis")
        assert api.status_code == 202 and api.json()["status"] in ("queued", "running")
        assert api.headers["Retry-After"]
        # other pages are not held up by the analysis
        assert c.get("/").status_code == 200 and c.get("/api/stories").status_code == 200
        release.set()
        assert wait_ready(c, sid)["_status"] == 200


def _slow(articles, options, progress=None):  # module level: picklable for the report process
    time.sleep(60)
    return StoryAnalysis(articles=list(articles))


def test_a_report_over_its_time_budget_is_stopped(corpus):  # noqa: F811
    ticks = []

    def creeping(articles, options, progress=None):
        for i in range(1000):
            time.sleep(0.01)
            ticks.append(i)
            progress("annotate", i, 1000)
        return StoryAnalysis(articles=list(articles))

    opts = Options(story_time_budget=0.2)
    maker = ReportMaker(opts, analyze=creeping)
    with app_client(corpus, opts, reports=maker, isolate=False) as c:
        sid = _story_id(c)
        r = wait_ready(c, sid)
        assert r["_status"] == 503 and r["error"] == "time-budget" and "--story-budget" in r["message"]
        assert len(ticks) < 1000
        assert c.get(f"/stories/{sid}").status_code == 503
    # in a child process (as `serve` runs it) the process is ended
    maker = ReportMaker(opts, analyze=_slow)
    with Store(corpus, opts) as store:
        sid = _story_id_in(store)
        # the failure is kept in the store: a new pool answers at once, without trying again...
        quick = ReportWorker(corpus, opts, ReportMaker(opts, analyze=_never), isolate=False)
        try:
            st = quick.state(store.conn, sid)
            assert st.state == "failed" and st.error == "time-budget" and "--story-budget" in st.message
        finally:
            quick.close()
        store.conn.execute("DELETE FROM story_report_failures")  # ... so forget it to try again here
        worker = ReportWorker(corpus, opts, maker, isolate=True)
        try:
            st = worker.wait(store.conn, sid, timeout=120)
            assert st.state == "failed" and st.error == "time-budget"
            assert not worker.child_running  # the process that overran is gone
        finally:
            worker.close()


def _never(articles, options, progress=None):
    raise AssertionError("a stored failure must be answered without making the report again")


def _story_id_in(store) -> str:
    return next(s.id for s in store.stories() if "Kestrel" not in (s.title or ""))


def _art(**kw) -> Article:
    base = dict(source="s", title=None, outlet_from="field", published_from="field")
    return Article(**{**base, **kw})


def _members(n_outlets: int, per_outlet: int, dup_every: int = 0):
    out = []
    for o in range(n_outlets):
        for k in range(per_outlet):
            i = o * per_outlet + k
            dup = out[-1].id if dup_every and k and k % dup_every == 0 else None
            out.append(_art(id=f"a{i:04d}", source="s", text="t", outlet=f"Outlet {o:02d}",
                               published=f"2025-03-{1 + (i * 7) % 28:02d}", duplicate_of=dup))
    return out


def test_sample_is_one_per_outlet_first_then_by_date_and_deterministic():
    arts = _members(12, 10, dup_every=3)
    chosen = sample_articles(arts, 30)
    assert len(chosen) == 30
    assert {a.outlet for a in chosen} == {a.outlet for a in arts}  # every outlet is in
    assert all(a.duplicate_of is None for a in chosen)  # originals before copies
    assert [a.id for a in chosen] == [a.id for a in arts if a in chosen]  # the given order is kept
    assert [a.id for a in sample_articles(list(reversed(arts)), 30)] == [a.id for a in reversed(chosen)]
    originals = sorted((a for a in arts if not a.duplicate_of), key=lambda a: (a.published, a.id))
    first_per_outlet = {}
    for a in originals:
        first_per_outlet.setdefault(a.outlet, a.id)
    assert set(first_per_outlet.values()) <= {a.id for a in chosen}
    few = sample_articles(arts, 5)  # fewer slots than outlets: the outlets that reported first
    assert len(few) == 5 and len({a.outlet for a in few}) == 5
    assert sample_articles(arts, 500) == arts


def test_a_large_story_is_analysed_on_a_sample_and_says_so(tmp_path):
    db = tmp_path / "big.db"
    text = ("Storm Imogen closed the Kestrel Bay ferry port on Friday and cut power to {n} homes, the "
            "harbour authority said, as gusts reached {g} kilometres an hour along the coast.")
    arts = [_art(id=f"st{i:03d}", source=f"f{i}", outlet=f"Outlet {i % 7}", published=f"2025-01-{1 + i % 20:02d}",
                    title="Storm Imogen shuts ferry port", text=text.format(n=1000 + i * 37, g=90 + i % 40))
            for i in range(40)]
    with Store(db, Options()) as store:
        store.add(arts)
        sizes = sorted((s.size, s.id) for s in store.stories())
    size, sid = sizes[-1]
    assert size > 8
    fake = FakeReports(Options())
    opts = Options(max_story_articles=8)
    with app_client(db, opts, reports=fake) as c:
        r = wait_ready(c, sid)
        assert r["_status"] == 200
        assert r["sample"] == {"total": size, "analysed": 8, "rule": SAMPLE_RULE}
        assert len(fake.calls) == 1 and len(fake.calls[0]) == 8
        assert len({a.outlet for a in arts if a.id in fake.calls[0]}) == 7  # one per outlet first
        page = c.get(f"/stories/{sid}").text
        assert 'id="sample"' in page and f"8 of {size} articles" in page
        with Store(db, opts) as store:
            assert load_report(store.conn, sid).sample["analysed"] == 8


def test_analyze_bounds_articles_per_story():
    from newsprism.analysis import analyze

    arts = [_art(id=f"x{i}", source="s", outlet=f"O{i % 3}", published=f"2025-02-{1 + i:02d}",
                    text=f"The council in Lowmere approved plan number {i} for the river wall on Monday, "
                         f"officials said, after a vote of {i + 5} to {i}.")
            for i in range(9)]
    a = analyze(arts, Options(max_story_articles=4, use_embeddings=False))
    assert len(a.articles) == 4 and a.sample == {"total": 9, "analysed": 4, "rule": SAMPLE_RULE}
    assert analyze(arts[:3], Options(use_embeddings=False)).sample is None


def test_prepare_reports_makes_and_stores_them_for_add(corpus):  # noqa: F811
    fake = FakeReports(Options())
    with Store(corpus, Options()) as store:
        ids = [s.id for s in store.stories()]
    from newsprism.corpus.report_pool import prepare_reports

    states = prepare_reports(corpus, ids + ids[:1], Options(), fake, isolate=False)
    assert sorted(states) == sorted(ids) and {s.state for s in states.values()} == {"ready"}
    assert len(fake.calls) == len(ids)
    again = FakeReports(Options())
    assert {s.state for s in prepare_reports(corpus, ids, Options(), again, isolate=False).values()} == {"ready"}
    assert again.calls == []  # kept in the store


def test_a_ready_story_page_reads_only_what_it_shows(corpus, monkeypatch):  # noqa: F811
    """The page of a stored report parses neither its analysis nor its summary JSON (megabytes for a
    large story), and the app's per-thread readers do not re-read the whole file (quick_check): the
    app checked it once when it started."""
    import sqlite3

    from newsprism.corpus import reports

    with app_client(corpus, reports=FakeReports(Options())) as c:
        sid = _story_id(c)
        assert wait_ready(c, sid)["_status"] == 200
    parsed: list[str] = []
    real = reports.StoredReport.analysis.func

    def counting(self):
        parsed.append(self.story_id)
        return real(self)

    monkeypatch.setattr(reports.StoredReport, "analysis", property(counting))
    checks: list[str] = []
    real_connect = sqlite3.connect

    def traced(*a, **k):
        conn = real_connect(*a, **k)
        conn.set_trace_callback(lambda sql: checks.append(sql) if "quick_check" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    with app_client(corpus, reports=FakeReports(Options())) as c:  # a restart
        opened = len(checks)
        r = c.get(f"/stories/{sid}")
        assert r.status_code == 200 and "FAKE REPORT" in r.text
        assert parsed == []
        assert len(checks) == opened  # no quick_check on the request path
        api = c.get(f"/api/stories/{sid}/analysis")
        assert api.status_code == 200 and parsed == [sid]  # the API parses it when asked for it
    assert opened >= 1  # the app's own check at start-up


# -- the pool (issue 12): workers side by side, a viewed story first, failures stored -------------

def _ids(db) -> list[str]:
    with Store(db, Options()) as store:
        return [s.id for s in store.stories()]


def test_the_pool_makes_reports_side_by_side(corpus):  # noqa: F811
    """Two workers make two reports at the same time: each analysis waits at a barrier that only
    opens when both are in it (one worker would leave it broken and both reports failed)."""
    from newsprism.corpus.report_pool import prepare_reports

    ids = _ids(corpus)
    assert len(ids) == 2
    barrier = threading.Barrier(2, timeout=60)

    def together(articles, options, progress=None):
        barrier.wait()
        return StoryAnalysis(articles=list(articles))

    opts = Options(report_workers=2)
    fake = FakeReports(opts)
    fake.analyze = lambda articles, progress=None: together(articles, opts)
    states = prepare_reports(corpus, ids, opts, fake, isolate=False)
    assert {sid: st.state for sid, st in states.items()} == {sid: "ready" for sid in ids}


STORIES = [
    ("Harbour crane collapses at Port Vell", "A container crane collapsed at Port Vell on Monday morning, "
     "injuring two dock workers, the harbour authority said. The crane had been inspected in January."),
    ("Quarry road closed after landslip near Tamsby", "The quarry road north of Tamsby was closed on Tuesday "
     "after heavy rain caused a landslip, the county highways office said. Repairs may take a month."),
    ("Orchard growers report record pear harvest", "Growers in the Ellan valley picked a record pear harvest "
     "this autumn, the growers' cooperative said on Wednesday, after a warm spring and no late frost."),
    ("Chess club wins regional league title", "The Brindle Street chess club won the regional league on "
     "Thursday, beating the university team four games to two in the final round."),
]


def test_a_story_someone_views_goes_before_the_queued_ones(tmp_path):
    """One worker, busy; three stories queued in the background, then a fourth viewed: the viewed
    one is made next, and the page said where it stood in the queue."""
    from newsprism.corpus.report_pool import BACKGROUND, ReportPool

    db = tmp_path / "c.db"
    arts = [_art(id=f"s{i}", text=text, title=title, outlet=f"Outlet {i}", published=f"2025-0{i + 1}-02")
            for i, (title, text) in enumerate(STORIES)]
    with Store(db, Options(use_embeddings=False)) as store:
        store.add(arts)
        order = {store.article_story(a.id): a.id for a in arts}
    assert len(order) == 4
    first, *queued, viewed = list(order)
    release = threading.Event()
    made: list[str] = []

    class Recording(FakeReports):
        def analyze(self, articles, progress=None):
            made.append(articles[0].id)
            if articles[0].id == order[first]:
                release.wait(60)
            return super().analyze(articles)

    opts = Options(report_workers=1, use_embeddings=False)
    with Store(db, opts) as store, ReportPool(db, opts, Recording(opts), isolate=False) as pool:
        pool.state(store.conn, first, priority=BACKGROUND)
        for _ in range(600):  # the worker took it
            if made:
                break
            time.sleep(0.05)
        pool.submit(store.conn, queued)
        st = pool.state(store.conn, viewed)
        assert st.state == "queued" and st.position == 0  # nothing queued goes before it
        assert pool.state(store.conn, queued[-1], priority=BACKGROUND).position == 2
        release.set()
        for sid in [first, viewed, *queued]:
            assert pool.wait(store.conn, sid, timeout=60).state == "ready"
    assert made == [order[first], order[viewed]] + [order[q] for q in queued]


def _broken(articles, options, progress=None):
    raise KeyError("a42")


def test_a_failed_report_is_kept_with_its_reason_and_tried_again_when_the_story_changes(corpus):  # noqa: F811
    from newsprism.corpus.report_pool import prepare_reports
    from newsprism.corpus.reports import load_failure

    opts = Options()
    sid = _ids(corpus)[0]
    st = prepare_reports(corpus, [sid], opts, ReportMaker(opts, analyze=_broken), isolate=False)[sid]
    assert st.state == "failed" and st.error == "analysis-error"
    assert "KeyError" in st.message and "please report" in st.message and "Traceback" not in st.message
    with Store(corpus, opts) as store:
        kept = load_failure(store.conn, sid)
        assert kept.code == "analysis-error" and kept.message == st.message
    # a restart (a new pool): answered from the store, not made again
    assert prepare_reports(corpus, [sid], opts, ReportMaker(opts, analyze=_never), isolate=False)[sid].state == "failed"
    with app_client(corpus, opts, reports=ReportMaker(opts, analyze=_never), isolate=False) as c:
        r = c.get(f"/stories/{sid}")
        assert r.status_code == 503 and "KeyError" in r.text
        api = c.get(f"/api/stories/{sid}/analysis")
        assert api.status_code == 503 and api.json()["error"] == "analysis-error"
    # the story changes: tried again; made now, so the failure is forgotten
    with Store(corpus, opts) as store:
        a = store.story_articles(sid)[0]
        store.add([_art(id="late", text=a.text + " Officials met again on Friday to agree the next steps.",
                        title=a.title, outlet="Late Post", published=a.published)])
        assert store.article_story("late") == sid
    fake = FakeReports(opts)
    assert prepare_reports(corpus, [sid], opts, fake, isolate=False)[sid].state == "ready"
    assert fake.calls and "late" in fake.calls[0]
    with Store(corpus, opts) as store:
        assert load_failure(store.conn, sid) is None and load_report(store.conn, sid) is not None
