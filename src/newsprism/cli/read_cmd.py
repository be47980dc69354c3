"""`newsprism read`: the articles newsprism read, and what cleaning removed from each.

Output: a table (default), ``--removed`` (every removal with its reason, under each article),
``--text`` (the cleaned text), ``--json`` (one document, schema: schema/read.schema.json) or
``--jsonl`` (one article per line).  Failures are always listed on stderr with their reason.
Exit code: 0 all read, 1 some inputs failed, 2 nothing could be read.
"""
from __future__ import annotations

import json
import sys

import click
from rich.markup import escape
from rich.table import Table

from ..model import SCHEMA_VERSION, UNKNOWN_OUTLET_FROM, Article, ReadFailure, ReadResult, outlet_shown, to_dict
from .app import EXIT_OK, EXIT_SOME_FAILED, build_options, err, handle_errors, main, out, ProgressBar

EXIT_NOTHING_READ = 2


def input_flags(fn):
    """The bounds every command that reads inputs shares (read, add, follow)."""
    fn = click.option("--allow-private-addresses", is_flag=True, default=None,
                      help="Let links from feeds, redirects and records reach loopback/private "
                           "addresses (URLs you type may always).")(fn)
    fn = click.option("--fetch-deadline", type=float, default=None, metavar="S",
                      help="Seconds one fetch may take in all (redirects, body).  [default: 60]")(fn)
    fn = click.option("--max-records", "max_records_per_file", type=int, default=None, metavar="N",
                      help="Refuse a file that holds more articles than this.  [default: 50000]")(fn)
    return fn
_REMOVAL_PREVIEW = 300  # characters of a removed text shown in the terminal (JSON has it all)


def article_dict(article: Article) -> dict:
    """The JSON form of an article in `read --json`/`--jsonl` (adds the word count)."""
    d = to_dict(article)
    d["words"] = article.words
    return d


def result_dict(result: ReadResult) -> dict:
    """The `read --json` document; validates against schema/read.schema.json."""
    return {
        "version": SCHEMA_VERSION,
        "articles": [article_dict(a) for a in result.articles],
        "failures": [to_dict(f) for f in result.failures],
    }


_TITLE_CHARS = 60


def _outlet_cell(a: Article) -> str:
    """The outlet as shown: an outlet decided from the file name is unknown, with the name beside."""
    shown = outlet_shown(a.outlet, a.outlet_from)
    if shown != a.outlet:  # unknown: "unknown (file name)", dimmed
        return f"[dim]{escape(shown)}[/]"
    return escape(a.outlet) + (f" [dim]({escape(a.label)})[/]" if a.label else "")


def _title_cell(a: Article) -> str:
    if not a.title:
        return "[dim](no title)[/]"
    title = a.title if len(a.title) <= _TITLE_CHARS else a.title[:_TITLE_CHARS - 1].rstrip() + "\u2026"
    if a.title_from == "first-sentence":  # derived from the text, not given by the source
        return f"[italic dim]{escape(title)}[/]"
    return escape(title)


def _print_table(result: ReadResult) -> None:
    index = {a.id: n for n, a in enumerate(result.articles, 1)}
    has_copies = any(a.duplicate_of for a in result.articles)
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("#", justify="right", no_wrap=True, min_width=len(str(len(result.articles))))
    table.add_column("outlet", overflow="fold", min_width=8, max_width=28)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("title", overflow="fold", min_width=12)
    table.add_column("words", justify="right", no_wrap=True, min_width=5)
    table.add_column("removed", justify="right", no_wrap=True, min_width=7)
    if has_copies:
        table.add_column("copy of", justify="right", no_wrap=True, min_width=7)
    for n, a in enumerate(result.articles, 1):
        row = [
            str(n),
            _outlet_cell(a),
            a.published or "[dim]unknown[/]",
            _title_cell(a),
            str(a.words),
            str(len(a.removals)),
        ]
        if has_copies:
            row.append(f"#{index[a.duplicate_of]}" if a.duplicate_of in index else "")
        table.add_row(*row)
    out.print(table)
    if any(a.outlet_from == UNKNOWN_OUTLET_FROM for a in result.articles):
        out.print("[dim]unknown outlets are shown with their file name; `--removed` says how each outlet was decided[/]")
    if any(a.title_from == "first-sentence" for a in result.articles):
        out.print("[dim]titles in italics are the opening sentence: the source gave no title[/]")


