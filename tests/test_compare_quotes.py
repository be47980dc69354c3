"""Quote grouping across outlets and quote-wording contradictions (hand-built inputs, our own text)."""
from __future__ import annotations

from annotated_builder import mk

from newsprism.compare.entities import resolve_entities
from newsprism.compare.quotes import (group_quotes, normalize_quote, quote_wording_contradictions,
                                      quotes_by_speaker)

P = "PERSON"
REFUSAL_A = "I am not going to walk away from this reservoir while the water is still rising"
REFUSAL_B = "I will not walk away from Lake Orrin while the water is still rising"
THANKS = "She has given the authority years of loyal service, and I thank her for it"


def _story():
    a = mk(f"Dana Whitlock refused to go. \u201c{REFUSAL_A},\u201d Whitlock said. "
           f"Minister Omar Reyes said: \u201c{THANKS}.\u201d", "Harbor Daily",
           ents=[("Dana Whitlock", P), ("Whitlock", P), ("Omar Reyes", P)],
           quotes=[(REFUSAL_A, "Whitlock"), (THANKS, "Omar Reyes")])
    b = mk(f"\u201c{REFUSAL_B},\u201d said Ms Whitlock. Reyes said the choice was \u201cfinal\u201d. "
           f"\u201c{THANKS.upper()}!\u201d Reyes said.", "Metro Post",
           ents=[("Whitlock", P), ("Reyes", P)],
           quotes=[(REFUSAL_B, "Ms Whitlock"), ("final", "Reyes"), (THANKS.upper(), "Reyes")])
    c = mk(f"Reyes said: \u201c{THANKS}.\u201d Dana Whitlock said nothing.", "Lake Radio",
           ents=[("Reyes", P), ("Dana Whitlock", P)], quotes=[(THANKS, "Reyes")])
    return [a, b, c]


def _groups(story):
    return group_quotes(story, resolve_entities(story))


def _flags(story, roots=None):
    return quote_wording_contradictions(_groups(story), roots)


def test_same_statement_reworded_is_one_group_with_variants():
    story = _story()
    groups = _groups(story)
    refusal = [g for g in groups if "walk away" in g.text]
    assert len(refusal) == 1
    g = refusal[0]
    assert g.speaker == "Dana Whitlock"
    assert g.reworded is True  # "this reservoir" / "Lake Orrin"
    assert g.outlets == ["Harbor Daily", "Metro Post"]
    assert sorted(v.text for v in g.variants) == sorted([REFUSAL_A, REFUSAL_B])
    texts = {an.article.id: an.article.text for an in story}
    for v in g.variants:
        for e in v.evidence:
            assert texts[e.article][e.start:e.end] == e.text == v.text


def test_case_and_punctuation_do_not_make_a_rewording():
    story = _story()
    groups = _groups(story)
    thanks = [g for g in groups if "loyal service" in g.text.lower()]
    assert len(thanks) == 1
    assert thanks[0].reworded is False
    assert thanks[0].speaker == "Omar Reyes"
    assert thanks[0].outlets == ["Harbor Daily", "Lake Radio", "Metro Post"]
    # the most widely carried group comes first
    assert groups[0] is thanks[0]


def test_short_quotes_only_group_when_identical():
    story = _story()
    final = [g for g in _groups(story) if g.text == "final"]
    assert len(final) == 1 and len(final[0].variants) == 1


def test_different_statements_by_different_speakers_stay_apart():
    a = mk("\u201cThe gate will be repaired within a week, engineers say\u201d, Reyes said.", "Harbor Daily",
           ents=[("Reyes", P)], quotes=[("The gate will be repaired within a week, engineers say", "Reyes")])
    b = mk("\u201cThe gate cannot be repaired within a month, whatever engineers say\u201d, Whitlock said.",
           "Metro Post", ents=[("Whitlock", P)],
           quotes=[("The gate cannot be repaired within a month, whatever engineers say", "Whitlock")])
    assert len(_groups([a, b])) == 2


def test_who_said_what():
    by = quotes_by_speaker(_groups(_story()))
    assert list(by)[:2] == ["Omar Reyes", "Dana Whitlock"]
    assert len(by["Omar Reyes"]) == 2


def test_normalize_quote():
    assert normalize_quote("In three U.S. cities!") == normalize_quote("in three US cities")


# ------------------------------------------------------------------------------------------
# what is not a rewording


def test_an_excerpt_is_not_a_rewording():
    full = "We are opening a new era of patient diplomacy with our partners"
    a = mk(f"\u201c{full},\u201d Reyes said.", "Harbor Daily", ents=[("Reyes", P)], quotes=[(full, "Reyes")])
    part = "a new era of patient diplomacy"
    b = mk(f"Reyes promised \u201c{part}\u201d.", "Metro Post", ents=[("Reyes", P)], quotes=[(part, "Reyes")])
    groups = _groups([a, b])
    assert len(groups) == 1 and len(groups[0].variants) == 2
    assert groups[0].reworded is False
    assert quote_wording_contradictions(groups) == []


