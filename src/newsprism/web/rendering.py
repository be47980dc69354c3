"""Rendering of the web app's pages: one Jinja2 environment (autoescaping on) and the security
headers every HTML answer carries.  app.py, pages.py and docs.py all render through here, so no
module below the app imports the app itself."""
from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=False)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own form
    # posts, and the guard needs the real origin; other sites still get no Referer
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
# our own pages run no script at all
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def render(name: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("query", "")
    context.setdefault("status", status)
    html = _env.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, "Content-Security-Policy": PAGE_CSP})


def render_fragment(name: str, **context) -> str:
    return _env.get_template(name).render(**context)


def preload_templates() -> None:
    """Compile every template now (at start-up), not on the first request that needs it."""
    for path in sorted(TEMPLATES.glob("*.html")):
        _env.get_template(path.name)
