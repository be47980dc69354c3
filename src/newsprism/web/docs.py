"""/docs: Swagger UI for the JSON API, from local files only (works offline, no CDN).

The Swagger UI assets (5.x, which reads OpenAPI 3.1) come from the installed ``fastapi-offline``
package (its static files only; swagger-ui-bundle on PyPI ships 4.x, which cannot read FastAPI's
OpenAPI 3.1); the page's own start
script is web/static/docs-init.js, so the page runs under a CSP that allows scripts from this
server only.  Only the named files are served (no path from the request reaches the file system).
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape

from ..errors import NotFoundError
from .rendering import SECURITY_HEADERS

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
ASSETS = {  # name -> (package or None for ours, content type)
    "swagger-ui.css": ("fastapi_offline", "text/css; charset=utf-8"),
    "swagger-ui-bundle.js": ("fastapi_offline", "text/javascript; charset=utf-8"),
    "docs-init.js": (None, "text/javascript; charset=utf-8"),
}
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _asset_path(name: str) -> Path:
    where, _ = ASSETS[name]
    if where is None:
        return STATIC / name
    from importlib import resources

    return Path(str(resources.files(where) / "static" / name))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request):
    token = escape(request.state.csrf_token)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsprism API</title>
<meta name="csrf-token" content="{token}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body></html>"""
    return HTMLResponse(page, headers={**SECURITY_HEADERS, "Content-Security-Policy": DOCS_CSP})


@router.get("/docs/assets/{name}")
def asset(name: str):
    if name not in ASSETS:
        raise NotFoundError(f"no docs asset {name!r}")
    try:
        data = _asset_path(name).read_bytes()
    except (ImportError, OSError) as e:
        raise NotFoundError(f"the API docs need the fastapi-offline package ({e}); run make install") from e
    return Response(data, media_type=ASSETS[name][1],
                    headers={**SECURITY_HEADERS, "Cache-Control": "max-age=86400"})
