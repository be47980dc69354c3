"""`newsprism serve`: the local web app over a corpus database (FastAPI + uvicorn)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import OptionsError, StoreError
from .app import build_options, err, handle_errors, main


@main.command()
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The corpus database (created empty if missing; fill it with `newsprism add`).")
@click.option("--host", default=None, show_default="127.0.0.1",
              help="Address to bind. The default serves only this machine; anything else exposes "
                   "the corpus (and its add form) to your network.")
@click.option("--port", type=int, default=None, show_default="8000", help="Port to listen on.")
@click.option("--max-upload", "max_upload", type=int, default=None, show_default="2000000",
              help="Largest upload accepted, in bytes.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another Host name to answer to (repeatable), e.g. this machine's name on your network. "
                   "Always served: 127.0.0.1, localhost, ::1 and --host. Other names get 400 (DNS rebinding).")
@click.option("--token", "token", envvar="NEWSPRISM_TOKEN", default=None, metavar="TOKEN",
              help="Require this access token (16+ characters) on every request: open /?token=TOKEN once in "
                   "the browser, or send `Authorization: Bearer TOKEN`. Also read from $NEWSPRISM_TOKEN "
                   "(keeps it out of the process list). Required with a --host other than loopback.")
@click.option("--no-token", "no_token", is_flag=True,
              help="Serve a non-loopback --host without --token: anyone who can reach it can read the corpus "
                   "(writes still need the app's own pages).")
@click.option("--story-budget", "story_budget", type=float, default=None, show_default="300",
              help="Seconds one story report may take in the background before it is stopped.")
@click.option("--max-story-articles", "max_story_articles", type=int, default=None, show_default="100",
              help="A larger story is analysed on a sample of this many articles (one per outlet first, "
                   "then by date); the report says so.")
@click.option("--report-workers", "report_workers", type=click.IntRange(min=1), default=None,
              show_default="min(2, CPUs)",
              help="Worker processes that make story reports in the background; each loads the models "
                   "once (about 0.5 GB of memory each).  A story being viewed goes first.")
@click.option("--log-level", "log_level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="uvicorn's log level.")
@handle_errors
def serve(db: Path, host: str | None, port: int | None, max_upload: int | None, allowed_hosts: tuple[str, ...],
          token: str | None, no_token: bool, story_budget: float | None, max_story_articles: int | None,
          report_workers: int | None, log_level: str) -> None:
    """Browse a corpus in your web browser: stories, reports, articles, search, adding.

    \b
    Story reports are made in the background (--report-workers child processes; a story being
    viewed goes first) and kept in the database; a story page shows progress until its report
    is ready.  Only this app's own
    pages can add articles (Origin check and a per-session token).

    \b
    Example:
      newsprism add --db corpus.db examples/story
      newsprism serve --db corpus.db          # then open http://127.0.0.1:8000/
      NEWSPRISM_TOKEN=... newsprism serve --db corpus.db --host 0.0.0.0 --allowed-host mybox.lan
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.guard import is_loopback

    options = build_options(host=host, port=port, max_upload_bytes=max_upload,
                            allowed_hosts=tuple(allowed_hosts) or None, access_token=token or None,
                            story_time_budget=story_budget, max_story_articles=max_story_articles,
                            report_workers=report_workers)
    if not is_loopback(options.host) and not options.access_token and not no_token:
        raise OptionsError(f"serving on {options.host} exposes the corpus to your network: give an access token "
                           "(--token or $NEWSPRISM_TOKEN; make one with `python -c \"import secrets; "
                           "print(secrets.token_urlsafe())\"`), or pass --no-token to serve without one")
    if db.parent and not db.parent.exists():
        raise StoreError(f"{db}: the folder {db.parent} does not exist")
    created = not db.exists()
    app = create_app(db, options)
    if created:
        err.print(f"created an empty corpus at {db}; add articles at /add or with "
                  f"`newsprism add --db {db} PATH...`")
    if not is_loopback(options.host):
        who = "holders of the token" if options.access_token else "anyone on your network"
        err.print(f"[yellow]warning:[/] serving on {options.host}: {who} can read this corpus; it answers to "
                  f"the names 127.0.0.1, localhost{''.join(', ' + h for h in options.allowed_hosts)} and "
                  f"{options.host} (add yours with --allowed-host)", markup=True)
    err.print(f"newsprism: serving {db} at http://{options.host}:{options.port}/  (Ctrl+C stops)")
    uvicorn.run(app, host=options.host, port=options.port, log_level=log_level)
