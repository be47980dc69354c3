"""Figures and ages that one report changed: the rules that let them pair (compare/facts.py,
compare/values.py, compare/figures.py, nlp/facts.py, nlp/values.py), one rule per test, each
with look-alikes that must NOT pair.

Every report here is written for these tests (fiction).  Hand-built annotations (no model),
except the tests marked slow, which run spaCy on a few sentences.
"""
from __future__ import annotations

import pytest

from annotated_builder import mk, val
from newsprism.compare.context import build_context
from newsprism.compare.facts import fact_contradictions
from newsprism.compare.figures import value_contradictions
from newsprism.compare.values import compatible, qualifier
from newsprism.model import Article, Contradiction, Difference, Value
from newsprism.nlp.facts import extract_facts
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def found(*anns, kind=None):
    return [f for f in fact_contradictions(build_context(list(anns), OPT))
            if isinstance(f, Contradiction) and (kind is None or f.kind == kind)]


def facts_of(ann):
    return extract_facts(ann.article.text, ann.sentences, ann.entities, ann.values, ann.times)


def pct(text, written, value):
    i = text.index(written)
    return Value(i, i + len(written), written, "percent", value, "%", None, None, None, False, 0)


# ------------------------------------------------------------------------------------------
# values: "just over"


def test_just_over_is_a_little_above_not_anything_above():
    t = "Lee won with just over 53 percent of the vote."
    v = pct(t, "53 percent", 53.0)
    assert qualifier(v, t) == "just over"
    assert not compatible(v, t, pct("64 percent", "64 percent", 64.0), "64 percent")
    assert compatible(v, t, pct("54 percent", "54 percent", 54.0), "54 percent")
    # look-alikes: "over 53 percent" still allows 64; "just under 40" is below 40, not anything below
    t2 = "Lee won with over 53 percent of the vote."
    assert compatible(pct(t2, "53 percent", 53.0), t2, pct("64 percent", "64 percent", 64.0), "64 percent")
    t3 = "It took just under 40 percent."
    assert qualifier(pct(t3, "40 percent", 40.0), t3) == "nearly"
    assert not compatible(pct(t3, "40 percent", 40.0), t3, pct("20 percent", "20 percent", 20.0), "20 percent")


# ------------------------------------------------------------------------------------------
# figures: anchored by the figures that agree


def test_the_one_differing_figure_among_agreeing_ones_pairs():
    a = mk("Ellzey won the runoff against Susan Wright, 64 percent to 47 percent, when the count "
           "ended.", "Alpha")
    b = mk("Ellzey won the runoff with just over 53 percent, with Susan Wright taking 46.7 percent, "
           "when the count ended.", "Beta")
    val(a, "64 percent", "percent", 64.0, unit="%")
    val(a, "47 percent", "percent", 47.0, unit="%")
    val(b, "53 percent", "percent", 53.0, unit="%")
    val(b, "46.7 percent", "percent", 46.7, unit="%")
    got = found(a, b)
    assert len(got) == 1 and {s.value for s in got[0].sides} == {"64 percent", "53 percent"}
    # look-alike: the other figure differs too (two claims, not one figure changed)
    c = mk("Ellzey won the runoff against Susan Wright, 64 percent to 36 percent, when the count "
           "ended.", "Gamma")
    val(c, "64 percent", "percent", 64.0, unit="%")
    val(c, "36 percent", "percent", 36.0, unit="%")
    assert found(c, b) == []


def test_anchored_figures_pair_in_sentences_naming_the_same_actors_only():
    ents = [("Senate", "ORG"), ("Biden", "PERSON")]
    a = mk("Senate Republicans unveiled a $568 billion plan on Thursday, against the $2.25 trillion "
           "package of President Biden.", "Alpha", ents=ents)
    b = mk("Senate Republicans called for spending upward of $682 billion to rebuild roads, in "
           "contrast to the $2.25 trillion desired by President Biden.", "Beta", ents=ents)
    for ann, w, x in ((a, "$568 billion", 5.68e11), (b, "$682 billion", 6.82e11)):
        val(ann, w, "money", x, unit="USD")
        val(ann, "$2.25 trillion", "money", 2.25e12, unit="USD")
    got = found(a, b)
    assert len(got) == 1 and {s.value for s in got[0].sides} == {"$568 billion", "$682 billion"}
    # look-alike: another chamber, no word near the figures in common: two measures
    c = mk("House Democrats called for spending upward of $682 billion to rebuild roads, in "
           "contrast to the $2.25 trillion desired by President Biden.", "Gamma",
           ents=[("House", "ORG"), ("Biden", "PERSON")])
    val(c, "$682 billion", "money", 6.82e11, unit="USD")
    val(c, "$2.25 trillion", "money", 2.25e12, unit="USD")
    assert found(a, c) == []


