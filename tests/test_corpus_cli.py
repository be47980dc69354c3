"""The corpus commands: add, stories, search, export (exit codes and output)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.corpus import Store

from test_corpus_store import generated

STORY = ("The regional council of Dunmere voted on Wednesday to build a new tram line between the "
         "harbour and the university campus, a project expected to cost forty million euros. "
         "Council leader Mara Okafor said construction would begin next spring and that the line "
         "should carry its first passengers within three years of the vote.")


@pytest.fixture()
def corpus(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as s:
        s.add(generated(5, 3))
    return db


def test_add_reports_counts_failures_and_exit_code(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tram.txt").write_text("date 2024-04-03\n" + STORY, encoding="utf-8")
    db = tmp_path / "a.db"
    runner = CliRunner()
    r = runner.invoke(main, ["add", "--db", str(db), str(tmp_path / "in"), str(tmp_path / "missing.txt")])
    assert r.exit_code == 1, r.output
    assert "added 1 article(s)" in r.output and "missing.txt" in r.output
    r2 = runner.invoke(main, ["add", "--db", str(db), str(tmp_path / "in")])
    assert r2.exit_code == 0, r2.output
    assert "added 0 article(s); already stored 1" in r2.output
    with Store(db) as s:
        assert s.count_articles() == 1


def test_stories_json_and_table(corpus):
    runner = CliRunner()
    r = runner.invoke(main, ["stories", "--db", str(corpus), "--json", "--limit", "2"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["total"] == 5 and len(doc["stories"]) == 2
    assert doc["stories"][0]["size"] == 3 and doc["stories"][0]["first_date"] == "2024-02-10"
    r = runner.invoke(main, ["stories", "--db", str(corpus)])
    assert r.exit_code == 0 and "s-g0004-0" in r.output


def test_stories_on_missing_db_exits_4(tmp_path):
    r = CliRunner().invoke(main, ["stories", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 4 and "newsprism add" in r.output


def test_search_finds_generated_name(corpus):
    with Store(corpus) as s:
        name = s.article("g0002-1").text.split()[0]
    r = CliRunner().invoke(main, ["search", "--db", str(corpus), name, "--json"])
    assert r.exit_code == 0, r.output
    hits = json.loads(r.output)
    assert {h["story_id"] for h in hits} == {"s-g0002-0"} and len(hits) == 3


def test_export_jsonl_and_parquet(corpus, tmp_path):
    import pyarrow.parquet as pq

    runner = CliRunner()
    out = tmp_path / "a.jsonl"
    r = runner.invoke(main, ["export", "--db", str(corpus), "--format", "jsonl", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert len(out.read_text().splitlines()) == 15
    pout = tmp_path / "s.parquet"
    r = runner.invoke(main, ["export", "--db", str(corpus), "--format", "parquet", "--what", "stories",
                             "-o", str(pout)])
    assert r.exit_code == 0, r.output
    assert pq.read_table(pout).num_rows == 5
