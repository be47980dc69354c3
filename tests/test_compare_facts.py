"""Facts aligned across outlets by subject and event (compare/facts.py), one rule per test.

Every report here is written for these tests (fiction); annotations are hand-built, no model.
"""
from __future__ import annotations

from annotated_builder import mk, val
from newsprism.compare import compare
from newsprism.compare.context import build_context
from newsprism.compare.contradictions import find_contradictions
from newsprism.compare.entities import resolve_entities, same_first_name
from newsprism.compare.facts import fact_contradictions
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def check_evidence(finding, *anns):
    texts = {a.article.id: a.article.text for a in anns}
    for side in finding.sides:
        assert side.evidence
        for ev in side.evidence:
            assert texts[ev.article][ev.start:ev.end] == ev.text


# ------------------------------------------------------------------------------------------
# one person under three names


def test_first_name_variants():
    assert same_first_name("Jim", "James") and same_first_name("J.", "James")
    assert same_first_name("Robert", "Robert") and same_first_name("Bob", "Robert")
    assert not same_first_name("Jane", "John") and not same_first_name("Jim", "John")


def test_one_person_under_three_names_is_one_entity():
    a = mk("Defense Secretary Jim Mattis flew to Brussels on Monday.", "Alpha", ents=[("Jim Mattis", "PERSON")])
    b = mk("James Mattis met allied ministers in Brussels.", "Beta", ents=[("James Mattis", "PERSON")])
    c = mk("Mattis told reporters the talks went well.", "Gamma", ents=[("Mattis", "PERSON")])
    index = resolve_entities([a, b, c], OPT)
    people = [e for e in index.entities if e.type == "PERSON"]
    assert len(people) == 1
    assert {"Jim Mattis", "James Mattis", "Mattis"} <= {m.text for m in people[0].mentions}
    assert index.canonical("Jim Mattis") == index.canonical("James Mattis") == index.canonical("Mattis")


def test_middle_initial_is_the_same_person_and_two_first_names_are_not():
    a = mk("Robert F. Bauer advised the campaign.", "Alpha", ents=[("Robert F. Bauer", "PERSON")])
    b = mk("Robert Bauer, a lawyer, advised the campaign.", "Beta", ents=[("Robert Bauer", "PERSON")])
    c = mk("Anita Bauer wrote the memo.", "Gamma", ents=[("Anita Bauer", "PERSON")])
    index = resolve_entities([a, b, c], OPT)
    assert index.canonical("Robert F. Bauer") == index.canonical("Robert Bauer")
    assert index.canonical("Anita Bauer") != index.canonical("Robert Bauer")


def test_age_of_one_person_under_two_names_contradicts():
    a = mk("Defense Secretary Jim Mattis, 68, flew to Brussels on Monday for talks.", "Alpha",
           ents=[("Jim Mattis", "PERSON")])
    b = mk("The talks were led by James Mattis, who is 69 and a retired general.", "Beta",
           ents=[("James Mattis", "PERSON")])
    val(a, "68", "age", 68.0, subject="Jim Mattis", attribute="age", unit="years")
    val(b, "69", "age", 69.0, subject="James Mattis", attribute="age", unit="years")
    cons, _, _ = find_contradictions([a, b], None, OPT)
    ages = [c for c in cons if c.kind == "age"]
    assert len(ages) == 1
    assert sorted(s.value for s in ages[0].sides) == ["68", "69"]
    check_evidence(ages[0], a, b)


# ------------------------------------------------------------------------------------------
# "a 73-year-old senator" is an age of the senator named in the sentence


def test_year_old_noun_is_the_age_of_the_person_named():
    a = mk("Lena Ortiz, a 73-year-old senator, opened the hearing on flood defenses.", "Alpha",
           ents=[("Lena Ortiz", "PERSON")])
    b = mk("Senator Lena Ortiz, 74, opened a hearing about the flood defenses.", "Beta",
           ents=[("Lena Ortiz", "PERSON")])
    val(a, "73-year-old", "age", 73.0, subject="senator", attribute="age", unit="years")
    val(b, "74", "age", 74.0, subject="Lena Ortiz", attribute="age", unit="years")
    ctx = build_context([a, b], OPT)
    ages = [f for f in ctx.facts if f.fact.kind == "age"]
    assert {f.subject for f in ages} == {"Lena Ortiz"}
    found = fact_contradictions(ctx)
    assert len(found) == 1 and found[0].kind == "age" and found[0].subject == "Lena Ortiz"
    assert {s.value for s in found[0].sides} == {"73-year-old", "74"}


# ------------------------------------------------------------------------------------------
# weekdays, places and figures of one event, across reports


