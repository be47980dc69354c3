"""Each finding once in every output format: a suspect spelling or a reworded quote that compare
already reports as a contradiction is not listed again under its own heading."""
from __future__ import annotations

import io
import json

from rich.console import Console

from newsprism.model import Contradiction, ContradictionSide
from newsprism.options import Options
from newsprism.report import common
from newsprism.report.html import render_html
from newsprism.report.jsonout import render_json
from newsprism.report.markdown import render_markdown
from newsprism.report.terminal import render_terminal
from newsprism.summarize import summarize
from test_report_support import build_story


def _with_findings():
    story = build_story()
    reyes = next(e for e in story.entities if e.suspect_spellings)
    sp = reyes.suspect_spellings[0]
    likely = [m for m in reyes.mentions if m.article != sp.article]
    story.contradictions.append(Contradiction(
        kind="name", subject=reyes.name, attribute="spelling",
        sides=[ContradictionSide(sp.likely, sp.likely, [m.article for m in likely], ["Valley Courier"], likely),
               ContradictionSide(sp.form, sp.form, [sp.article], [sp.outlet], list(sp.evidence))],
        explanation=f"likely misspelling by {sp.outlet}"))
    q = story.quotes[0]
    story.contradictions.append(Contradiction(
        kind="quote", subject=q.speaker, attribute="wording of a quote",
        sides=[ContradictionSide(v.text, v.text, v.articles, v.outlets, v.evidence) for v in q.variants],
        explanation="quoted in different words"))
    return story


def _outputs(story):
    summary = summarize(story, Options(use_embeddings=False))
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_terminal(console, story, summary)
    return {"markdown": render_markdown(story, summary), "terminal": console.file.getvalue(),
            "html": render_html(story, summary), "json": render_json(story, summary)}


def test_a_spelling_or_quote_already_a_contradiction_is_shown_once():
    story = _with_findings()
    assert common.suspect_spellings(story) == [] and common.reworded_quotes(story) == []
    out = _outputs(story)
    assert "Suspect spellings" not in out["markdown"] and "Reworded quotes" not in out["markdown"]
    assert "[spelling]" not in out["terminal"] and "[reworded quote]" not in out["terminal"]
    assert "<h3>Suspect spellings</h3>" not in out["html"] and "<h3>Reworded quotes</h3>" not in out["html"]
    doc = json.loads(out["json"])
    kinds = [c["kind"] for c in doc["contradictions"]]
    assert kinds.count("name") == 1 and kinds.count("quote") == 1


def test_a_spelling_no_contradiction_covers_is_still_shown():
    story = build_story()  # the fixture's suspect spelling and reworded quote have no contradiction
    out = _outputs(story)
    assert "Suspect spellings" in out["markdown"] and "Reworded quotes" in out["markdown"]
    assert out["markdown"].count("writes **Reyez**") == 1
