"""Entity resolution across outlets: aliases, acronyms, suspect spellings (hand-built inputs)."""
from __future__ import annotations

from annotated_builder import mk

from newsprism.compare.entities import acronyms, name_key, resolve_entities, spelling_similarity

P = "PERSON"


def _story():
    a = mk("Transit chief Dana Whitlock said on Monday that the Coastal Rail Safety Board would "
           "review the crash. Whitlock, 54, has led the agency since 2019. The CRSB declined to comment.",
           "Harbor Daily", ents=[("Dana Whitlock", P), ("Whitlock", "GPE"), ("Coastal Rail Safety Board", "ORG"),
                                 ("CRSB", "ORG")])
    b = mk("Ms Whitlock told reporters the U.S. Coastal Rail Safety Board had opened an inquiry. "
           "Dana Whitlock did not say when it would end.", "Metro Post",
           ents=[("Whitlock", P), ("Coastal Rail Safety Board", "ORG"), ("Dana Whitlock", P)])
    c = mk("Dana Whitlock\u2019s office confirmed the review by the CRSB. Whitlock\u2019s deputy, Omar Reyes, "
           "will speak on Friday.", "Lake Radio",
           ents=[("Dana Whitlock", P), ("Whitlock", "ORG"), ("CRSB", "ORG"), ("Omar Reyes", P)])
    return [a, b, c]


def test_aliases_surname_honorific_and_possessive_join_one_person():
    idx = resolve_entities(_story())
    people = [e for e in idx.entities if e.name == "Dana Whitlock"]
    assert len(people) == 1
    ent = people[0]
    assert ent.type == P
    assert {"Whitlock", "Ms Whitlock"} <= set(ent.aliases)
    assert ent.outlets == ["Harbor Daily", "Lake Radio", "Metro Post"]
    for form in ("Whitlock", "Ms Whitlock", "Ms. Whitlock", "Whitlock's", "Dana Whitlock\u2019s"):
        assert idx.canonical(form) == "Dana Whitlock", form
    # "Ms Whitlock" is found with its honorific even though the tagger only saw "Whitlock"
    assert any(m.text == "Ms Whitlock" for m in ent.mentions)


def test_acronym_and_country_prefix_resolve_to_the_agency():
    idx = resolve_entities(_story())
    name = idx.canonical("CRSB")
    assert name in ("Coastal Rail Safety Board", "U.S. Coastal Rail Safety Board")
    assert idx.canonical("U.S. Coastal Rail Safety Board") == name
    assert idx.canonical("Coastal Rail Safety Board") == name
    agency = next(e for e in idx.entities if e.name == name)
    assert agency.type == "ORG" and len(agency.outlets) == 3
    assert acronyms("U.S. Customs and Border Protection") == {"CBP", "USCBP"}
    assert acronyms("US Senate") == set()


def test_unknown_names_are_returned_unchanged():
    idx = resolve_entities(_story())
    assert idx.canonical("Nobody Atall") == "Nobody Atall"
    assert idx.canonical(None) is None


def test_entity_of_finds_the_mention_at_a_span():
    story = _story()
    idx = resolve_entities(story)
    text = story[1].article.text
    i = text.index("Ms Whitlock")
    assert idx.entity_of(story[1].article.id, i + 3, i + 11).name == "Dana Whitlock"
    j = text.index("told reporters")
    assert idx.entity_of(story[1].article.id, j, j + 4) is None


def test_evidence_spans_are_exact():
    story = _story()
    texts = {an.article.id: an.article.text for an in story}
    idx = resolve_entities(story)
    for e in idx.entities:
        for m in e.mentions:
            assert texts[m.article][m.start:m.end] == m.text


def _minister_story(typo_outlet_text: str, typo_ents):
    a = mk("Infrastructure Minister Edwin Hartwell asked the director to resign on Wednesday. "
           "Hartwell said the review would be independent.", "Harbor Daily",
           ents=[("Edwin Hartwell", P), ("Hartwell", P)])
    b = mk("Edwin Hartwell, the infrastructure minister, did not respond. Mr Hartwell later "
           "praised the engineers.", "Metro Post", ents=[("Edwin Hartwell", P), ("Hartwell", P)])
    c = mk(typo_outlet_text, "Lake Radio", ents=typo_ents)
    return [a, b, c]


