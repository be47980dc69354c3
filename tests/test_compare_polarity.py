"""The same event told the other way (compare/polarity.py): negation, opposite words and swapped
names between best-aligned sentences of independent sources, and the paraphrases that must not
fire.  Every sentence here is written for these tests (fiction); annotations are hand-built."""
from __future__ import annotations

from annotated_builder import mk
from newsprism.compare.context import build_context
from newsprism.compare.contradictions import DETECTORS, find_contradictions
from newsprism.compare.polarity import event_contradictions
from newsprism.lexicon import stem
from newsprism.options import Options

OPT = Options(use_embeddings=False)
TAIL = " Officials will meet again next month to review the case."


def run(*anns):
    return event_contradictions(build_context(list(anns), OPT))


def values(found):
    return [sorted(s.value for s in f.sides) for f in found]


def check_evidence(found, *anns):
    texts = {a.article.id: a.article.text for a in anns}
    for f in found:
        assert len({a for s in f.sides for a in s.articles}) == 2
        for side in f.sides:
            for ev in side.evidence:
                assert texts[ev.article][ev.start:ev.end] == ev.text and side.value in ev.text
            for aid, s, e in side.anchors:
                assert texts[aid][s:e] == side.value  # the exact compared words


def test_negation_inserted_is_a_contradiction_with_both_spans():
    a = mk("The former mayor of Linden pleaded guilty to fraud charges in federal court." + TAIL, "Ledger")
    b = mk("The former mayor of Linden pleaded not guilty to fraud charges in federal court." + TAIL, "Courier")
    found = run(a, b)
    assert values(found) == [["guilty", "not guilty"]] and found[0].kind == "negation"
    check_evidence(found, a, b)


def test_opposite_verb_is_a_contradiction():
    a = mk("Ticket sales at the Harbor theater rose sharply in the third quarter." + TAIL, "Ledger")
    b = mk("Ticket sales at the Harbor theater fell sharply in the third quarter." + TAIL, "Courier")
    found = run(a, b)
    assert values(found) == [["fell", "rose"]]
    check_evidence(found, a, b)


def test_two_negations_cancel_did_not_deny_is_confirmed():
    a = mk("The finance minister did not deny that the budget talks with the unions had collapsed." + TAIL,
           "Ledger")
    b = mk("The finance minister confirmed that the budget talks with the unions had collapsed." + TAIL,
           "Courier")
    assert run(a, b) == []


def test_a_quote_and_its_reported_paraphrase_do_not_fire():
    a = mk("\u201cWe will not close the Elm Street clinic this winter,\u201d the health director said."
           + TAIL, "Ledger")
    b = mk("The health director said the city would not close the Elm Street clinic this winter." + TAIL,
           "Courier")
    c = mk("The health director promised to keep the Elm Street clinic open this winter." + TAIL, "Post")
    assert run(a, b) == [] and run(a, c) == [] and run(b, c) == []


def test_refused_to_is_a_negation():
    a = mk("The embattled county sheriff refused to resign after the damning audit report." + TAIL, "Ledger")
    b = mk("The embattled county sheriff did not resign after the damning audit report." + TAIL, "Courier")
    c = mk("The embattled county sheriff resigned after the damning audit report." + TAIL, "Post")
    assert run(a, b) == []
    assert values(run(b, c)) == [["not resign", "resigned"]]
    assert values(run(a, c)) == [["refused to resign", "resigned"]]


def test_converse_words_with_the_sides_swapped_are_a_paraphrase():
    ents = [("Harbor United", "ORG"), ("Bay City", "ORG")]
    a = mk("Harbor United won the regional cup final against Bay City on Saturday night." + TAIL, "Ledger",
           ents=ents)
    b = mk("Bay City lost the regional cup final against Harbor United on Saturday night." + TAIL, "Courier",
           ents=ents)
    assert run(a, b) == []


