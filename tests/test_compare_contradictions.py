"""Contradiction rules on small hand-built annotated articles, including the precision traps."""
from __future__ import annotations

import re

import pytest

from newsprism.compare import values as V
from newsprism.compare.context import build_context
from newsprism.compare.contradictions import find_contradictions, split_findings
from newsprism.compare.facts import fact_contradictions
from newsprism.compare.figures import value_contradictions
from newsprism.compare.places import context_place_contradictions, place_contradictions
from newsprism.model import (AnnotatedArticle, Article, Mention,
                             Sentence, TimeExpression, Value)
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def run(detector, anns, index=None, options=OPT):
    """One detector on a context built from ``anns`` (``index``: a prebuilt entity index)."""
    return detector(build_context(list(anns), options, entities=index))


def pair(detector, anns, index=None, options=OPT):
    """(contradictions, differences) of one detector."""
    c, d, _ = split_findings(run(detector, anns, index, options))
    return c, d


class StubIndex:
    """The part of compare.entities.EntityIndex these rules use."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def canonical(self, name):
        return self.names.get(name, name)


INDEX = StubIndex({"Magnus": "Chris Magnus", "Mr Magnus": "Chris Magnus", "Lena Ortiz": "Lena Ortiz",
                   "Ortiz": "Lena Ortiz"})


def make(aid: str, outlet: str, text: str, *, persons=(), values=(), times=(), published=None,
         duplicate_of=None) -> AnnotatedArticle:
    article = Article(id=aid, source=f"{aid}.txt", text=text, title=None, outlet=outlet,
                      outlet_from="field", published=published, published_from=None,
                      duplicate_of=duplicate_of)
    sents = []
    pos = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“])", text):
        sents.append(Sentence(pos, m.start()))
        pos = m.end()
    sents.append(Sentence(pos, len(text)))

    def sent_of(i: int) -> int:
        return next(k for k, s in enumerate(sents) if s.start <= i < max(s.end, s.start + 1))

    mentions = []
    for name in persons:
        for m in re.finditer(re.escape(name), text):
            if any(x.start <= m.start() < x.end for x in mentions):
                continue
            mentions.append(Mention(m.start(), m.end(), name, "PERSON", sent_of(m.start())))
    vals = []
    for spec in values:
        written, kind, value = spec[:3]
        extra = dict(unit=None, subject=None, attribute=None, period=None, approximate=False)
        extra.update(spec[3] if len(spec) > 3 else {})
        i = text.index(written)
        vals.append(Value(i, i + len(written), written, kind, value, sentence=sent_of(i), **extra))
    tx = []
    for written, iso in times:
        i = text.index(written)
        tx.append(TimeExpression(i, i + len(written), written, iso, "day" if iso else None,
                                 "relative", sent_of(i)))
    return AnnotatedArticle(article=article, sentences=sents, entities=sorted(mentions, key=lambda m: m.start),
                            values=vals, quotes=[], times=tx)


def age(written, value, subject="Magnus"):
    return (written, "age", float(value), {"unit": "years", "subject": subject, "attribute": "age"})


# ------------------------------------------------------------------------------------------
# values


def test_age_contradiction_sides_outlets_and_evidence():
    a = make("a", "Alpha", "Magnus, 61, wrote a letter.", persons=["Magnus"], values=[age("61", 61)])
    b = make("b", "Beta", "Magnus, 62, led the agency.", persons=["Magnus"], values=[age("62", 62)])
    c = make("c", "Gamma", "Mr Magnus, 62, said little.", persons=["Mr Magnus"], values=[age("62", 62, "Mr Magnus")])
    cs, ds = pair(value_contradictions, [a, b, c], INDEX, OPT)
    assert len(cs) == 1 and not ds
    con = cs[0]
    assert con.kind == "age" and con.subject == "Chris Magnus"
    assert [s.value for s in con.sides] == ["62", "61"]  # the majority side first
    assert con.sides[0].outlets == ["Beta", "Gamma"] and con.sides[1].outlets == ["Alpha"]
    for side, ann in ((con.sides[1], a),):
        ev = side.evidence[0]
        assert ev.article == "a" and ann.article.text[ev.start:ev.end] == ev.text and "61" in ev.text


def test_ages_reported_a_year_apart_are_not_a_contradiction():
    a = make("a", "Alpha", "Magnus, 61, wrote.", persons=["Magnus"], values=[age("61", 61)],
             published="2021-11-01")
    b = make("b", "Beta", "Magnus, 62, led.", persons=["Magnus"], values=[age("62", 62)],
             published="2022-11-12")
    cs, ds = pair(value_contradictions, [a, b], INDEX, OPT)
    assert cs == [] and [d.kind for d in ds] == ["different-period"]


def test_same_age_everywhere_is_no_finding():
    a = make("a", "Alpha", "Magnus, 62, wrote.", persons=["Magnus"], values=[age("62", 62)])
    b = make("b", "Beta", "Magnus, 62, led.", persons=["Magnus"], values=[age("62", 62)])
    assert pair(value_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_different_people_ages_are_not_contradictions():
    a = make("a", "Alpha", "Magnus, 61, wrote.", persons=["Magnus"], values=[age("61", 61)])
    b = make("b", "Beta", "Lena Ortiz, 58, replied.", persons=["Lena Ortiz"],
             values=[age("58", 58, "Lena Ortiz")])
    assert pair(value_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_syndicated_copy_does_not_contradict_itself_or_count_twice():
    a = make("a", "Alpha", "Magnus, 61, wrote.", persons=["Magnus"], values=[age("61", 61)])
    b = make("b", "Alpha", "Magnus, 62, wrote.", persons=["Magnus"], values=[age("62", 62)],
             duplicate_of="a")
    assert pair(value_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_one_article_giving_both_values_means_different_referents():
    a = make("a", "Alpha", "Magnus, 61, met Magnus, 62, his cousin.", persons=["Magnus"],
             values=[age("61", 61), age("62", 62)])
    b = make("b", "Beta", "Magnus, 62, spoke.", persons=["Magnus"], values=[age("62", 62)])
    cs, _ = pair(value_contradictions, [a, b], INDEX, OPT)
    assert cs == []


def count(written, value, period, approximate=False, subject=None, attribute="migrants stopped"):
    return (written, "count", float(value), {"unit": "migrants", "subject": subject,
                                             "attribute": attribute, "period": period,
                                             "approximate": approximate})


def test_approximate_and_rounded_counts_are_compatible():
    a = make("a", "Alpha", "Around 227,500 migrants were stopped in September.",
             values=[count("227,500", 227500, "2022-09", approximate=True)])
    b = make("b", "Beta", "Officials stopped 227,000 migrants in September.",
             values=[count("227,000", 227000, "2022-09")])
    cs, ds = pair(value_contradictions, [a, b], INDEX, OPT)
    assert cs == []
    assert [d.kind for d in ds] == ["rounding"]


def test_same_period_incompatible_counts_contradict():
    a = make("a", "Alpha", "Exactly 227,512 migrants were stopped in September.",
             values=[count("227,512", 227512, "2022-09")])
    b = make("b", "Beta", "Officials stopped 181,233 migrants in September.",
             values=[count("181,233", 181233, "2022-09")])
    cs, _ = pair(value_contradictions, [a, b], INDEX, OPT)
    assert [c.kind for c in cs] == ["count"]
    assert {tuple(s.outlets) for s in cs[0].sides} == {("Alpha",), ("Beta",)}


def test_monthly_vs_fiscal_year_is_a_period_difference_not_a_contradiction():
    a = make("a", "Alpha", "Around 227,500 migrants were stopped in September.",
             values=[count("227,500", 227500, "2022-09", approximate=True)])
    b = make("b", "Beta", "Some 2.38 million migrants were stopped in the fiscal year.",
             values=[count("2.38 million", 2380000, "fiscal year 2022")])
    cs, ds = pair(value_contradictions, [a, b], INDEX, OPT)
    assert cs == []
    assert [d.kind for d in ds] == ["different-period"]
    assert sorted(o for s in ds[0].sides for o in s.outlets) == ["Alpha", "Beta"]


def test_counts_without_subject_or_period_are_never_compared():
    a = make("a", "Alpha", "About 500 people came.", values=[count("500", 500, None, attribute="people")])
    b = make("b", "Beta", "Nearly 9,000 people came.", values=[count("9,000", 9000, None, attribute="people")])
    assert pair(value_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_different_measures_do_not_chain_into_one_group():
    a = make("a", "Alpha", "Police said 5 people were killed on Monday.",
             values=[count("5", 5, "2025-03-10", attribute="people killed")])
    b = make("b", "Beta", "Police said 12 people were injured on Monday.",
             values=[count("12", 12, "2025-03-10", attribute="people injured")])
    c = make("c", "Gamma", "Police said 40 people were there on Monday.",
             values=[count("40", 40, "2025-03-10", attribute="people")])
    assert pair(value_contradictions, [a, b, c], INDEX, OPT)[0] == []


def test_nearly_four_decades_equals_nearly_forty_years():
    dur = lambda w: (w, "duration", 40 * 365.25, {"unit": "days", "subject": "Magnus",
                                                  "attribute": "service", "approximate": True})
    a = make("a", "Alpha", "Magnus gave nearly four decades of service.", persons=["Magnus"],
             values=[dur("nearly four decades")])
    b = make("b", "Beta", "Magnus gave nearly forty years of service.", persons=["Magnus"],
             values=[dur("nearly forty years")])
    assert pair(value_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_tally_contradiction():
    t = lambda w, v: (w, "tally", v, {"subject": "Senate", "attribute": "confirmation vote"})
    a = make("a", "Alpha", "The Senate voted 50-47 to confirm.", values=[t("50-47", [50, 47])])
    b = make("b", "Beta", "The Senate voted 50-48 to confirm.", values=[t("50-48", [50, 48])])
    cs, _ = pair(value_contradictions, [a, b], INDEX, OPT)
    assert [c.kind for c in cs] == ["tally"]


@pytest.mark.parametrize("before, written, value, other, compatible", [
    ("more than ", "2 million", 2e6, ("2.38 million", 2.38e6), True),
    ("", "2.4 million", 2.4e6, ("2.38 million", 2.38e6), True),
    ("", "2.5 million", 2.5e6, ("2.38 million", 2.38e6), False),
    ("less than ", "1,000", 1000.0, ("1,200", 1200.0), False),
    ("", "37%", 37.0, ("37.4%", 37.4), True),
    ("", "18.5%", 18.5, ("37%", 37.0), False),
])
def test_value_compatibility(before, written, value, other, compatible):
    kind = "percent" if "%" in written else "count"
    ta = before + written
    va = Value(len(before), len(ta), written, kind, value, None, None, None, None, bool(before), 0)
    va2 = Value(0, len(other[0]), other[0], kind, other[1], None, None, None, None, False, 0)
    assert V.compatible(va, ta, va2, other[0]) is compatible


def _plain(written, value, kind="count"):
    return (written, kind, float(value), {})


def test_aligned_sentences_with_different_figures_contradict():
    a = make("a", "Alpha", "Rescuers pulled 31 miners from the flooded shaft near the river overnight.",
             values=[_plain("31", 31)])
    b = make("b", "Beta", "Rescuers pulled 13 miners from the flooded shaft near the river overnight.",
             values=[_plain("13", 13)])
    c = make("c", "Gamma", "Rescuers pulled 31 miners from the flooded shaft near the river overnight.",
             values=[_plain("31", 31)])
    # one path for "one figure changed in a matching sentence": the facts of one event
    cs, ds = pair(fact_contradictions, [a, b, c], INDEX, OPT)
    assert ds == [] and len(cs) == 1
    assert [(s.value, s.outlets) for s in cs[0].sides] == [("31", ["Alpha", "Gamma"]), ("13", ["Beta"])]
    # the value rules know nothing here (no subject, attribute or period): the fact path does
    assert pair(value_contradictions, [a, b, c], INDEX, OPT) == ([], [])


def test_aligned_figures_in_reports_of_different_days_are_an_update():
    a = make("a", "Alpha", "Rescuers have pulled 31 miners from the flooded shaft so far.",
             values=[_plain("31", 31)], published="2025-01-02")
    b = make("b", "Beta", "Rescuers have pulled 13 miners from the flooded shaft so far.",
             values=[_plain("13", 13)], published="2025-01-01")
    found = run(fact_contradictions, [a, b], INDEX, OPT)
    # a running count ("so far") in reports of different days: a development, not a contradiction
    assert [type(f).__name__ for f in found] == ["Development"]
    assert [st.text for st in found[0].steps] == ["13", "31"]


def test_different_sentences_with_different_figures_are_not_aligned():
    a = make("a", "Alpha", "Rescuers pulled 31 miners from the flooded shaft near the river overnight.",
             values=[_plain("31", 31)])
    b = make("b", "Beta", "The company said 13 of its trucks were damaged in the storm last week.",
             values=[_plain("13", 13)])
    assert pair(fact_contradictions, [a, b], INDEX, OPT) == ([], [])


def test_aligned_weekdays_contradict():
    a = make("a", "Alpha", "The regional assembly will hold its emergency debate on Tuesday afternoon.",
             times=[("Tuesday", None)])
    b = make("b", "Beta", "The regional assembly will hold its emergency debate on Thursday afternoon.",
             times=[("Thursday", None)])
    for ann in (a, b):  # weekday expressions the resolver could not place
        ann.times[0].granularity = None
    cs, _ = pair(fact_contradictions, [a, b], INDEX, OPT)
    assert [c.kind for c in cs] == ["date"]
    assert {s.value for s in cs[0].sides} == {"Tuesday", "Thursday"}


# ------------------------------------------------------------------------------------------
# places

CAREER_A = "Magnus was police chief in Fargo, N.D., and later in Richmond, Calif., before Tucson."
CAREER_B = "Magnus served as police chief in Richmond, N.D. and in Fargo, N.D. for years."
CAREER_C = "Magnus was police chief in Fargo, N.D., and Lansing, Mich."


def test_place_contradiction_richmond():
    a = make("a", "Alpha", CAREER_A, persons=["Magnus"])
    b = make("b", "Beta", CAREER_B, persons=["Magnus"])
    found = run(place_contradictions, [a, b], INDEX, OPT)
    assert len(found) == 1
    c = found[0]
    assert c.kind == "place" and c.subject == "Chris Magnus"
    assert c.attribute == "state of Richmond (police chief posting)"
    values = {s.value: s.outlets for s in c.sides}
    assert values == {"Richmond, Calif.": ["Alpha"], "Richmond, N.D.": ["Beta"]}
    for s in c.sides:
        for ev in s.evidence:
            text = a.article.text if ev.article == "a" else b.article.text
            assert text[ev.start:ev.end] == ev.text


def test_omitted_city_is_not_a_place_contradiction():
    a = make("a", "Alpha", CAREER_A, persons=["Magnus"])
    c = make("c", "Gamma", CAREER_C, persons=["Magnus"])
    assert run(place_contradictions, [a, c], INDEX, OPT) == []


def test_same_city_name_for_different_people_is_not_a_contradiction():
    a = make("a", "Alpha", "Magnus grew up in Portland, Ore., as a boy.", persons=["Magnus"])
    b = make("b", "Beta", "Lena Ortiz lives in Portland, Maine, with her family.", persons=["Lena Ortiz"])
    assert run(place_contradictions, [a, b], INDEX, OPT) == []


def test_list_of_states_is_not_a_city():
    a = make("a", "Alpha", "The governors of Texas, Arizona and Florida acted.")
    b = make("b", "Beta", "The governors of Texas, Florida and Arizona acted.")
    assert run(place_contradictions, [a, b], INDEX, OPT) == []


def test_same_wording_different_place_contradicts():
    a = make("a", "Alpha", "Ortiz previously ran the agency's regional office in Dunmore for years.",
             persons=["Ortiz"])
    b = make("b", "Beta", "Lena Ortiz, 58, previously headed the agency's regional office in Carrick.",
             persons=["Lena Ortiz"])
    c = make("c", "Gamma", "Ortiz led the agency's regional office in Dunmore.", persons=["Ortiz"])
    found = run(context_place_contradictions, [a, b, c], INDEX, OPT)
    assert len(found) == 1
    con = found[0]
    assert con.kind == "place" and con.subject == "Lena Ortiz"
    assert [(s.value, s.outlets) for s in con.sides] == [("Dunmore", ["Alpha", "Gamma"]),
                                                          ("Carrick", ["Beta"])]
    assert all(e.text.endswith(("office in Dunmore", "office in Carrick")) for s in con.sides
               for e in s.evidence)


def test_a_shorter_list_of_cities_is_an_omission():
    a = make("a", "Alpha", "Magnus was police chief in Fargo and later in Richmond and Tucson.",
             persons=["Magnus"])
    b = make("b", "Beta", "Magnus was police chief in Richmond before he went to Fargo.",
             persons=["Magnus"])
    assert run(context_place_contradictions, [a, b], INDEX, OPT) == []


def test_same_context_for_different_people_is_not_a_contradiction():
    a = make("a", "Alpha", "Ortiz previously ran the regional office in Dunmore.", persons=["Ortiz"])
    b = make("b", "Beta", "Magnus previously ran the regional office in Carrick.", persons=["Magnus"])
    assert run(context_place_contradictions, [a, b], INDEX, OPT) == []


def test_counts_for_different_places_are_not_contradictions():
    a = make("a", "Alpha", "Officials said 1,200 residents of Lowmere were evacuated on Tuesday.",
             values=[count("1,200 residents", 1200, "2025-03-11", attribute="residents evacuated")])
    b = make("b", "Beta", "Officials said 1,400 residents of Ashby were evacuated on Tuesday.",
             values=[count("1,400 residents", 1400, "2025-03-11", attribute="residents evacuated")])
    c = make("c", "Gamma", "Officials said 1,400 residents of Lowmere were evacuated on Tuesday.",
             values=[count("1,400 residents", 1400, "2025-03-11", attribute="residents evacuated")])
    assert pair(value_contradictions, [a, b], INDEX, OPT)[0] == []
    cs, _ = pair(value_contradictions, [a, c], INDEX, OPT)
    assert len(cs) == 1 and cs[0].subject == "residents of Lowmere"


# ------------------------------------------------------------------------------------------
# dates of events (facts.py: weekdays and dates of one event)


def test_same_event_different_weekday_contradicts():
    a = make("a", "Alpha", "Ortiz asked Magnus to resign on Wednesday, officials said.",
             persons=["Ortiz", "Magnus"])
    b = make("b", "Beta", "Magnus was asked to resign on Thursday by Ortiz.", persons=["Magnus", "Ortiz"])
    found = run(fact_contradictions, [a, b], INDEX, OPT)
    assert len(found) == 1 and found[0].kind == "date"
    assert {s.value: s.outlets for s in found[0].sides} == {"Wednesday": ["Alpha"], "Thursday": ["Beta"]}


def test_agreeing_weekdays_and_other_events_are_fine():
    a = make("a", "Alpha", "Ortiz asked Magnus to resign on Wednesday. Magnus resigned late Saturday.",
             persons=["Ortiz", "Magnus"])
    b = make("b", "Beta", "Magnus resigned Saturday. Ortiz had asked him to leave on Wednesday.",
             persons=["Magnus", "Ortiz"])
    c = make("c", "Gamma", "Magnus said on Friday that he would not step down.", persons=["Magnus"])
    assert run(fact_contradictions, [a, b, c], INDEX, OPT) == []


def test_request_for_comment_is_not_a_request_to_resign():
    a = make("a", "Alpha", "Ortiz asked Magnus to resign on Wednesday.", persons=["Ortiz", "Magnus"])
    b = make("b", "Beta", "Magnus did not answer a request for comment on Monday.", persons=["Magnus"])
    assert run(fact_contradictions, [a, b], INDEX, OPT) == []


def test_resolved_days_are_compared_when_no_weekday_is_given():
    a = make("a", "Alpha", "Magnus resigned on Nov. 12 after a long week.", persons=["Magnus"],
             times=[("Nov. 12", "2022-11-12")], values=[("Nov. 12", "date", "2022-11-12")],
             published="2022-11-13")
    b = make("b", "Beta", "Magnus resigned on Nov. 19 after a long week.", persons=["Magnus"],
             times=[("Nov. 19", "2022-11-19")], values=[("Nov. 19", "date", "2022-11-19")],
             published="2022-11-20")
    found = run(fact_contradictions, [a, b], INDEX, OPT)
    assert len(found) == 1 and {s.normalized for s in found[0].sides} == {"2022-11-12", "2022-11-19"}


def test_same_weekday_resolved_to_different_weeks_is_not_a_conflict():
    a = make("a", "Alpha", "Magnus resigned on Saturday.", persons=["Magnus"],
             times=[("Saturday", "2022-11-12")], published="2022-11-13")
    b = make("b", "Beta", "Magnus resigned on Saturday.", persons=["Magnus"],
             times=[("Saturday", "2022-11-19")], published="2022-11-20")
    assert run(fact_contradictions, [a, b], INDEX, OPT) == []


# ------------------------------------------------------------------------------------------
# quotes and the whole function


def test_find_contradictions_returns_three_lists_and_is_deterministic():
    a = make("a", "Alpha", "Magnus, 61, resigned Saturday. " + CAREER_A, persons=["Magnus"],
             values=[age("61", 61)], published="2022-11-12")
    b = make("b", "Beta", "Magnus, 62, is refusing to step down. " + CAREER_B, persons=["Magnus"],
             values=[age("62", 62)], published="2022-11-11")
    one = find_contradictions([a, b], INDEX, OPT)
    two = find_contradictions([a, b], INDEX, OPT)
    assert one == two
    cons, diffs, devs = one
    assert sorted(c.kind for c in cons) == ["age", "place"]
    assert len(devs) == 1 and [s.text for s in devs[0].steps] == ["refusing to resign", "resigned"]


# ------------------------------------------------------------------------------------------
# properties of value compatibility

from hypothesis import given, settings, strategies as st  # noqa: E402

_QUALIFIERS = st.sampled_from(["", "around ", "more than ", "nearly ", "less than ", "about "])


@st.composite
def written_values(draw):
    kind = draw(st.sampled_from(["count", "percent", "age", "money"]))
    number = draw(st.integers(min_value=0, max_value=3_000_000))
    decimals = draw(st.integers(min_value=0, max_value=2)) if kind == "percent" else 0
    x = number / (10 ** decimals)
    written = f"{x:,.{decimals}f}" + ("%" if kind == "percent" else "")
    before = draw(_QUALIFIERS)
    text = before + written
    return kind, Value(len(before), len(text), written, kind, x, None, None, None, None, bool(before), 0), text


@settings(max_examples=200, deadline=None)
@given(written_values(), written_values())
def test_compatibility_is_symmetric(a, b):
    _, va, ta = a
    _, vb, tb = b
    vb = Value(vb.start, vb.end, vb.text, va.kind, vb.value, None, None, None, None, vb.approximate, 0)
    assert V.compatible(va, ta, vb, tb) == V.compatible(vb, tb, va, ta)


@settings(max_examples=200, deadline=None)
@given(written_values())
def test_a_value_is_compatible_with_itself(a):
    _, v, t = a
    assert V.compatible(v, t, v, t)
    r = V.value_range(v, t)
    assert r is not None and r.lo <= v.value <= r.hi


# ------------------------------------------------------------------------------------------
# invariants on random small stories

_PIECES = ["Magnus", "Lena Ortiz", "resigned", "was asked to resign", "on Wednesday", "on Friday",
           "late Saturday", "in Richmond, Calif.", "in Richmond, N.D.", "in Fargo, N.D.",
           "the regional office in Dunmore", "the regional office in Carrick", "police chief",
           "said", "refused to step down", "the agency", "and", "after", "migrants"]


@st.composite
def stories(draw):
    anns = []
    for k in range(draw(st.integers(min_value=2, max_value=4))):
        sentences = []
        values = []
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            words = draw(st.lists(st.sampled_from(_PIECES), min_size=3, max_size=9))
            n = draw(st.integers(min_value=1, max_value=99))
            sentences.append(f"{words[0]}, {n}, " + " ".join(words[1:]) + ".")
            values.append((f", {n}, ", n))
        text = " ".join(s[0].upper() + s[1:] for s in sentences)
        specs = []
        pos = 0
        for written, n in values:
            i = text.index(written, pos)
            pos = i + len(written)
            specs.append((str(n), i + 2))
        ann = make(f"a{k}", draw(st.sampled_from(["Alpha", "Beta", "Gamma"])), text,
                   persons=["Magnus", "Lena Ortiz"])
        for num, i in specs:
            si = next(j for j, s in enumerate(ann.sentences) if s.start <= i < s.end)
            ann.values.append(Value(i, i + len(num), num, "age", float(num), "years", None, "age", None,
                                    False, si))
        anns.append(ann)
    return anns


@settings(max_examples=60, deadline=None)
@given(stories())
def test_findings_hold_their_evidence_and_sources(anns):
    cons, diffs, devs = find_contradictions(anns, INDEX, OPT)
    texts = {a.article.id: a.article.text for a in anns}
    outlet = {a.article.id: a.article.outlet for a in anns}
    for c in cons:
        assert len(c.sides) >= 2
        # a contradiction needs two independent sources (here: two outlets)
        assert len({outlet[a] for s in c.sides for a in s.articles}) >= 2
        for s in c.sides:
            assert s.evidence and set(s.articles) <= set(texts)
            for e in s.evidence:
                assert texts[e.article][e.start:e.end] == e.text
    for d in devs:
        for step in d.steps:
            for e in step.evidence:
                assert texts[e.article][e.start:e.end] == e.text
    assert find_contradictions(anns, INDEX, OPT) == (cons, diffs, devs)
