"""Single-slot substitutions between aligned sentences (compare/aligned.py).

Every sentence here is written for these tests (fiction); annotations are hand-built, no model.
"""
from __future__ import annotations

import numpy as np

from annotated_builder import mk
from newsprism.compare.aligned import (_tokens, aligned_slot_contradictions, name_variant_contradictions,
                                       single_slot)
from newsprism.compare.context import build_context
from newsprism.compare.contradictions import find_contradictions, split_findings
from newsprism.model import Value
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def detect(detector, anns, index=None, options=OPT):
    """One detector on a context built from ``anns`` (``index``: a prebuilt entity index)."""
    return detector(build_context(list(anns), options, entities=index))


def pair(detector, anns, index=None, options=OPT):
    """(contradictions, differences) of one detector."""
    c, d, _ = split_findings(detect(detector, anns, index, options))
    return c, d


class StubIndex:
    def __init__(self, names: dict[str, str]):
        self.names = names

    def canonical(self, name):
        return self.names.get(name, name)


def with_value(ann, written, kind, value, **extra):
    text = ann.article.text
    i = text.index(written)
    si = next(k for k, s in enumerate(ann.sentences) if s.start <= i < s.end)
    fields = dict(unit=None, subject=None, attribute=None, period=None, approximate=False)
    fields.update(extra)
    ann.values.append(Value(i, i + len(written), written, kind, value, sentence=si, **fields))
    return ann


def run(*anns, index=None):
    return pair(aligned_slot_contradictions, anns, index, OPT)


def check_evidence(con, *anns):
    texts = {a.article.id: a.article.text for a in anns}
    for side in con.sides:
        assert side.evidence
        for ev in side.evidence:
            assert texts[ev.article][ev.start:ev.end] == ev.text
            assert side.value in ev.text


# ------------------------------------------------------------------------------------------
# each slot kind is found

BRIDGE = "The county engineers closed the old Kestrel bridge to trucks {} after cracks appeared in a pier."
PLACE = "Investigators said the stolen ferry was found abandoned near {} by a fisherman late in the evening."
NAME = "The school board named {} as the interim principal of the riverside academy for the spring term."


def test_number_slot():
    a = with_value(mk("Road crews repaired 42 potholes along the coastal highway during the storm cleanup week.",
                      "Alpha"), "42 potholes", "count", 42.0)
    b = with_value(mk("Road crews repaired 57 potholes along the coastal highway during the storm cleanup week.",
                      "Beta"), "57 potholes", "count", 57.0)
    cs, ds = run(a, b)
    assert [c.kind for c in cs] == ["count"] and not ds
    assert sorted(s.value for s in cs[0].sides) == ["42", "57"]
    assert sorted(s.normalized for s in cs[0].sides) == [42.0, 57.0]
    check_evidence(cs[0], a, b)


def test_number_slot_without_value_record():
    a = mk("Road crews repaired 42 potholes along the coastal highway during the storm cleanup week.", "Alpha")
    b = mk("Road crews repaired 57 potholes along the coastal highway during the storm cleanup week.", "Beta")
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["number"]


def test_weekday_slot():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha")
    b = mk(BRIDGE.format("on Friday"), "Beta")
    cs, ds = run(a, b)
    assert [c.kind for c in cs] == ["date"] and not ds
    assert sorted(s.value for s in cs[0].sides) == ["Friday", "Tuesday"]
    check_evidence(cs[0], a, b)


def test_month_slot():
    a = mk(BRIDGE.format("in October"), "Alpha")
    b = mk(BRIDGE.format("in November"), "Beta")
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["date"]


def test_place_slot():
    a = mk(PLACE.format("Port Ellery"), "Alpha", ents=[("Port Ellery", "GPE")])
    b = mk(PLACE.format("Saltmarsh"), "Beta", ents=[("Saltmarsh", "GPE")])
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["place"]
    assert sorted(s.value for s in cs[0].sides) == ["Port Ellery", "Saltmarsh"]
    check_evidence(cs[0], a, b)


def test_name_slot():
    a = mk(NAME.format("Odile Farrant"), "Alpha", ents=[("Odile Farrant", "PERSON")])
    b = mk(NAME.format("Odile Ferrant"), "Beta", ents=[("Odile Ferrant", "PERSON")])
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["name"]
    assert sorted(s.value for s in cs[0].sides) == ["Farrant", "Ferrant"]


