"""The bundled example story (examples/story, facts in examples/story.expected.json): what compare must find."""
from __future__ import annotations

from pathlib import Path

import pytest

import newsprism
from newsprism.compare import resolve_entities
from newsprism.serialize import analysis_to_dict, check_evidence, validate


@pytest.fixture(scope="module")
def story(example_dir):
    # the unrelated article is given too: it must be reported and left out of the comparison
    return newsprism.analyze([str(example_dir), str(example_dir.parent / "unrelated")])


def _ids(an, files) -> set[str]:
    return {a.id for a in an.articles if Path(a.source.split("#")[0]).name in set(files)}


def _id(an, file: str) -> str:
    (i,) = _ids(an, [file])
    return i


def test_reads_all_files_and_validates(story, expected):
    assert len(story.articles) == len(expected["files"]) + len(expected["unrelated"])
    assert check_evidence(story) > 50
    validate(analysis_to_dict(story), "story_analysis")


def test_people_and_their_forms(story, expected):
    for person in expected["people"]:
        ent = [e for e in story.entities if e.name == person["name"]]
        assert len(ent) == 1, person["name"]
        e = ent[0]
        assert e.type == "PERSON"
        forms = {e.name, *e.aliases, *(s.form for s in e.suspect_spellings)}
        assert set(person["forms"]) <= forms, (person["name"], forms)


def test_organisation_acronym(story, expected):
    idx = resolve_entities(story.annotated)
    for org in expected["organisations"]:
        assert idx.canonical(org["acronym"]) == idx.canonical(org["name"]) == org["name"]


def test_suspect_spelling_with_evidence(story, expected):
    sp = expected["suspect_spelling"]
    found = [(e.name, s) for e in story.entities for s in e.suspect_spellings]
    assert len(found) == 1
    name, s = found[0]
    assert name.endswith(sp["likely"])
    assert (s.form, s.likely, s.article) == (sp["form"], sp["likely"], _id(story, sp["file"]))
    assert len(s.evidence) == 2 and all(ev.text == sp["form"] for ev in s.evidence)
    names = [c for c in story.contradictions if c.kind == "name"]
    assert len(names) == 1
    likely, form = names[0].sides
    assert form.articles == [_id(story, sp["file"])]
    assert _id(story, sp["file"]) not in likely.articles


def test_quotes_grouped_with_speakers(story, expected):
    refusal = [g for g in story.quotes if "walk away" in g.text]
    assert len(refusal) == 1
    g = refusal[0]
    assert g.speaker == "Ruth Calloway" and g.reworded
    want = [q for q in expected["quotes"] if "walk away" in q["text"]]
    arts = {a for v in g.variants for a in v.articles}
    assert arts == _ids(story, [f for q in want for f in q["files"]])
    assert {v.text.strip(" ,.") for v in g.variants} == {q["text"] for q in want}
    thanks = [g for g in story.quotes if "loyal service" in g.text]
    assert len(thanks) == 1 and not thanks[0].reworded
    assert thanks[0].speaker == "Edwin Hartnell"
    for q in expected["quotes"]:
        if "walk away" in q["text"]:
            continue
        groups = [g for g in story.quotes if q["text"][:30] in g.text]
        assert len(groups) == 1, q["text"]
        assert {a for v in groups[0].variants for a in v.articles} == _ids(story, q["files"]), q["text"]
        if "after naming" not in q.get("form", ""):
            assert groups[0].speaker == q["speaker"], q["text"]


def test_pronoun_attributed_quotes_have_their_speaker(story, expected):
    for q in expected["quotes"]:
        if "after naming" in q.get("form", ""):
            g = next(g for g in story.quotes if q["text"][:30] in g.text)
            assert g.speaker == q["speaker"], q["text"]


def test_timeline_anchors(story, expected):
    events = {(e.date, a) for e in story.timeline for a in e.articles}
    for t in expected["timeline"]:
        aid = _id(story, t["file"])
        if t["date"] is None and t.get("inferred"):
            # undated report: the timeline infers the date from the story's dated reports
            assert any(e.date == t["inferred"] and aid in e.articles and "inferred" in e.how
                       for e in story.timeline), t
        elif t["date"] is None:
            assert any(e.date is None and aid in e.articles and e.how.startswith("unresolved")
                       for e in story.timeline), t
        else:
            assert (t["date"], aid) in events, t
    dated = [e.date for e in story.timeline if e.date]
    assert dated == sorted(dated)
    assert story.timeline[-1].date is None


def test_unrelated_article_is_reported_not_compared(story):
    an = story
    off = [d for d in an.differences if d.kind == "off-topic"]
    assert len(off) == 1
    (aid,) = off[0].sides[0].articles
    assert Path(an.article(aid).source).name == "kestrel_bay_library.txt"
    assert all(aid not in {m.article for m in e.mentions} for e in an.entities)
    assert all(aid not in e.articles for e in an.timeline)
    assert all(aid not in c.articles for c in an.claims)