def test_weekday_contradiction_across_reports():
    a = mk("The council voted on Tuesday to close the old bridge over the Tarn river.", "Alpha")
    b = mk("The council voted on Thursday to close the old bridge over the river.", "Beta")
    val(a, "Tuesday", "date", "2025-03-11", attribute="vote")
    val(b, "Thursday", "date", "2025-03-13", attribute="vote")
    found = fact_contradictions(build_context([a, b], OPT))
    assert len(found) == 1 and found[0].kind == "date"
    assert sorted(s.value for s in found[0].sides) == ["Thursday", "Tuesday"]
    check_evidence(found[0], a, b)


def test_weekday_given_both_ways_by_one_article_is_not_a_contradiction():
    # the same event on both days in one report: two votes, not a conflict
    a = mk("The council voted on Tuesday to close the old bridge over the Tarn river. "
           "The council voted again on Thursday to close the old bridge.", "Alpha")
    b = mk("The council voted on Thursday to close the old bridge over the river.", "Beta")
    val(a, "Tuesday", "date", "2025-03-11")
    val(a, "Thursday", "date", "2025-03-13")
    val(b, "Thursday", "date", "2025-03-13")
    assert fact_contradictions(build_context([a, b], OPT)) == []


def test_unrelated_sentences_are_not_one_event():
    a = mk("The council voted on Tuesday to close the old bridge.", "Alpha")
    b = mk("Schools reopened on Thursday after the storm passed the coast.", "Beta")
    val(a, "Tuesday", "date", "2025-03-11")
    val(b, "Thursday", "date", "2025-03-13")
    assert fact_contradictions(build_context([a, b], OPT)) == []


def test_place_of_one_event_differs_between_near_paraphrases_only():
    text = "The relief convoy was stopped near {} by flooded roads on the main coastal highway on its way north."
    a = mk(text.format("Dunmore"), "Alpha", ents=[("Dunmore", "GPE")])
    b = mk(text.format("Carrick"), "Beta", ents=[("Carrick", "GPE")])
    ctx = build_context([a, b], OPT)
    assert ctx.similarity(0, 0, 1, 0) >= 0.8
    found = fact_contradictions(ctx)
    assert len(found) == 1 and found[0].kind == "place"
    assert sorted(s.value for s in found[0].sides) == ["Carrick", "Dunmore"]
    # a looser sentence near the same words names a second place of the story, not a conflict
    c = mk("Flooded roads also stopped traffic near Carrick, police said.", "Gamma", ents=[("Carrick", "GPE")])
    assert fact_contradictions(build_context([a, c], OPT)) == []
    # one place written with and without its accent is one place
    d = mk(text.format("Dunmoré"), "Delta", ents=[("Dunmoré", "GPE")])
    assert fact_contradictions(build_context([a, d], OPT)) == []


def test_figure_of_one_event_differs_and_rounding_does_not():
    a = mk("Officials said 1,200 residents were evacuated from the valley overnight.", "Alpha")
    b = mk("About 1,500 residents were evacuated from the valley, officials said.", "Beta")
    c = mk("Around 1,250 residents were evacuated from the valley, officials said.", "Gamma")
    val(a, "1,200 residents", "count", 1200.0, unit="residents", attribute="residents evacuated")
    val(b, "1,500 residents", "count", 1500.0, unit="residents", attribute="residents evacuated")
    val(c, "1,250 residents", "count", 1250.0, unit="residents", attribute="residents evacuated",
        approximate=True)
    found = fact_contradictions(build_context([a, b], OPT))
    assert len(found) == 1 and found[0].kind == "count"
    assert fact_contradictions(build_context([a, c], OPT)) == []  # "around 1,250" allows 1,200


# ------------------------------------------------------------------------------------------
# a running count that rose between two days is a development


def test_count_that_rose_between_two_days_is_a_development():
    a = mk("The death toll from the landslide rose to 12, rescuers said.", "Alpha", published="2025-03-10")
    b = mk("The death toll from the landslide rose to 19, rescuers said.", "Beta", published="2025-03-12")
    val(a, "12", "count", 12.0, attribute="death toll")
    val(b, "19", "count", 19.0, attribute="death toll")
    analysis = compare([a, b], OPT)
    assert not [c for c in analysis.contradictions if c.kind in ("count", "number")]
    devs = [d for d in analysis.developments if d.steps and d.steps[0].text == "12"]
    assert len(devs) == 1
    assert [s.text for s in devs[0].steps] == ["12", "19"]
    assert [s.published for s in devs[0].steps] == ["2025-03-10", "2025-03-12"]
    # the same two figures on the same day do contradict
    c = mk("The death toll from the landslide rose to 19, rescuers said.", "Beta", published="2025-03-10")
    val(c, "19", "count", 19.0, attribute="death toll")
    cons = compare([a, c], OPT).contradictions
    assert len([x for x in cons if x.kind in ("count", "number")]) == 1


