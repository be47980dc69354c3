"""The story report in the terminal, with rich.  Source text is printed as plain Text (never parsed
as rich markup), so brackets or markup-like strings in articles show as written."""
from __future__ import annotations

import re
import shutil

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..model import ContradictionSide, StoryAnalysis, Summary
from . import common as c
from . import digest as d


def _line(*parts: tuple[str, str] | str) -> Text:
    t = Text()
    for p in parts:
        if isinstance(p, tuple):
            t.append(p[0], style=p[1])
        else:
            t.append(p)
    return t


def _say(console: Console, text: Text | object, indent: int = 0) -> None:
    """Print ``text`` wrapped at word boundaries to the console's width (rich wraps like
    textwrap; the CLI console soft-wraps by default, which would print one endless line).  A
    leading bullet ("• ", "1. ") hangs: continuation lines start under the text, ``indent`` in."""
    if not isinstance(text, Text):
        console.print(text, soft_wrap=False)
        return
    plain = text.plain
    m = re.match(r"(• |\d+\. )", plain)
    if not indent or not m:
        console.print(Padding(text, (0, 0, 0, indent)) if indent else text, soft_wrap=False, overflow="fold")
        return
    marker = m.group(1)
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=max(1, indent - 1, len(marker) - 1), no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(marker.strip()), text[len(marker):])
    console.print(grid, soft_wrap=False)


def _item(console: Console, marker: Text, text: Text, width: int) -> None:
    """``marker`` in a column of ``width``, ``text`` wrapped beside it (a hanging indent)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(marker, text)
    console.print(grid, soft_wrap=False)


def terminal_width(default: int = 100) -> int:
    """The width to render at: the terminal's, or COLUMNS, or ``default`` when not a terminal."""
    return shutil.get_terminal_size((default, 24)).columns


def _sides(console: Console, analysis: StoryAnalysis, sides: list[ContradictionSide]) -> None:
    for s in sides:
        src = d.sources(analysis, s.articles)
        _say(console, _line((str(s.value), "bold"), f" — {src.phrase()} ",
                            (f"({src.label()}) ", "green"), (c.cite_ids(analysis, s.articles), "cyan")), 4)
        for e, also in d.unique_evidence(analysis, s.evidence)[:2]:
            before, mid, after = c.context(analysis, e, 100)
            _say(console, _line("“", before, (mid, "bold yellow"), after, "”",
                                (f" (also in {c.cite_ids(analysis, also)})", "dim") if also else ""), 6)


def _key_points(console: Console, analysis: StoryAnalysis, dg: d.Digest) -> None:
    _say(console, Rule(dict(c.SECTIONS)["key"], align="left"))
    _say(console, Text("What happened", style="bold"))
    for h in dg.happened:
        _say(console, _line("• ", ("latest: ", "bold blue") if h.note.startswith("latest") else "", h.text,
                            (f" — {h.sources.phrase()}", "dim"), " ", (c.cite_ids(analysis, h.sources.articles), "cyan"),
                            (f" ({h.note.split('; ', 1)[1]})", "dim") if "; " in h.note else ""), 2)
    _say(console, Text("Disputed", style="bold"))
    if not dg.disputes:
        _say(console, Text("  Nothing: no contradiction was found.", style="dim"))
    for x in dg.disputes:
        parts: list = ["• ", (f"{x.about}: ", "bold")]
        for i, (value, src, _) in enumerate(x.sides):
            if i:
                parts.append((" vs ", "bold red"))
            parts += [(c.clip(value, 90), "bold"), (f" ({src.phrase()})", "dim")]
        _say(console, _line(*parts), 2)
    _say(console, Text("Only in one report", style="bold"))
    if not dg.only_one:
        _say(console, Text("  Nothing salient is reported by one outlet only.", style="dim"))
    for outlet, x in dg.only_one:
        _say(console, _line("• ", (f"{outlet}: ", "bold"), x.text, " ", (c.cite_ids(analysis, [x.article]), "cyan")), 2)