def _print_details(result: ReadResult, removed: bool, text: bool) -> None:
    for n, a in enumerate(result.articles, 1):
        out.print()
        how = "unknown: no field, address, page metadata, copyright line or self-reference names it" \
            if a.outlet_from == UNKNOWN_OUTLET_FROM else f"outlet from {escape(a.outlet_from)}"
        if a.outlet_cue:
            how += f": \u201c{escape(a.outlet_cue)}\u201d"
        out.print(f"[bold]#{n} {_outlet_cell(a)}[/] [dim]({how}; date "
                  f"{escape(a.published or 'unknown')}"
                  f"{' from ' + escape(a.published_from) if a.published_from else ''}) "
                  f"{escape(a.source)}, id {a.id}[/]")
        if a.dateline:
            parts = [f"place {escape(a.dateline.place)}" if a.dateline.place else "",
                     f"agency {escape(a.dateline.agency)}" if a.dateline.agency else "",
                     f"date {escape(a.dateline.date)}" if a.dateline.date else ""]
            out.print(f"  [dim]dateline:[/] {escape(a.dateline.text)} [dim]({', '.join(p for p in parts if p)})[/]")
        if a.citations:
            pairs = dict.fromkeys((c.outlet, c.cue) for c in a.citations)  # each once, in text order
            cited = ", ".join(f"{escape(o)} [dim]({escape(cue)})[/]" for o, cue in pairs)
            out.print(f"  [dim]cites:[/] {cited}")
        for r in a.repairs:
            shown = f"{escape(r.before)} \u2192 {escape(r.after)} " if r.before or r.after else ""
            out.print(f"  [dim]repaired:[/] {shown}[dim]({escape(r.how)})[/]")
        if removed:
            if not a.removals:
                out.print("  [dim]nothing removed[/]")
            for r in a.removals:
                shown = r.text if len(r.text) <= _REMOVAL_PREVIEW else r.text[:_REMOVAL_PREVIEW] + "\u2026"
                out.print(f"  [yellow]{r.reason:<19}[/] [dim]{escape(r.where)}:[/] {escape(shown)}")
        if text:
            out.print()
            out.print(escape(a.text))


def _report_failures(failures: list[ReadFailure]) -> None:
    for f in failures:
        err.print(f"[bold red]failed:[/] {escape(f.source)}: {escape(f.message)} [dim]({escape(f.error)})[/]")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (schema: read.schema.json).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON article per line.")
@click.option("--removed", is_flag=True, help="List what cleaning removed from each article, with the reason.")
@click.option("--text", "show_text", is_flag=True, help="Print each article's cleaned text.")
@click.option("--any-language", is_flag=True, help="Also read articles that do not look like English.")
@click.option("--near-duplicate-threshold", type=float, default=None, metavar="J",
              help="Word-shingle similarity (0-1] at which two articles are copies.  [default: 0.8]")
@click.option("--max-file-bytes", type=int, default=None, metavar="N",
              help="Refuse inputs larger than this many bytes.  [default: 20000000]")
@input_flags
@handle_errors
def read(paths, as_json, as_jsonl, removed, show_text, any_language, near_duplicate_threshold,
         max_file_bytes, allow_private_addresses, fetch_deadline, max_records_per_file) -> None:
    """Read and clean articles: files, folders, globs, URLs, or - for stdin.

    \b
    Examples:
      newsprism read examples/story
      newsprism read examples/story --removed
      newsprism read page.html https://example.org/news/story.html --json
      cat article.txt | newsprism read -
    """
    import newsprism

    if not paths:
        raise click.UsageError("give at least one PATH (a file, folder, glob, URL, or - for stdin)")
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    options = build_options(
        require_english=False if any_language else None,
        near_duplicate_threshold=near_duplicate_threshold,
        max_file_bytes=max_file_bytes,
        allow_private_addresses=allow_private_addresses,
        fetch_deadline=fetch_deadline,
        max_records_per_file=max_records_per_file,
    )
    with ProgressBar() as progress:
        result = newsprism.read(list(paths), options, progress=progress)

    if as_json:
        click.echo(json.dumps(result_dict(result), ensure_ascii=False, indent=2))
    elif as_jsonl:
        for a in result.articles:
            click.echo(json.dumps(article_dict(a), ensure_ascii=False))
    else:
        if result.articles:
            _print_table(result)
        if removed or show_text:
            _print_details(result, removed, show_text)

    _report_failures(result.failures)
    n_ok, n_bad = len(result.articles), len(result.failures)
    copies = sum(1 for a in result.articles if a.duplicate_of)
    summary = f"read {n_ok} article{'s' if n_ok != 1 else ''}"
    if copies:
        summary += f" ({copies} {'is a copy' if copies == 1 else 'are copies'} of another)"
    if n_bad:
        summary += f"; {n_bad} input{'s' if n_bad != 1 else ''} failed"
    err.print(f"[dim]{summary}[/]")
    if n_ok == 0:
        sys.exit(EXIT_NOTHING_READ)
    sys.exit(EXIT_SOME_FAILED if n_bad else EXIT_OK)
