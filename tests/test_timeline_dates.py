"""Timeline dates that went wrong, and events merged across outlets (hand-written fiction).

Each date error has its own test: a month word that is part of a name ("Rep. Jan ..."), one
weekday event placed at several dates by reports published on different days, and a sentence
filed under the year a figure is compared with ("up 6% from the same month in 2023")."""
from __future__ import annotations

import pytest
from annotated_builder import mk

from newsprism.compare.timeline import build_timeline, is_comparison_baseline
from newsprism.nlp.times import month_is_name


def _at(text: str, word: str, after: int = 0) -> tuple[str, int, int]:
    i = text.index(word, after)
    return text, i, i + len(word)


# --- merging -------------------------------------------------------------------------------------


def test_two_outlets_one_event_in_different_words_is_one_entry_with_both():
    a = mk("The ferry operator suspended all crossings on Thursday after a hull inspection failed.",
           "Harbor Daily", published="2025-05-09", times=[("on Thursday", "2025-05-08", "day")])
    b = mk("All ferry crossings were suspended by the operator Thursday when the hull inspection failed.",
           "Coast Wire", published="2025-05-10", times=[("Thursday", "2025-05-08", "day")])
    (ev,) = build_timeline([a, b])
    assert ev.date == "2025-05-08" and ev.outlets == ["Coast Wire", "Harbor Daily"]
    # each outlet with its own evidence, one wording shown
    assert sorted(e.article for e in ev.evidence) == sorted([a.article.id, b.article.id])
    for e in ev.evidence:
        src = a if e.article == a.article.id else b
        assert src.article.text[e.start:e.end] == e.text and "ferry" in e.text
    assert ev.text in (a.article.text, b.article.text)


def test_two_events_on_one_day_stay_apart():
    a = mk("The ferry operator suspended all crossings on Thursday. The mayor opened a new library "
           "on Thursday.", "Harbor Daily", published="2025-05-09",
           times=[("on Thursday", "2025-05-08", "day")])
    # the builder finds the first "on Thursday"; add the second by hand
    from newsprism.model import TimeExpression
    i = a.article.text.index("on Thursday", a.article.text.index("library"))
    a.times.append(TimeExpression(i, i + 11, "on Thursday", "2025-05-08", "day", "absolute", 1))
    b = mk("All ferry crossings were suspended by the operator on Thursday.", "Coast Wire",
           published="2025-05-10", times=[("on Thursday", "2025-05-08", "day")])
    tl = build_timeline([a, b])
    assert len(tl) == 2 and all(e.date == "2025-05-08" for e in tl)
    ferry = next(e for e in tl if "ferry" in e.text)
    library = next(e for e in tl if "library" in e.text)
    assert ferry.outlets == ["Coast Wire", "Harbor Daily"] and library.outlets == ["Harbor Daily"]


# --- a month word in a name ----------------------------------------------------------------------


@pytest.mark.parametrize("text,word", [
    ("the plan will fail, Rep. Jan Holloway said", "Jan"),
    ("Prime Minister Theresa May said on Monday", "May"),
    ("a letter signed by Jan Brandt and others", "Jan"),
    ("an ally of Sen. April Dunmore, who voted no", "April"),
])
def test_a_month_word_in_a_name_is_no_date(text, word):
    assert month_is_name(*_at(text, word))


@pytest.mark.parametrize("text,word", [
    ("The House may vote in January, aides said", "January"),
    ("Talks stalled in May and resumed in June", "May"),
    ("The council met on Friday, March 14, to vote", "March"),
    ("he said. April brought the first rain", "April"),
    ("The vote slipped to Jan. after the recess", "Jan."),
])
def test_a_month_is_still_a_month(text, word):
    assert not month_is_name(*_at(text, word))


@pytest.mark.slow
def test_annotate_reads_no_month_in_a_name():
    from newsprism.model import Article
    from newsprism.nlp import annotate
    from newsprism.options import Options

    text = ("\"If she calls the vote, it will fail,\" Rep. Jan Holloway said on Tuesday. "
            "The board will meet again in January.")
    art = Article(id="n1", source="n1.txt", text=text, title=None, outlet="Test", outlet_from="test",
                  published="2021-09-28", published_from="test")
    got = {t.text: t.date for t in annotate(art, Options(use_embeddings=False)).times}
    assert "Jan" not in got
    assert got["January"] == "2022-01" and got["Tuesday"] == "2021-09-28"


# --- a comparison's baseline year ----------------------------------------------------------------


@pytest.mark.parametrize("text,word,baseline", [
    ("48,000 containers passed in October, up 6% from the same month in 2023.", "2023", True),
    ("a level twice as high as 2019, officials said", "2019", True),
    ("sales fell 4% compared with 2022", "2022", True),
    ("He ran the agency through most of 2021.", "2021", False),
    ("She served as chief from 2016 to 2020.", "2016", False),
    ("Bids are due no later than March 3.", "March", False),
])
def test_comparison_baseline(text, word, baseline):
    t, s, _ = _at(text, word)
    assert is_comparison_baseline(t, s, 0) is baseline


