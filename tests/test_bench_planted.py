"""The planted-edit generator of bench/contradictions.py (bench/planted.py): which facts count as
stated by two passages, and that every recorded edit points at the text it changed."""
from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "planted.py"


@pytest.fixture(scope="module")
def planted():
    spec = importlib.util.spec_from_file_location("bench_planted", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_planted"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


A = ('Mayor Dana Kowalski said on Tuesday that 412 homes were damaged in Ohio. '
     'Kowalski, 58, toured the area. "We will rebuild every single street together," she said. '
     'The storm hit on March 14, 2019, and COVID-19 rules applied 24/7.')
B = ('About 412 homes were damaged, officials said Tuesday. Dana Kowalski, 58, a former nurse, '
     'promised: "We will rebuild every single street together." The storm struck Ohio on March 14. '
     'Kansas City sent 30 trucks.')


def by_type(cands, passage=0):
    out = {}
    for c in cands:
        if c.passage == passage:
            out.setdefault(c.type, set()).add(c.text)
    return out


def test_only_facts_both_passages_state_are_candidates(planted):
    got = by_type(planted.candidates([A, B]))
    assert got["figure"] == {"412"}  # not 58 (an age), 2019 (a year), 19 of COVID-19, 24/7
    assert got["age"] == {"58"}
    assert got["surname"] == {"Kowalski"}
    assert got["place"] == {"Ohio"}
    assert got["weekday"] == {"Tuesday"}
    assert got["date"] == {"14"}  # the day of "March 14" (B has no 2019; "March" is part of the date)
    assert "rebuild" in got["quote"] and "street" in got["quote"] and "will" not in got["quote"]
    b = by_type(planted.candidates([A, B]), 1)
    assert "place" in b and b["place"] == {"Ohio"}  # "Kansas" of "Kansas City" is not a place here
    assert "30" not in b.get("figure", set())  # stated once


def test_no_candidates_without_a_second_passage_stating_them(planted):
    other = "An unrelated report about a football match in Spain on Sunday, won 3 to 1."
    assert planted.candidates([A, other]) == []


def test_edits_point_at_their_replacement(planted):
    cl = planted.Cluster("test", "c1", [planted.Passage("test:c1:0", "One", A), planted.Passage("test:c1:1", "Two", B)])
    edits = planted.plan_edits([cl], seed=3, per_type=5)
    assert {e.type for e in edits} == set(planted.TYPES)
    for e in edits:
        assert e.replacement != e.original
        text = e.edited_text
        assert text[e.start:e.end] == e.replacement
        for s, t in e.spans:
            assert text[s:t] == e.replacement
        # putting the original back at every span gives the passage back: nothing else changed
        restored = text
        for s, t in reversed(e.spans):
            restored = restored[:s] + e.original + restored[t:]
        assert restored == cl.passages[e.passage].text
    surname = next(e for e in edits if e.type == "surname")
    assert len(surname.spans) == cl.passages[surname.passage].text.count("Kowalski")  # every occurrence
    # seeded: the same plan again
    again = planted.plan_edits([cl], seed=3, per_type=5)
    assert [(e.type, e.passage, e.start, e.replacement) for e in again] == \
           [(e.type, e.passage, e.start, e.replacement) for e in edits]


def test_per_type_cap_and_one_edit_per_cluster_and_type(planted):
    clusters = [planted.Cluster("test", f"c{i}", [planted.Passage(f"test:c{i}:0", "One", A),
                                                   planted.Passage(f"test:c{i}:1", "Two", B)]) for i in range(5)]
    edits = planted.plan_edits(clusters, seed=1, per_type=3)
    for t in planted.TYPES:
        mine = [e for e in edits if e.type == t]
        assert len(mine) == 3 and len({e.cluster for e in mine}) == 3


def test_misspelling_is_close(planted):
    rng = random.Random(0)
    for name in ["Kowalski", "Mayorkas", "Biden", "Hochul"]:
        wrong = planted.misspell(name, rng)
        assert wrong != name and wrong[0] == name[0] and abs(len(wrong) - len(name)) <= 1


def test_quote_substitute_keeps_the_ending_and_is_new_to_the_cluster(planted):
    lists = dict(planted.QUOTE_SUBSTITUTES)
    cases = {"completely": "ly", "building": "ing", "decided": "ed", "situation": "tion",
             "agreement": "ment", "national": "al", "promises": "s", "business": "", "street": "",
             "deal": ""}  # too short a stem for "-al"
    for word, suf in cases.items():
        got = planted._quote_substitute(word, random.Random(5))
        assert got in lists[suf] and got != word, (word, got)
        assert got == planted._quote_substitute(word, random.Random(5))  # seeded
    # a substitute the cluster already uses is never picked while another is left
    taken = set(lists["ly"][:-1])
    assert planted._quote_substitute("completely", random.Random(1), taken) == lists["ly"][-1]


def test_quote_edit_replaces_a_shared_quote_word_with_a_listed_substitute(planted):
    cl = planted.Cluster("test", "q", [planted.Passage("test:q:0", "One", A), planted.Passage("test:q:1", "Two", B)])
    edit = next(e for e in planted.plan_edits([cl], seed=7, per_type=5) if e.type == "quote")
    assert edit.original.lower() in "we will rebuild every single street together"
    assert any(edit.replacement in words for _, words in planted.QUOTE_SUBSTITUTES)
    assert edit.replacement.lower() not in (A + B).lower().split()