def test_typo_in_one_outlet_is_a_suspect_spelling_not_an_entity():
    story = _minister_story("Minister Edwin Hartwel asked her to go. Hartwel said an independent "
                            "panel would examine the gate.",
                            [("Edwin Hartwel", P), ("Hartwel", "ORG")])
    idx = resolve_entities(story)
    assert not [e for e in idx.entities if "Hartwel" == e.name or e.name.endswith(" Hartwel")]
    ent = next(e for e in idx.entities if e.name == "Edwin Hartwell")
    assert len(ent.suspect_spellings) == 1
    sp = ent.suspect_spellings[0]
    assert (sp.form, sp.likely, sp.outlet) == ("Hartwel", "Hartwell", "Lake Radio")
    assert sp.article == story[2].article.id
    assert [e.text for e in sp.evidence] == ["Hartwel", "Hartwel"]
    text = story[2].article.text
    assert all(text[e.start:e.end] == "Hartwel" for e in sp.evidence)
    assert "Hartwel" not in ent.aliases and "Edwin Hartwel" not in ent.aliases
    assert idx.canonical("Hartwel") == "Edwin Hartwell"
    assert sp.reason


def test_autocorrect_slip_to_a_place_name_is_caught_by_role_evidence():
    # "Veracruz" (a city the tagger calls GPE) where the outlet means the minister Verakis:
    # moderate spelling similarity, but the same article names Verakis more often, in the same role.
    base = [
        mk("Minister Tomas Verakis asked the director to resign. Verakis said the panel would report "
           "in May.", "Harbor Daily", ents=[("Tomas Verakis", P), ("Verakis", P)]),
        mk("Tomas Verakis asked for her resignation by phone. Mr Verakis said he had lost confidence.",
           "Metro Post", ents=[("Tomas Verakis", P), ("Verakis", "ORG")]),
    ]
    slip = mk("Tomas Verakis, the minister, asked her to quit. Veracruz asked her twice, she said. "
              "Verakis then said the decision was final. Veracruz had asked her not to travel. "
              "Verakis did not comment.", "Lake Radio",
              ents=[("Tomas Verakis", P), ("Veracruz", "GPE"), ("Verakis", P)])
    idx = resolve_entities(base + [slip])
    ent = next(e for e in idx.entities if e.name == "Tomas Verakis")
    forms = [(s.form, s.likely, s.outlet) for s in ent.suspect_spellings]
    assert forms == [("Veracruz", "Verakis", "Lake Radio")]
    assert len(ent.suspect_spellings[0].evidence) == 2
    assert all(e.type != "GPE" or e.name != "Veracruz" for e in idx.entities)


def test_a_real_place_with_a_similar_name_is_not_a_suspect_spelling():
    base = [
        mk("Minister Tomas Verakis asked the director to resign. Verakis said the panel would report.",
           "Harbor Daily", ents=[("Tomas Verakis", P), ("Verakis", P)]),
        mk("Tomas Verakis asked for her resignation. Mr Verakis said he had lost confidence.",
           "Metro Post", ents=[("Tomas Verakis", P), ("Verakis", P)]),
    ]
    place = mk("The engineers flew in from Veracruz on a chartered plane to inspect the gate.",
               "Lake Radio", ents=[("Veracruz", "GPE")])
    idx = resolve_entities(base + [place])
    assert all(not e.suspect_spellings for e in idx.entities)
    assert idx.canonical("Veracruz") == "Veracruz"


def test_different_people_with_similar_names_are_not_merged():
    a = mk("Chris Magnus met Chris Miller on Monday. Magnus spoke first.", "Harbor Daily",
           ents=[("Chris Magnus", P), ("Chris Miller", P), ("Magnus", P)])
    b = mk("Chris Miller, a deputy, later met Chris Magnus. Miller said little.", "Metro Post",
           ents=[("Chris Miller", P), ("Chris Magnus", P), ("Miller", P)])
    idx = resolve_entities([a, b])
    names = {e.name for e in idx.entities}
    assert {"Chris Magnus", "Chris Miller"} <= names
    assert idx.canonical("Miller") == "Chris Miller" and idx.canonical("Magnus") == "Chris Magnus"
    assert all(not e.suspect_spellings for e in idx.entities)


