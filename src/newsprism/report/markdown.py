"""The story report as Markdown: deterministic (same analysis, same bytes), no timestamps."""
from __future__ import annotations

import re

from ..model import ContradictionSide, StoryAnalysis, Summary
from . import common as c
from . import digest as d


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
        src = d.sources(analysis, s.articles)
        quotes = "; ".join(_in_context(analysis, e) + (f" (also in {c.cite_ids(analysis, also)})" if also else "")
                           for e, also in d.unique_evidence(analysis, s.evidence)[:2])
        lines.append(f"  - **{_md(s.value)}**: {_md(src.phrase())} "
                     f"({src.label()}) {c.cite_ids(analysis, s.articles)}"
                     + (f" — {quotes}" if quotes else ""))
    return lines


def _slug(title: str) -> str:
    """The anchor GitHub and most Markdown viewers give a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _key_points(analysis: StoryAnalysis, dg: d.Digest, titles: dict) -> list[str]:
    L = [f"## {titles['key']}", ""]
    if dg.one_report:
        L += [f"> **{_md(d.ONE_REPORT_WARNING)}**", ""]
    L += ["**What happened**", ""]
    if not dg.happened:
        L.append("- No summary: no readable sentences.")
    for h in dg.happened:
        note = f" *({_md(h.note)})*" if h.note else ""
        L.append(f"- {_md(h.text)} — {_md(h.sources.phrase())} {c.cite_ids(analysis, h.sources.articles)}{note}")
    L += ["", "**Disputed**", ""]
    if not dg.disputes:
        L.append("- Nothing: no contradiction was found.")
    for x in dg.disputes:
        ids = [a for _, s, _ in x.sides for a in s.articles]
        L.append(f"- {_md(x.line())} {c.cite_ids(analysis, ids)}")
    L += ["", "**Only in one report**", ""]
    if not dg.only_one:
        L.append("- Nothing salient is reported by one outlet only.")
    for outlet, x in dg.only_one:
        L.append(f"- {_md(outlet)}: {_md(x.text)} {c.cite_ids(analysis, [x.article])}")
    return L + [""]


def render_markdown(analysis: StoryAnalysis, summary: Summary) -> str:
    analysis = d.for_display(analysis)  # an unknown outlet reads "unknown (file name)"
    dg = d.build(analysis, summary)
    titles = dict(c.SECTIONS)
    nums = c.numbers(analysis)
    n_art, n_out = len(analysis.articles), len({a.outlet for a in analysis.articles})
    L: list[str] = []
    L.append(f"# {_md(dg.title)}")
    L.append("")
    L.append(f"*{n_art} report{'s' if n_art != 1 else ''} from {n_out} outlet{'s' if n_out != 1 else ''}; "
             f"summary: {summary.length}, {summary.method}.*")
    L.append("")
    L.append("Contents: " + " · ".join(f"[{t}](#{_slug(t)})" for k, t in c.SECTIONS) + " · [Sources](#sources)")
    L.append("")
    L += _key_points(analysis, dg, titles)

    L += [f"## {titles['summary']}", ""]
    if not dg.summary:
        L += ["No summary: no readable sentences.", ""]
    for i, s in enumerate(dg.summary):
        flag = " *(contested)*" if s.contested else ""
        agreed = dg.agreed_in_summary.get(i)
        if agreed is not None:
            src = d.summary_sources(analysis, s, agreed)
            flag += f" — reported by {src.label()}: {_md(src.phrase())}"
        L.append(f"- {_md(s.text)} {c.cite(s.citations)}{flag}")
    L.append("")

    L += [f"## {titles['agree']}", ""]
    if dg.agreed_in_summary:
        n = len(dg.agreed_in_summary)
        L += [f"{n} agreed fact{'s are' if n != 1 else ' is'} shown under {titles['summary']} with "
              f"{'their' if n != 1 else 'its'} sources.", ""]
    if not dg.agreements and not dg.agreed_in_summary:
        L += ["No claim is reported by two or more independent outlets.", ""]
    for a in dg.agreements:
        src = d.sources(analysis, a.articles)
        x = dg.disputed(a.evidence)
        flag = f" *(disputed: {_md(x.about)})*" if x else ""
        L.append(f"- {_md(a.text)} — {src.label()}: "
                 f"{_md(src.phrase())} {c.cite_ids(analysis, a.articles)}{flag}")
    if dg.agreements:
        L.append("")

    L += [f"## {titles['differ']}", ""]
    L += ["### Contradictions", ""]
    if not analysis.contradictions:
        L += ["None found.", ""]
    for x in analysis.contradictions:
        L.append(f"- **{_md(x.kind)}** — {_md(x.subject)}, {_md(x.attribute)}: {_md(x.explanation)}")
        L += _sides(analysis, x.sides)
    L.append("")
    if dg.spellings:
        L += ["### Suspect spellings", ""]
        for s in dg.spellings:
            L.append(f"- {_md(s.outlet)} writes **{_md(s.form)}** where others write **{_md(s.likely)}** "
                     f"{c.cite_ids(analysis, [s.article])}: {_md(s.reason)}")
        L.append("")
    if dg.reworded:
        L += ["### Reworded quotes", ""]
        for q in dg.reworded:
            L.append(f"- {_md(q.speaker or 'Unattributed')}:")
            for v in q.variants:
                L.append(f"  - “{_md(v.text)}” — {_md(d.sources(analysis, v.articles).phrase())} "
                         f"{c.cite_ids(analysis, v.articles)}")
        L.append("")
    if analysis.developments:
        L += ["### Developments over time (not contradictions)", ""]
        for dv in analysis.developments:
            L.append(f"- {_md(dv.subject)}, {_md(dv.attribute)}: {_md(dv.explanation)}")
            for st in dv.steps:
                L.append(f"  - {c.date_or_unknown(st.published)}: {_md(st.text)} — "
                         f"{_md(d.sources(analysis, st.articles).phrase())} {c.cite_ids(analysis, st.articles)}")
        L.append("")
    if analysis.differences:
        L += ["### Differences that are not contradictions", ""]
        for df in analysis.differences:
            label = c.DIFFERENCE_LABELS.get(df.kind, f"not a contradiction: {df.kind}")
            L.append(f"- *{_md(label)}* — {_md(df.subject)}, {_md(df.attribute)}: {_md(df.explanation)}")
            L += _sides(analysis, df.sides)
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
        how = "" if not d.shows_reason(t) else f" ({_md(d.plain_reason(t.how, t.text, getattr(t, 'expression', None)))})"
        differ = d.accounts_differ(analysis, t)
        differ = f" *(accounts differ: {_md('; '.join(differ))}; see Disputed)*" if differ else ""
        L.append(f"- **{when}** {_md(t.text)}{how}{differ} — {_md(d.sources(analysis, t.articles).phrase())} "
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
            L.append(f"  - “{_md(q.text)}” — {_md(d.sources(analysis, ids).phrase())} "
                     f"{c.cite_ids(analysis, ids)}{note}")
    L.append("")

    L += [f"## {titles['coverage']}", ""]
    L.append("| # | Outlet | Published | Words | Cited in summary | Only in this report |")
    L.append("|---|---|---|---|---|---|")
    for cv in c.coverage(analysis, summary):
        n_ex = sum(1 for x in analysis.exclusives if x.article == cv.article.id)
        only = f"{n_ex} point{'s' if n_ex != 1 else ''} (see {titles['exclusive']})" if n_ex else "—"
        if cv.only_entities:
            only += "; names: " + ", ".join(_md(x) for x in cv.only_entities)
        copy = f" (copy of [{nums[cv.article.duplicate_of]}])" if cv.article.duplicate_of in nums else ""
        L.append(f"| {cv.number} | {_md(cv.article.outlet)}{copy} | {c.date_or_unknown(cv.article.published)} | "
                 f"{cv.words} | {cv.cited_in_summary} | {only} |")
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

    L += ["## Sources", ""]
    for n, a in enumerate(analysis.articles, start=1):
        dup = f" (copy of [{nums[a.duplicate_of]}])" if a.duplicate_of in nums else ""
        L.append(f"{n}. **{_md(a.outlet)}**, {c.date_or_unknown(a.published)}: "
                 f"{_md(c.clip(a.title or 'untitled', 110))} ({a.words} words){dup}")
    L.append("")
    return "\n".join(L).rstrip() + "\n"