def test_a_counterpart_naming_the_same_measure_wins_over_a_more_similar_one():
    ents = [("Corvex", "ORG"), ("Dana Holt", "PERSON")]
    a = mk("Corvex shareholders protested on Thursday against a 16 per cent increase for chief "
           "executive Dana Holt.", "Alpha", ents=ents)
    b = mk("Corvex handed chief executive Dana Holt a 20 percent increase in pay for 2015. "
           "Corvex shareholders protested on Thursday, with 59 per cent of votes against chief "
           "executive Dana Holt.", "Beta", ents=ents)
    val(a, "16 per cent", "percent", 16.0, unit="%", attribute="increase")
    val(b, "20 percent", "percent", 20.0, unit="%", attribute="increase")
    val(b, "59 per cent", "percent", 59.0, unit="%", attribute="with")
    got = found(a, b)
    assert len(got) == 1 and {s.value for s in got[0].sides} == {"16 per cent", "20 percent"}


def test_a_report_day_is_no_period_of_a_figure():
    a = mk("Corvex gave Dana Holt a 20 percent increase in pay for 2015.", "Alpha")
    b = mk("Shareholders protested on Thursday against a 16 per cent increase for Dana Holt.", "Beta")
    val(a, "20 percent", "percent", 20.0, unit="%", attribute="increase", period="2015")
    val(b, "16 per cent", "percent", 16.0, unit="%", attribute="increase", period="thursday")
    ctx = build_context([a, b], OPT)
    assert [d for d in value_contradictions(ctx) if isinstance(d, Difference)] == []
    # look-alike: a month and a fiscal year are two periods
    c = mk("About 227,500 migrants were stopped at the border in September.", "Gamma")
    d = mk("Some 2.38 million migrants were stopped at the border in the fiscal year.", "Delta")
    val(c, "227,500 migrants", "count", 227500.0, unit="migrants", attribute="migrants stopped at the border",
        period="september")
    val(d, "2.38 million migrants", "count", 2380000.0, unit="migrants", attribute="migrants stopped at the border",
        period="fiscal year ending 2022-09-30")
    diffs = [x for x in value_contradictions(build_context([c, d], OPT)) if isinstance(x, Difference)]
    assert [x.kind for x in diffs] == ["different-period"]


# ------------------------------------------------------------------------------------------
# ages: whose age it is


def test_a_one_word_holder_is_the_full_name_the_article_introduced_first():
    ann = mk("Pippa Lane arrived in Paris. Lane, 28, sat beside her sister Kate Lane.", "Alpha",
             ents=[("Pippa Lane", "PERSON"), ("Lane", "PERSON"), ("Kate Lane", "PERSON")])
    val(ann, "Lane, 28", "age", 28.0, subject="Lane", attribute="age", unit="years")
    assert [f.subject for f in facts_of(ann) if f.kind == "age"] == ["Pippa Lane"]
    first = mk("Honey Marsh gave millions. Xoxo Honey wrote online. Mr. Marsh, 75, and his "
               "wife, Honey, 70, were found.", "Beta",
               ents=[("Honey Marsh", "PERSON"), ("Xoxo Honey", "PERSON"), ("Honey", "PERSON")])
    val(first, "Honey, 70", "age", 70.0, subject="Honey", attribute="age", unit="years")
    assert [f.subject for f in facts_of(first) if f.kind == "age"] == ["Honey Marsh"]
    # look-alike: the full name comes only later (a relative's): the bare name stays
    later = mk("Renti, 53, trained stylists. His wife Mirella Renti thanked them.", "Gamma",
               ents=[("Renti", "PERSON"), ("Mirella Renti", "PERSON")])
    val(later, "Renti, 53", "age", 53.0, subject="Renti", attribute="age", unit="years")
    assert [f.subject for f in facts_of(later) if f.kind == "age"] == ["Renti"]


def test_an_opening_definite_description_keeps_the_person_named_before():
    ann = mk("Ariel Lane sang at the gala. The 19-year-old singer posted a photo of the night on "
             "Thursday.", "Alpha", ents=[("Ariel Lane", "PERSON")])
    val(ann, "19-year-old", "age", 19.0, subject="Ariel Lane", attribute="age", unit="years")
    assert [f.subject for f in facts_of(ann) if f.kind == "age"] == ["Ariel Lane"]
    # look-alike: an age inside a later sentence, far from the name, is not that person's
    other = mk("Ariel Lane wore a glam dress to the panel in the city. Critics said online on "
               "Thursday that a 19-year-old actress was there.", "Beta", ents=[("Ariel Lane", "PERSON")])
    val(other, "19-year-old", "age", 19.0, subject="Ariel Lane", attribute="age", unit="years")
    assert [f.subject for f in facts_of(other) if f.kind == "age"] != ["Ariel Lane"]