# ------------------------------------------------------------------------------------------
# what pairs with what: periods, places, named ages, years of one noun, weekdays of one event


def test_figures_over_different_periods_do_not_pair():
    # a monthly rise is not a yearly one; the same period on both sides still contradicts
    a = mk("Bread prices in Dunmore rose 0.7% from March, the bakers' guild said.", "Alpha")
    b = mk("Bread prices in Dunmore rose 6.1% over the past year, the bakers' guild said.", "Beta")
    c = mk("Bread prices in Dunmore rose 6.8% over the past year, the bakers' guild said.", "Gamma")
    val(a, "0.7%", "percent", 0.7, unit="%", attribute="rise")
    val(b, "6.1%", "percent", 6.1, unit="%", attribute="rise")
    val(c, "6.8%", "percent", 6.8, unit="%", attribute="rise")
    assert fact_contradictions(build_context([a, b], OPT)) == []
    found = fact_contradictions(build_context([b, c], OPT))
    assert len(found) == 1 and sorted(s.value for s in found[0].sides) == ["6.1%", "6.8%"]


def test_a_total_and_a_daily_average_do_not_pair():
    a = mk("The region has logged 52,000 flu cases since the start of the winter.", "Alpha")
    b = mk("The region is averaging 900 new daily flu cases this winter.", "Beta")
    val(a, "52,000 flu cases", "count", 52000.0, unit="cases")
    val(b, "900 new daily flu cases", "count", 900.0, unit="cases", period="per day")
    assert fact_contradictions(build_context([a, b], OPT)) == []


def test_counts_of_two_places_do_not_pair():
    a = mk("Inspectors found 37 cases of mould in homes in Dunmore, the council said.", "Alpha",
           ents=[("Dunmore", "GPE")])
    b = mk("Inspectors found 80 cases of mould in homes in Carrick, the council said.", "Beta",
           ents=[("Carrick", "GPE")])
    c = mk("Inspectors found 45 cases of mould in homes in Dunmore, the council said.", "Gamma",
           ents=[("Dunmore", "GPE")])
    for ann, n in ((a, 37), (b, 80), (c, 45)):
        val(ann, f"{n} cases", "count", float(n), unit="cases")
    found = [f for f in fact_contradictions(build_context([a, b], OPT)) if f.kind == "count"]
    assert found == []
    found = [f for f in fact_contradictions(build_context([a, c], OPT)) if f.kind == "count"]
    assert len(found) == 1 and sorted(s.value for s in found[0].sides) == ["37 cases", "45 cases"]


def test_age_of_an_unnamed_boy_is_not_a_named_persons_age():
    a = mk("Tomas Reyes, 41, told the story of that 9-year-old boy at the hearing.", "Alpha",
           ents=[("Tomas Reyes", "PERSON")])
    b = mk("Tomas Reyes told the story of a boy who was 12 at the hearing.", "Beta",
           ents=[("Tomas Reyes", "PERSON")])
    val(a, "41", "age", 41.0, unit="years", subject="Tomas Reyes", attribute="age")
    val(a, "9-year-old", "age", 9.0, unit="years", subject="boy", attribute="age")
    val(b, "12", "age", 12.0, unit="years", subject="Tomas Reyes", attribute="age")
    ages = [f for f in fact_contradictions(build_context([a, b], OPT)) if f.kind == "age"]
    assert ages == []


def test_bare_years_pair_only_as_dates_of_one_noun():
    a = mk("The 2019 survey of the lake was cited by the board before the vote.", "Alpha")
    b = mk("The board cited the survey of the lake ahead of the 2024 vote.", "Beta")
    c = mk("The 2017 survey of the lake was cited by the board before the vote.", "Gamma")
    for ann, y in ((a, "2019"), (b, "2024"), (c, "2017")):
        val(ann, y, "date", y)
    assert fact_contradictions(build_context([a, b], OPT)) == []
    found = fact_contradictions(build_context([a, c], OPT))
    assert len(found) == 1 and sorted(s.value for s in found[0].sides) == ["2017", "2019"]


def test_weekdays_of_different_events_of_one_story_do_not_pair():
    a = mk("A storm flooded the harbour on Saturday, and the ferry company raised fares.", "Alpha")
    b = mk("The ferry company raised fares on Tuesday after the harbour flooded.", "Beta")
    val(a, "Saturday", "date", "2025-03-15")
    val(b, "Tuesday", "date", "2025-03-11")
    assert fact_contradictions(build_context([a, b], OPT)) == []
