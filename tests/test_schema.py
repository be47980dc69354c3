"""The StoryAnalysis JSON: versioned, matches the checked-in schema, evidence is exact."""
from __future__ import annotations

import copy
import json

import pytest
from annotated_builder import mk

from newsprism.compare import (build_context, build_timeline, group_quotes, resolve_entities,
                               spelling_contradictions)
from newsprism.errors import NewsprismError
from newsprism.options import Options
from newsprism.model import (SCHEMA_VERSION, Claim, Contradiction, ContradictionSide, Development,
                             DevelopmentStep, Difference, Evidence, Exclusive, ReadFailure, StoryAnalysis)
from newsprism.serialize import (EvidenceError, SchemaError, analysis_to_dict, check_evidence, load_schema,
                                 validate)

P = "PERSON"


def _analysis() -> StoryAnalysis:
    a = mk("Minister Edwin Hartwell asked Dana Whitlock, 58, to resign on Wednesday. \u201cI will not walk away "
           "from this reservoir,\u201d Whitlock said.", "Harbor Daily", published="2025-03-12",
           ents=[("Edwin Hartwell", P), ("Dana Whitlock", P), ("Whitlock", P)],
           quotes=[("I will not walk away from this reservoir", "Whitlock")],
           times=[("on Wednesday", "2025-03-12", "day")])
    b = mk("Edwin Hartwell said Ms Whitlock, 57, resigned late Saturday. Mr Hartwell thanked her.", "Metro Post",
           ents=[("Edwin Hartwell", P), ("Whitlock", P), ("Hartwell", P)],
           times=[("late Saturday", "2025-03-15", "day")])
    c = mk("Edwin Hartwel asked Whitlock to go. \u201cI am not going to walk away from this reservoir,\u201d "
           "Dana Whitlock said.", "Lake Radio", published=None,
           ents=[("Edwin Hartwel", P), ("Whitlock", P), ("Dana Whitlock", P)],
           quotes=[("I am not going to walk away from this reservoir", "Dana Whitlock")])
    ann = [a, b, c]
    ents = resolve_entities(ann)
    art = {x.article.outlet: x.article for x in ann}
    ta, tb = art["Harbor Daily"].text, art["Metro Post"].text
    ev58 = Evidence.of(art["Harbor Daily"], ta.index("58"), ta.index("58") + 2)
    ev57 = Evidence.of(art["Metro Post"], tb.index("57"), tb.index("57") + 2)
    side = lambda v, e, o: ContradictionSide(value=v, normalized=float(v), articles=[e.article], outlets=[o],
                                              evidence=[e])
    return StoryAnalysis(
        articles=[x.article for x in ann],
        entities=ents.entities,
        quotes=group_quotes(ann, ents),
        claims=[Claim(id="c1", text=ta[:20], articles=[a.article.id], outlets=["Harbor Daily"], sources=1,
                      evidence=[Evidence.of(a.article, 0, 20)])],
        agreements=[],
        contradictions=[Contradiction(kind="age", subject="Dana Whitlock", attribute="age",
                                      sides=[side("58", ev58, "Harbor Daily"), side("57", ev57, "Metro Post")],
                                      explanation="58 vs 57")] + spelling_contradictions(
            build_context(ann, Options(use_embeddings=False), entities=ents)),
        differences=[Difference(kind="different-period", subject="x", attribute="y", sides=[], explanation="z")],
        developments=[Development(subject="Dana Whitlock", attribute="status", explanation="refused, then resigned",
                                  steps=[DevelopmentStep("2025-03-12", "refused", [a.article.id], ["Harbor Daily"],
                                                         [Evidence.of(a.article, 0, 8)]),
                                         DevelopmentStep("2025-03-16", "resigned", [b.article.id], ["Metro Post"],
                                                         [Evidence.of(b.article, 0, 8)])])],
        exclusives=[Exclusive(article=c.article.id, outlet="Lake Radio", text="x", salience=0.5,
                              evidence=[Evidence.of(c.article, 0, 5)])],
        timeline=build_timeline(ann, None, ents),
        failures=[ReadFailure(source="bad.bin", error="binary", message="not text")],
    )


def test_document_validates_and_is_json():
    an = _analysis()
    doc = analysis_to_dict(an)
    assert doc["version"] == SCHEMA_VERSION
    validate(doc, "story_analysis")
    again = json.loads(json.dumps(doc))
    validate(again, "story_analysis")
    art = doc["articles"][0]
    for key in ("id", "outlet", "outlet_from", "published", "title", "source", "words", "text", "removals",
                "duplicate_of"):
        assert key in art
    assert "annotated" not in doc
    # the suspect spelling shows under the entity and as a "name" contradiction
    minister = next(e for e in doc["entities"] if e["name"] == "Edwin Hartwell")
    assert minister["suspect_spellings"][0]["form"] == "Hartwel"
    names = [c for c in doc["contradictions"] if c["kind"] == "name"]
    assert len(names) == 1 and {s["value"] for s in names[0]["sides"]} == {"Hartwell", "Hartwel"}
    assert names[0]["sides"][1]["outlets"] == ["Lake Radio"]


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("contradictions"),
    lambda d: d.pop("version"),
    lambda d: d["articles"][0].pop("id"),
    lambda d: d["contradictions"][0]["sides"][0]["evidence"][0].pop("start"),
    lambda d: d["contradictions"][0]["sides"][0]["evidence"][0].__setitem__("end", "7"),
    lambda d: d["entities"][0].__setitem__("aliases", "Whitlock"),
    lambda d: d["timeline"][0].__setitem__("granularity", "week"),
    lambda d: d["timeline"][0].__setitem__("date", "next Tuesday"),
    lambda d: d["contradictions"][0].__setitem__("sides", d["contradictions"][0]["sides"][:1]),
])
def test_broken_documents_fail_with_a_json_path(breakage):
    doc = copy.deepcopy(analysis_to_dict(_analysis()))
    breakage(doc)
    with pytest.raises(SchemaError) as info:
        validate(doc, "story_analysis")
    assert isinstance(info.value, NewsprismError)
    assert "$" in str(info.value)


def test_schema_is_draft_2020_12_with_evidence_defined_once():
    schema = load_schema("story_analysis")
    assert schema["$schema"].endswith("2020-12/schema")
    assert "Evidence" in schema["$defs"]
    assert set(schema["required"]) >= {"version", "articles", "entities", "quotes", "agreements", "contradictions",
                                       "differences", "developments", "exclusives", "timeline", "claims",
                                       "failures"}
    with pytest.raises(NewsprismError):
        load_schema("no_such_schema")


def test_check_evidence_counts_and_catches_a_bad_span():
    an = _analysis()
    assert check_evidence(an) > 10
    an.contradictions[0].sides[0].evidence[0].end += 1
    with pytest.raises(EvidenceError) as info:
        check_evidence(an)
    assert "contradictions[0]" in str(info.value)
    an = _analysis()
    an.entities[0].mentions[0].article = "nope"
    with pytest.raises(EvidenceError):
        check_evidence(an)
