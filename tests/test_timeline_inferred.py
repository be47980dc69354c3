"""Relative dates of an undated report, inferred from the other reports of the story.

Hand-built reports (fiction); the seeds check skips when ../shared/seeds is absent.
"""
from __future__ import annotations

from annotated_builder import mk

from newsprism.compare.timeline import build_timeline


def _event(tl, outlet: str, word: str):
    return next(e for e in tl if outlet in e.outlets and word in e.text)


def _dated_reports():
    # Wednesday 2025-03-12: the harbour master is asked to resign; the latest report is Thursday 2025-03-20
    a = mk("The minister asked the harbour master to resign on Wednesday. The port stayed open.",
           "Harbor Daily", published="2025-03-12",
           times=[("on Wednesday", "2025-03-12", "day")])
    b = mk("The harbour master left office late Monday. Ferries ran late.", "Metro Post",
           published="2025-03-20", times=[("late Monday", "2025-03-17", "day")])
    return [a, b]


def test_weekday_is_dated_by_a_dated_report_of_the_same_event():
    undated = mk("The minister asked the harbour master to resign on Wednesday, officials said.",
                 "Lake Radio", published=None, times=[("on Wednesday", None, None)])
    tl = build_timeline(_dated_reports() + [undated])
    ev = _event(tl, "Lake Radio", "resign")
    # the date Harbor Daily gives the same event, not the Wednesday before the latest report (03-19)
    assert ev.date == "2025-03-12" and ev.granularity == "day"
    assert ev.outlets == ["Harbor Daily", "Lake Radio"]
    assert "inferred: Lake Radio's report has no date" in ev.how and "Harbor Daily" in ev.how


def test_other_weekdays_fall_back_to_the_latest_report_date():
    undated = mk("Divers searched the channel on Wednesday. The inquiry opened yesterday. "
                 "Dredging began last December.", "Lake Radio", published=None,
                 times=[("on Wednesday", None, None), ("yesterday", None, None),
                        ("last December", None, None)])
    tl = build_timeline(_dated_reports() + [undated])
    wed = _event(tl, "Lake Radio", "Divers")
    # latest dated report: Thursday 2025-03-20 (Metro Post); Wednesday within the 7 days before it
    assert wed.date == "2025-03-19" and wed.outlets == ["Lake Radio"]
    assert wed.how.startswith("inferred: Lake Radio's report has no date")
    assert "2025-03-20" in wed.how and "Metro Post" in wed.how and "Wednesday" in wed.how
    assert _event(tl, "Lake Radio", "inquiry").date == "2025-03-19"
    dec = _event(tl, "Lake Radio", "Dredging")
    assert (dec.date, dec.granularity) == ("2024-12", "month") and dec.how.startswith("inferred")


def test_nothing_is_inferred_when_no_report_is_dated():
    a = mk("The minister asked the harbour master to resign on Wednesday.", "Harbor Daily",
           published=None, times=[("on Wednesday", None, None)])
    b = mk("The harbour master left office late Monday.", "Metro Post", published=None,
           times=[("late Monday", None, None)])
    tl = build_timeline([a, b])
    assert len(tl) == 2
    assert all(e.date is None and e.how.startswith("unresolved") for e in tl)
    assert not any("inferred" in e.how for e in tl)


def test_dated_reports_keep_their_own_dates():
    undated = mk("The minister asked the harbour master to resign on Wednesday, officials said.",
                 "Lake Radio", published=None, times=[("on Wednesday", None, None)])
    alone = build_timeline(_dated_reports())
    together = build_timeline(_dated_reports() + [undated])
    for outlet, word in (("Harbor Daily", "resign"), ("Metro Post", "left office")):
        before, after = _event(alone, outlet, word), _event(together, outlet, word)
        assert after.date == before.date and after.granularity == before.granularity
        assert "inferred" not in before.how
    # a dated report's own unresolved expression is not re-read against another report's date
    c = mk("The review will finish next week.", "Metro Post", published="2025-03-20",
           times=[("next week", None, None)])
    tl = build_timeline(_dated_reports() + [c])
    assert _event(tl, "Metro Post", "review").date is None


def test_washington_post_wednesday_on_the_seeds(seeds_dir):
    import newsprism

    an = newsprism.analyze([str(seeds_dir)])
    wapo = [e for e in an.timeline if "The Washington Post" in e.outlets]
    assert wapo
    wed = [e for e in wapo if "Wednesday" in e.text]
    assert wed and all(e.date == "2022-11-09" for e in wed)
    assert all("inferred" in e.how for e in wed)
    # the dated reports' own events keep their dates and reasons
    assert not any(e.date is None and "Wednesday" in e.text for e in an.timeline)
    # the BBC's "in September" (compared with "the same time in 2021") is September 2022, once
    sept = [e for e in an.timeline if "BBC" in e.outlets and "September" in e.text]
    assert len(sept) == 1 and sept[0].date == "2022-09", [(e.date, e.text) for e in sept]
    assert not any(e.date == "2021" and "BBC" in e.outlets and "September" in e.text for e in an.timeline)
    # each clause once: no evidence span is listed under two dates
    spans = [(ev.article, ev.start, ev.end) for e in an.timeline for ev in e.evidence]
    assert len(spans) == len(set(spans))


def test_an_outlet_nothing_named_is_shown_as_unknown_in_the_reason():
    """A report whose outlet is only its file name is "unknown (file name)" in the reason a
    reader sees, as everywhere else, never the bare file name as if it were an outlet."""
    from dataclasses import replace

    undated = mk("Divers searched the channel on Wednesday.", "valley_voice", published=None,
                 times=[("on Wednesday", None, None)])
    undated.article = replace(undated.article, outlet_from="filename")
    ev = _event(build_timeline(_dated_reports() + [undated]), "valley_voice", "Divers")
    assert ev.how.startswith("inferred: unknown (valley_voice)'s report has no date")
    assert "valley_voice's" not in ev.how.replace("(valley_voice)'s", "")
