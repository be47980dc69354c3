"""Issue 9: an outlet nothing named (decided from the file name) is shown as "unknown (file name)"
by `read`, every report format and the web app, never as if the file name were an outlet; the data
(StoryAnalysis JSON) keeps the name and ``outlet_from`` as they are."""
from __future__ import annotations

import io
import json

from rich.console import Console

from newsprism.model import outlet_shown
from newsprism.options import Options
from newsprism.report.digest import for_display
from newsprism.report.html import render_html
from newsprism.report.jsonout import render_json
from newsprism.report.markdown import render_markdown
from newsprism.report.terminal import render_terminal
from newsprism.summarize import summarize
from test_report_support import build_story

NAME = "Evening Post"  # the fixture's fourth outlet, here as if only its file had been named so


def _unknown_story():
    story = build_story()
    story.articles[3].outlet_from = "filename"
    return story


def test_the_rule():
    assert outlet_shown("004_e1f2a3", "filename") == "unknown (004_e1f2a3)"
    assert outlet_shown("unknown (004_e1f2a3)", "filename") == "unknown (004_e1f2a3)"  # once
    for how in ("field", "url", "html-meta", "copyright", "self-reference", None):
        assert outlet_shown("BBC", how) == "BBC"


def test_every_finding_names_the_unknown_outlet_as_unknown():
    story = _unknown_story()
    shown = for_display(story)
    assert shown is not story and story.articles[3].outlet == NAME  # the analysis itself is untouched
    assert shown.articles[3].outlet == f"unknown ({NAME})"
    spellings = [s for e in shown.entities for s in e.suspect_spellings]
    assert spellings and {s.outlet for s in spellings} == {f"unknown ({NAME})"}  # "Reyez" is the fourth's
    assert any(f"unknown ({NAME})" in claim.outlets for claim in shown.agreements)
    assert all(NAME not in claim.outlets for claim in shown.agreements)
    assert all(NAME not in s.outlets for x in shown.contradictions for s in x.sides)
    # nothing to do when every outlet is known
    known = build_story()
    assert for_display(known) is known


def _bare(text: str) -> int:
    """How often the name appears other than as "unknown (name)"."""
    return text.replace(f"unknown ({NAME})", "").count(NAME)


def test_html_markdown_and_terminal_show_unknown_and_json_keeps_the_data():
    story = _unknown_story()
    summary = summarize(story, Options())
    page = render_html(story, summary)
    assert f"unknown ({NAME})" in page and _bare(page) == 0
    md = render_markdown(story, summary)
    assert f"unknown ({NAME})" in md and _bare(md) == 0
    buf = io.StringIO()
    render_terminal(Console(file=buf, width=120, color_system=None), story, summary)
    out = " ".join(buf.getvalue().split())
    assert f"unknown ({NAME})" in out and _bare(out) == 0
    doc = json.loads(render_json(story, summary))
    art = next(a for a in doc["analysis"]["articles"] if a["id"] == "art4") if "analysis" in doc else \
        next(a for a in doc["articles"] if a["id"] == "art4")
    assert art["outlet"] == NAME and art["outlet_from"] == "filename"
