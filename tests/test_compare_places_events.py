"""Places, weekdays and dates of one event across reports (compare/facts.event_edges,
nlp/facts.place_role and date_qualifier), one pairing rule per test, with the look-alikes that
must not pair.

Every report here is written for these tests (fiction); annotations are hand-built, no model.
"""
from __future__ import annotations

from annotated_builder import found, mk, val
from newsprism.compare.context import build_context
from newsprism.compare.places import place_contradictions
from newsprism.nlp.facts import extract_facts
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def places(ann):
    return [(f.text, f.attribute, f.unit) for f in extract_facts(
        ann.article.text, ann.sentences, ann.entities, ann.values, ann.times) if f.kind == "place"]


# ------------------------------------------------------------------------------------------
# places


def test_place_of_one_event_contradicts():
    a = mk("A gunman opened fire at a crowded supermarket in Dunmore, killing two shoppers.", "Alpha",
           ents=[("Dunmore", "GPE")])
    b = mk("Two shoppers died when a gunman opened fire at a crowded supermarket in Carrick.", "Beta",
           ents=[("Carrick", "GPE")])
    cs = found(a, b)
    assert len(cs) == 1 and cs[0].kind == "place"
    assert sorted((s.value, tuple(s.outlets)) for s in cs[0].sides) == [("Carrick", ("Beta",)),
                                                                         ("Dunmore", ("Alpha",))]
    for side in cs[0].sides:
        for ev in side.evidence:
            assert ev.text in (a.article.text + b.article.text) and side.value in ev.text


def test_place_of_a_role_contradicts():
    a = mk("Former Dunmore police chief Tom Hale was charged with fraud on Monday.", "Alpha",
           ents=[("Dunmore", "GPE"), ("Tom Hale", "PERSON")])
    b = mk("Tom Hale, a former Carrick police chief, was charged with fraud on Monday.", "Beta",
           ents=[("Carrick", "GPE"), ("Tom Hale", "PERSON")])
    cs = found(a, b)
    assert [c.kind for c in cs] == ["place"]


def test_different_events_in_different_places_do_not_pair():
    # each report names both towns: two events, one in each place
    a = mk("Floods closed the coastal road in Dunmore on Saturday. In Carrick, the school stayed shut.",
           "Alpha", ents=[("Dunmore", "GPE"), ("Carrick", "GPE")])
    b = mk("Floods closed the coastal road in Carrick on Saturday. Dunmore was spared.", "Beta",
           ents=[("Dunmore", "GPE"), ("Carrick", "GPE")])
    assert found(a, b) == []
    # alike in form, but nothing of the event in common
    c = mk("Farmers blocked the main square in Lisheen with tractors.", "Gamma", ents=[("Lisheen", "GPE")])
    d = mk("Floods closed the coastal road in Carrick on Saturday.", "Delta", ents=[("Carrick", "GPE")])
    assert found(c, d) == []


def test_a_home_town_is_not_the_place_of_the_event():
    a = mk("The crash near the old bridge injured Ann Lee of Dunmore on Sunday.", "Alpha",
           ents=[("Ann Lee", "PERSON"), ("Dunmore", "GPE")])
    b = mk("The crash near the old bridge in Carrick injured Ann Lee on Sunday.", "Beta",
           ents=[("Ann Lee", "PERSON"), ("Carrick", "GPE")])
    assert places(a) == [("Dunmore", "home", "GPE")]
    assert found(a, b) == []
    c = mk("An Ashby native, the driver was unhurt.", "Gamma", ents=[("Ashby", "GPE")])
    assert places(c)[0][1] == "home"


def test_a_dateline_and_a_party_tag_are_no_places():
    a = mk("DUNMORE, Ireland (AP) \u2014 The council voted to close the old bridge.", "Alpha",
           ents=[("DUNMORE", "GPE"), ("Ireland", "GPE")])
    b = mk("CARRICK, Ireland (AP) \u2014 The council voted to close the old bridge.", "Beta",
           ents=[("CARRICK", "GPE"), ("Ireland", "GPE")])
    assert places(a) == [] and found(a, b) == []
    c = mk("Rep. Ann Lee (R-Texas) voted against the bill.", "Gamma", ents=[("Texas", "GPE")])
    assert places(c) == []


def test_a_reference_point_or_another_kind_of_place_does_not_pair():
    a = mk("Flooding closed every road east of Dunmore on Tuesday night.", "Alpha", ents=[("Dunmore", "GPE")])
    b = mk("Flooding closed every road in Carrick on Tuesday night.", "Beta", ents=[("Carrick", "GPE")])
    assert places(a)[0][1] == "reference" and found(a, b) == []
    c = mk("Flooding closed every road at Carrick Arena on Tuesday night.", "Gamma",
           ents=[("Carrick Arena", "FAC")])
    d = mk("Flooding closed every road in Lisheen on Tuesday night.", "Delta", ents=[("Lisheen", "GPE")])
    assert found(c, d) == []