FIRST = "The levee held through the night because our crews never stopped working"
SECOND = "Every family on Mill Street will be back in their homes before the end of the month"
WHOLE = f"{FIRST}, and I can tell you that {SECOND[0].lower()}{SECOND[1:]}"


def test_a_quote_in_pieces_is_the_same_wording_as_the_whole():
    a = mk(f"\u201c{FIRST},\u201d Reyes said. \u201c{SECOND}.\u201d", "Harbor Daily",
           ents=[("Reyes", P)], quotes=[(FIRST, "Reyes"), (SECOND, "Reyes")])
    b = mk(f"Reyes said: \u201c{WHOLE}.\u201d", "Metro Post", ents=[("Reyes", P)], quotes=[(WHOLE, "Reyes")])
    joined = f"{FIRST} \u2026 {SECOND[0].lower()}{SECOND[1:]}"
    c = mk(f"Reyes said: \u201c{joined}.\u201d", "Lake Radio", ents=[("Reyes", P)], quotes=[(joined, "Reyes")])
    joined_bare = f"{FIRST} and {SECOND[0].lower()}{SECOND[1:]}"  # no ellipsis either
    d = mk(f"Reyes said: \u201c{joined_bare}.\u201d", "Valley FM", ents=[("Reyes", P)],
           quotes=[(joined_bare, "Reyes")])
    groups = _groups([a, b, c, d])
    assert len(groups) == 1
    g = groups[0]
    assert g.outlets == ["Harbor Daily", "Lake Radio", "Metro Post", "Valley FM"]
    assert g.reworded is False
    assert quote_wording_contradictions(groups) == []


def test_dashes_contractions_compounds_and_numbers_are_one_wording():
    one = ("I'd tell the work force \u2014 all 5 hundred of them \u2014 that we won't close the plant "
           "and it's not for sale")
    two = ("I would tell the workforce _ all five hundred of them _ that we will not close the plant "
           "and it is not for sale")
    three = ("I\u2019d tell the work-force -- all five hundred of them -- that we won\u2019t close the "
             "plant, and it\u2019s not for sale")
    arts = [mk(f"Reyes said: \u201c{q}.\u201d", outlet, ents=[("Reyes", P)], quotes=[(q, "Reyes")])
            for q, outlet in ((one, "Harbor Daily"), (two, "Metro Post"), (three, "Lake Radio"))]
    groups = _groups(arts)
    assert len(groups) == 1 and groups[0].reworded is False
    assert quote_wording_contradictions(groups) == []


def test_censored_words_match_the_word_they_hide():
    q = "It was a {} disgrace and the board knew it for years"
    arts = [mk(f"Whitlock said: \u201c{q.format(w)}.\u201d", outlet, ents=[("Whitlock", P)],
               quotes=[(q.format(w), "Whitlock")])
            for w, outlet in (("fucking", "Harbor Daily"), ("f---ing", "Metro Post"),
                              ("f***ing", "Lake Radio"), ("[expletive]", "Valley FM"))]
    groups = _groups(arts)
    assert len(groups) == 1 and len(groups[0].outlets) == 4
    assert groups[0].reworded is False
    assert quote_wording_contradictions(groups) == []


def test_inflections_and_typos_are_not_rewordings():
    a_q = "She still looked at him like her knight in shining armor after all the years of the war"
    b_q = "She still looked at him like her knight in shinning armour after all the year of the war"
    a = mk(f"Venn said: \u201c{a_q}.\u201d", "Harbor Daily", ents=[("Venn", P)], quotes=[(a_q, "Venn")])
    b = mk(f"Venn said: \u201c{b_q}.\u201d", "Metro Post", ents=[("Venn", P)], quotes=[(b_q, "Venn")])
    groups = _groups([a, b])
    assert len(groups) == 1 and groups[0].reworded is False


def test_two_statements_of_one_speaker_are_not_grouped_or_flagged():
    one = "The gate will be repaired within a week and the road to Ashby reopened by Friday"
    two = "The gate will be replaced next year once the assembly passes the new budget"
    a = mk(f"Reyes said: \u201c{one}.\u201d", "Harbor Daily", ents=[("Reyes", P)], quotes=[(one, "Reyes")])
    b = mk(f"Reyes said: \u201c{two}.\u201d", "Metro Post", ents=[("Reyes", P)], quotes=[(two, "Reyes")])
    groups = _groups([a, b])
    assert len(groups) == 2 and not any(g.reworded for g in groups)
    assert quote_wording_contradictions(groups) == []


def test_one_statement_said_on_two_days_is_two_occasions():
    one = "We will reopen the harbour road to every resident within a week"
    two = "We will reopen the harbour road to every resident within a month"
    a = mk(f"On Monday, Reyes said: \u201c{one}.\u201d", "Harbor Daily", ents=[("Reyes", P)],
           quotes=[(one, "Reyes")], times=[("Monday", "2025-03-10", "day")])
    b = mk(f"On Thursday, Reyes said: \u201c{two}.\u201d", "Metro Post", ents=[("Reyes", P)],
           quotes=[(two, "Reyes")], times=[("Thursday", "2025-03-13", "day")])
    groups = _groups([a, b])
    assert len(groups) == 2
    assert quote_wording_contradictions(groups) == []
    # the same two wordings on one day are one statement, quoted in different words
    b2 = mk(f"On Monday, Reyes said: \u201c{two}.\u201d", "Metro Post", ents=[("Reyes", P)],
            quotes=[(two, "Reyes")], times=[("Monday", "2025-03-10", "day")])
    assert len(_flags([a, b2])) == 1


