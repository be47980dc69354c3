"""`newsprism analyze`: formats by extension, exit codes, failures listed; stubbed pipeline plus one
real run on the example story when the reading/compare stages are installed."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import newsprism
from newsprism.cli import main
from newsprism.model import ReadFailure, ReadResult
from newsprism.report.jsonout import validate_report
from test_report_support import build_story


@pytest.fixture
def stub_pipeline(monkeypatch):
    """newsprism.read / newsprism.analyze replaced by the hand-built story (one failed file)."""
    calls = {}

    def fake_read(inputs, options=None, progress=None):
        calls["inputs"] = list(inputs)
        calls["options"] = options
        if progress:
            progress("reading", 1, 1)
        story = build_story()
        return ReadResult(story.articles, [ReadFailure("story/notes.bin", "binary", "not text")])

    def fake_analyze(articles, options=None, progress=None):
        calls["analyze_options"] = options
        story = build_story()
        story.failures = list(articles.failures) if isinstance(articles, ReadResult) else []
        return story

    monkeypatch.setattr(newsprism, "read", fake_read)
    monkeypatch.setattr(newsprism, "analyze", fake_analyze)
    return calls


@pytest.mark.parametrize("name,check", [
    ("r.html", lambda t: t.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in t),
    ("r.md", lambda t: t.startswith("# Water director resigns after dam crack")),
    ("r.json", lambda t: validate_report(json.loads(t)) is None),
])
def test_writes_the_format_the_extension_names(tmp_path, stub_pipeline, name, check):
    out = tmp_path / "sub" / name
    r = CliRunner().invoke(main, ["analyze", "story", "-o", str(out), "--length", "brief", "-q"])
    assert r.exit_code == 1, r.output  # one input failed
    assert check(out.read_text(encoding="utf-8"))
    assert "wrote the" in r.output and str(out.resolve()) in r.output
    assert "skipped" in r.output and "notes.bin" in r.output
    assert stub_pipeline["options"].summary_length == "brief"


def test_prints_the_report_in_the_terminal(stub_pipeline):
    r = CliRunner().invoke(main, ["analyze", "story", "--no-embeddings"])
    assert r.exit_code == 1
    assert "What happened" in r.output and "Where they differ" in r.output
    assert stub_pipeline["options"].use_embeddings is False


def test_json_flag_writes_the_story_analysis(tmp_path, stub_pipeline):
    out = tmp_path / "analysis.json"
    r = CliRunner().invoke(main, ["analyze", "story", "--json", str(out), "-q"])
    assert r.exit_code == 1, r.output
    doc = json.loads(out.read_text())
    assert "summary" not in doc and doc["articles"][0]["id"] == "art1"


@pytest.mark.parametrize("args,message", [
    (["analyze", "story", "-o", "report.pdf"], "report.html, report.md or report.json"),
    (["analyze"], "nothing to analyse"),
    (["analyze", "--db", "x.db"], "--db and --story go together"),
    (["analyze", "story", "--db", "x.db", "--story", "s1"], "not both"),
    (["analyze", "story", "--length", "huge"], "huge"),
])
def test_usage_errors_exit_2(stub_pipeline, args, message):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert "inputs" not in stub_pipeline  # nothing was read


def test_db_story_uses_the_corpus(monkeypatch, tmp_path, stub_pipeline):
    import newsprism.corpus as corpus

    seen = {}

    def fake_load_story(db_path, story_id, options=None):
        seen["args"] = (str(db_path), story_id)
        return build_story().articles

    monkeypatch.setattr(corpus, "load_story", fake_load_story)
    monkeypatch.setattr(newsprism, "analyze", lambda arts, options=None, progress=None: build_story())
    r = CliRunner().invoke(main, ["analyze", "--db", str(tmp_path / "c.db"), "--story", "s1", "-q"])
    assert seen["args"] == (str(tmp_path / "c.db"), "s1")
    assert r.exit_code == 1  # the fixture story carries one failure


@pytest.mark.slow
def test_real_pipeline_on_the_example_story(tmp_path, example_dir):
    out = tmp_path / "example.html"
    r = CliRunner().invoke(main, ["analyze", str(example_dir), "-o", str(out), "-q"])
    assert r.exit_code in (0, 1), r.output
    page = out.read_text(encoding="utf-8")
    assert "<mark" in page and 'class="cite"' in page
