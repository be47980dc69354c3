"""Figures and ages across outlets: what may pair (compare/facts.py, compare/figures.py,
nlp/facts.py, nlp/values.py), one rule per test, each with look-alikes that must NOT pair.

Every report here is written for these tests (fiction); annotations are hand-built, no model.
"""
from __future__ import annotations

from annotated_builder import mk, val
from newsprism.compare.context import build_context
from newsprism.compare.context import StoryFact
from newsprism.compare.facts import fact_contradictions, figure_pair, periods_agree
from newsprism.compare.figures import value_contradictions
from newsprism.model import Contradiction, Fact, Mention
from newsprism.nlp.facts import extract_facts, figure_period
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def figures_found(*anns):
    return [f for f in fact_contradictions(build_context(list(anns), OPT))
            if isinstance(f, Contradiction) and f.kind != "age"]


def fact(period):
    return Fact(kind="count", value=1.0, text="1", start=0, end=1, sentence=0, period=period)


# ------------------------------------------------------------------------------------------
# the period a figure covers vs the time it was reported


def test_a_figures_period_is_its_clause_words_and_a_calendar_year_or_month():
    assert figure_period("this week") == (frozenset(), None)  # when it was announced
    assert figure_period("2021-07-27") == (frozenset(), None)  # "said Tuesday"
    assert figure_period("2021-07-27 (month)") == (frozenset({"month"}), None)
    assert figure_period("2021-06") == (frozenset({"month"}), "2021-06")  # "rose 0.9% in June"
    assert figure_period("2020") == (frozenset(), "2020")
    assert figure_period("day average") == (frozenset({"day", "average"}), None)
    assert figure_period("per month")[0] == frozenset({"month"})
    assert figure_period("fiscal year ending 2022-09-30")[0] == frozenset({"year"})


def test_periods_agree_unless_kinds_or_calendar_times_differ():
    assert periods_agree(fact("this week"), fact("2019"))
    assert periods_agree(fact("2021-07-26"), fact("2021-07-27"))  # two reporting days
    assert periods_agree(fact("2021"), fact("2021-06 (year)")) is False  # a kind on one side only
    # look-alikes that must not pair: two censuses, a month and a year, a total and a daily average
    assert not periods_agree(fact("2020"), fact("2022"))
    assert not periods_agree(fact("(month)"), fact("(year)"))
    assert not periods_agree(fact("total"), fact("day average"))


def test_a_count_reported_on_different_days_still_pairs_but_two_census_years_do_not():
    a = mk("Officials said Tuesday that 1,200 residents of Lowmere were moved to shelters.", "Alpha",
           times=[("Tuesday", "2025-03-11", "day")])
    b = mk("This week officials said 1,500 residents of Lowmere were moved to shelters.", "Beta")
    val(a, "1,200 residents", "count", 1200.0, unit="residents", period="2025-03-11")
    val(b, "1,500 residents", "count", 1500.0, unit="residents", period="this week")
    found = figures_found(a, b)
    assert len(found) == 1 and {s.value for s in found[0].sides} == {"1,200 residents", "1,500 residents"}
    c = mk("The 2020 census counted 1,200 residents in Lowmere, the county said.", "Gamma")
    d = mk("The county said Lowmere counted 1,500 residents in 2022, up from the census.", "Delta")
    val(c, "1,200 residents", "count", 1200.0, unit="residents", period="2020")
    val(d, "1,500 residents", "count", 1500.0, unit="residents", period="2022")
    assert figures_found(c, d) == []


def test_a_monthly_and_a_yearly_rise_are_not_one_measure_in_the_value_path():
    a = mk("The bureau said rents went up 0.9% from April and 5.4% from a year earlier.", "Alpha")
    b = mk("Rents rose 5.4 percent in June compared with one year ago, the bureau said.", "Beta")
    val(a, "0.9%", "percent", 0.9, unit="%", attribute="increase", period="2025-06")
    val(a, "5.4%", "percent", 5.4, unit="%", attribute="increase", period="2025-06")
    val(b, "5.4 percent", "percent", 5.4, unit="%", attribute="increase", period="2025-06")
    ctx = build_context([a, b], OPT)
    assert [c for c in value_contradictions(ctx) if isinstance(c, Contradiction)] == []
    assert [c for c in fact_contradictions(ctx) if isinstance(c, Contradiction)] == []


# ------------------------------------------------------------------------------------------
# the noun a figure qualifies names its measure


def test_a_sum_of_the_same_noun_pairs_with_a_word_around_it_in_common():
    a = mk("House members approved a $2.4 trillion budget resolution on Tuesday.", "Alpha")
    b = mk("House members approved a $3.5 trillion budget resolution and a $1 trillion road bill.", "Beta")
    val(a, "$2.4 trillion", "money", 2.4e12, unit="USD", attribute="budget")
    val(b, "$3.5 trillion", "money", 3.5e12, unit="USD", attribute="budget")
    val(b, "$1 trillion", "money", 1e12, unit="USD", attribute="road")
    found = figures_found(a, b)
    assert len(found) == 1
    assert {s.value for s in found[0].sides} == {"$2.4 trillion", "$3.5 trillion"}