def test_negation_flip():
    a = mk("The harbor commission did approve the dredging contract after a closed session on the budget.",
           "Alpha")
    b = mk("The harbor commission did not approve the dredging contract after a closed session on the budget.",
           "Beta")
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["negation"]
    assert any("not" in s.value for s in cs[0].sides)
    check_evidence(cs[0], a, b)


def test_antonym_swap():
    a = mk("Ticket sales at the northern ferry terminal rose sharply in the weeks after the fare change.", "Alpha")
    b = mk("Ticket sales at the northern ferry terminal fell sharply in the weeks after the fare change.", "Beta")
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["negation"]
    assert sorted(s.value for s in cs[0].sides) == ["fell", "rose"]


def test_antonyms_come_from_the_one_list_in_any_inflection():
    # "rising" / "falling" and "legal" / "illegal": pairs of newsprism.lexicon's one list
    a = mk("Port officials said the strike by the night crews was legal under the new harbor rules.", "Alpha")
    b = mk("Port officials said the strike by the night crews was illegal under the new harbor rules.", "Beta")
    cs, _ = run(a, b)
    assert [sorted(s.value for s in c.sides) for c in cs] == [["illegal", "legal"]]
    c = mk("Ticket sales at the northern ferry terminal kept rising in the weeks after the fare change.", "Alpha")
    d = mk("Ticket sales at the northern ferry terminal kept falling in the weeks after the fare change.", "Beta")
    cs, _ = run(c, d)
    assert [sorted(s.value for s in x.sides) for x in cs] == [["falling", "rising"]]


def test_majority_side_first_with_three_outlets():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha")
    b = mk(BRIDGE.format("on Tuesday"), "Beta")
    c = mk(BRIDGE.format("on Friday"), "Gamma")
    cs, _ = run(a, b, c)
    assert len(cs) == 1
    assert cs[0].sides[0].value == "Tuesday" and cs[0].sides[0].outlets == ["Alpha", "Beta"]
    assert cs[0].sides[1].outlets == ["Gamma"]


def test_rewrite_with_a_lead_in_and_a_far_word_swap_still_aligns():
    a = with_value(mk("Tomas Reyes, 43, of Millbrook said he waited four hours at the gate after the incident.",
                      "Alpha", ents=[("Tomas Reyes", "PERSON")]), "43", "age", 43.0)
    b = with_value(mk("A ferry passenger, Tomas Reyes, 34, of Millbrook said he waited four hours at the gate "
                      "after the outage.", "Beta", ents=[("Tomas Reyes", "PERSON")]), "34", "age", 34.0)
    cs, _ = run(a, b)
    assert [c.kind for c in cs] == ["age"] and cs[0].subject == "Tomas Reyes"
    assert sorted(s.value for s in cs[0].sides) == ["34", "43"]


# ------------------------------------------------------------------------------------------
# guardrails


def test_a_changed_word_next_to_the_figure_changes_what_it_counts():
    a = mk("Hospital officials said 43 people were killed when the grain silo collapsed near the rail yard.", "Alpha")
    b = mk("Hospital officials said 33 people were injured when the grain silo collapsed near the rail yard.", "Beta")
    assert run(a, b) == ([], [])
    c = mk("Hospital officials said 33 people were seriously injured when the grain silo collapsed near the rail yard.",
           "Gamma")
    d = mk("Hospital officials said 43 people were injured when the grain silo collapsed near the rail yard.", "Delta")
    assert run(c, d) == ([], [])


def test_paraphrase_with_no_changed_fact():
    a = mk("The county engineers closed the old Kestrel bridge to trucks on Tuesday after cracks appeared.",
           "Alpha")
    b = mk("The county engineers shut the old Kestrel bridge to heavy trucks on Tuesday when cracks appeared.",
           "Beta")
    c = mk("On Tuesday the old Kestrel bridge was closed to trucks by county engineers after cracks appeared.",
           "Gamma")
    assert run(a, b, c) == ([], [])


def test_identical_sentences_are_not_a_contradiction():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha")
    b = mk(BRIDGE.format("on Tuesday"), "Beta")
    assert run(a, b) == ([], [])


def test_two_changed_slots_are_not_one_fact():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha")
    b = mk(BRIDGE.format("on Friday").replace("trucks", "buses"), "Beta")
    assert run(a, b) == ([], [])


