"""The story timeline: dated events merged across outlets (hand-built inputs)."""
from __future__ import annotations

from annotated_builder import mk

from newsprism.compare.timeline import build_timeline, clause_span


def _story():
    a = mk("The gate jammed open early Monday. The minister asked her to resign on Wednesday.",
           "Harbor Daily", published="2025-03-12",
           times=[("early Monday", "2025-03-10", "day"), ("on Wednesday", "2025-03-12", "day")])
    b = mk("The minister asked her to resign on Wednesday, she said. She resigned late Saturday. "
           "Alerts were logged last December.", "Metro Post", published="2025-03-16",
           times=[("on Wednesday", "2025-03-12", "day"), ("late Saturday", "2025-03-15", "day"),
                  ("last December", "2024-12", "month")])
    # undated, and "last week" is no single date even against the other reports' dates
    c = mk("She stepped down last week after days of pressure.", "Lake Radio", published=None,
           times=[("last week", None, None)])
    return [a, b, c]


def test_events_are_ordered_and_merged_across_outlets():
    tl = build_timeline(_story())
    dated = [(e.date, e.outlets) for e in tl if e.date]
    assert dated == [
        ("2024-12", ["Metro Post"]),
        ("2025-03-10", ["Harbor Daily"]),
        ("2025-03-12", ["Harbor Daily", "Metro Post"]),
        ("2025-03-15", ["Metro Post"]),
    ]
    wed = next(e for e in tl if e.date == "2025-03-12")
    assert "resign" in wed.text and len(wed.evidence) == 2 and len(wed.articles) == 2
    assert wed.granularity == "day"


def test_unresolved_expressions_come_last_and_say_why():
    tl = build_timeline(_story())
    assert tl[-1].date is None and tl[-1].outlets == ["Lake Radio"]
    assert tl[-1].how.startswith("unresolved")
    assert all(e.date for e in tl[:-1])


def test_same_date_different_events_stay_apart():
    a = mk("Heavy rain fell across the valley on Monday.", "Harbor Daily",
           times=[("on Monday", "2025-03-10", "day")])
    b = mk("On Monday the regional assembly approved a new budget for schools.", "Metro Post",
           times=[("On Monday", "2025-03-10", "day")])
    tl = build_timeline([a, b])
    assert len(tl) == 2


def test_evidence_is_exact():
    story = _story()
    texts = {an.article.id: an.article.text for an in story}
    for e in build_timeline(story):
        for ev in e.evidence:
            assert texts[ev.article][ev.start:ev.end] == ev.text


def test_long_sentence_is_trimmed_to_its_clause():
    text = ("The authority said in a statement released to reporters after a long meeting in the capital "
            "that its director would stay on for now; the minister had asked her to resign on Wednesday "
            "in a phone call that lasted only a few minutes, according to two officials who were present "
            "and spoke on condition of anonymity.")
    at = text.index("on Wednesday")
    s, e = clause_span(text, 0, len(text), at)
    assert (s, e) != (0, len(text))
    assert "on Wednesday" in text[s:e] and not text[s:e].startswith(";")