def test_the_same_counted_noun_without_a_word_in_common_is_two_measures():
    a = mk("The labour market is still far from normal, down 6.8 million jobs on the year.", "Alpha")
    b = mk("Economists had expected that 700,000 jobs would be added by employers.", "Beta")
    val(a, "6.8 million jobs", "count", 6.8e6, unit="jobs")
    val(b, "700,000 jobs", "count", 7e5, unit="jobs")
    assert figures_found(a, b) == []


def _sum(value, attribute, context):
    return StoryFact(0, Fact(kind="amount", value=value, text=str(value), start=int(value), end=int(value) + 1,
                             sentence=0, attribute=attribute, unit="USD", context=context), None)


def test_one_lone_figure_picks_its_measure_among_several_only_when_one_clearly_fits():
    def same(x, y):
        return x.fact.value == y.fact.value

    one = _sum(2.4, "budget", ["house", "approved", "resolution"])
    budget = _sum(3.5, "budget", ["house", "resolution"])
    road = _sum(1.0, "road", ["bill", "house"])
    assert figure_pair([one], [budget, road], same) == (one, budget)
    assert figure_pair([budget, road], [one], same) == (budget, one)
    # look-alikes that must not pair: no measure in common and words around them that tie, or
    # too few words in common; two lone figures on each side (too much differs to tell)
    plan = _sum(3.5, "plan", ["house", "approved"])
    ports = _sum(1.0, "ports", ["house", "approved"])
    assert figure_pair([one], [plan, ports], same) is None
    assert figure_pair([one], [_sum(3.5, "plan", ["senate"]), _sum(1.0, "ports", ["house"])], same) is None
    assert figure_pair([one, _sum(7.0, "tax", [])], [budget, road], same) is None


# ------------------------------------------------------------------------------------------
# ages: whose age it is


def test_an_appositive_name_is_the_holder_not_the_common_noun_before_it():
    ann = mk("Barry Lund, 75, and his wife, Honey Lund, 66, were found at home.", "Alpha",
             ents=[("Barry Lund", "PERSON"), ("Honey Lund", "PERSON")])
    val(ann, "Barry Lund, 75", "age", 75.0, subject="Barry Lund", attribute="age", unit="years")
    val(ann, "Honey Lund, 66", "age", 66.0, subject="Honey Lund", attribute="age", unit="years")
    facts = extract_facts(ann.article.text, ann.sentences, ann.entities, ann.values, ann.times)
    assert {f.value: f.subject for f in facts if f.kind == "age"} == {75.0: "Barry Lund", 66.0: "Honey Lund"}
    # look-alike: an age right after a common noun, with no name in apposition, stays the noun's
    other = mk("Barry Lund said his wife, 66, was at home.", "Beta", ents=[("Barry Lund", "PERSON")])
    val(other, "66", "age", 66.0, subject="Barry Lund", attribute="age", unit="years")
    facts = extract_facts(other.article.text, other.sentences, other.entities, other.values, other.times)
    assert [f.subject for f in facts if f.kind == "age"] == ["wife"]


def test_an_age_after_a_surname_the_parser_missed_is_that_persons():
    import spacy

    from newsprism.nlp.values import extract_values

    text = ("Nurse Jacinta Saldo took the call. The call was taken by mother-of-two Saldo, 42, at "
            "the hospital. Dr. Oaks, 50, was not there.")
    doc = spacy.blank("en")(text)
    sents = mk(text, "Alpha").sentences
    mentions = [Mention(text.index("Jacinta Saldo"), text.index("Jacinta Saldo") + len("Jacinta Saldo"),
                        "Jacinta Saldo", "PERSON", 0)]

    def sentence_of(i):
        return next(k for k, s in enumerate(sents) if s.start <= i < s.end)

    ages = [v for v in extract_values(doc, text, mentions, [], sents, sentence_of, {}) if v.kind == "age"]
    # "Oaks" is no surname of a person the article names: not an age found this way
    assert [(v.value, v.subject) for v in ages] == [(42.0, "Jacinta Saldo")]


