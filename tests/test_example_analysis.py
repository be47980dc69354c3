"""The bundled example story: every planted disagreement is found with the right outlets and
evidence, nothing else is called a contradiction, and the planted look-alikes are labelled."""
from __future__ import annotations

from pathlib import Path

import pytest

import newsprism
from newsprism.options import Options


@pytest.fixture(scope="module")
def analysis(example_dir):
    files = sorted(str(p) for p in example_dir.iterdir())
    return newsprism.analyze(newsprism.read(files, Options()), Options())


@pytest.fixture(scope="module")
def file_of(analysis):
    """article id -> file name of the example story."""
    return {a.id: Path(a.source.split("#")[0]).name for a in analysis.articles}


def _files(file_of, ids):
    return frozenset(file_of[i] for i in ids)


def _check_evidence(analysis, evidence):
    assert evidence
    for ev in evidence:
        assert analysis.article(ev.article).text[ev.start:ev.end] == ev.text


def test_every_planted_contradiction_and_nothing_else(analysis, expected, file_of):
    want = {(c["kind"], frozenset(frozenset(s["files"]) for s in c["sides"]))
            for c in expected["contradictions"]}
    got = {(c.kind, frozenset(_files(file_of, s.articles) for s in c.sides))
           for c in analysis.contradictions}
    assert got == want
    assert len(analysis.contradictions) == len(expected["contradictions"])


@pytest.mark.parametrize("kind", ["age", "count", "place", "name", "quote"])
def test_planted_contradiction_values_subject_and_evidence(analysis, expected, file_of, kind):
    planted = next(c for c in expected["contradictions"] if c["kind"] == kind)
    found = next(c for c in analysis.contradictions if c.kind == kind)
    if kind != "count":
        assert found.subject == planted["subject"]
    else:
        assert "Lowmere" in found.subject
    for side in planted["sides"]:
        ours = next(s for s in found.sides if _files(file_of, s.articles) == frozenset(side["files"]))
        assert side["value"].rstrip(".") in ours.value or ours.value.rstrip(".") in side["value"]
        _check_evidence(analysis, ours.evidence)
        # every article of the side has evidence of its own, showing the value
        assert {e.article for e in ours.evidence} == set(ours.articles)
        if kind in ("age", "count", "place"):
            assert all(side["value"] in e.text for e in ours.evidence)
        assert ours.outlets == sorted({analysis.article(a).outlet for a in ours.articles})


def test_monthly_and_yearly_figures_are_a_period_difference(analysis, expected, file_of):
    planted = next(d for d in expected["non_contradictions"] if d["kind"] == "different-period")
    diffs = [d for d in analysis.differences if d.kind == "different-period"]
    match = [d for d in diffs
             if {frozenset(_files(file_of, s.articles)) for s in d.sides}
             == {frozenset(s["files"]) for s in planted["sides"]}]
    assert len(match) == 1
    assert sorted(s.normalized for s in match[0].sides) == sorted(int(s["value"]) for s in planted["sides"])
    for s in match[0].sides:
        _check_evidence(analysis, s.evidence)


def test_refusal_then_resignation_is_a_development(analysis, expected, file_of):
    planted = next(d for d in expected["non_contradictions"] if d["kind"] == "development")
    assert len(analysis.developments) == 1
    dev = analysis.developments[0]
    assert dev.subject == planted["subject"]
    assert [_files(file_of, st.articles) for st in dev.steps] == \
        [frozenset(s["files"]) for s in planted["sides"]]
    dated = [st.published for st in dev.steps]
    assert dated == sorted(dated)
    for st, side in zip(dev.steps, planted["sides"]):
        _check_evidence(analysis, st.evidence)
        for f, fragment in side["evidence"].items():
            assert any(fragment in e.text for e in st.evidence if file_of[e.article] == f), (f, fragment)


def test_caption_number_makes_no_finding(analysis):
    for finding in list(analysis.contradictions) + list(analysis.differences):
        for side in finding.sides:
            assert "300" not in side.value


def test_agreements_and_exclusives(analysis, expected, file_of):
    roots = {a.id: a.duplicate_of or a.id for a in analysis.articles}
    for c in analysis.agreements:
        assert c.sources >= 2 and len({roots[a] for a in c.articles}) >= 2
    texts = [" ".join(e.text for e in c.evidence) for c in analysis.agreements]
    assert any("Samuel Oduya" in t for t in texts)
    assert any("jammed partly open" in t for t in texts)
    ex_files = {file_of[e.article] for e in analysis.exclusives}
    assert {x["file"] for x in expected["exclusives"]} <= ex_files
    for e in analysis.exclusives:
        claim = next(c for c in analysis.claims
                     if {(x.article, x.start) for x in e.evidence} <= {(x.article, x.start) for x in c.evidence})
        assert claim.sources == 1
        _check_evidence(analysis, e.evidence)


def test_comparison_is_deterministic(analysis):
    from newsprism.compare import compare

    again = compare(list(reversed(analysis.annotated))[::-1], Options())
    assert again.contradictions == analysis.contradictions
    assert again.differences == analysis.differences
    assert again.developments == analysis.developments
    assert again.claims == analysis.claims
