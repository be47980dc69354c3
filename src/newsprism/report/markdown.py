"""The story report as Markdown: deterministic (same analysis, same bytes), no timestamps."""
from __future__ import annotations

from ..model import ContradictionSide, StoryAnalysis, Summary
from . import common as c


def _md(text: str) -> str:
    """Source text as inert Markdown: no HTML, no link syntax, one line."""
    text = " ".join(str(text).split())
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        text = text.replace(ch, "\\" + ch)
    return text


def _in_context(analysis: StoryAnalysis, e) -> str:
    before, mid, after = c.context(analysis, e, 120)
    pre = _md(before) + (" " if before.endswith(" ") and before.strip() else "")
    post = (" " if after.startswith(" ") and after.strip() else "") + _md(after)
    return f"“{pre}**{_md(mid)}**{post}”"


def _sides(analysis: StoryAnalysis, sides: list[ContradictionSide]) -> list[str]:
    lines = []
    for s in sides:
        n = c.independent_count(analysis, s.articles) or len(set(s.outlets))
        quotes = "; ".join(_in_context(analysis, e) for e in s.evidence[:2])
        lines.append(f"  - **{_md(s.value)}**: {_md(c.outlets_phrase(s.outlets))} "
                     f"({n} source{'s' if n != 1 else ''}) {c.cite_ids(analysis, s.articles)}"
                     + (f" — {quotes}" if quotes else ""))
    return lines