def test_a_bare_surname_takes_the_one_full_name_with_that_surname_whose_age_is_given():
    a = mk("Fabio Renti, 49, was found dead on Monday at his home.", "Alpha",
           ents=[("Fabio Renti", "PERSON"), ("Mirella Renti", "PERSON")])
    b = mk("Renti, who was 53 years old, trained thousands of stylists. His wife Mirella Renti "
           "thanked them.", "Beta", ents=[("Renti", "PERSON"), ("Mirella Renti", "PERSON")])
    val(a, "Fabio Renti, 49", "age", 49.0, subject="Fabio Renti", attribute="age", unit="years")
    val(b, "53 years old", "age", 53.0, subject="Renti", attribute="age", unit="years")
    found = [f for f in fact_contradictions(build_context([a, b], OPT)) if f.kind == "age"]
    assert len(found) == 1 and {s.value for s in found[0].sides} == {"Fabio Renti, 49", "53 years old"}
    # look-alike: two people of that surname with ages (a couple): the bare surname is neither's
    c = mk("Barry Lund, 75, and his wife, Honey Lund, 66, were found on Friday.", "Gamma",
           ents=[("Barry Lund", "PERSON"), ("Honey Lund", "PERSON")])
    d = mk("Lund, who was 70, had given millions to hospitals.", "Delta", ents=[("Lund", "PERSON")])
    val(c, "Barry Lund, 75", "age", 75.0, subject="Barry Lund", attribute="age", unit="years")
    val(c, "Honey Lund, 66", "age", 66.0, subject="Honey Lund", attribute="age", unit="years")
    val(d, "70", "age", 70.0, subject="Lund", attribute="age", unit="years")
    assert [f for f in fact_contradictions(build_context([c, d], OPT)) if f.kind == "age"] == []


def test_the_one_figure_of_two_neighbouring_sentences_that_name_the_same_actor_pairs():
    a = mk("Shareholders of Corvex protested on Thursday against a 16 per cent pay rise for chief "
           "executive Dana Holt.", "Alpha", ents=[("Corvex", "ORG"), ("Dana Holt", "PERSON")])
    b = mk("Corvex shareholders oppose handing chief executive Dana Holt a 20 percent increase in "
           "pay.", "Beta", ents=[("Corvex", "ORG"), ("Dana Holt", "PERSON")])
    val(a, "16 per cent", "percent", 16.0, unit="%", attribute="rise")
    val(b, "20 percent", "percent", 20.0, unit="%", attribute="increase")
    found = figures_found(a, b)
    assert len(found) == 1 and {s.value for s in found[0].sides} == {"16 per cent", "20 percent"}
    # look-alikes: no actor in common; or another figure that differs too (two claims)
    c = mk("Shareholders protested on Thursday against a 16 per cent pay rise for the chief "
           "executive.", "Gamma")
    assert figures_found(c, b) == []
    d = mk("Corvex shareholders say the vaccine of Dana Holt stays 90% effective for at least six "
           "months.", "Delta", ents=[("Corvex", "ORG"), ("Dana Holt", "PERSON")])
    e = mk("Corvex shareholders say the vaccine of Dana Holt falls below 50% after five months.",
           "Epsilon", ents=[("Corvex", "ORG"), ("Dana Holt", "PERSON")])
    val(d, "90%", "percent", 90.0, unit="%")
    val(d, "six months", "duration", 182.6, unit="days", approximate=True)
    val(e, "50%", "percent", 50.0, unit="%")
    val(e, "five months", "duration", 152.2, unit="days")
    assert [f for f in figures_found(d, e) if f.kind == "duration"] == []


def test_an_age_range_gives_both_ends_as_ages_of_the_group():
    import spacy

    from newsprism.nlp.values import extract_values

    text = ("The firm asked to vaccinate children ages 5 to 11 this fall. People aged 18-64 may "
            "book now. The score was 5 to 11 at the break.")
    doc = spacy.blank("en")(text)
    sents = mk(text, "Alpha").sentences

    def sentence_of(i):
        return next(k for k, s in enumerate(sents) if s.start <= i < s.end)

    ages = [(v.text, v.subject) for v in extract_values(doc, text, [], [], sents, sentence_of, {})
            if v.kind == "age"]
    # look-alike: "5 to 11" with no "ages" before it is no age
    assert ages == [("5", "children"), ("11", "children"), ("18", "people"), ("64", "people")]


def test_a_total_and_a_daily_average_of_one_subject_are_two_measures():
    a = mk("Norland has logged 40 million cases since the start of the outbreak, officials said.", "Alpha",
           ents=[("Norland", "GPE")])
    b = mk("Norland is averaging 137,000 new daily cases, officials said on the outbreak.", "Beta",
           ents=[("Norland", "GPE")])
    val(a, "40 million cases", "count", 4e7, unit="cases", subject="Norland")
    val(b, "137,000 new daily cases", "count", 137000.0, unit="cases", subject="Norland")
    assert figures_found(a, b) == []
    # the same kind of period (both totals) does pair
    c = mk("Norland has logged 52 million cases since the start of the outbreak, officials said.", "Gamma",
           ents=[("Norland", "GPE")])
    val(c, "52 million cases", "count", 5.2e7, unit="cases", subject="Norland")
    found = figures_found(a, c)
    assert len(found) == 1 and {s.value for s in found[0].sides} == {"40 million cases", "52 million cases"}
