"""`newsprism analyze`: the story report (summary, agreements, contradictions...) of one story."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from ..errors import NoInputError, OptionsError
from ..options import SUMMARY_LENGTHS
from .app import EXIT_OK, EXIT_SOME_FAILED, build_options, err, handle_errors, main, out, ProgressBar

FORMATS = {".html": "HTML", ".htm": "HTML", ".md": "Markdown", ".markdown": "Markdown", ".json": "JSON"}


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OptionsError(f"cannot tell the report format from '{path}': name the output file "
                           f"report.html, report.md or report.json")
    return fmt


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise OptionsError(f"cannot write {path}: {e.strerror or e}; choose another output path") from None


@main.command()
@click.argument("paths", nargs=-1)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file; the extension names the format (.html, .md, .json).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the StoryAnalysis JSON (the cross-source analysis, no summary) here.")
@click.option("--length", type=click.Choice(SUMMARY_LENGTHS), default=None,
              help="Summary length: brief (~3 sentences), standard (~7), long (~14).  [default: standard]")
@click.option("--no-embeddings", is_flag=True, help="Lexical similarity only: faster, no neural model.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Analyse a story of this corpus database (with --story) instead of PATHs.")
@click.option("--story", "story_id", help="The story id in --db (see `newsprism stories`).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the report in the terminal.")
@click.option("--any-language", is_flag=True, help="Also analyse articles that do not look like English.")
@click.option("--outlet-sides", "outlet_sides", type=click.Path(dir_okay=False, path_type=Path),
              help="A CSV (outlet,side) or JSON ({\"outlet\": \"side\"}) table of outlet sides (left, lean left, "
                   "center, lean right, right) for the HTML report's coverage-by-side picture.  newsprism ships "
                   "no ratings; sides given by the input records come first.")
@handle_errors
def analyze(paths, output, json_path, length, no_embeddings, db_path, story_id, quiet, any_language,
            outlet_sides) -> None:
    """Analyse one story (a folder or files of reports of one event) and print the report.

    \b
    Examples:
      newsprism analyze examples/story
      newsprism analyze examples/story -o report.html
      newsprism analyze a.txt b.html --length brief -o report.md
      newsprism analyze --db news.db --story s123 -o story.json
      newsprism analyze reports/ --any-language --outlet-sides sides.csv -o report.html
    """
    import newsprism
    from ..report.html import render_html
    from ..report.jsonout import render_json
    from ..report.markdown import render_markdown
    from ..report.terminal import render_terminal
    from ..summarize import summarize

    fmt = _format_of(output) if output else None  # fail before any work on a bad extension
    if (db_path is None) != (story_id is None):
        raise OptionsError("--db and --story go together: give both, e.g. --db news.db --story ID")
    if db_path is not None and paths:
        raise OptionsError("give either PATHs or --db/--story, not both")
    if db_path is None and not paths:
        raise NoInputError("nothing to analyse: give files, folders or URLs, e.g. `newsprism analyze examples/story`")
    options = build_options(summary_length=length, use_embeddings=False if no_embeddings else None,
                            require_english=False if any_language else None)
    sides = None
    if outlet_sides is not None:
        from ..report.pictures import load_outlet_sides

        sides = load_outlet_sides(outlet_sides)  # fail before any work on a bad table

    failures = []
    with ProgressBar() as progress:
        if db_path is not None:
            from ..corpus import load_story  # lazily: the corpus layer is only needed here

            articles = load_story(db_path, story_id, options)
        else:
            result = newsprism.read(list(paths), options, progress=progress)
            failures = list(result.failures)
            for f in failures:
                err.print(f"[yellow]skipped[/] {escape(f.source)}: {escape(f.message)}", markup=True,
                          highlight=False)
            if not result.articles:
                raise NoInputError("no input could be read (see the reasons above)")
            articles = result
        analysis = newsprism.analyze(articles, options, progress=progress)
    if failures and not analysis.failures:
        analysis.failures = failures
    summary = summarize(analysis, options)

    if not quiet:
        render_terminal(out, analysis, summary)
    if json_path is not None:
        from ..serialize import analysis_to_dict

        _write(json_path, json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2) + "\n")
        err.print(f"wrote the analysis JSON to {json_path.resolve()}", highlight=False, soft_wrap=True)
    if output is not None:
        text = {"HTML": lambda: render_html(analysis, summary, outlet_sides=sides),
                "Markdown": lambda: render_markdown(analysis, summary),
                "JSON": lambda: render_json(analysis, summary)}[fmt]()
        _write(output, text)
        where = output.resolve()
        err.print(f"wrote the {fmt} report to {where}", highlight=False, soft_wrap=True)
        if fmt == "HTML":
            err.print(f"open it in a browser: {where.as_uri()}", highlight=False, soft_wrap=True)
    sys.exit(EXIT_SOME_FAILED if analysis.failures else EXIT_OK)