def test_a_place_swapped_in_the_same_role_that_the_other_report_never_names():
    a = mk("Protesters gathered outside the Norwegian embassy in Lisbon on Sunday evening." + TAIL, "Ledger",
           ents=[("Lisbon", "GPE"), ("Norwegian", "NORP")])
    b = mk("Protesters gathered outside the Norwegian embassy in Porto on Sunday evening." + TAIL, "Courier",
           ents=[("Porto", "GPE"), ("Norwegian", "NORP")])
    found = run(a, b)
    assert values(found) == [["Lisbon", "Porto"]] and found[0].kind == "place"
    check_evidence(found, a, b)


def test_a_place_the_other_report_also_names_is_not_a_swap():
    ents = [("Lisbon", "GPE"), ("Porto", "GPE"), ("Norwegian", "NORP")]
    a = mk("Protesters gathered outside the Norwegian embassy in Lisbon on Sunday evening. "
           "Smaller crowds met in Porto." + TAIL, "Ledger", ents=ents)
    b = mk("Protesters gathered outside the Norwegian embassy in Porto on Sunday evening." + TAIL, "Courier",
           ents=ents)
    assert run(a, b) == []


def test_a_name_in_another_role_is_not_a_swap():
    a = mk("Investigators from Lisbon examined the damaged hull of the ferry on Tuesday." + TAIL, "Ledger",
           ents=[("Lisbon", "GPE")])
    b = mk("Investigators examined the damaged hull of the ferry from Porto on Tuesday." + TAIL, "Courier",
           ents=[("Porto", "GPE")])
    assert run(a, b) == []


def test_a_numbered_name_changed_is_a_swap():
    a = mk("The air force grounded its entire F-16 fleet after the crash near the base." + TAIL, "Ledger")
    b = mk("The air force grounded its entire F-35 fleet after the crash near the base." + TAIL, "Courier")
    assert values(run(a, b)) == [["F-16", "F-35"]]


def test_questions_conditions_and_one_source_never_fire():
    a = mk("If the council approves the harbor plan, the old pier will close in spring." + TAIL, "Ledger")
    b = mk("If the council rejects the harbor plan, the old pier will close in spring." + TAIL, "Courier")
    assert run(a, b) == []
    c = mk("The former mayor of Linden pleaded guilty to fraud charges in federal court." + TAIL, "Ledger")
    d = mk("The former mayor of Linden pleaded not guilty to fraud charges in federal court." + TAIL, "Ledger")
    assert run(c, d) == []  # one outlet: not two independent reports


def test_registered_and_reported_once():
    assert event_contradictions in DETECTORS
    a = mk("The former mayor of Linden pleaded guilty to fraud charges in federal court." + TAIL, "Ledger")
    b = mk("The former mayor of Linden pleaded not guilty to fraud charges in federal court." + TAIL, "Courier")
    contradictions, _, _ = find_contradictions([a, b], options=OPT)
    negations = [c for c in contradictions if c.kind == "negation"]
    assert len(negations) == 1


def test_stem_joins_inflections_pled_too():
    assert stem("pleaded") == stem("pleads") == stem("pleading") == stem("plead") == stem("pled")
    assert stem("denied") == stem("denies") == stem("deny")
    assert stem("stopped") == stem("stop")


def test_two_negative_sentences_about_one_word_do_not_fire():
    a = mk("The harbour minister has not commented publicly on the dredging request." + TAIL, "Ledger")
    b = mk("The harbour minister did not respond to a request for comment on the dredging." + TAIL, "Courier")
    assert run(a, b) == []


def test_a_status_that_changed_between_days_is_left_to_developments():
    a = mk("The embattled county sheriff refused to resign after the damning audit report." + TAIL, "Ledger",
           published="2025-03-14")
    b = mk("The embattled county sheriff resigned after the damning audit report." + TAIL, "Courier",
           published="2025-03-16")
    assert run(a, b) == []


def test_a_request_is_not_the_event():
    a = mk("The port commissioner is refusing to step down after a request from the governor." + TAIL, "Ledger")
    b = mk("The port commissioner said the governor had asked him to step down after the request." + TAIL,
           "Courier")
    assert run(a, b) == []


