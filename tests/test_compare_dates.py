"""Dates and weekdays of one event across reports: what the times and facts stages read (day-first
dates, days and months written without a year in an undated report, asides inside a clause, the
noun a year dates) and how compare/event_facts pairs them, each with the look-alikes that must
not pair.

Every report here is written for these tests (fiction); annotations are hand-built, no model.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_builder import found, mk, val
from newsprism.lexicon import MONTHS
from newsprism.model import TimeExpression
from newsprism.nlp.facts import extract_facts
from newsprism.nlp.times import partial_date, resolve
from newsprism.options import Options

OPT = Options(use_embeddings=False)


def dates(ann):
    return [(f.text, f.value, f.unit) for f in extract_facts(
        ann.article.text, ann.sentences, ann.entities, ann.values, ann.times) if f.kind == "date"]


# ------------------------------------------------------------------------------------------
# reading


def test_a_day_written_day_first_is_a_day():
    assert (resolve("31 July 2013", None).date, resolve("31 July 2013", None).granularity) == ("2013-07-31", "day")
    assert resolve("6th January, 2021", None).date == "2021-01-06"
    assert resolve("30 September", "2021-07-01").date == "2020-09-30"  # the last 30 September
    assert resolve("30 September", None).date is None  # no year, no publication date


def test_a_day_or_month_without_a_year_is_read_as_written():
    assert partial_date("June 12") == ("--06-12", "day")
    assert partial_date("12th June") == ("--06-12", "day")
    assert partial_date("Friday, June 12") == ("--06-12", "day")
    assert partial_date("mid-November") == ("--11", "month")
    # a written year, a relative month, a weekday, a day that does not exist: not this
    for text in ("June 12, 2015", "last December", "Friday", "Sept. 31", "2016"):
        assert partial_date(text) is None


def test_an_undated_report_keeps_its_days_as_month_and_day():
    ann = mk("The streaming service set June 12 for the premiere of the new season.", "Alpha",
             published=None, times=[("June 12", None, None)])
    assert dates(ann) == [("June 12", "--06-12", "day")]
    dated = mk("The streaming service set June 12 for the premiere of the new season.", "Beta",
               times=[("June 12", "2024-06-12", "day")])
    assert dates(dated) == []  # dated: the values stage gives the resolved day


# ------------------------------------------------------------------------------------------
# pairing


def test_days_without_a_year_in_undated_reports_contradict():
    a = mk("The streaming service set June 9 for the premiere of the new season.", "Alpha",
           published=None, times=[("June 9", None, None)])
    b = mk("The streaming service set June 12 for the premiere of the new season.", "Beta",
           published=None, times=[("June 12", None, None)])
    c = mk("The streaming service set June 9, 2017, for the premiere of the new season.", "Gamma",
           published=None, times=[("June 9, 2017", "2017-06-09", "day")])
    val(c, "June 9, 2017", "date", "2017-06-09")
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["June 12", "June 9"]
    assert found(a, c) == []  # one day, one report gives the year too


def test_the_ends_of_a_range_of_dates_do_not_pair():
    a = mk("The festival on the old pier runs from June 9 through June 12 this season.", "Alpha",
           published=None, times=[("June 9", None, None), ("June 12", None, None)])
    b = mk("The festival on the old pier runs from June 10 through June 12 this season.", "Beta",
           published=None, times=[("June 10", None, None), ("June 12", None, None)])
    assert [f.qualifier for f in extract_facts(a.article.text, a.sentences, a.entities, a.values, a.times)
            if f.kind == "date"] == ["range", "range"]
    assert found(a, b) == []
    c = mk("The festival on the old pier opens on June 9 this season.", "Gamma",
           published=None, times=[("June 9", None, None)])
    d = mk("The festival on the old pier opens on June 10 this season.", "Delta",
           published=None, times=[("June 10", None, None)])
    assert len(found(c, d)) == 1  # one day each: one event, two days


def test_a_date_after_an_aside_still_belongs_to_its_clause():
    a = mk("The physicist first proposed the three stages (named after old kings) of growth \u2014 which "
           "he called types \u2014 in 1962 as a way to rank societies.", "Alpha")
    b = mk("The physicist proposed in 1961 that the three stages of growth rank societies.", "Beta")
    val(a, "1962", "date", "1962")
    val(b, "1961", "date", "1961", attribute="propose")
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["1961", "1962"]


def test_years_of_one_noun_written_longer_contradict_and_of_two_nouns_do_not():
    a = mk("The census data will shape district maps ahead of the 2022 midterm elections in the House.", "Alpha")
    b = mk("The census data will shape district maps ahead of the 2025 elections in the House.", "Beta")
    c = mk("The census data will shape district maps ahead of the 2025 census in the House.", "Gamma")
    for ann, y in ((a, "2022"), (b, "2025"), (c, "2025")):
        val(ann, y, "date", y)
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["2022", "2025"]
    assert found(a, c) == []  # the elections and the census: two things


def test_since_a_year_and_a_photo_date_without_a_year_do_not_pair():
    a = mk("Prices at the harbour market rose the most since 2008, traders said.", "Alpha",
           published=None, times=[("2008", "2008", "year")])
    b = mk("Prices at the harbour market rose the most since 2011, traders said.", "Beta",
           published=None, times=[("2011", "2011", "year")])
    val(a, "2008", "date", "2008")
    val(b, "2011", "date", "2011")
    assert found(a, b) == []
    c = mk("The mayor opened the new harbour market on June 3, officials said.", "Gamma",
           published=None, times=[("June 3", None, None)])
    d = mk("This June 5 file photo shows the mayor at the new harbour market officials opened.", "Delta",
           published=None, times=[("June 5", None, None)])
    assert found(c, d) == []


def test_a_different_event_on_another_day_does_not_pair():
    a = mk("The council voted on the harbour budget on June 3, officials said.", "Alpha",
           published=None, times=[("June 3", None, None)])
    b = mk("Storms flooded the old harbour district on June 5, residents said.", "Beta",
           published=None, times=[("June 5", None, None)])
    assert found(a, b) == []


def test_a_month_without_a_year_and_a_year_do_not_pair():
    # nothing in common to compare: "in August" (no year written) / "in 2021"
    a = mk("Border officers stopped more migrants in August than in any month before.", "Alpha",
           published=None, times=[("August", None, None)])
    b = mk("Border officers stopped more migrants in 2021 than in any year before.", "Beta",
           published=None, times=[("2021", "2021", "year")])
    val(b, "2021", "date", "2021")
    assert found(a, b) == []
    c = mk("Border officers stopped more migrants in July than in any month before.", "Gamma",
           published=None, times=[("July", None, None)])
    assert len(found(a, c)) == 1  # two months of one event


def test_weekdays_are_resolved_against_each_reports_date():
    text = "Regulators approved the new flood barrier for the harbour on {}."
    a = mk(text.format("Monday"), "Alpha", published="2025-03-12")  # Monday = March 10
    b = mk(text.format("Thursday"), "Beta", published="2025-03-14")  # Thursday = March 13
    c = mk(text.format("Thursday"), "Gamma", published="2025-03-28")  # Thursday = March 27
    for ann, day in ((a, "2025-03-10"), (b, "2025-03-13"), (c, "2025-03-27")):
        t = ann.article.text
        i = t.index("day.") - 3
        i = t.rindex(" ", 0, i) + 1
        ann.times.append(TimeExpression(i, t.index("."), t[i:t.index(".")], day, "day", "relative", 0))
    assert len(found(a, b)) == 1  # one week: one approval, two days
    assert found(a, c) == []  # two weeks apart: two approvals


def test_weekdays_of_one_named_actor_pair_and_a_speakers_days_do_not():
    tail = "; the harbour regatta final went on without the champion rower from Dunmore."
    a = mk("Ann Vale withdrew Monday" + tail, "Alpha", published=None, ents=[("Ann Vale", "PERSON")])
    b = mk("Ann Vale quit Tuesday" + tail, "Beta", published=None, ents=[("Ann Vale", "PERSON")])
    cs = found(a, b)
    assert len(cs) == 1 and sorted(s.value for s in cs[0].sides) == ["Monday", "Tuesday"]
    # the name is only who spoke: two events she told of
    c = mk("Rowers staged a protest Monday, Ann Vale said" + tail, "Gamma", published=None,
           ents=[("Ann Vale", "PERSON")])
    d = mk("The club fired its coach Tuesday, Ann Vale said" + tail, "Delta", published=None,
           ents=[("Ann Vale", "PERSON")])
    assert found(c, d) == []


def test_a_range_written_as_one_expression_does_not_pair():
    a = mk("Most cases at the harbour festival were among visitors from July 3 to 17, officials said.", "Alpha")
    b = mk("Most cases at the harbour festival were among visitors on July 4, officials said.", "Beta")
    val(a, "July 3 to 17", "date", "2024-07-03")
    val(b, "July 4", "date", "2024-07-04")
    assert found(a, b) == []
    c = mk("Most cases at the harbour festival were among visitors on July 5, officials said.", "Gamma")
    val(c, "July 5", "date", "2024-07-05")
    assert len(found(b, c)) == 1


def test_a_day_before_a_noun_names_its_day_and_a_calendar_week_is_no_relative_date():
    a = mk("The senator opposes a Jan. 6 commission on the riot at the old parliament.", "Alpha")
    b = mk("The senator opposes a Jan. 4 commission on the riot at the old parliament.", "Beta")
    val(a, "Jan. 6", "date", "2021-01-06")
    val(b, "Jan. 4", "date", "2021-01-04")
    assert len(found(a, b)) == 1
    c = mk("Jobless claims at the harbour rose to 4,190 in the week ended July 17, the ministry said.", "Gamma")
    d = mk("Jobless claims at the harbour rose to 4,190 in the week ended July 21, the ministry said.", "Delta")
    val(c, "the week ended July 17", "date", "2021-07-17")
    val(d, "the week ended July 21", "date", "2021-07-21")
    assert len(found(c, d)) == 1
    # "last week": resolved against a day the reader cannot see
    e = mk("Jobless claims at the harbour rose to 4,190 last week, the ministry said.", "Epsilon")
    f = mk("Jobless claims at the harbour rose to 4,190 in early July, the ministry said.", "Zeta")
    val(e, "last week", "date", "2021-07-12")
    val(f, "early July", "date", "2021-07")
    assert found(e, f) == []


def test_a_year_written_twice_in_a_sentence_is_one_value():
    a = mk("Aides pressed the ministry to back claims that the 2020 vote was rigged, late in 2020.", "Alpha")
    b = mk("Aides pressed the ministry to back claims that the 2017 vote was rigged.", "Beta")
    val(a, "2020", "date", "2020", nth=0)
    val(a, "2020", "date", "2020", nth=1)
    val(b, "2017", "date", "2017")
    cs = found(a, b)
    assert len(cs) == 1 and {s.value for s in cs[0].sides} >= {"2017"}


def test_a_subject_that_is_no_name_does_not_keep_two_dates_apart():
    a = mk("Federal officers cleared the park near the palace in June 2020 to put up a fence.", "Alpha",
           ents=[("Park Police", "ORG")])
    b = mk("Park Police cleared the park near the palace on June 1, 2017, to put up a fence.", "Beta",
           ents=[("Park Police", "ORG")])
    val(a, "June 2020", "date", "2020-06", subject="Federal officers", attribute="clear")
    val(b, "June 1, 2017", "date", "2017-06-01", subject="Park Police", attribute="clear")
    assert len(found(a, b)) == 1
    c = mk("Harbour Guard cleared the park near the palace in June 2020 to put up a fence.", "Gamma",
           ents=[("Harbour Guard", "ORG")])
    val(c, "June 2020", "date", "2020-06", subject="Harbour Guard", attribute="clear")
    assert found(b, c) == []  # two named actors: two events


@settings(max_examples=60, deadline=None)
@given(st.dates(), st.booleans())
def test_a_written_day_without_a_year_reads_the_same_either_way(day, abbreviated):
    month = MONTHS[day.month - 1]
    if abbreviated and month != "May":
        month = month[:3] + "."
    want = (f"--{day.month:02d}-{day.day:02d}", "day")
    assert partial_date(f"{month} {day.day}") == want
    assert partial_date(f"{day.day} {month}") == want
    assert partial_date(f"{month} {day.day}, {day.year}") is None  # a year written: resolve() reads it
