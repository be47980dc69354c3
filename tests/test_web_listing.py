"""Issue 13: the story list's dispute badges and filters (page and JSON API), and issue 9's unknown
outlet in the web app.  In-process (TestClient), a hand-written corpus, a stand-in report maker."""
from __future__ import annotations

import re

import pytest

from newsprism.corpus.reports import load_report, save_report
from newsprism.corpus.store import Store
from newsprism.model import Article, StoryAnalysis
from newsprism.options import Options
from test_web_api import DAM, LIBRARY, FakeReports, _article, app_client, wait_ready

FERRY_FILE = "017_c0ffee12"  # an article whose outlet nothing names: only its file name is known
FERRY = Article(id="ferry1", source=f"inbox/{FERRY_FILE}.txt", title="Harbour ferry crews strike over rota",
                outlet=FERRY_FILE, outlet_from="filename", published="2024-06-02", published_from="header",
                text="Crews of the Gullhaven harbour ferries walked out on Sunday over a new rota that cuts "
                     "rest days, the crew union said.\n\nCommuters queued for buses along the quay while "
                     "the island service ran once an hour.")


class Disputing(FakeReports):
    """Reports whose analysis lists one contradiction per outlet beyond the first."""

    def analysis_dict(self, analysis):
        n = len({a.outlet for a in analysis.articles}) - 1
        return {"version": "test", "articles": [a.id for a in analysis.articles],
                "contradictions": [{"kind": "number"} for _ in range(n)]}


@pytest.fixture()
def corpus(tmp_path):
    db = tmp_path / "corpus.db"
    with Store(db, Options()) as store:
        store.add([_article(i, *row) for i, row in enumerate(DAM)] + [_article(9, *LIBRARY), FERRY])
    return db


def _ids(c) -> dict[str, str]:
    """a word of each story's title -> story id"""
    out = {}
    for s in c.get("/api/stories").json()["stories"]:
        word = next(w for w in ("Kestrel", "ferry", "dam") if w.lower() in (s["title"] or "").lower())
        out[word] = s["id"]
    return out


def _page_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="story">(.*?)</tr>', html, re.S)


def _listed(c, params: str) -> tuple[set[str], set[str]]:
    """story ids listed by the page and by the API for these query parameters"""
    page = c.get("/?" + params)
    assert page.status_code == 200, page.text
    on_page = {m for row in _page_rows(page.text) for m in re.findall(r'href="/stories/([^"]+)"', row)}
    api = c.get("/api/stories?" + params)
    assert api.status_code == 200, api.text
    return on_page, {s["id"] for s in api.json()["stories"]}


def test_badges_come_only_from_up_to_date_reports_and_listing_makes_none(corpus):
    maker = Disputing(Options())
    with app_client(corpus, reports=maker) as c:
        ids = _ids(c)
        assert len(ids) == 3
        page = c.get("/")
        assert page.status_code == 200 and "badge disputed" not in page.text
        assert {s["id"]: s["contradictions"] for s in c.get("/api/stories").json()["stories"]} == \
            {i: None for i in ids.values()}
        c.get("/?disputed=1")
        c.get("/api/stories?disputed=1&since=2025-01-01")
        assert maker.calls == []  # listing (and filtering) never asks for a report
        assert wait_ready(c, ids["dam"])["_status"] == 200
        assert wait_ready(c, ids["Kestrel"])["_status"] == 200
        rows = {re.search(r'href="/stories/([^"]+)"', r).group(1): r for r in _page_rows(c.get("/").text)}
        badge = re.search(r'<span class="badge disputed"[^>]*>([^<]+)</span>', rows[ids["dam"]])
        assert badge and badge.group(1) == "2 contradictions"  # three outlets: two contradictions
        assert "badge disputed" not in rows[ids["Kestrel"]] + rows[ids["ferry"]]
        got = {s["id"]: s["contradictions"] for s in c.get("/api/stories").json()["stories"]}
        assert got == {ids["dam"]: 2, ids["Kestrel"]: 0, ids["ferry"]: None}
        for one, n in ((ids["dam"], 2), (ids["Kestrel"], 0), (ids["ferry"], None)):  # the same on one story
            assert c.get(f"/api/stories/{one}").json()["story"]["contradictions"] == n
        assert c.get(f"/api/stories/{ids['dam']}/analysis").json()["story"]["contradictions"] == 2
        calls = len(maker.calls)
        # the dam story's stored report no longer fits the story (as after it gained an article)
        with Store(corpus, Options()) as store:
            rep = load_report(store.conn, ids["dam"])
            rep.fingerprint = "0" * 32
            save_report(store.conn, rep)
            store.conn.commit()
        rows = {re.search(r'href="/stories/([^"]+)"', r).group(1): r for r in _page_rows(c.get("/").text)}
        assert "badge disputed" not in rows[ids["dam"]]
        assert c.get("/api/stories?limit=5").json()["stories"][0]["contradictions"] is None
        assert c.get(f"/api/stories/{ids['dam']}").json()["story"]["contradictions"] is None
        assert _listed(c, "disputed=1") == (set(), set())
        assert len(maker.calls) == calls  # and a stale report is not remade by listing either


