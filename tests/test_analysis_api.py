"""newsprism.analyze on hand-built articles: inputs, failures, duplicates, off-topic, determinism."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest
from annotated_builder import mk

import newsprism
from newsprism.analysis import analyze
from newsprism.compare.offtopic import find_offtopic
from newsprism.errors import NoInputError
from newsprism.model import Article, ReadFailure, ReadResult
from newsprism.serialize import analysis_to_dict, check_evidence, validate

TEXTS = {
    "Harbor Daily": ("Transit minister Edwin Hartwell asked Dana Whitlock, the head of the Coastal Rail Board, "
                     "to resign on Wednesday. Whitlock, 58, refused. \u201cI will not walk away from this railway "
                     "while the bridge is still closed,\u201d Whitlock said."),
    "Metro Post": ("Dana Whitlock, 58, resigned late Saturday as head of the Coastal Rail Board. Mr Hartwell "
                   "had asked her to go on Wednesday. \u201cI will not walk away from this railway while the "
                   "bridge is still closed,\u201d Ms Whitlock said before she quit."),
    "Lake Radio": ("The Coastal Rail Board said Dana Whitlock stepped down late Saturday. Edwin Hartwell "
                   "thanked her for her service. The board runs 41 stations."),
}


def _article(outlet: str, text: str, published: str | None = "2025-03-16", duplicate_of: str | None = None) -> Article:
    return Article(id=hashlib.sha1((outlet + text).encode()).hexdigest()[:12], source=f"{outlet}.txt", text=text,
                   title=None, outlet=outlet, outlet_from="test", published=published,
                   published_from="test" if published else None, duplicate_of=duplicate_of)


@pytest.fixture(scope="module")
def articles():
    return [_article(o, t) for o, t in TEXTS.items()]


@pytest.fixture(scope="module")
def analysis(articles):
    failures = [ReadFailure(source="broken.bin", error="binary", message="not a text file")]
    return analyze(ReadResult(articles=articles, failures=failures), newsprism.Options())


def test_analysis_of_articles(analysis, articles):
    assert [a.id for a in analysis.articles] == [a.id for a in articles]
    assert len(analysis.annotated) == 3
    whitlock = next(e for e in analysis.entities if e.name == "Dana Whitlock")
    assert len(whitlock.outlets) == 3
    assert check_evidence(analysis) > 0
    validate(analysis_to_dict(analysis), "story_analysis")


def test_failures_are_carried(analysis):
    assert [f.source for f in analysis.failures] == ["broken.bin"]


def test_quote_carried_by_two_outlets(analysis):
    g = next(g for g in analysis.quotes if "walk away" in g.text)
    assert g.outlets == ["Harbor Daily", "Metro Post"] and g.reworded is False


def test_deterministic(articles, analysis):
    again = newsprism.analyze(list(articles))
    a, b = analysis_to_dict(analysis), analysis_to_dict(again)
    a.pop("failures"), b.pop("failures")
    assert a == b


def test_no_input_raises():
    with pytest.raises(NoInputError):
        analyze([])
    with pytest.raises(NoInputError) as info:
        analyze(ReadResult(articles=[], failures=[ReadFailure("x.pdf", "binary", "not text")]))
    assert "x.pdf" in str(info.value)


def test_bad_input_type():
    with pytest.raises(TypeError):
        analyze([1, 2])


def test_same_article_twice_counts_once(articles):
    an = analyze([articles[0], articles[0], articles[1]])
    assert len(an.articles) == 2


def test_offtopic_article_is_reported_not_dropped():
    story = [mk(f"Story text {i}.", f"Outlet {i}") for i in range(4)]
    on = np.array([[1.0, 0.0, 0.0]])
    for an in story[:3]:
        an.vectors = on + np.array([[0.0, 0.1 * len(an.article.outlet) % 3, 0.0]])
    story[3].vectors = np.array([[0.0, 0.0, 1.0]])
    found = find_offtopic(story)
    assert len(found) == 1
    d = found[0]
    assert d.kind == "off-topic" and d.sides[0].articles == [story[3].article.id]
    assert d.sides[0].evidence[0].text == story[3].article.text
    assert find_offtopic(story[:2]) == []
    assert find_offtopic(story[:3]) == []


def test_paths_are_read_and_bad_files_reported(tmp_path):
    for i, (outlet, text) in enumerate(TEXTS.items()):
        (tmp_path / f"report_{i}.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "broken.bin").write_bytes(b"\x00\x01\x02\xff" * 200)
    an = analyze([str(tmp_path)])
    assert len(an.articles) == 3
    assert [f.source for f in an.failures if f.source.endswith("broken.bin")]
    assert any(e.name == "Dana Whitlock" for e in an.entities)
    with pytest.raises(NoInputError):
        analyze([str(tmp_path / "broken.bin")])
