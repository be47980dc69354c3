"""The seed reports as a reader sees them (../shared/seeds; skipped when absent): the title says
he resigned, Key points list each dispute once on one line, and nothing is shown twice.
Only short facts (names, values) are asserted; no sentence of the seeds is copied here."""
from __future__ import annotations

import re

import pytest

import newsprism
from newsprism.options import Options
from newsprism.report import digest
from newsprism.report.markdown import render_markdown
from newsprism.summarize import summarize

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_report(seeds_dir):
    analysis = newsprism.analyze(newsprism.read([str(seeds_dir)], Options()), Options())
    summary = summarize(analysis, Options())
    return analysis, summary, digest.build(analysis, summary), render_markdown(analysis, summary)


def test_title_says_he_resigned(seeds_report):
    _, _, dg, md = seeds_report
    assert re.search(r"\bresign(ed|s)\b", dg.title) and "asked to step down" not in dg.title
    assert md.startswith(f"# {dg.title}") or md.startswith("# " + dg.title.replace("_", "\\_"))


def test_key_points_list_the_disputes_once_each(seeds_report):
    _, _, dg, md = seeds_report
    lines = [d.line() for d in dg.disputes]
    age = [x for x in lines if "62" in x and "61" in x]
    richmond = [x for x in lines if "Richmond" in x]
    assert len(age) == 1 and len(richmond) == 1
    for form in ("Mayorkos", "Mallorca"):
        assert sum(form in x for x in lines) == 1, form
        # each misspelling once in the whole report's finding lists (Key points aside)
        body = md.split("## What happened", 1)[1]
        assert sum(f"**{form}**" in line for line in body.splitlines()) == 1, form


def test_reasons_are_words_not_code(seeds_report):
    _, _, _, md = seeds_report
    assert "resolve a relative expression" not in md and "(unresolved:" not in md
