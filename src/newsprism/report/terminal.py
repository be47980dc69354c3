"""The story report in the terminal, with rich.  Source text is printed as plain Text (never parsed
as rich markup), so brackets or markup-like strings in articles show as written."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..model import ContradictionSide, StoryAnalysis, Summary
from . import common as c


def _line(*parts: tuple[str, str] | str) -> Text:
    t = Text()
    for p in parts:
        if isinstance(p, tuple):
            t.append(p[0], style=p[1])
        else:
            t.append(p)
    return t


def _sides(analysis: StoryAnalysis, sides: list[ContradictionSide]) -> list[Text]:
    out = []
    for s in sides:
        n = c.independent_count(analysis, s.articles) or len(set(s.outlets))
        t = _line("    ", (str(s.value), "bold"), f" — {c.outlets_phrase(s.outlets)} ",
                  (f"({n} source{'s' if n != 1 else ''}) ", "green"), (c.cite_ids(analysis, s.articles), "cyan"))
        out.append(t)
        for e in s.evidence[:2]:
            before, mid, after = c.context(analysis, e, 100)
            out.append(_line("      “", before, (mid, "bold yellow"), after, "”"))
    return out


def render_terminal(console: Console, analysis: StoryAnalysis, summary: Summary) -> None:
    titles = dict(c.SECTIONS)
    head = Text(summary.headline, style="bold")
    meta = Text(f"{len(analysis.articles)} reports from {len({a.outlet for a in analysis.articles})} outlets"
                f" · {summary.length} summary", style="dim")
    console.print(Panel(Group(head, meta), border_style="blue"))

    src = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("#", "Outlet", "Published", "Words", "Title"):
        src.add_column(col)
    for n, a in enumerate(analysis.articles, start=1):
        src.add_row(f"[{n}]", Text(a.outlet), a.published or "date unknown", str(a.words), Text(a.title or "—"))
    console.print(src)

    console.print(Rule(titles["summary"], align="left"))
    if not summary.sentences:
        console.print(Text("No summary: no readable sentences.", style="dim"))
    for i, s in enumerate(summary.sentences, start=1):
        console.print(_line(f"{i}. ", ("contested: ", "bold red") if s.contested else "", s.text, " ",
                            (c.cite(s.citations), "cyan")))

    console.print(Rule(titles["agree"], align="left"))
    if not analysis.agreements:
        console.print(Text("No claim is reported by two or more independent outlets.", style="dim"))
    for a in sorted(analysis.agreements, key=lambda a: (-a.sources, a.text)):
        console.print(_line("• ", (f"{a.sources} sources ", "green"), a.text, " ",
                            (c.cite_ids(analysis, a.articles), "cyan")))

    console.print(Rule(titles["differ"], align="left"))
    if not analysis.contradictions:
        console.print(Text("No contradictions found.", style="dim"))
    for x in analysis.contradictions:
        console.print(_line("• ", (f"[{x.kind}] ", "bold red"), (f"{x.subject}, {x.attribute}: ", "bold"), x.explanation))
        for t in _sides(analysis, x.sides):
            console.print(t)
    for s in c.suspect_spellings(analysis):
        console.print(_line("• ", ("[spelling] ", "bold red"), f"{s.outlet} writes ", (s.form, "bold"),
                            " where others write ", (s.likely, "bold"), " ", (c.cite_ids(analysis, [s.article]), "cyan")))
    for q in c.reworded_quotes(analysis):
        console.print(_line("• ", ("[reworded quote] ", "bold magenta"), q.speaker or "Unattributed"))
        for v in q.variants:
            console.print(_line("    “", v.text, "” — ", c.outlets_phrase(v.outlets), " ",
                                (c.cite_ids(analysis, v.articles), "cyan")))
    for d in analysis.developments:
        console.print(_line("• ", ("[development, not a contradiction] ", "bold blue"), f"{d.subject}, {d.attribute}: ",
                            d.explanation))
        for st in d.steps:
            console.print(_line(f"    {st.published or 'date unknown'}: ", st.text, " — ", c.outlets_phrase(st.outlets),
                                " ", (c.cite_ids(analysis, st.articles), "cyan")))
    for d in analysis.differences:
        label = c.DIFFERENCE_LABELS.get(d.kind, f"not a contradiction: {d.kind}")
        console.print(_line("• ", (f"[{label}] ", "bold blue"), f"{d.subject}, {d.attribute}: ", d.explanation))
        for t in _sides(analysis, d.sides):
            console.print(t)

    console.print(Rule(titles["exclusive"], align="left"))
    groups = c.exclusives_by_outlet(analysis)
    if not groups:
        console.print(Text("Nothing salient is reported by one outlet only.", style="dim"))
    for outlet, items in groups:
        console.print(_line((outlet, "bold")))
        for x in items:
            console.print(_line("  • ", x.text, " ", (c.cite_ids(analysis, [x.article]), "cyan")))

    console.print(Rule(titles["timeline"], align="left"))
    if not analysis.timeline:
        console.print(Text("No dated events found.", style="dim"))
    for t in c.timeline_sorted(analysis):
        console.print(_line((f"{t.date or 'undated':<10} ", "bold"), t.text,
                            ("" if t.date else f" ({t.how})"), " ", (c.cite_ids(analysis, t.articles), "cyan")))

    console.print(Rule(titles["quotes"], align="left"))
    if not analysis.quotes:
        console.print(Text("No quotations found.", style="dim"))
    for speaker, qs in c.quotes_by_speaker(analysis):
        console.print(_line((speaker, "bold")))
        for q in qs:
            ids = sorted({a for v in q.variants for a in v.articles})
            console.print(_line("  “", q.text, "” ", (c.cite_ids(analysis, ids), "cyan"),
                                (" (worded differently)", "magenta") if q.reworded else ""))

    console.print(Rule(titles["coverage"], align="left"))
    cov = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("#", "Outlet", "Published", "Words", "Cited", "Emphasises"):
        cov.add_column(col, overflow="fold")
    for cv in c.coverage(analysis, summary):
        emph = "; ".join(cv.exclusives) or "—"
        cov.add_row(f"[{cv.number}]", Text(cv.article.outlet), cv.article.published or "date unknown",
                    str(cv.words), str(cv.cited_in_summary), Text(emph))
    console.print(cov)

    console.print(Rule(titles["removed"], align="left"))
    rem = c.removals(analysis)
    if not rem:
        console.print(Text("Nothing was removed.", style="dim"))
    for n, a in rem:
        console.print(_line((f"[{n}] {a.outlet}", "bold")))
        for r in a.removals:
            console.print(_line("  • ", (r.reason, "yellow"), f" ({r.where}): ", c.clip(r.text, 120)))
    for f in analysis.failures:
        console.print(_line(("could not read ", "bold red"), f.source, f" ({f.error}): ", f.message))
