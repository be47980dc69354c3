"""What a careful reader of the four seed reports finds (../shared/seeds; skipped when absent).

Only short facts (names, ages, cities, days) are asserted; the seeds' sentences stay out of the
project.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsprism
from newsprism.options import Options


@pytest.fixture(scope="module")
def analysis(seeds_dir):
    return newsprism.analyze(newsprism.read([str(seeds_dir)], Options()), Options())


@pytest.fixture(scope="module")
def by_file(analysis):
    """seed file number ("000".."003") -> article id."""
    return {Path(a.source).name[:3]: a.id for a in analysis.articles}


def _evidence_ok(analysis, evidence):
    assert evidence
    for ev in evidence:
        assert analysis.article(ev.article).text[ev.start:ev.end] == ev.text


def test_age_contradiction_61_vs_62(analysis, by_file):
    ages = [c for c in analysis.contradictions if c.kind == "age"]
    assert len(ages) == 1
    c = ages[0]
    assert c.subject == "Chris Magnus"
    sides = {s.value: s for s in c.sides}
    assert set(sides) == {"61", "62"}
    assert sides["61"].articles == [by_file["000"]]
    assert sorted(sides["62"].articles) == sorted([by_file["001"], by_file["002"]])
    assert c.sides[0].value == "62"  # the side more outlets carry comes first
    for s in c.sides:
        _evidence_ok(analysis, s.evidence)
        assert all(s.value in e.text and "Magnus" in e.text for e in s.evidence)
        assert s.outlets == sorted({analysis.article(a).outlet for a in s.articles})


def test_richmond_place_contradiction(analysis, by_file):
    places = [c for c in analysis.contradictions if c.kind == "place"]
    assert len(places) == 1
    c = places[0]
    assert c.subject == "Chris Magnus" and "Richmond" in c.attribute
    sides = {s.normalized: s.articles for s in c.sides}
    assert sides == {"Richmond, California": [by_file["002"]], "Richmond, North Dakota": [by_file["001"]]}
    for s in c.sides:
        _evidence_ok(analysis, s.evidence)
        assert all(e.text.startswith("Richmond") for e in s.evidence)


def test_career_cities_listed_by_fewer_outlets_are_not_contradictions(analysis):
    for c in analysis.contradictions:
        if c.kind == "place":
            values = " ".join(s.value for s in c.sides)
            for city in ("Fargo", "Tucson", "Lansing"):
                assert city not in values


def test_days_of_the_week_agree(analysis):
    assert [c for c in analysis.contradictions if c.kind == "date"] == []


def test_monthly_and_fiscal_year_figures_are_a_difference_not_a_contradiction(analysis, by_file):
    for c in analysis.contradictions:
        for s in c.sides:
            assert not re.search(r"227,500|2\.38 million|18\.5%|37%", s.value)
    diffs = [d for d in analysis.differences if d.kind == "different-period"
             and {v for s in d.sides for v in [s.normalized]} == {227500, 2380000}]
    assert len(diffs) == 1
    d = diffs[0]
    assert sorted(a for s in d.sides for a in s.articles) == sorted([by_file["000"], by_file["003"]])
    for s in d.sides:
        _evidence_ok(analysis, s.evidence)


def test_refusal_then_resignation_is_a_development(analysis, by_file):
    assert len(analysis.developments) == 1
    dev = analysis.developments[0]
    assert dev.subject == "Chris Magnus"
    assert [s.text for s in dev.steps] == ["refusing to resign", "resigned"]
    assert sorted(dev.steps[0].articles) == sorted([by_file["002"], by_file["003"]])
    assert sorted(dev.steps[1].articles) == sorted([by_file["000"], by_file["001"]])
    assert "not a contradiction" in dev.explanation and "unknown" not in dev.steps[0].text
    for st in dev.steps:
        _evidence_ok(analysis, st.evidence)


def test_quote_worded_differently_is_listed(analysis, by_file):
    quotes = [c for c in analysis.contradictions if c.kind == "quote"]
    assert len(quotes) == 1
    arts = sorted(a for s in quotes[0].sides for a in s.articles)
    assert arts == sorted([by_file["000"], by_file["001"]])


def test_nothing_else_is_a_contradiction(analysis):
    kinds = sorted(c.kind for c in analysis.contradictions)
    # age, place, quote (mine) + the secretary's name misspelt by two outlets (entities stage)
    assert [k for k in kinds if k != "name"] == ["age", "place", "quote"]
    for c in analysis.contradictions:
        if c.kind == "name":
            assert c.subject == "Alejandro Mayorkas"


def test_agreement_that_he_was_asked_to_resign(analysis):
    asked = [c for c in analysis.agreements
             if sum(bool(re.search(r"asked (?:\w+ )?(?:to (?:resign|step down)|for his resignation)", e.text))
                    for e in c.evidence) >= 2]
    assert asked and max(c.sources for c in asked) >= 3
    for c in analysis.agreements:
        assert c.sources >= 2
        _evidence_ok(analysis, c.evidence)


def test_exclusives_are_single_source(analysis):
    assert analysis.exclusives
    for e in analysis.exclusives:
        claim = next(c for c in analysis.claims
                     if {(x.article, x.start) for x in e.evidence} <= {(x.article, x.start) for x in c.evidence})
        assert claim.sources == 1
        assert e.outlet == analysis.article(e.article).outlet
        _evidence_ok(analysis, e.evidence)
