"""Quote grouping across outlets (hand-built inputs)."""
from __future__ import annotations

from annotated_builder import mk

from newsprism.compare.entities import resolve_entities
from newsprism.compare.quotes import (group_quotes, is_reworded, normalize_quote, quote_similarity,
                                      quotes_by_speaker)

P = "PERSON"
REFUSAL_A = "I am not going to walk away from this reservoir while the water is still rising"
REFUSAL_B = "I will not walk away from this reservoir while the water is still rising"
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


def test_same_statement_reworded_is_one_group_with_variants():
    story = _story()
    groups = group_quotes(story, resolve_entities(story))
    refusal = [g for g in groups if "walk away" in g.text]
    assert len(refusal) == 1
    g = refusal[0]
    assert g.speaker == "Dana Whitlock"
    assert g.reworded is True
    assert g.outlets == ["Harbor Daily", "Metro Post"]
    assert sorted(v.text for v in g.variants) == sorted([REFUSAL_A, REFUSAL_B])
    texts = {an.article.id: an.article.text for an in story}
    for v in g.variants:
        for e in v.evidence:
            assert texts[e.article][e.start:e.end] == e.text == v.text


def test_case_and_punctuation_do_not_make_a_rewording():
    story = _story()
    groups = group_quotes(story, resolve_entities(story))
    thanks = [g for g in groups if "loyal service" in g.text.lower()]
    assert len(thanks) == 1
    assert thanks[0].reworded is False
    assert thanks[0].speaker == "Omar Reyes"
    assert thanks[0].outlets == ["Harbor Daily", "Lake Radio", "Metro Post"]
    # the most widely carried group comes first
    assert groups[0] is thanks[0]


def test_short_quotes_only_group_when_identical():
    story = _story()
    groups = group_quotes(story, resolve_entities(story))
    final = [g for g in groups if g.text == "final"]
    assert len(final) == 1 and len(final[0].variants) == 1
    assert quote_similarity("final", "final decision") == 0.0


def test_different_statements_by_different_speakers_stay_apart():
    a = mk("\u201cThe gate will be repaired within a week, engineers say\u201d, Reyes said.", "Harbor Daily",
           ents=[("Reyes", P)], quotes=[("The gate will be repaired within a week, engineers say", "Reyes")])
    b = mk("\u201cThe gate cannot be repaired within a month, whatever engineers say\u201d, Whitlock said.",
           "Metro Post", ents=[("Whitlock", P)],
           quotes=[("The gate cannot be repaired within a month, whatever engineers say", "Whitlock")])
    groups = group_quotes([a, b], resolve_entities([a, b]))
    assert len(groups) == 2


def test_who_said_what():
    story = _story()
    by = quotes_by_speaker(group_quotes(story, resolve_entities(story)))
    assert list(by)[:2] == ["Omar Reyes", "Dana Whitlock"]
    assert len(by["Omar Reyes"]) == 2


def test_normalize_quote():
    assert normalize_quote("In three U.S. cities!") == normalize_quote("in three US cities")


def test_an_excerpt_is_not_a_rewording():
    full = "We are opening a new era of patient diplomacy with our partners"
    a = mk(f"\u201c{full},\u201d Reyes said.", "Harbor Daily", ents=[("Reyes", P)], quotes=[(full, "Reyes")])
    part = "a new era of patient diplomacy"
    b = mk(f"Reyes promised \u201c{part}\u201d.", "Metro Post", ents=[("Reyes", P)], quotes=[(part, "Reyes")])
    groups = group_quotes([a, b], resolve_entities([a, b]))
    assert len(groups) == 1 and len(groups[0].variants) == 2
    assert groups[0].reworded is False
    assert is_reworded(["a b c", "a b d"]) and not is_reworded(["a b c", "b c"])