def render_markdown(analysis: StoryAnalysis, summary: Summary) -> str:
    L: list[str] = []
    L.append(f"# {_md(summary.headline)}")
    L.append("")
    L.append(f"*{len(analysis.articles)} reports from "
             f"{len({a.outlet for a in analysis.articles})} outlets; summary: {summary.length}, "
             f"{summary.method}.*")
    L.append("")
    L.append("## Sources")
    L.append("")
    for n, a in enumerate(analysis.articles, start=1):
        dup = f" (copy of [{c.numbers(analysis)[a.duplicate_of]}])" if a.duplicate_of in c.numbers(analysis) else ""
        L.append(f"{n}. **{_md(a.outlet)}**, {c.date_or_unknown(a.published)}: "
                 f"{_md(a.title or 'untitled')} ({a.words} words){dup}")
    L.append("")

    titles = dict(c.SECTIONS)
    L += [f"## {titles['summary']}", ""]
    if not summary.sentences:
        L += ["No summary: no readable sentences.", ""]
    for s in summary.sentences:
        flag = " *(contested)*" if s.contested else ""
        L.append(f"- {_md(s.text)} {c.cite(s.citations)}{flag}")
    L.append("")

    L += [f"## {titles['agree']}", ""]
    agreements = sorted(analysis.agreements, key=lambda a: (-a.sources, a.text))
    if not agreements:
        L += ["No claim is reported by two or more independent outlets.", ""]
    for a in agreements:
        L.append(f"- {_md(a.text)} — {a.sources} independent sources: "
                 f"{_md(c.outlets_phrase(a.outlets))} {c.cite_ids(analysis, a.articles)}")
    L.append("")

    L += [f"## {titles['differ']}", ""]
    L += ["### Contradictions", ""]
    if not analysis.contradictions:
        L += ["None found.", ""]
    for x in analysis.contradictions:
        L.append(f"- **{_md(x.kind)}** — {_md(x.subject)}, {_md(x.attribute)}: {_md(x.explanation)}")
        L += _sides(analysis, x.sides)
    L.append("")
    spell = c.suspect_spellings(analysis)
    if spell:
        L += ["### Suspect spellings", ""]
        for s in spell:
            L.append(f"- {_md(s.outlet)} writes **{_md(s.form)}** where others write **{_md(s.likely)}** "
                     f"{c.cite_ids(analysis, [s.article])}: {_md(s.reason)}")
        L.append("")
    rq = c.reworded_quotes(analysis)
    if rq:
        L += ["### Reworded quotes", ""]
        for q in rq:
            L.append(f"- {_md(q.speaker or 'Unattributed')}:")
            for v in q.variants:
                L.append(f"  - “{_md(v.text)}” — {_md(c.outlets_phrase(v.outlets))} "
                         f"{c.cite_ids(analysis, v.articles)}")
        L.append("")
    if analysis.developments:
        L += ["### Developments over time (not contradictions)", ""]
        for d in analysis.developments:
            L.append(f"- {_md(d.subject)}, {_md(d.attribute)}: {_md(d.explanation)}")
            for st in d.steps:
                L.append(f"  - {c.date_or_unknown(st.published)}: {_md(st.text)} — "
                         f"{_md(c.outlets_phrase(st.outlets))} {c.cite_ids(analysis, st.articles)}")
        L.append("")
    if analysis.differences:
        L += ["### Differences that are not contradictions", ""]
        for d in analysis.differences:
            label = c.DIFFERENCE_LABELS.get(d.kind, f"not a contradiction: {d.kind}")
            L.append(f"- *{_md(label)}* — {_md(d.subject)}, {_md(d.attribute)}: {_md(d.explanation)}")
            L += _sides(analysis, d.sides)
        L.append("")

    L += [f"## {titles['exclusive']}", ""]
    groups = c.exclusives_by_outlet(analysis)
    if not groups:
        L += ["Nothing salient is reported by one outlet only.", ""]
    for outlet, items in groups:
        L.append(f"- **{_md(outlet)}**")
        for x in items:
            L.append(f"  - {_md(x.text)} {c.cite_ids(analysis, [x.article])}")
    L.append("")

    L += [f"## {titles['timeline']}", ""]
    if not analysis.timeline:
        L += ["No dated events found.", ""]
    for t in c.timeline_sorted(analysis):
        when = t.date or "undated"
        how = "" if t.date else f" ({_md(t.how)})"
        L.append(f"- **{when}** {_md(t.text)}{how} — {_md(c.outlets_phrase(t.outlets))} "
                 f"{c.cite_ids(analysis, t.articles)}")
    L.append("")

    L += [f"## {titles['quotes']}", ""]
    if not analysis.quotes:
        L += ["No quotations found.", ""]
    for speaker, groups_ in c.quotes_by_speaker(analysis):
        L.append(f"- **{_md(speaker)}**")
        for q in groups_:
            ids = sorted({a for v in q.variants for a in v.articles})
            note = " *(worded differently by different outlets)*" if q.reworded else ""
            L.append(f"  - “{_md(q.text)}” — {_md(c.outlets_phrase(q.outlets))} "
                     f"{c.cite_ids(analysis, ids)}{note}")
    L.append("")

    L += [f"## {titles['coverage']}", ""]
    L.append("| # | Outlet | Published | Words | Cited in summary | Emphasises (not in other reports) |")
    L.append("|---|---|---|---|---|---|")
    for cv in c.coverage(analysis, summary):
        emph = "; ".join(_md(x) for x in cv.exclusives) or "—"
        if cv.only_entities:
            emph += " (names only here: " + ", ".join(_md(x) for x in cv.only_entities) + ")"
        L.append(f"| {cv.number} | {_md(cv.article.outlet)} | {c.date_or_unknown(cv.article.published)} | "
                 f"{cv.words} | {cv.cited_in_summary} | {emph} |")
    L.append("")

    L += [f"## {titles['removed']}", ""]
    rem = c.removals(analysis)
    if not rem:
        L += ["Nothing was removed.", ""]
    for n, a in rem:
        L.append(f"- [{n}] {_md(a.outlet)}:")
        for r in a.removals:
            L.append(f"  - {_md(r.reason)} ({_md(r.where)}): “{_md(c.clip(r.text, 120))}”")
    L.append("")
    L += ["### Files that could not be read", ""]
    if not analysis.failures:
        L += ["None.", ""]
    for f in analysis.failures:
        L.append(f"- `{f.source.replace('`', '')}` ({_md(f.error)}): {_md(f.message)}")
    L.append("")
    return "\n".join(L).rstrip() + "\n"