def test_syndicated_copy_is_not_an_independent_source():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha", aid="orig")
    b = mk(BRIDGE.format("on Friday"), "Beta", duplicate_of="orig")
    assert run(a, b) == ([], [])
    c = mk(BRIDGE.format("on Friday"), "Alpha")  # the same outlet twice is one source too
    assert run(a, c) == ([], [])


def test_rounding_is_not_a_contradiction():
    a = with_value(mk("Officials said about 1,200 people left the island before the ferry service stopped.",
                      "Alpha"), "1,200 people", "count", 1200.0, approximate=True)
    b = with_value(mk("Officials said about 1,150 people left the island before the ferry service stopped.",
                      "Beta"), "1,150 people", "count", 1150.0)
    assert run(a, b) == ([], [])


def test_different_period_is_a_difference():
    s = "The port authority said {} containers passed through the eastern terminal in the period under review."
    a = with_value(mk(s.format("8,000"), "Alpha"), "8,000 containers", "count", 8000.0, period="2024-05")
    b = with_value(mk(s.format("96,000"), "Beta"), "96,000 containers", "count", 96000.0, period="fiscal year 2024")
    cs, ds = run(a, b)
    assert cs == [] and [d.kind for d in ds] == ["different-period"]


def test_later_update_is_a_difference_not_a_contradiction():
    s = "Rescue officials said {} people were killed when the landslide struck the mountain village overnight."
    a = with_value(mk(s.format("12"), "Alpha", published="2025-03-16"), "12 people", "count", 12.0)
    b = with_value(mk(s.format("31"), "Beta", published="2025-03-18"), "31 people", "count", 31.0)
    cs, ds = run(a, b)
    assert cs == [] and [d.kind for d in ds] == ["different-time"]
    assert sorted(s.value for s in ds[0].sides) == ["12", "31"]


def test_alias_known_to_the_entity_index_is_not_a_new_finding():
    a = mk(NAME.format("Odile Farrant"), "Alpha", ents=[("Odile Farrant", "PERSON")])
    b = mk(NAME.format("Odile Ferrant"), "Beta", ents=[("Odile Ferrant", "PERSON")])
    index = StubIndex({"Farrant": "Odile Farrant", "Ferrant": "Odile Farrant",
                       "Odile Ferrant": "Odile Farrant"})
    assert run(a, b, index=index) == ([], [])


def test_place_the_other_article_also_names_is_not_a_contradiction():
    a = mk(PLACE.format("Port Ellery") + " Saltmarsh residents joined the search.", "Alpha",
           ents=[("Port Ellery", "GPE"), ("Saltmarsh", "GPE")])
    b = mk(PLACE.format("Saltmarsh"), "Beta", ents=[("Saltmarsh", "GPE")])
    assert run(a, b) == ([], [])


def test_capitalised_words_that_are_not_names_are_ignored():
    a = mk(BRIDGE.format("on Tuesday").replace("Kestrel", "Heron"), "Alpha")
    b = mk(BRIDGE.format("on Tuesday"), "Beta")
    assert run(a, b) == ([], [])


def test_slot_inside_a_quote_is_left_to_the_quotes_stage():
    s = "The mayor said \u201cwe will reopen the Kestrel bridge to trucks by {} at the very latest\u201d on the radio."
    a = mk(s.format("Tuesday"), "Alpha")
    b = mk(s.format("Friday"), "Beta")
    assert run(a, b) == ([], [])


def test_one_article_giving_both_values_is_not_a_contradiction():
    a = mk(BRIDGE.format("on Tuesday") + " " + BRIDGE.format("on Friday"), "Alpha")
    b = mk(BRIDGE.format("on Friday"), "Beta")
    assert run(a, b) == ([], [])


def test_dissimilar_vectors_block_alignment():
    a = mk(BRIDGE.format("on Tuesday"), "Alpha")
    b = mk(BRIDGE.format("on Friday"), "Beta")
    a.vectors = np.array([[1.0, 0.0]])
    b.vectors = np.array([[0.0, 1.0]])
    assert pair(aligned_slot_contradictions, [a, b], None, Options(use_embeddings=True)) == ([], [])
    b.vectors = np.array([[0.99, 0.1]])
    cs, _ = pair(aligned_slot_contradictions, [a, b], None, Options(use_embeddings=True))
    assert [c.kind for c in cs] == ["date"]


