"""`newsprism serve`: the local web app over a corpus database (FastAPI + uvicorn)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import StoreError
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
@click.option("--log-level", "log_level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="uvicorn's log level.")
@handle_errors
def serve(db: Path, host: str | None, port: int | None, max_upload: int | None, log_level: str) -> None:
    """Browse a corpus in your web browser: stories, reports, articles, search, adding.

    \b
    Example:
      newsprism add --db corpus.db examples/story
      newsprism serve --db corpus.db          # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..web.app import create_app

    options = build_options(host=host, port=port, max_upload_bytes=max_upload)
    if db.parent and not db.parent.exists():
        raise StoreError(f"{db}: the folder {db.parent} does not exist")
    created = not db.exists()
    app = create_app(db, options)
    if created:
        err.print(f"created an empty corpus at {db}; add articles at /add or with "
                  f"`newsprism add --db {db} PATH...`")
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] serving on {options.host}: other machines can read and add to this corpus",
                  markup=True)
    err.print(f"newsprism: serving {db} at http://{options.host}:{options.port}/  (Ctrl+C stops)")
    uvicorn.run(app, host=options.host, port=options.port, log_level=log_level)