def test_an_unnamed_lede_age_is_the_person_the_next_sentence_introduces():
    ents = [("Melvin Reed", "PERSON"), ("Mark Bower", "PERSON")]
    a = mk("A 12-year-old boy died Monday after touching a fence charged by a live wire. Melvin "
           "Reed, of Applejack Terrace, was at football practice, said coroner Mark Bower.", "Alpha",
           ents=ents)
    val(a, "12-year-old", "age", 12.0, subject="boy", attribute="age", unit="years")
    assert [f.subject for f in facts_of(a) if f.kind == "age"] == ["Melvin Reed"]
    b = mk("9-year-old Melvin Reed was killed Monday when he jumped a fence.", "Beta", ents=[("Melvin Reed", "PERSON")])
    val(b, "9-year-old", "age", 9.0, subject="Melvin Reed", attribute="age", unit="years")
    a.facts, b.facts = facts_of(a), facts_of(b)
    got = found(a, b, kind="age")
    assert len(got) == 1 and {s.value for s in got[0].sides} == {"12-year-old", "9-year-old"}
    # look-alikes: an official who speaks next; a person named before; a person the article
    # gives another age
    for text, people in (
            ("A 12-year-old boy died Monday. Police Chief Mark Bower said the fence was live.", [("Mark Bower", "PERSON")]),
            ("Mark Bower coached the team. A 12-year-old boy died Monday. Mark Bower was at practice.", [("Mark Bower", "PERSON")]),
            ("A 12-year-old boy died Monday. Mark Bower, the driver, was arrested. Bower, 45, was held.",
             [("Mark Bower", "PERSON"), ("Bower", "PERSON")])):
        c = mk(text, "Gamma", ents=people)
        val(c, "12-year-old", "age", 12.0, subject="boy", attribute="age", unit="years")
        if "45" in text:
            val(c, "Bower, 45", "age", 45.0, subject="Mark Bower", attribute="age", unit="years")
        assert [f.subject for f in facts_of(c) if f.kind == "age" and f.value == 12.0] == ["boy"], text


def test_an_articles_other_age_blocks_a_pair_only_where_it_says_the_same_thing():
    ents = [("Dana Reed", "PERSON")]
    a = mk("Deputies say 12-year-old Dana Reed climbed over the fence at Ashby Park to get a ball. "
           "On Monday 9-year-old Dana Reed was killed when he touched a fence charged by a live wire.",
           "Alpha", ents=ents)
    b = mk("On Monday 12-year-old Dana Reed was killed when he touched a fence charged by a buried wire.",
           "Beta", ents=ents)
    val(a, "12-year-old", "age", 12.0, subject="Dana Reed", attribute="age", unit="years")
    val(a, "9-year-old", "age", 9.0, subject="Dana Reed", attribute="age", unit="years")
    val(b, "12-year-old", "age", 12.0, subject="Dana Reed", attribute="age", unit="years")
    got = found(a, b, kind="age")
    assert len(got) == 1 and {s.value for s in got[0].sides} == {"12-year-old", "9-year-old"}
    # look-alike: then and now; the article gives the other report's age where it says the same
    c = mk("Dana Reed was 17 when she was taken from Ashby. Now 27, Dana Reed spoke to reporters "
           "on Monday about the years in captivity.", "Gamma", ents=ents)
    d = mk("Dana Reed, 27, spoke to reporters on Monday about the years in captivity.", "Delta", ents=ents)
    val(c, "17", "age", 17.0, subject="Dana Reed", attribute="age", unit="years")
    val(c, "27", "age", 27.0, subject="Dana Reed", attribute="age", unit="years")
    val(d, "Dana Reed, 27", "age", 27.0, subject="Dana Reed", attribute="age", unit="years")
    assert found(c, d, kind="age") == []


# ------------------------------------------------------------------------------------------
# the values stage (spaCy)


@pytest.fixture(scope="module")
def annotate_text():
    from newsprism.nlp import annotate

    def run(text):
        art = Article(id="t1", source="t1.txt", text=text, title=None, outlet="Test Outlet",
                      outlet_from="test", published="2025-03-16", published_from="test")
        return annotate(art, OPT)
    return run


@pytest.mark.slow
def test_the_values_stage_names_the_measure_and_what_a_figure_is_about(annotate_text):
    ann = annotate_text("Angry shareholders protested against a 16 per cent pay rise for the boss. "
                        "Medics were called to a house in the 4100 block of Harbour Mill Road. "
                        "The NWA said 1,200 residents of Lowmere were evacuated.")
    by = {v.text.split()[0]: v for v in ann.values}
    assert by["16"].attribute == "increase"
    assert by["4100"].subject == "Harbour Mill Road"
    # look-alike: a counted noun that is the clause's subject keeps its place with the noun
    assert by["1,200"].subject is None


@pytest.mark.slow
def test_an_opening_the_n_year_old_refers_back_like_she(annotate_text):
    ann = annotate_text("Ariel Lane sang at the gala on the pier. The 19-year-old singer posted a "
                        "photo of the night on Thursday to thank her fans.")
    assert [(f.value, f.subject) for f in ann.facts if f.kind == "age"] == [(19.0, "Ariel Lane")]
