"""Corpus commands: add, prepare, regroup, follow, stories, search, export."""
from __future__ import annotations

import json
import sys

import click
from rich.table import Table

from ..model import UNKNOWN_OUTLET_FROM, outlet_shown, to_dict
from .app import EXIT_OK, EXIT_SOME_FAILED, build_options, err, handle_errors, main, out, ProgressBar
from .read_cmd import input_flags

EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it

DB_OPTION = click.option("--db", "db", required=True, type=click.Path(dir_okay=False),
                         help="The corpus database (SQLite); created by `add` if missing.")


def _print_report(rep, heading: str | None = None) -> None:
    if heading:
        err.print(heading)
    err.print(f"added {rep.added} article(s); already stored {rep.duplicates}; "
              f"near-duplicates linked {rep.near_duplicates}; stories created {rep.stories_created}, "
              f"extended {rep.stories_extended}" + (f"; merges recorded {len(rep.merges)}" if rep.merges else "")
              + (f"; splits recorded {len(rep.splits)}" if rep.splits else ""))
    for merged, survivor in rep.merges:
        err.print(f"  story {merged} merged into {survivor}")
    for story, new in rep.splits:
        err.print(f"  story {story} split: a group moved to {new}")
    if rep.failures:
        err.print(f"[bold yellow]{len(rep.failures)} input(s) failed:[/]")
        for f in rep.failures:
            err.print(f"  {f.source}: [{f.error}] {f.message}", markup=False)


REPORT_WORKERS_OPTION = click.option(
    "--report-workers", "report_workers", type=click.IntRange(min=1), default=None, show_default="min(2, CPUs)",
    help="Worker processes that make story reports, at the same time; each loads the models once "
         "(about 0.5 GB of memory each).")

ENGINE_OPTIONS = [
    click.option("--engine", type=click.Choice(["default", "ray"]), default="default", show_default=True,
                 help="Where reading, cleaning and features run: this process, or Ray Data tasks "
                      "(needs `pip install newsprism[ray]`); the stories are the same."),
    click.option("--ray-address", help="An existing Ray cluster (e.g. auto or ray://host:10001); "
                                       "default: a local Ray started for this command."),
]


def _engine_options(fn):
    for opt in reversed(ENGINE_OPTIONS):
        fn = opt(fn)
    return fn


@main.command()
@DB_OPTION
@click.argument("inputs", nargs=-1)
@click.option("--feed", "feeds", multiple=True, help="Treat this input as an RSS/Atom feed (repeatable); "
              "feeds are also recognised by their content or URL.")
@click.option("--features", "feature_files", multiple=True, type=click.Path(dir_okay=False),
              help="A Parquet file of prepared articles and features (`newsprism prepare`) to add "
                   "(repeatable).")
@click.option("--window-days", type=int, help="Days a story stays open to new articles (default 4).")
@click.option("--threshold", type=float, help="Similarity needed to join a story (default 0.35).")
@_engine_options
@click.option("--reports/--no-reports", default=True, show_default=True,
              help="After adding, make and store the reports of the stories this add touched (only "
                   "those), so `newsprism serve` shows them at once; progress on stderr, Ctrl-C stops "
                   "(the articles stay added).  --no-reports skips it, e.g. for a large first import: "
                   "the web app then makes each report in the background when it is first viewed.")
@click.option("--story-budget", "story_budget", type=float, default=None, show_default="300",
              help="Seconds one story report may take; then it is stopped and reported.")
@REPORT_WORKERS_OPTION
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@input_flags
@handle_errors
def add(db, inputs, feeds, feature_files, window_days, threshold, engine, ray_address, reports, story_budget,
        report_workers, no_progress, allow_private_addresses, fetch_deadline, max_records_per_file):
    """Add articles (files, folders, globs, URLs, RSS/Atom feeds) to a corpus and group them.

    Adding is idempotent and resumable: what is already stored is skipped, and an interrupted
    run loses at most the batch in flight.  Each batch also reconsolidates the stories it
    touched (see `newsprism regroup`).  Then the reports of the touched stories are made and
    kept in the corpus (the web app serves them without waiting; a story that changes is made
    again); with --no-reports the web app makes each one in the background when first viewed.
    """
    from ..corpus import Store, add_inputs, read_features

    if not inputs and not feeds and not feature_files:
        raise click.UsageError("give inputs to add (files, folders, URLs, feeds) or --features FILE")
    if engine == "ray" and feeds:
        raise click.BadParameter("feeds are read by the default engine", param_hint="--engine")
    options = build_options(story_window_days=window_days, story_threshold=threshold,
                            allow_private_addresses=allow_private_addresses,
                            fetch_deadline=fetch_deadline, max_records_per_file=max_records_per_file,
                            story_time_budget=story_budget, report_workers=report_workers)
    with Store(db, options) as store, ProgressBar(enabled=not no_progress) as progress:
        if engine == "ray" and inputs:
            from ..corpus.engine_ray import add_inputs_ray

            rep = add_inputs_ray(store, list(inputs), options, address=ray_address, progress=progress)
        elif inputs or feeds:
            rep = add_inputs(store, list(inputs), options, progress=progress, feeds=feeds)
        else:
            from ..corpus import AddReport

            rep = AddReport()
        for path in feature_files:
            arts, fs = read_features(path)
            rep.merge(store.add(arts, progress=progress, features=fs))
        total = store.count_articles()
        touched = list(dict.fromkeys(s for s in map(store.article_story, rep.ids) if s)) if reports else []
    _print_report(rep)
    err.print(f"{db}: {total} article(s) in the corpus")
    failed_reports = _make_reports(db, touched, options, no_progress) if reports else 0
    sys.exit(EXIT_SOME_FAILED if rep.failures or failed_reports else EXIT_OK)