def test_an_article_quoting_both_wordings_is_no_contradiction():
    long_q = "We tried to reach the family on no fewer than five occasions last week"
    a = mk(f"Reyes said: \u201c{long_q}.\u201d", "Harbor Daily", ents=[("Reyes", P)], quotes=[(long_q, "Reyes")])
    short_q = "on no fewer than five times"
    b = mk(f"Reyes said: \u201c{long_q}.\u201d Later he spoke of trying \u201c{short_q}\u201d.", "Metro Post",
           ents=[("Reyes", P)], quotes=[(long_q, "Reyes"), (short_q, "Reyes")])
    assert _flags([a, b]) == []


# ------------------------------------------------------------------------------------------
# what is a rewording, with its evidence


def test_one_content_word_replaced_is_flagged_with_its_spans_and_outlets():
    story = _story()
    flags = _flags(story)
    assert len(flags) == 1
    c = flags[0]
    assert c.kind == "quote" and c.subject == "Dana Whitlock" and c.attribute == "wording of a quote"
    texts = {an.article.id: an.article.text for an in story}
    by_outlet = {tuple(s.outlets): s for s in c.sides}
    assert set(by_outlet) == {("Harbor Daily",), ("Metro Post",)}
    harbor, metro = by_outlet[("Harbor Daily",)], by_outlet[("Metro Post",)]
    assert harbor.value == REFUSAL_A and metro.value == REFUSAL_B
    assert harbor.articles == [story[0].article.id] and metro.articles == [story[1].article.id]
    # the replaced words first, then the whole quote, each a real span of its own article
    assert [e.text for e in harbor.evidence] == ["this reservoir", REFUSAL_A]
    assert [e.text for e in metro.evidence] == ["Lake Orrin", REFUSAL_B]
    for s in c.sides:
        for e in s.evidence:
            assert texts[e.article][e.start:e.end] == e.text
    assert "this reservoir" in c.explanation and "Lake Orrin" in c.explanation


def test_three_outlets_two_wordings_make_one_contradiction_with_two_sides():
    q = "Our engineers have lowered the reservoir by two metres since {} and the dam is safe"
    arts = [mk(f"Whitlock said: \u201c{q.format(day)}.\u201d", outlet, ents=[("Whitlock", P)],
               quotes=[(q.format(day), "Whitlock")])
            for day, outlet in (("Monday", "Harbor Daily"), ("Monday", "Lake Radio"), ("Sunday", "Metro Post"))]
    flags = _flags(arts)
    assert len(flags) == 1
    sides = {s.normalized: s for s in flags[0].sides}
    assert sides["monday"].outlets == ["Harbor Daily", "Lake Radio"]
    assert sides["sunday"].outlets == ["Metro Post"]
    assert [e.text for e in sides["monday"].evidence[:2]] == ["Monday", "Monday"]


def test_a_negation_added_inside_a_quote_is_flagged():
    one = "We will close the Ashby Ford shelter before the weekend"
    two = "We will not close the Ashby Ford shelter before the weekend"
    a = mk(f"Venn said: \u201c{one}.\u201d", "Harbor Daily", ents=[("Venn", P)], quotes=[(one, "Venn")])
    b = mk(f"Venn said: \u201c{two}.\u201d", "Metro Post", ents=[("Venn", P)], quotes=[(two, "Venn")])
    flags = _flags([a, b])
    assert len(flags) == 1
    assert sorted(s.evidence[0].text for s in flags[0].sides) == ["will close", "will not close"]


def test_syndicated_copies_are_never_compared():
    one = "Every family on Mill Street will be back in their homes before the end of the month"
    two = "Every family on Mill Street will be back in their houses before the end of the month"
    a = mk(f"Venn said: \u201c{one}.\u201d", "Harbor Daily", ents=[("Venn", P)], quotes=[(one, "Venn")], aid="a1")
    b = mk(f"Venn said: \u201c{two}.\u201d", "Metro Post", ents=[("Venn", P)], quotes=[(two, "Venn")],
           aid="b1", duplicate_of="a1")
    groups = _groups([a, b])
    assert len(groups) == 1 and groups[0].reworded is False  # a copy, by its duplicate link
    assert quote_wording_contradictions(groups, {"a1": "a1", "b1": "a1"}) == []
    # the same two wordings from independent sources are a rewording
    c = mk(f"Venn said: \u201c{two}.\u201d", "Metro Post", ents=[("Venn", P)], quotes=[(two, "Venn")], aid="c1")
    flags = quote_wording_contradictions(_groups([a, c]), {"a1": "a1", "c1": "c1"})
    assert len(flags) == 1 and sorted(s.evidence[0].text for s in flags[0].sides) == ["homes", "houses"]