def test_two_well_attested_similar_names_are_two_people():
    # Whitlow and Whitlock both appear in two outlets: real different people, no suspect spelling
    a = mk("Dana Whitlock and Dana Whitlow both spoke.", "Harbor Daily",
           ents=[("Dana Whitlock", P), ("Dana Whitlow", P)])
    b = mk("Dana Whitlow disagreed with Dana Whitlock.", "Metro Post",
           ents=[("Dana Whitlow", P), ("Dana Whitlock", P)])
    idx = resolve_entities([a, b])
    assert {"Dana Whitlock", "Dana Whitlow"} <= {e.name for e in idx.entities}
    assert all(not e.suspect_spellings for e in idx.entities)


def test_syndicated_copy_does_not_attest_a_spelling():
    # the only two "Hartwell" articles are one source (a copy): the typo is not flagged
    a = mk("Edwin Hartwell asked her to go.", "Harbor Daily", ents=[("Edwin Hartwell", P)], aid="a1")
    b = mk("Edwin Hartwell asked her to go today.", "Metro Post", ents=[("Edwin Hartwell", P)],
           duplicate_of="a1", aid="b1")
    c = mk("Edwin Hartwel asked her to go.", "Lake Radio", ents=[("Edwin Hartwel", P)], aid="c1")
    idx = resolve_entities([a, b, c])
    assert all(not e.suspect_spellings for e in idx.entities)


def test_helpers():
    assert name_key("Mr. Magnus\u2019") == "magnus"
    assert name_key("the U.S.") == "us"
    strong, loose = spelling_similarity("Mayorkos", "Mayorkas")
    assert strong >= 85
    strong, loose = spelling_similarity("Miller", "Magnus")
    assert strong < 60 and loose < 60


def test_deterministic():
    s1 = resolve_entities(_story())
    s2 = resolve_entities(_story())
    assert [(e.id, e.name, e.aliases) for e in s1.entities] == [(e.id, e.name, e.aliases) for e in s2.entities]


def test_capitalised_common_word_is_no_entity():
    a = mk("Transport Minister Edwin Hartwell spoke. The transport budget grew.", "Harbor Daily",
           ents=[("Transport", "ORG"), ("Edwin Hartwell", P)])
    b = mk("Transport Minister Edwin Hartwell left early.", "Metro Post",
           ents=[("Transport", "ORG"), ("Edwin Hartwell", P)])
    idx = resolve_entities([a, b])
    assert [e.name for e in idx.entities] == ["Edwin Hartwell"]


# --- properties ------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PEOPLE = ["Dana Whitlock", "Omar Reyes", "Edwin Hartwell", "Tomas Verakis", "Lena Moss"]
_FILL = ["said on Monday.", "met officials.", "declined to comment.", "and", "the board", "Ms", "Mr"]


@st.composite
def _articles(draw):
    out = []
    for k in range(draw(st.integers(1, 4))):
        parts = draw(st.lists(st.one_of(st.sampled_from(_PEOPLE), st.sampled_from([p.split()[1] for p in _PEOPLE]),
                                        st.sampled_from(_FILL)), min_size=1, max_size=12))
        text = " ".join(parts)
        forms = sorted({p for p in _PEOPLE + [p.split()[1] for p in _PEOPLE] if p in text}, key=len, reverse=True)
        label = draw(st.sampled_from(["PERSON", "ORG", "GPE"]))
        out.append(mk(text, f"Outlet {k}", ents=[(f, label if " " not in f else "PERSON") for f in forms[:3]]))
    return out


@settings(max_examples=60, deadline=None)
@given(_articles())
def test_properties_evidence_exact_and_canonical_stable(story):
    idx = resolve_entities(story)
    texts = {an.article.id: an.article.text for an in story}
    for e in idx.entities:
        assert e.mentions
        for m in e.mentions:
            assert texts[m.article][m.start:m.end] == m.text
        # the canonical name is a fixed point, and every alias leads to it
        assert idx.canonical(e.name) == e.name
        for a in e.aliases:
            assert idx.canonical(a) == e.name
        for s in e.suspect_spellings:
            assert all(texts[ev.article][ev.start:ev.end] == ev.text == s.form for ev in s.evidence)
        # different people (all surnames here are far apart) are never merged
        assert len({m.text.split()[-1] for m in e.mentions}) == 1


@given(st.text(min_size=0, max_size=30))
def test_name_key_is_idempotent(s):
    assert name_key(name_key(s)) == name_key(s) or name_key(s) == ""


