"""`newsprism add` makes reports (issue 12): by default the reports of the stories an add touched
(only those) are made and stored, so a web app started afterwards serves the story page at once
from the store; --no-reports skips it; a report that fails is named with its reason and the exit
code says so, never a traceback; Ctrl-C keeps what was added."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsprism.cli import corpus_cmd, main
from newsprism.corpus.reports import load_report
from newsprism.corpus.store import Store
from newsprism.options import Options
from test_web_api import app_client

# one story told by two outlets (written for this test)
ARTICLES = [
    {"title": "Harbour ferry runs aground off Selwick Point", "source": "Coastline Daily", "date": "2025-05-06",
     "text": "The passenger ferry Marigold ran aground off Selwick Point on Tuesday morning with 112 people "
             "on board, the Selwick harbour master said. Nobody was hurt, and the passengers were taken "
             "ashore by lifeboat within three hours.\n\nThe harbour master, Ines Dalgaard, said a tug "
             "would try to refloat the Marigold at high tide on Wednesday."},
    {"title": "Selwick ferry Marigold aground, passengers rescued", "source": "The Western Courier",
     "date": "2025-05-06",
     "text": "All 112 passengers of the ferry Marigold were brought ashore by lifeboat after the ship ran "
             "aground off Selwick Point on Tuesday, harbour master Ines Dalgaard said. Nobody was injured."
             "\n\nA tug will try to refloat the ferry on Wednesday, Dalgaard said, and an inquiry into the "
             "grounding at Selwick Point has been opened."},
]

FAST = {"use_embeddings": False}  # lexical similarity only: no neural model, same code path


@pytest.fixture()
def inputs(tmp_path, monkeypatch):
    # the CLI builds its Options from flags; these tests add one setting that keeps them fast
    real = corpus_cmd.build_options
    monkeypatch.setattr(corpus_cmd, "build_options", lambda **kw: real(**kw, **FAST))
    path = tmp_path / "ferry.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_add_makes_the_story_page_ready_at_once_by_default(tmp_path, inputs):
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(inputs)])
    assert r.exit_code == 0, r.output
    assert "making the reports of 1 story this add touched" in r.output
    assert "reports: 1/1 made in" in r.output  # progress on stderr without a terminal, too
    assert "reports: 1 ready, 0 failed" in r.output
    with Store(db) as s:
        (story,) = s.stories()
        assert story.size == 2 and load_report(s.conn, story.id) is not None
    with app_client(db, Options(**FAST)) as c:  # a fresh app: nothing made in it yet
        page = c.get(f"/stories/{story.id}")
        assert page.status_code == 200, page.text[:300]
        assert "Selwick" in page.text
        api = c.get(f"/api/stories/{story.id}/analysis")
        assert api.status_code == 200 and len(api.json()["analysis"]["articles"]) == 2


def test_add_without_reports_stores_none(tmp_path, inputs):
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(inputs), "--no-reports", "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "making the reports" not in r.output and "reports:" not in r.output
    with Store(db) as s:
        (story,) = s.stories()
        assert load_report(s.conn, story.id) is None


def test_a_report_that_fails_is_reported_with_exit_code_1(tmp_path, inputs, monkeypatch):
    from newsprism.corpus import report_pool, reports

    def broken(db_path, story_ids, options, maker=None, *, isolate=True, progress=None):
        # the real worker, in this process, with an analysis that raises
        def analyze(articles, options, progress=None):
            raise ValueError("no sentences to compare")

        return real(db_path, story_ids, options, reports.ReportMaker(options, analyze=analyze), isolate=False,
                    progress=progress)

    real = report_pool.prepare_reports
    monkeypatch.setattr(report_pool, "prepare_reports", broken)
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(inputs), "--no-progress"])
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.output
    assert "reports: 0 ready, 1 failed" in r.output
    assert "[analysis-error] the analysis failed (ValueError: no sentences to compare)" in r.output
    with Store(db) as s:  # kept with its reason: the web page says it at once
        (story,) = s.stories()
        kept = reports.load_failure(s.conn, story.id)
        assert kept.code == "analysis-error" and "no sentences to compare" in kept.message


OTHER_EVENT = {"title": "Orlen council votes to rebuild the river footbridge", "source": "Valley Times",
               "date": "2025-05-06",
               "text": "The Orlen town council voted seven to two on Monday to rebuild the wooden footbridge "
                       "over the Ness river, which was closed in March after an inspection found rot in its "
                       "beams. Work is due to start in August and cost 1.4 million crowns."}


def test_only_the_stories_an_add_touched_are_reported(tmp_path, inputs, monkeypatch):
    from newsprism.corpus import report_pool

    asked: list[list[str]] = []

    def recording(db_path, story_ids, options, maker=None, *, isolate=True, progress=None):
        asked.append(list(story_ids))
        return {}

    monkeypatch.setattr(report_pool, "prepare_reports", recording)
    db = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["add", "--db", str(db), str(inputs), "--no-progress"]).exit_code == 0
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(OTHER_EVENT) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(later), "--no-progress"])
    assert r.exit_code == 0, r.output
    with Store(db) as s:
        ferry = next(x.id for x in s.stories() if "Selwick" in (x.title or "") or "Marigold" in (x.title or ""))
        bridge = next(x.id for x in s.stories() if x.id != ferry)
    assert asked == [[ferry], [bridge]]  # the second add did not make the ferry story's report again


def test_ctrl_c_during_reports_keeps_the_articles(tmp_path, inputs, monkeypatch):
    from newsprism.corpus import report_pool

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_pool, "prepare_reports", interrupted)
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(inputs), "--no-progress"])
    assert r.exit_code == 130, r.output
    assert "reports stopped" in r.output and "the articles are added" in r.output
    with Store(db) as s:
        assert s.count_articles() == 2


def test_sides_given_by_the_input_reach_the_stored_report(tmp_path, inputs):
    """An AllSides-like record (articles nested under left/right) keeps each article's side in
    the corpus, so the web story page draws the side bar (issue 13)."""
    left, right = ARTICLES
    record = {"title": "Ferry aground", "date": "2025-05-06",
              "left": dict(left), "right": dict(right)}
    path = tmp_path / "sides.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["add", "--db", str(db), str(path)])
    assert r.exit_code == 0, r.output
    with Store(db) as s:
        (story,) = s.stories()
        assert sorted(a.label for a in s.story_articles(story.id)) == ["left", "right"]
    with app_client(db, Options(**FAST)) as c:
        page = c.get(f"/stories/{story.id}")
        assert page.status_code == 200 and "pic-sides" in page.text


def _feed(path, articles) -> None:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><guid isPermaLink='false'>ferry-{i}</guid><title>{escape(a['title'])}</title><pubDate>Tue, 06 May 2025 09:00:00 GMT"
        f"</pubDate><content:encoded>{escape('<p>' + a['text'].replace(chr(10) * 2, '</p><p>') + '</p>')}"
        f"</content:encoded></item>" for i, a in enumerate(articles))
    path.write_text("<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/"
                    f"content/'><channel><title>Coast feed</title><link>https://coast.invalid/</link>"
                    f"<description>test</description>{items}</channel></rss>", encoding="utf-8")


def test_follow_makes_the_reports_of_the_stories_each_round_touched(tmp_path, inputs, monkeypatch):
    from newsprism.corpus import report_pool

    asked: list[tuple[list[str], int]] = []

    def recording(db_path, story_ids, options, maker=None, *, isolate=True, progress=None):
        asked.append((list(story_ids), options.report_workers))
        return {}

    monkeypatch.setattr(report_pool, "prepare_reports", recording)
    feed = tmp_path / "coast.rss"
    _feed(feed, ARTICLES)
    db = tmp_path / "c.db"
    r = CliRunner().invoke(main, ["follow", "--db", str(db), str(feed), "--once", "--no-progress",
                                  "--report-workers", "3"])
    assert r.exit_code == 0, r.output
    assert "making the reports of 1 story this round touched, 1 at a time" in r.output  # no idle worker
    with Store(db) as s:
        (story,) = s.stories()
    assert asked == [([story.id], 3)]
    # a second round adds nothing new: no report is asked for
    r = CliRunner().invoke(main, ["follow", "--db", str(db), str(feed), "--once", "--no-progress"])
    assert r.exit_code == 0, r.output
    assert len(asked) == 1
    r = CliRunner().invoke(main, ["follow", "--db", str(db), str(feed), "--once", "--no-reports"])
    assert r.exit_code == 0 and len(asked) == 1 and "making the reports" not in r.output