def test_one_place_written_two_ways_is_not_a_contradiction():
    a = mk("Rescue crews searched the collapsed tower in Erie, Pa., on Thursday.", "Alpha",
           ents=[("Erie", "GPE"), ("Pa.", "GPE")])
    b = mk("Rescue crews searched the collapsed tower in Erie, Pennsylvania, on Thursday.", "Beta",
           ents=[("Erie", "GPE"), ("Pennsylvania", "GPE")])
    assert found(a, b) == []


def test_city_state_of_one_city_when_only_one_report_names_a_person():
    a = mk("Thousands of migrants waited under the bridge in Del Rio, Texas, on Thursday.", "Alpha")
    b = mk("Lena Ortiz said thousands of migrants waited under the bridge in Del Rio, Pa., on Thursday.",
           "Beta", ents=[("Lena Ortiz", "PERSON")])
    cs = place_contradictions(build_context([a, b], OPT))
    assert len(cs) == 1 and {s.normalized for s in cs[0].sides} == {"Del Rio, Texas", "Del Rio, Pennsylvania"}
    # two reports about two different people: two cities of one name
    c = mk("Tom Hale grew up near the bridge in Del Rio, Texas.", "Gamma", ents=[("Tom Hale", "PERSON")])
    assert place_contradictions(build_context([b, c], OPT)) == []


# ------------------------------------------------------------------------------------------
# weekdays and dates


def test_weekday_of_one_event_contradicts_and_late_early_of_one_night_does_not():
    a = mk("Regulators approved the new flood barrier for the harbour on Monday.", "Alpha")
    b = mk("Regulators approved the new flood barrier for the harbour on Thursday.", "Beta")
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["Monday", "Thursday"]
    c = mk("Regulators approved the new flood barrier for the harbour late Monday.", "Gamma")
    d = mk("Regulators approved the new flood barrier for the harbour early Tuesday.", "Delta")
    assert found(c, d) == []


def test_the_ends_of_a_range_of_days_do_not_pair():
    a = mk("Dunmore police counted 40 break-ins across the county from Friday through Sunday.", "Alpha",
           ents=[("Dunmore", "GPE")])
    b = mk("By Monday, Dunmore police counted 40 break-ins across the county since Friday.", "Beta",
           ents=[("Dunmore", "GPE")])
    assert found(a, b) == []


def test_year_of_one_event_contradicts_and_since_a_year_does_not():
    a = mk("The old mill on the river burned down in 1962, the museum says.", "Alpha")
    b = mk("The old mill on the river burned down in 1961, according to the museum.", "Beta")
    val(a, "1962", "date", "1962", attribute="burn")
    val(b, "1961", "date", "1961", attribute="burn")
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["1961", "1962"]
    # "since": the start of a comparison, not the date of an event
    c = mk("Consumer prices rose in March, the largest monthly jump since 2008, the report said.", "Gamma")
    d = mk("Consumer prices rose in March at the fastest yearly pace since 2011, the report said.", "Delta")
    val(c, "2008", "date", "2008")
    val(d, "2011", "date", "2011")
    assert found(c, d) == []


def test_a_day_without_a_written_year_is_compared_by_month_and_day():
    # the resolver put one "Jan. 6" in another year: the reports agree
    a = mk("The committee studied the Jan. 6 attack on the old parliament building.", "Alpha")
    b = mk("The committee studied the Jan. 6 attack on the old parliament building again.", "Beta")
    val(a, "Jan. 6", "date", "2021-01-06")
    val(b, "Jan. 6", "date", "2022-01-06")
    assert found(a, b) == []


def test_dates_of_two_granularities_are_compared_at_the_coarser_one():
    a = mk("He had his son shoot him in the legs with a shotgun on 31 July 2013 near the farm.", "Alpha")
    b = mk("His son shot him in the legs with a shotgun on July 31, 2014, near the farm.", "Beta")
    c = mk("His son shot him in the legs with a shotgun in 2013 near the farm.", "Gamma")
    val(a, "31 July 2013", "date", "2013-07")  # the values stage read only the month
    val(b, "July 31, 2014", "date", "2014-07-31", attribute="shoot")
    val(c, "2013", "date", "2013", attribute="shoot")
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["31 July 2013", "July 31, 2014"]
    assert found(a, c) == []  # July 2013 is in 2013


def test_a_photo_date_is_not_the_date_of_the_event():
    a = mk("The college renamed the old hall on the campus in 2005, officials said.", "Alpha")
    b = mk("This Sept. 30, 2003, file photo shows the old hall on the campus the college renamed.", "Beta")
    val(a, "2005", "date", "2005", attribute="rename")
    val(b, "Sept. 30, 2003", "date", "2003-09-30")
    assert found(a, b) == []


def test_a_year_of_one_of_many_does_not_pair():
    a = mk("The trademark office appealed against the 2016 decision on the chocolate bar.", "Alpha")
    b = mk("The trademark office must now review a 2012 decision on the chocolate bar.", "Beta")
    c = mk("The trademark office appealed against the 2015 decision on the chocolate bar.", "Gamma")
    for ann, y in ((a, "2016"), (b, "2012"), (c, "2015")):
        val(ann, y, "date", y)
    assert found(a, b) == []
    assert len(found(a, c)) == 1  # "the" 2016 / "the" 2015 decision: one decision, two years
