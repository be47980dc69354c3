"""nlp/facts.py: facts built once from the annotations (hand-built, no model); datelines."""
from __future__ import annotations

from annotated_builder import mk
from newsprism.model import Value
from newsprism.nlp.facts import extract_facts
from newsprism.nlp.sentences import dateline_end, is_dateline_at


def _facts(ann):
    return extract_facts(ann.article.text, ann.sentences, ann.entities, ann.values, ann.times)


def _value(ann, written, kind, value, **extra):
    i = ann.article.text.index(written)
    si = next(k for k, s in enumerate(ann.sentences) if s.start <= i < s.end)
    fields = dict(unit=None, subject=None, attribute=None, period=None, approximate=False)
    fields.update(extra)
    ann.values.append(Value(i, i + len(written), written, kind, value, sentence=si, **fields))


def test_datelines():
    for text, head in [("WASHINGTON \u2014 The Senate voted.", "WASHINGTON \u2014"),
                       ("LIMA, Dec 1 (Reuters) - Peru said.", "LIMA, Dec 1 (Reuters) -"),
                       ("KYIV, Ukraine (AP) \u2014 Officials said.", "KYIV, Ukraine (AP) \u2014")]:
        assert text[:dateline_end(text, 0)] == head
    for text in ("Officials -- who declined to be named -- said.", "The Mayor - who spoke - left."):
        assert dateline_end(text, 0) is None


def test_a_dateline_is_not_the_place_of_the_event():
    ann = mk("WASHINGTON \u2014 The convoy reached Dunmore at noon.", "Alpha",
             ents=[("WASHINGTON", "GPE"), ("Dunmore", "GPE")])
    assert is_dateline_at(ann.article.text, 0, 0, len("WASHINGTON"))
    assert [f.value for f in _facts(ann) if f.kind == "place"] == ["Dunmore"]


def test_a_73_year_old_senator_is_an_age_of_the_person_named():
    ann = mk("Lena Ortiz, a 73-year-old senator, opened the hearing.", "Alpha", ents=[("Lena Ortiz", "PERSON")])
    _value(ann, "73-year-old", "age", 73.0, subject="senator", attribute="age", unit="years")
    ages = [f for f in _facts(ann) if f.kind == "age"]
    assert len(ages) == 1 and ages[0].subject == "Lena Ortiz" and ages[0].value == 73.0
    assert ann.article.text[ages[0].start:ages[0].end] == ages[0].text


def test_weekdays_resolved_or_not_and_not_inside_a_name():
    ann = mk("The council met on Tuesday. Saturday Night Live mocked it.", "Alpha", published=None)
    days = [f for f in _facts(ann) if f.kind == "weekday"]
    assert [(d.value, d.time) for d in days] == [("Tuesday", None)]


def test_a_running_count_is_marked_changing_and_a_qualifier_kept():
    ann = mk("The death toll rose to more than 40 so far. The town has 3 bridges.", "Alpha")
    _value(ann, "40", "count", 40.0, attribute="death toll")
    _value(ann, "3 bridges", "count", 3.0, unit="bridges")
    toll, bridges = sorted((f for f in _facts(ann) if f.kind == "count"), key=lambda f: f.start)
    assert toll.changing and toll.qualifier == "more than"
    assert not bridges.changing


def test_the_period_of_a_figure_is_read_from_its_own_clause():
    ann = mk("Rents rose 0.4% from June and 3.9% over the past year. The city logs 60 new daily "
             "permits, and 9,000 permits since the start of the scheme.", "Alpha")
    _value(ann, "0.4%", "percent", 0.4, unit="%")
    _value(ann, "3.9%", "percent", 3.9, unit="%")
    _value(ann, "60 new daily permits", "count", 60.0, unit="permits")
    _value(ann, "9,000 permits", "count", 9000.0, unit="permits")
    got = {f.text: f.period for f in _facts(ann)}
    assert got == {"0.4%": "month", "3.9%": "year", "60 new daily permits": "day",
                   "9,000 permits": "total"}


def test_an_age_far_from_a_name_or_of_a_common_noun_is_not_that_persons():
    ann = mk("Ana Cruz shared photos of the claimant, taken at a lake years before, in which "
             "he was seen at the age of 15. Ana Cruz recalled that 8-year-old boy.", "Alpha",
             ents=[("Ana Cruz", "PERSON")])
    _value(ann, "age of 15", "age", 15.0, unit="years", subject="Ana Cruz", attribute="age")
    _value(ann, "8-year-old", "age", 8.0, unit="years", subject="boy", attribute="age")
    assert {f.text: f.subject for f in _facts(ann) if f.kind == "age"} == {"age of 15": None,
                                                                            "8-year-old": "boy"}


def test_a_bare_year_dates_the_noun_it_modifies():
    ann = mk("The 2020 census shaped the map for the vote.", "Alpha")
    _value(ann, "2020", "date", "2020")
    assert [f.attribute for f in _facts(ann) if f.kind == "date"] == ["census"]


def test_a_weekday_carries_the_event_it_dates():
    ann = mk("A storm flooded the harbour on Saturday, and fares rose. Mayor Ann Lee on Monday "
             "closed the port.", "Alpha", ents=[("Ann Lee", "PERSON")])
    days = {f.value: f.attribute for f in _facts(ann) if f.kind == "weekday"}
    assert days == {"Saturday": "storm flooded harbour", "Monday": "closed port"}