def test_a_month_compared_with_an_earlier_year_is_filed_under_the_month():
    # undated report: "October" is read against the other report's date; "2023" is only what the
    # figure is compared with and must not file the sentence under 2023
    dated = mk("The port opened a second terminal on Monday.", "Harbor Daily", published="2024-11-12",
               times=[("on Monday", "2024-11-11", "day")])
    undated = mk("About 48,000 containers passed through the port in October, up 6% from the same "
                 "month in 2023.", "Lake Radio", published=None,
                 times=[("October", None, None), ("2023", "2023", "year")])
    tl = build_timeline([dated, undated])
    port = [e for e in tl if "containers" in e.text]
    assert len(port) == 1
    assert (port[0].date, port[0].granularity) == ("2024-10", "month")
    assert not any(e.date == "2023" for e in tl)


def test_a_sentence_dated_only_by_a_baseline_makes_no_entry():
    a = mk("Arrests reached a level twice as high as 2019, the agency said.", "Harbor Daily",
           published="2024-11-12", times=[("2019", "2019", "year")])
    assert build_timeline([a]) == []


# --- one weekday event, one date -----------------------------------------------------------------


def test_one_weekday_event_reported_on_different_days_has_one_date():
    # the evacuation was on Tuesday 2025-06-03; two reports were published that week, a third a
    # week later still says "on Tuesday" (its own date would put it on 2025-06-10)
    say = "Residents of the river district were evacuated on Tuesday as the levee weakened."
    a = mk(say, "Harbor Daily", published="2025-06-04", times=[("on Tuesday", "2025-06-03", "day")])
    b = mk("The river district was evacuated on Tuesday as its levee weakened, officials said.",
           "Coast Wire", published="2025-06-05", times=[("on Tuesday", "2025-06-03", "day")])
    c = mk("Residents of the river district, evacuated on Tuesday as the levee weakened, are "
           "still in shelters.", "Metro Post", published="2025-06-11",
           times=[("on Tuesday", "2025-06-10", "day")])
    tl = build_timeline([a, b, c])
    evac = [e for e in tl if "evacuated" in e.text]
    assert len(evac) == 1
    assert evac[0].date == "2025-06-03"
    assert evac[0].outlets == ["Coast Wire", "Harbor Daily", "Metro Post"]
    # the moved date says so, and from what
    assert "inferred" in evac[0].how and "2025-06-10" in evac[0].how


def test_different_events_on_the_same_weekday_keep_their_dates():
    a = mk("The levee was repaired on Tuesday.", "Harbor Daily", published="2025-06-04",
           times=[("on Tuesday", "2025-06-03", "day")])
    b = mk("The school board elected a new chair on Tuesday.", "Coast Wire", published="2025-06-11",
           times=[("on Tuesday", "2025-06-10", "day")])
    tl = build_timeline([a, b])
    assert sorted(e.date for e in tl) == ["2025-06-03", "2025-06-10"]


# --- every rendering shows each event once, with its outlets -------------------------------------


def test_renderings_show_each_event_once_with_its_outlets():
    import io
    import json

    from rich.console import Console
    from test_report_support import build_story

    from newsprism.options import Options
    from newsprism.report.html import render_html
    from newsprism.report.jsonout import report_dict, validate_report
    from newsprism.report.markdown import render_markdown
    from newsprism.report.terminal import render_terminal
    from newsprism.summarize import summarize

    story = build_story()
    summary = summarize(story, Options())
    buf = io.StringIO()
    render_terminal(Console(file=buf, width=400, color_system=None), story, summary)
    outputs = {"markdown": render_markdown(story, summary), "terminal": buf.getvalue(),
               "html": render_html(story, summary)}
    for name, out in outputs.items():
        tl = out[out.index("Timeline"):]
        for ev in story.timeline:
            assert tl.count(ev.text) == 1, (name, ev.text)
            line = next(x for x in tl.splitlines() if ev.text in x)
            if name != "html":  # html: the outlets follow on the same list item
                for outlet in ev.outlets:
                    assert outlet in line, (name, outlet, line)
    html_tl = outputs["html"][outputs["html"].index('id="timeline"'):]
    item = html_tl[html_tl.index("Whitfield resigns"):html_tl.index("</li>", html_tl.index("Whitfield resigns"))]
    assert all(o in item for o in story.timeline[2].outlets)
    doc = report_dict(story, summary)
    validate_report(doc)
    events = json.loads(json.dumps(doc))["timeline"]
    assert [e["text"] for e in events] == [e.text for e in story.timeline]
    assert all(e["outlets"] and len(e["evidence"]) >= 1 for e in events)


def test_a_sentence_with_two_dates_is_two_events_each_once():
    a = mk("Officials said 300 residents of the river district were evacuated on Tuesday, and that the "
           "levee had been repaired by the time the water fell on Thursday.", "Harbor Daily",
           published="2025-06-06", times=[("on Tuesday", "2025-06-03", "day"), ("on Thursday", "2025-06-05", "day")])
    tl = build_timeline([a])
    assert [e.date for e in tl] == ["2025-06-03", "2025-06-05"]
    assert "evacuated" in tl[0].text and "levee" not in tl[0].text
    assert tl[1].text.startswith("the levee had been repaired") and "evacuated" not in tl[1].text