def test_two_forms_of_one_name_a_list_and_a_source_are_not_swaps():
    # an acronym and its long form
    a = mk("The Harbor Safety Board closed the north pier after the storm on Friday." + TAIL, "Ledger",
           ents=[("Harbor Safety Board", "ORG")])
    b = mk("The HSB closed the north pier after the storm on Friday." + TAIL, "Courier", ents=[("HSB", "ORG")])
    assert run(a, b) == []
    # the source of a statement: each outlet cites itself
    c = mk("A port official told the Ledger Gazette that the north pier would stay closed all week." + TAIL,
           "Ledger", ents=[("Ledger Gazette", "ORG")])
    d = mk("A port official told Courier Radio that the north pier would stay closed all week." + TAIL,
           "Courier", ents=[("Courier Radio", "ORG")])
    assert run(c, d) == []
    # members of a list
    e = mk("The storm damaged piers in Lisbon and Faro before it turned north on Friday." + TAIL, "Ledger",
           ents=[("Lisbon", "GPE"), ("Faro", "GPE")])
    f = mk("The storm damaged piers in Porto and Faro before it turned north on Friday." + TAIL, "Courier",
           ents=[("Porto", "GPE"), ("Faro", "GPE")])
    assert run(e, f) == []


def test_a_modifier_swapped_before_the_same_noun_is_a_swap():
    # "reported a fifth quarter ...": a figure after "reported" is not the source of a statement
    a = mk("The ferry company said its strong fourth quarter earnings came from the island routes." + TAIL,
           "Ledger")
    b = mk("The ferry company reported a fifth quarter loss on the island routes." + TAIL, "Courier")
    assert values(run(a, b)) == [["fifth", "fourth"]]
    c = mk("Protesters painted slogans on the road outside the Chilean consulate near the harbor." + TAIL,
           "Ledger", ents=[("Chilean", "NORP")])
    d = mk("Protesters painted slogans outside the harbor's Peruvian consulate on the road." + TAIL,
           "Courier", ents=[("Peruvian", "NORP")])
    assert values(run(c, d)) == [["Chilean", "Peruvian"]]


def test_a_list_of_colours_is_compared_as_a_whole():
    a = mk("Volunteers painted the old lighthouse in red and white stripes over the weekend." + TAIL, "Ledger")
    b = mk("Volunteers painted the old lighthouse in red and green stripes over the weekend." + TAIL, "Courier")
    assert values(run(a, b)) == [["green", "white"]]
    c = mk("Volunteers painted the old lighthouse in white stripes over the weekend." + TAIL, "Post")
    assert run(a, c) == []  # one colour named of two: fewer, not another


def test_opposites_in_a_sentence_that_joins_several_facts():
    a = mk("Revenue at the harbor theater has begun a long decline, and the owners expect a steep drop in "
           "summer ticket sales this year." + TAIL, "Ledger")
    b = mk("The harbor theater reported an increase in harbor ticket sales and hired three new ushers for "
           "the busy festival season." + TAIL, "Courier")
    assert ["drop", "increase"] in values(run(a, b))
    # not the same role: "last year" / "the first nine years"
    c = mk("Before joining the harbor police last year, Ortiz served as deputy chief in Faro for a decade."
           + TAIL, "Ledger", ents=[("Ortiz", "PERSON"), ("Faro", "GPE")])
    d = mk("Rising to deputy chief in Faro during the first nine years, Ortiz then joined the harbor police."
           + TAIL, "Courier", ents=[("Ortiz", "PERSON"), ("Faro", "GPE")])
    assert run(c, d) == []


def test_a_measure_written_as_one_word_is_a_modifier_slot():
    a = mk("Residents marked the one-year anniversary of the harbor flood with a quiet vigil." + TAIL, "Ledger")
    b = mk("Residents marked the one-month anniversary of the harbor flood with a quiet vigil." + TAIL, "Courier")
    assert values(run(a, b)) == [["one-month", "one-year"]]