def render_terminal(console: Console, analysis: StoryAnalysis, summary: Summary) -> None:
    titles = dict(c.SECTIONS)
    analysis = d.for_display(analysis)  # an unknown outlet reads "unknown (file name)"
    dg = d.build(analysis, summary)
    n_art, n_out = len(analysis.articles), len({a.outlet for a in analysis.articles})
    head = Text(dg.title, style="bold")
    meta = Text(f"{n_art} report{'s' if n_art != 1 else ''} from {n_out} outlet{'s' if n_out != 1 else ''}"
                f" · {summary.length} summary", style="dim")
    parts = [head, meta]
    if dg.one_report:
        parts.append(Text(d.ONE_REPORT_WARNING, style="bold yellow"))
    _say(console, Panel(Group(*parts), border_style="blue"))

    src = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("#", "Outlet", "Published", "Words", "Title"):
        src.add_column(col, no_wrap=col in ("#", "Published", "Words"))
    nums = c.numbers(analysis)
    for n, a in enumerate(analysis.articles, start=1):
        copy = f" (copy of [{nums[a.duplicate_of]}])" if a.duplicate_of in nums else ""
        src.add_row(f"[{n}]", Text(a.outlet + copy), a.published or "date unknown", str(a.words),
                    Text(c.clip(a.title or "—", 70)))
    _say(console, src)

    _key_points(console, analysis, dg)

    _say(console, Rule(titles["summary"], align="left"))
    if not dg.summary:
        _say(console, Text("No summary: no readable sentences.", style="dim"))
    for i, s in enumerate(dg.summary, start=1):
        agreed = dg.agreed_in_summary.get(i - 1)
        extra = ""
        if agreed is not None:
            extra = f" ({d.summary_sources(analysis, s, agreed).label()})"
        _say(console, _line(f"{i}. ", ("contested: ", "bold red") if s.contested else "", s.text, " ",
                            (c.cite(s.citations), "cyan"), (extra, "green")), 3)

    _say(console, Rule(titles["agree"], align="left"))
    if dg.agreed_in_summary:
        _say(console, Text(f"{len(dg.agreed_in_summary)} agreed fact(s) shown under {titles['summary']} with "
                           f"their sources.", style="dim"))
    if not dg.agreements and not dg.agreed_in_summary:
        _say(console, Text("No claim is reported by two or more independent outlets.", style="dim"))
    for a in dg.agreements:
        srcs = d.sources(analysis, a.articles)
        x = dg.disputed(a.evidence)
        _say(console, _line("• ", (f"{srcs.label()} ", "green"), a.text, (f" — {srcs.phrase()} ", "dim"),
                            (c.cite_ids(analysis, a.articles), "cyan"),
                            (f" (disputed: {x.about})", "bold red") if x else ""), 2)

    _say(console, Rule(titles["differ"], align="left"))
    if not analysis.contradictions:
        _say(console, Text("No contradictions found.", style="dim"))
    for x in analysis.contradictions:
        _say(console, _line("• ", (f"[{x.kind}] ", "bold red"), (f"{x.subject}, {x.attribute}: ", "bold"),
                            x.explanation), 2)
        _sides(console, analysis, x.sides)
    for s in dg.spellings:
        _say(console, _line("• ", ("[spelling] ", "bold red"), f"{s.outlet} writes ", (s.form, "bold"),
                            " where others write ", (s.likely, "bold"), " ",
                            (c.cite_ids(analysis, [s.article]), "cyan")), 2)
    for q in dg.reworded:
        _say(console, _line("• ", ("[reworded quote] ", "bold magenta"), q.speaker or "Unattributed"), 2)
        for v in q.variants:
            _say(console, _line("“", v.text, "” — ", d.sources(analysis, v.articles).phrase(), " ",
                                (c.cite_ids(analysis, v.articles), "cyan")), 4)
    for dv in analysis.developments:
        _say(console, _line("• ", ("[development, not a contradiction] ", "bold blue"),
                            f"{dv.subject}, {dv.attribute}: ", dv.explanation), 2)
        for st in dv.steps:
            _say(console, _line(f"{st.published or 'date unknown'}: ", st.text, " — ",
                                d.sources(analysis, st.articles).phrase(), " ",
                                (c.cite_ids(analysis, st.articles), "cyan")), 4)
    for df in analysis.differences:
        label = c.DIFFERENCE_LABELS.get(df.kind, f"not a contradiction: {df.kind}")
        _say(console, _line("• ", (f"[{label}] ", "bold blue"), f"{df.subject}, {df.attribute}: ", df.explanation), 2)
        _sides(console, analysis, df.sides)

    _say(console, Rule(titles["exclusive"], align="left"))
    groups = c.exclusives_by_outlet(analysis)
    if not groups:
        _say(console, Text("Nothing salient is reported by one outlet only.", style="dim"))
    for outlet, items in groups:
        _say(console, _line((outlet, "bold")))
        for x in items:
            _say(console, _line("• ", x.text, " ", (c.cite_ids(analysis, [x.article]), "cyan")), 2)

    _say(console, Rule(titles["timeline"], align="left"))
    if not analysis.timeline:
        _say(console, Text("No dated events found.", style="dim"))
    for t in c.timeline_sorted(analysis):
        how = "" if not d.shows_reason(t) else f" ({d.plain_reason(t.how, t.text, getattr(t, 'expression', None))})"
        differ = d.accounts_differ(analysis, t)
        differ = f" (accounts differ: {'; '.join(differ)}; see Disputed)" if differ else ""
        _item(console, Text(t.date or "undated", style="bold"),
              _line(t.text, (how, "dim"), (differ, "yellow"), (f" — {d.sources(analysis, t.articles).phrase()}", "dim"), " ",
                    (c.cite_ids(analysis, t.articles), "cyan")), 10)

    _say(console, Rule(titles["quotes"], align="left"))
    if not analysis.quotes:
        _say(console, Text("No quotations found.", style="dim"))
    for speaker, qs in c.quotes_by_speaker(analysis):
        _say(console, _line((speaker, "bold")))
        for q in qs:
            ids = sorted({a for v in q.variants for a in v.articles})
            _say(console, _line("“", q.text, "” ", (c.cite_ids(analysis, ids), "cyan"),
                                (" (worded differently)", "magenta") if q.reworded else ""), 2)

    _say(console, Rule(titles["coverage"], align="left"))
    cov = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("#", "Outlet", "Published", "Words", "Cited", "Only here"):
        cov.add_column(col, overflow="fold")
    for cv in c.coverage(analysis, summary):
        n_ex = sum(1 for x in analysis.exclusives if x.article == cv.article.id)
        only = f"{n_ex} point{'s' if n_ex != 1 else ''}" if n_ex else "—"
        if cv.only_entities:
            only += "; names: " + ", ".join(cv.only_entities)
        cov.add_row(f"[{cv.number}]", Text(cv.article.outlet), cv.article.published or "date unknown",
                    str(cv.words), str(cv.cited_in_summary), Text(only))
    _say(console, cov)

    _say(console, Rule(titles["removed"], align="left"))
    rem = c.removals(analysis)
    if not rem:
        _say(console, Text("Nothing was removed.", style="dim"))
    for n, a in rem:
        _say(console, _line((f"[{n}] {a.outlet}", "bold")))
        for r in a.removals:
            _say(console, _line("• ", (r.reason, "yellow"), f" ({r.where}): ", c.clip(r.text, 120)), 4)
    for f in analysis.failures:
        _say(console, _line(("could not read ", "bold red"), f.source, f" ({f.error}): ", f.message), 2)
