"""The local web app: ``create_app(db_path, options) -> FastAPI``.

Pages (server-rendered, Jinja2 with autoescaping on; no external assets):
  /                 stories, newest and largest first, with outlets and a search box
  /search?q=        full-text search over articles
  /stories/{id}     the full story report (analysis -> summary -> HTML report)
  /articles/{id}    an article's cleaned text and everything cleaning removed, with reasons
  /add              a form to upload files or paste text
JSON API under /api (see api.py); the OpenAPI description is at /openapi.json, docs at /docs
(Swagger UI served from the installed fastapi-offline package: no CDN, works offline).

Safety: web/guard.py serves only the Host names the app was started for, checks the access token
when one is set, and refuses writes that do not come from the app's own pages (Origin/Referer and
a per-session CSRF token).  Every piece of source text reaches the page through an autoescaping template (or
``markupsafe.escape``); uploads are read from the request body with a size limit (413 with a clear
message) and are never written to, or read from, a path a request names.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ModelMissingError, NewsprismError, NotFoundError, StoreError
from ..options import Options
from .guard import CsrfError, Guard, drain_body
from .rendering import PAGE_CSP, SECURITY_HEADERS, TEMPLATES, render, render_fragment  # noqa: F401
from .service import Corpus, ReportMaker, too_large_message

FORM_OVERHEAD = 64 * 1024  # multipart boundaries and small form fields on top of the files


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, code: str, message: str, heading: str) -> JSONResponse | HTMLResponse:
    if wants_json(request):
        return JSONResponse({"error": code, "message": message}, status_code=status, headers=SECURITY_HEADERS)
    return render("error.html", status=status, heading=heading, message=message)


class _TooLarge(Exception):
    def __init__(self, size: int | None):
        self.size = size


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413 and a clear message.

    Checked on the declared Content-Length before anything is read, and again while the body
    streams in (chunked uploads declare no length).  The refused body is drained (bounded) so
    that browsers see the answer instead of a reset connection.
    """

    def __init__(self, app, limit: int, options: Options):
        self.app = app
        self.limit = limit
        self.options = options

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = None
        for k, v in scope.get("headers", []):
            if k == b"content-length" and v.isdigit():
                declared = int(v)
        if declared is not None and declared > self.limit:
            await drain_body(receive)
            await self._reject(scope, send, declared)
            return
        received = 0
        started = False
        body_done = False

        async def limited_receive():
            nonlocal received, body_done
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.limit:
                    raise _TooLarge(received)
            else:
                body_done = True
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge as e:
            if started:
                raise
            if not body_done:  # (a receive after the last chunk would wait for the disconnect)
                await drain_body(receive)
            await self._reject(scope, send, e.size)

    async def _reject(self, scope, send, size: int | None) -> None:
        request = Request(scope)
        # the body counts multipart framing too; the message speaks of the limit users can act on
        msg = too_large_message(size, self.options)
        response = error_response(request, 413, "too-large", msg, "Upload too large")
        await response(scope, _noop_receive, send)


async def _noop_receive():
    return {"type": "http.disconnect"}


def create_app(db_path: str | Path, options: Options | None = None, *,
               reports: ReportMaker | None = None, isolate: bool | None = None) -> FastAPI:
    """The web app over the corpus database at ``db_path`` (created empty if missing).

    ``reports`` computes story reports (defaults to newsprism's analysis, summary and HTML
    report); tests may pass a ReportMaker with their own callables.  Reports are made by
    ``options.report_workers`` child processes (``isolate``), by default unless ``reports`` is
    given (then in threads).
    """
    import secrets

    options = options or Options()
    corpus = Corpus(db_path, options, reports, isolate=isolate)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # what the first story page would otherwise load while a reader waits (~0.3 s): the report
        # module (its script's CSP hash) and the templates
        from .pages import report_csp
        from .rendering import preload_templates

        report_csp()
        preload_templates()
        yield
        corpus.close()

    app = FastAPI(
        title="newsprism",
        version=__version__,
        description="Browse a newsprism corpus: stories grouped from many outlets, their cross-source "
                    "reports (agreements, contradictions, timeline), articles with what cleaning "
                    "removed, full-text search, and adding articles.",
        lifespan=lifespan,
        docs_url=None,  # served by web/docs.py from local assets
        redoc_url=None,
    )
    secret = secrets.token_bytes(32)  # signs CSRF tokens; new per process
    app.state.corpus = corpus
    app.state.options = options
    app.state.guard = Guard(None, options, secret)
    app.add_middleware(BodyLimit, limit=options.max_upload_bytes + FORM_OVERHEAD, options=options)
    app.add_middleware(Guard, options=options, secret=secret)  # outermost: before any body is read

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(CsrfError)
    async def csrf_refused(request: Request, exc: CsrfError):
        return JSONResponse({"error": "csrf", "message": str(exc)}, status_code=403, headers=SECURITY_HEADERS)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError):
        return error_response(request, 404, exc.code, str(exc), "Not found")

    @app.exception_handler(ModelMissingError)
    async def model_missing(request: Request, exc: ModelMissingError):
        return error_response(request, 503, exc.code, str(exc), "A model is missing")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return error_response(request, 500, exc.code, str(exc), "Corpus database error")

    @app.exception_handler(NewsprismError)
    async def newsprism_error(request: Request, exc: NewsprismError):
        return error_response(request, 500, exc.code, str(exc), "Something went wrong")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no page at {request.url.path}. The story list is at /."
        return error_response(request, exc.status_code, "http-" + str(exc.status_code), message,
                              "Not found" if exc.status_code == 404 else "Request refused")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}"
                             for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"error": "bad-request", "message": problems, "detail": jsonable_encoder(exc.errors())},
                                status_code=422, headers=SECURITY_HEADERS)
        return render("error.html", status=400, heading="Bad request", message=problems)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # no traceback to the client; the server log (uvicorn) has it
        message = (f"unexpected {type(exc).__name__} while serving {request.url.path}; "
                   "the server log has the details. Please report it.")
        return error_response(request, 500, "internal", message, "Something went wrong")

    from . import api, docs, pages

    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")
    return app
