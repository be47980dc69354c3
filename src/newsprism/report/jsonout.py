"""The story report as JSON: the StoryAnalysis document plus ``summary`` and ``report`` metadata.

The analysis fields stay at the top level, so a report JSON is also a StoryAnalysis JSON (issue 3)
for any reader that ignores the two extra keys.  Checked against ``schema/report.schema.json``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .. import __version__
from ..errors import NewsprismError
from ..model import StoryAnalysis, Summary, to_dict
from . import common as c
from . import digest

REPORT_VERSION = "1.0"


class ReportError(NewsprismError):
    """A report document does not match its schema (a bug in newsprism, please report it)."""

    exit_code = 1
    code = "bad-report"


def _analysis_dict(analysis: StoryAnalysis) -> dict:
    try:
        from ..serialize import analysis_to_dict
    except ImportError:  # the compare stage's serialiser is not installed in this tree yet
        return to_dict(analysis)
    return analysis_to_dict(analysis)


def report_dict(analysis: StoryAnalysis, summary: Summary) -> dict:
    """analysis_to_dict(analysis) + "summary" + "report" (metadata); validated before returning."""
    doc = dict(_analysis_dict(analysis))
    doc["summary"] = to_dict(summary)
    dg = digest.build(analysis, summary)
    doc["report"] = {
        "format": "newsprism-report",
        "report_version": REPORT_VERSION,
        "generator": f"newsprism {__version__}",
        "sections": [title for _, title in c.SECTIONS],
        # the title in its latest state and the Key points, as the other formats open with them
        "title": dg.title,
        "key_points": {
            "happened": [h.text for h in dg.happened],
            "disputed": [x.line() for x in dg.disputes],
            "only_one": [f"{o}: {x.text}" for o, x in dg.only_one],
            "warning": digest.ONE_REPORT_WARNING if dg.one_report else None,
        },
        "counts": {
            "articles": len(analysis.articles),
            "outlets": len({a.outlet for a in analysis.articles}),
            "summary_sentences": len(summary.sentences),
            "agreements": len(analysis.agreements),
            "contradictions": len(analysis.contradictions),
            "differences": len(analysis.differences),
            "developments": len(analysis.developments),
            "exclusives": len(analysis.exclusives),
            "timeline_events": len(analysis.timeline),
            "quotes": len(analysis.quotes),
            "failures": len(analysis.failures),
        },
    }
    validate_report(doc)
    return doc


@lru_cache(maxsize=1)
def report_schema() -> dict:
    return json.loads(resources.files("newsprism").joinpath("schema/report.schema.json").read_text("utf-8"))


def validate_report(doc: dict) -> None:
    """Raise ReportError when ``doc`` breaks the schema or its citations/evidence are inconsistent."""
    import jsonschema

    try:
        jsonschema.Draft202012Validator(report_schema()).validate(doc)
    except jsonschema.ValidationError as e:
        path = "/".join(str(p) for p in e.absolute_path) or "(top)"
        raise ReportError(f"report JSON is invalid at {path}: {e.message}") from None
    n = len(doc["articles"])
    ids = {a["id"] for a in doc["articles"]}
    for k, s in enumerate(doc["summary"]["sentences"], start=1):
        bad = [x for x in s["citations"] if x > n]
        if bad:
            raise ReportError(f"summary sentence {k} cites article(s) {bad} but the report has {n}")
        for e in s["evidence"]:
            if e["article"] not in ids or e["end"] < e["start"]:
                raise ReportError(f"summary sentence {k} has evidence for an unknown article or span")


def render_json(analysis: StoryAnalysis, summary: Summary) -> str:
    """The report as a JSON string (stable key order, UTF-8 friendly)."""
    return json.dumps(report_dict(analysis, summary), ensure_ascii=False, indent=2) + "\n"
