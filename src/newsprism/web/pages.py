"""Server-rendered pages: story list, search, story report, article, and the add form."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from ..corpus.reports import NAV_MARK
from ..errors import StoreError
from ..model import UNKNOWN_OUTLET_FROM, outlet_shown
from .rendering import SECURITY_HEADERS, render, render_fragment
from .guard import check_form_token
from .listing import FilterError, StoryFilters, list_stories, parse_filters
from .service import Corpus, Upload, UploadResult, safe_name

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
MAX_FILES = 50
NAV_ARTICLES = 100  # article links in a story page's navigation; the API lists them all
REFRESH_SECONDS = 2  # a story page whose report is being prepared reloads itself this often


def ID():  # a fresh Path() each time: FastAPI binds a parameter object to one name
    return Path(..., min_length=1, max_length=200)
_SNIPPET_MARK = re.compile(r"\[([^\[\]]{1,200})\]")


def corpus_of(request: Request) -> Corpus:
    return request.app.state.corpus


def highlight(snippet: str) -> Markup:
    """An FTS5 snippet (matches wrapped in [ ]) as HTML: escaped first, then marked."""
    return Markup(_SNIPPET_MARK.sub(lambda m: f"<mark>{m.group(1)}</mark>", str(escape(snippet))))


def safe_link(url: str | None) -> str | None:
    """Only http(s) URLs become links (a source may carry javascript: or data: URLs)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def limit_text(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


@router.get("/favicon.ico")
def favicon():
    return Response(status_code=204)  # no icon; answers browsers without a 404 in their console


@router.get("/", response_class=HTMLResponse)
def index(request: Request, page: int = Query(1, ge=1, le=100_000), since: str | None = None,
          until: str | None = None, outlet: str | None = None, min_size: str | None = None,
          disputed: str | None = None):
    """The story list, with filters (GET: they change nothing) and dispute badges."""
    corpus = corpus_of(request)
    store = corpus.store
    sent = {"since": since, "until": until, "outlet": outlet, "min_size": min_size, "disputed": disputed}
    common = dict(page=page, total_articles=store.count_articles(), total_stories=store.count_stories(),
                  db_name=corpus.path.name)
    try:
        filters = parse_filters(**sent)
    except FilterError as e:
        form = {k: (v or "")[:200] for k, v in sent.items()}
        form["disputed"] = (disputed or "").strip().lower() in ("1", "true", "yes", "on")
        return render("index.html", status=400, stories=[], has_more=False, filters=StoryFilters(), form=form,
                      message=str(e), **common)
    rows = list_stories(store, corpus.options, filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    form = {**{k: "" for k in sent}, **filters.params(), "disputed": filters.disputed}
    return render("index.html", stories=rows[:PAGE_SIZE], has_more=len(rows) > PAGE_SIZE, filters=filters,
                  form=form, message=None, **common)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = Query("", max_length=500), limit: int = Query(20, ge=1, le=200)):
    corpus = corpus_of(request)
    if not q.strip():
        return render("search.html", query=q, hits=[], limit=limit,
                      message="Type some words to search for, e.g. a name or a place.")
    try:
        hits = corpus.store.search(q, limit=limit)
    except StoreError as e:
        return render("search.html", status=400, query=q, hits=[], limit=limit, message=str(e))
    unknown = corpus.store.unknown_outlet_articles(h.article_id for h in hits)
    rows = [dict(vars(h), snippet_html=highlight(h.snippet),
                 outlet=outlet_shown(h.outlet, UNKNOWN_OUTLET_FROM if h.article_id in unknown else None))
            for h in hits]
    return render("search.html", query=q, hits=rows, limit=limit, message=None)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str = ID()):
    """The story's report if it is ready; otherwise at once a page with its progress that reloads
    itself (the report is made in the background: corpus.reports)."""
    corpus = corpus_of(request)
    info = corpus.store.story(story_id)
    if info.merged_into:
        return RedirectResponse(f"/stories/{info.merged_into}", status_code=303)
    members = corpus.members(story_id)
    state = corpus.report_state(story_id, members)
    if state.state == "ready":
        shown = corpus.outlet_names(members[:NAV_ARTICLES])
        nav = render_fragment("nav.html", info=info, articles=members[:NAV_ARTICLES], shown=shown,
                              more=max(0, len(members) - NAV_ARTICLES), sample=state.report.sample)
        page = state.report.html.replace(NAV_MARK, nav, 1)
        return HTMLResponse(page, headers={**SECURITY_HEADERS, "Content-Security-Policy": report_csp()})
    if state.state == "failed":
        return render("error.html", status=503, heading="The report could not be made",
                      message=state.message or "the analysis failed")
    return render("preparing.html", status=202, info=info, state=state, count=len(members),
                  limit=corpus.options.max_story_articles, refresh=REFRESH_SECONDS)


def report_csp() -> str:
    """The report page runs only its own inline script, allowed by hash (as its meta CSP says)."""
    try:
        from ..report.html import script_hash

        script = f"'{script_hash()}'"
    except ImportError:
        script = "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src {script}; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str = ID()):
    corpus = corpus_of(request)
    a = corpus.store.article(article_id)
    paragraphs = [p for p in re.split(r"\n\s*\n", a.text) if p.strip()]
    return render("article.html", a=a, outlet=outlet_shown(a.outlet, a.outlet_from), paragraphs=paragraphs,
                  unknown=a.outlet_from == UNKNOWN_OUTLET_FROM, link=safe_link(a.url),
                  story_id=corpus.store.article_story(a.id))


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request):
    opts = corpus_of(request).options
    return render("add.html", result=None, message=None, limit_text=limit_text(opts.max_upload_bytes),
                  csrf_token=request.state.csrf_token)


async def read_upload_form(request: Request, max_bytes: int) -> list[Upload]:
    """Uploads from a multipart (or urlencoded) form: files in ``files``, pasted text in ``text``.

    Raises CsrfError unless the form (or the request's header) carries the session's token."""
    form = await request.form(max_files=MAX_FILES, max_fields=50, max_part_size=max_bytes + 1024)
    try:
        check_form_token(request, form)
    except Exception:
        await form.close()
        raise
    fields = {k: (form.get(k) or "").strip() or None for k in ("title", "outlet", "published", "url")
              if isinstance(form.get(k), (str, type(None)))}
    items: list[Upload] = []
    for n, f in enumerate(form.getlist("files"), 1):
        if isinstance(f, str):
            continue
        data = await f.read()
        if not data and not f.filename:
            continue  # the empty file input a browser sends when nothing was chosen
        items.append(Upload(name="upload:" + safe_name(f.filename, f"file-{n}"), data=data, **fields))
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        items.append(Upload(name="pasted text", data=text.encode("utf-8"), **fields))
    await form.close()
    return items


@router.post("/add", response_class=HTMLResponse)
async def add_submit(request: Request):
    corpus = corpus_of(request)
    opts = corpus.options
    items = await read_upload_form(request, opts.max_upload_bytes)
    token = request.state.csrf_token
    if not items:
        return render("add.html", status=400, result=None, limit_text=limit_text(opts.max_upload_bytes),
                      message="Nothing to add: choose one or more files, or paste an article's text.",
                      csrf_token=token)
    result: UploadResult = await run_in_threadpool(corpus.add_uploads, items)
    status = 200 if result.articles else 422
    return render("add.html", status=status, result=result, message=None,
                  limit_text=limit_text(opts.max_upload_bytes), csrf_token=token)