def test_filters_on_the_page_and_in_the_api(corpus):
    with app_client(corpus, reports=Disputing(Options())) as c:
        ids = _ids(c)
        dam, lib, ferry = ids["dam"], ids["Kestrel"], ids["ferry"]
        cases = {
            "": {dam, lib, ferry},
            "since=2025-03-15": {dam},  # the dam story runs 2025-03-12 to 03-16
            "until=2025-03-13": {dam, ferry},
            "since=2025-03-13&until=2025-03-14": {dam, lib},  # dates overlapping the range
            "since=2025-03-17": set(),
            "outlet=herald": {dam},
            "outlet=KESTREL+bay": {lib},
            "outlet=%25": set(),  # LIKE wildcards are plain characters
            f"outlet={FERRY_FILE[:3]}": set(),  # a file name is not an outlet
            "min_size=2": {dam},
            "min_size=1": {dam, lib, ferry},
            "min_size=2&outlet=kestrel": set(),
        }
        for params, want in cases.items():
            assert _listed(c, params) == (want, want), params
            # the API's total counts what the filters let through, over all pages
            assert c.get(f"/api/stories?limit=1&{params}").json()["total"] == len(want), params
        assert _listed(c, "disputed=1") == (set(), set())  # no report made yet
        assert c.get("/api/stories?disputed=1").json()["total"] == 0
        wait_ready(c, dam)
        wait_ready(c, lib)
        assert _listed(c, "disputed=1") == ({dam}, {dam})
        assert c.get("/api/stories?disputed=1").json()["total"] == 1
        assert _listed(c, "disputed=yes&since=2025-03-01&outlet=meridian") == ({dam}, {dam})
        assert _listed(c, "disputed=0") == ({dam, lib, ferry}, {dam, lib, ferry})
        page = c.get("/?disputed=1&outlet=kestrel")
        assert 'id="none"' in page.text and "No story matches these filters" in page.text
        # the form keeps what was asked
        page = c.get("/?since=2025-03-13&outlet=herald&min_size=2&disputed=1").text
        assert 'name="since" value="2025-03-13"' in page and 'name="outlet" value="herald"' in page
        assert 'name="min_size" value="2"' in page and re.search(r'name="disputed" value="1" checked', page)


def test_the_pager_keeps_the_filters(corpus, monkeypatch):
    from newsprism.web import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    with app_client(corpus, reports=Disputing(Options())) as c:
        first = c.get("/?since=2025-03-13").text
        assert len(_page_rows(first)) == 1
        more = re.search(r'<a href="/\?([^"]+)">older', first)
        assert more and more.group(1).replace("&amp;", "&") == "since=2025-03-13&page=2"
        second = c.get("/?" + more.group(1).replace("&amp;", "&")).text
        assert len(_page_rows(second)) == 1 and _page_rows(second) != _page_rows(first)
        assert "older" not in second.split('class="pager"')[1]


BAD = {
    "since=2025-13-01": "since",
    "since=yesterday": "YYYY-MM-DD",
    "until=2025-02-30": "not a day of the calendar",
    "since=0001-01-01": "out of range",
    "since=2025-03-16&until=2025-03-12": "is after To date (until)",
    "min_size=abc": "whole number",
    "min_size=0": "from 1",
    "min_size=-3": "whole number",
    "min_size=99999999999999999999": "whole number",
    "outlet=" + "x" * 101: "at most 100",
    "disputed=maybe": "(disputed) must be 1",
}


@pytest.mark.parametrize("params,says", list(BAD.items()))
def test_bad_filters_are_refused_with_a_clear_message(corpus, params, says):
    maker = Disputing(Options())
    with app_client(corpus, reports=maker) as c:
        api = c.get("/api/stories?" + params)
        assert api.status_code == 400
        assert api.json()["error"] == "bad-filter" and says in api.json()["message"], api.json()
        page = c.get("/?" + params)
        assert page.status_code == 400
        message = re.search(r'<div class="card error" id="message">(.*?)</div>', page.text, re.S).group(1)
        assert says in message.replace("&#39;", "'")
        assert 'id="filters"' in page.text  # the form is there to fix it
        assert _page_rows(page.text) == [] and maker.calls == []


def test_unknown_outlet_shows_as_unknown_with_its_file_name(corpus):
    with app_client(corpus, reports=Disputing(Options())) as c:
        ids = _ids(c)
        shown = f"unknown ({FERRY_FILE})"
        row = next(r for r in _page_rows(c.get("/").text) if ids["ferry"] in r)
        assert f'<span class="tag">{shown}</span>' in row
        story = next(s for s in c.get("/api/stories").json()["stories"] if s["id"] == ids["ferry"])
        assert story["outlets"] == [shown]
        assert c.get(f"/api/stories/{ids['ferry']}").json()["story"]["outlets"] == [shown]
        hits = c.get("/api/search?q=Gullhaven").json()["hits"]
        assert [h["outlet"] for h in hits] == [shown]
        assert shown in c.get("/search?q=Gullhaven").text
        page = c.get("/articles/ferry1").text
        assert shown in page and "nothing in the article names its outlet" in page
        wait_ready(c, ids["ferry"])
        nav = c.get(f"/stories/{ids['ferry']}").text
        assert f"1. {shown}</a>" in nav