def test_surname_that_is_a_common_word_is_not_rescanned():
    # "May" the month (and the verb "may") must not become mentions of Theresa May
    a = mk("Theresa May spoke in May. May said talks may resume.", "Harbor Daily",
           ents=[("Theresa May", P)])
    b = mk("Theresa May left.", "Metro Post", ents=[("Theresa May", P)])
    i = a.article.text.index("May said")
    a.entities.append(type(a.entities[0])(i, i + 3, "May", "PERSON", 1))  # the tagger's "May said"
    idx = resolve_entities([a, b])
    ent = next(e for e in idx.entities if e.name == "Theresa May")
    texts = [(m.start, m.text) for m in ent.mentions if m.article == a.article.id]
    assert texts == [(0, "Theresa May"), (i, "May")]


def _coach_story(third_text: str, third_ents):
    a = mk("Head coach Mara Sheldon praised the defence after the final. Sheldon said the squad "
           "trained twice a day.", "Harbor Daily", ents=[("Mara Sheldon", P), ("Sheldon", P)])
    b = mk("Mara Sheldon, the head coach, thanked the fans. Sheldon will stay another season.",
           "Metro Post", ents=[("Mara Sheldon", P), ("Sheldon", P)])
    return [a, b, mk(third_text, "Lake Radio", ents=third_ents)]


def test_different_surname_with_the_same_first_letter_is_not_a_suspect_spelling():
    # "Shelby" is another person (the captain), named beside the coach in the same article and
    # with shared context words: similar length and first letter, but not the coach's name misspelt
    story = _coach_story("Mara Sheldon praised the defence. Captain Shelby praised the squad too. "
                         "Sheldon said the final was hard.",
                         [("Mara Sheldon", P), ("Shelby", P), ("Sheldon", P)])
    idx = resolve_entities(story)
    assert all(not e.suspect_spellings for e in idx.entities)
    assert idx.canonical("Shelby") == "Shelby"


def test_sentence_initial_common_word_is_not_a_suspect_spelling():
    # a capitalised word at the start of a sentence, mislabelled a person, right beside the name
    a = mk("Union leader Ray Hollis opened the talks. Hollis said the offer was too low.",
           "Harbor Daily", ents=[("Ray Hollis", P), ("Hollis", P)])
    b = mk("Ray Hollis, who leads the union, left the talks early. Hollis did not return.",
           "Metro Post", ents=[("Ray Hollis", P), ("Hollis", P)])
    c = mk("Ray Hollis walked out of the talks. Holding out, Hollis said, was the only option left. "
           "Hollis wants a better offer.", "Lake Radio",
           ents=[("Ray Hollis", P), ("Holding", P), ("Hollis", P)])
    idx = resolve_entities([a, b, c])
    assert all(not e.suspect_spellings for e in idx.entities)


def test_misplaced_possessive_apostrophe_is_not_a_suspect_spelling():
    # "Rhode's office" for the possessive of "Rhodes" is punctuation, not another spelling
    a = mk("Senator Ann Rhodes filed the bill. Rhodes said it would pass.", "Harbor Daily",
           ents=[("Ann Rhodes", P), ("Rhodes", P)])
    b = mk("Ann Rhodes defended the bill on Tuesday. Rhodes expects a vote soon.", "Metro Post",
           ents=[("Ann Rhodes", P), ("Rhodes", P)])
    c = mk("Ann Rhodes spoke first. Rhodes said the vote was close, and Rhode's office later "
           "confirmed it.", "Lake Radio", ents=[("Ann Rhodes", P), ("Rhodes", P), ("Rhode's", P)])
    idx = resolve_entities([a, b, c])
    assert all(not e.suspect_spellings for e in idx.entities)
    # a real one-letter slip in the same place is still caught
    c2 = mk("Ann Rhodes spoke first. Rhodes said the vote was close, and Rhodas later "
            "confirmed it.", "Lake Radio", ents=[("Ann Rhodes", P), ("Rhodes", P), ("Rhodas", P)])
    idx2 = resolve_entities([a, b, c2])
    ent = next(e for e in idx2.entities if e.name == "Ann Rhodes")
    assert [(s.form, s.likely) for s in ent.suspect_spellings] == [("Rhodas", "Rhodes")]