def test_single_slot_ignores_stop_word_changes():
    x = "The county engineers closed the old Kestrel bridge to trucks after cracks appeared in a pier."
    y = "County engineers closed the old Kestrel bridge to trucks after the cracks appeared in the pier."
    assert single_slot(_tokens(x, 0, len(x)), _tokens(y, 0, len(y)), x, y) is None


# ------------------------------------------------------------------------------------------
# the hook in find_contradictions


def test_find_contradictions_reports_the_slot_once():
    a = mk(PLACE.format("Port Ellery"), "Alpha", ents=[("Port Ellery", "GPE")])
    b = mk(PLACE.format("Saltmarsh"), "Beta", ents=[("Saltmarsh", "GPE")])
    cs, _, _ = find_contradictions([a, b], None, OPT)
    places = [c for c in cs if c.kind == "place"]
    assert len(places) == 1
    assert sorted(s.value for s in places[0].sides) == ["Port Ellery", "Saltmarsh"]


# ------------------------------------------------------------------------------------------
# surnames one letter apart


def _people(*texts):
    return [mk(t, f"Outlet{k}", ents=[(n, "PERSON") for n in ("Odile Farrant", "Odile Ferrant", "Odile Farran",
                                                                 "Paul Ferrant", "Odile Forrand")])
            for k, t in enumerate(texts)]


def test_surname_one_letter_apart_is_a_name_contradiction():
    a, b, c = _people("Odile Farrant chaired the harbor board for six years.",
                      "The board was chaired by Odile Farrant until spring.",
                      "Odile Ferrant left the harbor board in the spring.")
    cs = detect(name_variant_contradictions, [a, b, c], StubIndex({}), OPT)  # an index that knows neither
    assert len(cs) == 1 and cs[0].kind == "name" and cs[0].subject == "Odile Farrant"
    assert [s.value for s in cs[0].sides] == ["Farrant", "Ferrant"]
    assert cs[0].sides[0].outlets == ["Outlet0", "Outlet1"] and cs[0].sides[1].outlets == ["Outlet2"]
    check_evidence(cs[0], a, b, c)
    # with the story's own entity clusters the misspelling is found there too: reported once
    cs, _, _ = find_contradictions([a, b, c], None, OPT)
    names = [c for c in cs if c.kind == "name"]
    assert len(names) == 1 and {s.value for s in names[0].sides} == {"Farrant", "Ferrant"}


def test_surname_guardrails():
    # a different first name: possibly another person
    assert detect(name_variant_contradictions, _people("Odile Farrant chaired the board.",
                                               "Paul Ferrant left the board.")) == []
    # two letters apart or a different length: two family names
    assert detect(name_variant_contradictions, _people("Odile Farrant chaired the board.",
                                               "Odile Forrand left the board.")) == []
    assert detect(name_variant_contradictions, _people("Odile Farrant chaired the board.",
                                               "Odile Farran left the board.")) == []
    # both spellings each used by two independent sources: no single outlet's slip
    assert detect(name_variant_contradictions, _people("Odile Farrant chaired the board.", "Odile Farrant spoke.",
                                               "Odile Ferrant left the board.", "Odile Ferrant spoke."),
                                       None, OPT) == []
    # the entity index already treats both as one entity
    index = StubIndex({"Odile Ferrant": "Odile Farrant"})
    assert detect(name_variant_contradictions, _people("Odile Farrant chaired the board.",
                                               "Odile Ferrant left the board."), index, OPT) == []
    # a syndicated copy is not a second source for the rare form... nor an independent one at all
    a = mk("Odile Farrant chaired the board.", "Alpha", ents=[("Odile Farrant", "PERSON")], aid="x1")
    b = mk("Odile Ferrant chaired the board.", "Beta", ents=[("Odile Ferrant", "PERSON")], duplicate_of="x1")
    assert detect(name_variant_contradictions, [a, b], None, OPT) == []


def test_a_doubled_letter_written_once_is_a_misspelling_too():
    a, b, c = [mk(t, f"Outlet{k}", ents=[(n, "PERSON") for n in ("Odile Farrant", "Odile Farant")])
               for k, t in enumerate(("Odile Farrant chaired the harbor board for six years.",
                                      "The board was chaired by Odile Farrant until spring.",
                                      "Odile Farant left the harbor board in the spring."))]
    cs = detect(name_variant_contradictions, [a, b, c], StubIndex({}), OPT)
    assert len(cs) == 1 and [s.value for s in cs[0].sides] == ["Farrant", "Farant"]