def _make_reports(db, story_ids: list[str], options, no_progress: bool, what: str = "add") -> int:
    """Make and store the reports of these stories (``add``, ``follow``) with the report pool;
    print each failure; return how many failed.  Ctrl-C stops: the reports made so far are kept,
    the articles stay added."""
    import time

    from ..corpus.report_pool import prepare_reports

    if not story_ids:
        return 0
    n = len(story_ids)
    err.print(f"making the reports of {n} stor{'y' if n == 1 else 'ies'} this {what} touched, "
              f"{min(n, options.report_workers)} at a time (--report-workers; each stopped after "
              f"{options.story_time_budget:g} s, --story-budget; --no-reports skips this)")
    start = time.monotonic()
    every = max(1, n // 10)  # without a terminal (logs), a line every tenth

    with ProgressBar(enabled=not no_progress) as bar:
        def progress(stage: str, done: int, total: int) -> None:
            bar(stage, done, total)
            if not no_progress and not err.is_terminal and (done % every == 0 or done == total):
                spent = time.monotonic() - start
                left = spent / done * (total - done)
                err.print(f"reports: {done}/{total} made in {spent:.0f} s"
                          + (f", about {left:.0f} s left" if left else ""))

        try:
            states = prepare_reports(db, story_ids, options, progress=progress)
        except KeyboardInterrupt:
            err.print(f"reports stopped after {time.monotonic() - start:.0f} s; the ones made are kept, "
                      "the articles are added; `newsprism serve` makes the rest when they are first viewed")
            sys.exit(EXIT_INTERRUPTED)
    failed = {sid: st for sid, st in states.items() if st.state != "ready"}
    err.print(f"reports: {len(states) - len(failed)} ready, {len(failed)} failed, "
              f"in {time.monotonic() - start:.1f} s")
    for sid, st in failed.items():
        err.print(f"  story {sid}: [{st.error or st.state}] {st.message or 'the report was not made'}",
                  markup=False)
    return len(failed)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Parquet file to write (articles and their grouping features).")
@_engine_options
@handle_errors
def prepare(inputs, output, engine, ray_address):
    """Read, clean and featurise articles into a Parquet file, without a corpus.

    Prepare a large corpus on a cluster (`--engine ray --ray-address ...`) and group it
    elsewhere with `newsprism add --db DB --features FILE`.
    """
    from ..corpus import write_features

    options = build_options()
    if engine == "ray":
        from ..corpus.engine_ray import read_with_ray

        arts, fs, failures = read_with_ray(list(inputs), options, address=ray_address)
    else:
        from ..corpus import features_many
        from ..pipeline import read_articles

        # copies are left unmarked: the store that adds these features links them (its MinHash)
        result = read_articles(list(inputs), options, duplicates=False)
        arts, failures = result.articles, result.failures
        fs = features_many(arts, options)
    n = write_features(zip(arts, fs), output)
    err.print(f"wrote {n} article(s) with features to {output}")
    for f in failures:
        err.print(f"  {f.source}: [{f.error}] {f.message}", markup=False)
    sys.exit(EXIT_SOME_FAILED if failures else EXIT_OK)


@main.command()
@DB_OPTION
@click.option("--story", "story_ids", multiple=True, help="Only this story (repeatable); default all.")
@click.option("--threshold", type=float, help="Similarity needed to stay in / join a story (default 0.35).")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@handle_errors
def regroup(db, story_ids, threshold, as_json):
    """Reconsolidate stories: split those that drifted, merge those that converged.

    Both are recorded: a merged story's id resolves to the story it joined, and a split keeps
    the old id on its founding articles and lists every moved article.
    """
    from ..corpus import Store

    from pathlib import Path

    from ..errors import StoreError

    if not Path(db).exists():
        raise StoreError(f"{db}: no such corpus database; create it with `newsprism add --db {db} PATH...`")
    options = build_options(story_threshold=threshold)
    with Store(db, options) as store:
        rep = store.regroup(list(story_ids) or None)
    if as_json:
        out.print_json(json.dumps({"splits": [list(x) for x in rep.splits],
                                   "merges": [list(x) for x in rep.merges]}))
        return
    for story, new in rep.splits:
        err.print(f"story {story} split: a group moved to {new}")
    for merged, survivor in rep.merges:
        err.print(f"story {merged} merged into {survivor}")
    err.print(f"{len(rep.splits)} split(s), {len(rep.merges)} merge(s)")


@main.command()
@DB_OPTION
@click.argument("feeds", nargs=-1, required=True)
@click.option("--interval", type=float, default=900.0, show_default=True,
              help="Seconds between rounds.")
@click.option("--once", is_flag=True, help="One round, then stop (same as --max-rounds 1).")
@click.option("--max-rounds", type=int, help="Stop after this many rounds.")
@click.option("--reports/--no-reports", default=True, show_default=True,
              help="After each round, make and store the reports of the stories it touched, so "
                   "`newsprism serve` shows them at once; --no-reports leaves them to the web app.")
@click.option("--story-budget", "story_budget", type=float, default=None, show_default="300",
              help="Seconds one story report may take; then it is stopped and reported.")
@REPORT_WORKERS_OPTION
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@input_flags
@handle_errors
def follow(db, feeds, interval, once, max_rounds, reports, story_budget, report_workers, no_progress,
           allow_private_addresses, fetch_deadline, max_records_per_file):
    """Re-read RSS/Atom feeds on an interval and add only their new entries (Ctrl-C stops).

    After each round the reports of the stories it touched are made (--report-workers at a
    time, before the next round), so the web app shows them at once.
    """
    from ..corpus import Store
    from ..corpus.feeds import follow as _follow

    if interval <= 0:
        raise click.BadParameter("must be positive", param_hint="--interval")
    options = build_options(allow_private_addresses=allow_private_addresses,
                            fetch_deadline=fetch_deadline, max_records_per_file=max_records_per_file,
                            story_time_budget=story_budget, report_workers=report_workers)
    rounds = 1 if once else max_rounds
    failed = False

    def on_round(n, rep):
        nonlocal failed
        _print_report(rep, heading=f"round {n}:")
        touched = list(dict.fromkeys(s for s in map(store.article_story, rep.ids) if s)) if reports else []
        failed_reports = _make_reports(db, touched, options, no_progress, what="round") if touched else 0
        failed = failed or bool(rep.failures) or bool(failed_reports)

    with Store(db, options) as store:
        try:
            _follow(store, list(feeds), options, interval=interval, max_rounds=rounds, on_round=on_round)
        except KeyboardInterrupt:
            err.print("stopped")
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--query", "-q", help="Only stories with an article matching these words.")
@handle_errors
def stories(db, as_json, limit, offset, query):
    """List the corpus's stories, newest and largest first."""
    from ..corpus import Store

    with Store(db, build_options(), create=False) as store:
        items = store.stories(limit=limit, offset=offset, query=query)
        total = store.count_stories()
        unknown = {} if as_json else {r["info"].id: r["unknown"] for r in
                                      store.story_rows(limit=limit, offset=offset, query=query)}
    if as_json:
        out.print_json(json.dumps({"total": total, "stories": to_dict(items)}))
        return
    table = Table(title=f"{total} stor{'y' if total == 1 else 'ies'} in {db}", title_justify="left")
    for col in ("id", "title", "articles", "outlets", "first", "last"):
        table.add_column(col, overflow="fold")
    for s in items:
        shown = [outlet_shown(o, UNKNOWN_OUTLET_FROM if o in unknown.get(s.id, ()) else None) for o in s.outlets]
        table.add_row(s.id, s.title or "(untitled)", str(s.size), ", ".join(shown),
                      s.first_date or "undated", s.last_date or "undated")
    out.print(table)
    if items:
        err.print(f"report of one story: newsprism analyze --db {db} --story {items[0].id}")


@main.command()
@DB_OPTION
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@handle_errors
def search(db, query, limit, as_json):
    """Full-text search over the corpus's articles (every word must occur)."""
    from ..corpus import Store

    with Store(db, build_options(), create=False) as store:
        hits = store.search(" ".join(query), limit=limit)
        unknown = store.unknown_outlet_articles(h.article_id for h in hits)
    if as_json:
        out.print_json(json.dumps(to_dict(hits)))
        return
    if not hits:
        err.print("no article matches")
        return
    for h in hits:
        outlet = outlet_shown(h.outlet, UNKNOWN_OUTLET_FROM if h.article_id in unknown else None)
        out.print(f"[bold]{h.title or '(untitled)'}[/] — {outlet}, {h.published or 'undated'}",
                  markup=True, highlight=False)
        out.print(f"  article {h.article_id}  story {h.story_id}", markup=False)
        out.print(f"  {h.snippet}", markup=False)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.option("--what", type=click.Choice(["articles", "stories", "features"]), default="articles",
              show_default=True, help="features: articles with their grouping features (Parquet), "
                                      "for `newsprism add --features`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@handle_errors
def export(db, fmt, what, output):
    """Export the corpus's articles or stories to JSONL or Parquet."""
    from ..corpus import Store, export_features, export_jsonl, export_parquet

    if what == "features" and fmt != "parquet":
        raise click.BadParameter("features are exported as Parquet: add --format parquet",
                                 param_hint="--what")
    with Store(db, build_options(), create=False) as store:
        if what == "features":
            n = export_features(store, output)
        else:
            n = (export_jsonl if fmt == "jsonl" else export_parquet)(store, output, what)
    err.print(f"wrote {n} {what} to {output}")
