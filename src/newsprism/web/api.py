"""The JSON API under /api.  FastAPI describes it at /openapi.json (and /docs).

GET  /api/stories                   stories, newest and largest first (?limit, ?offset, ?q), filtered
                                    by ?since, ?until, ?outlet, ?min_size, ?disputed (web/listing.py)
GET  /api/stories/{id}              one story and its articles
GET  /api/stories/{id}/analysis     the story's analysis (versioned StoryAnalysis JSON) and summary;
                                    202 with progress while it is being prepared
GET  /api/session                   this session's CSRF token (for scripts that add articles)
GET  /api/articles/{id}             one article: cleaned text, metadata, removals
GET  /api/search?q=                 full-text search over articles
POST /api/articles                  add articles: a JSON record (or list of records) or a
                                    multipart upload (files in ``files``, pasted text in ``text``)
Errors are JSON: {"error": <code>, "message": <what happened and what to do>}.
Writes need a same-origin ``Origin`` header and the session's token (``X-CSRF-Token``): web/guard.py.
"""
from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..errors import StoreError
from ..model import UNKNOWN_OUTLET_FROM, outlet_shown, to_dict
from . import listing
from .listing import MAX_MIN_SIZE, MAX_OUTLET_CHARS, FilterError, parse_filters
from .pages import ID, corpus_of, read_upload_form
from .service import Upload

router = APIRouter(tags=["corpus"])
MAX_OFFSET = 10_000_000
MAX_JSON_DEPTH = 64  # deeper JSON is refused before parsing (a record is 2 levels deep)
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")


def json_depth(data: bytes) -> int:
    """The deepest nesting of JSON arrays/objects in ``data`` (strings skipped), in linear time.

    Hand-written: the json module has no depth limit (it recurses until RecursionError)."""
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data))
    depth = deepest = 0
    for b in brackets:
        depth += 1 if b in b"[{" else -1
        if depth > deepest:
            deepest = depth
    return deepest


class Error(BaseModel):
    error: str = Field(description="short machine code, e.g. not-found, too-large")
    message: str = Field(description="what happened and what to do")


class StoryOut(BaseModel):
    id: str
    title: str | None
    size: int = Field(description="articles in the story, including stories merged into it")
    outlets: list[str] = Field(description='outlets as shown: one nothing named is "unknown (file name)"')
    first_date: str | None
    last_date: str | None
    merged_into: str | None = None
    contradictions: int | None = Field(None, description="contradictions its report lists; null while the story "
                                                         "has no up-to-date report (listing never makes one)")


class StoryList(BaseModel):
    stories: list[StoryOut]
    limit: int
    offset: int
    total: int = Field(description="stories that pass the filters, over all pages (not merged into another)")


class ArticleBrief(BaseModel):
    id: str
    title: str | None
    outlet: str
    published: str | None
    url: str | None
    words: int
    duplicate_of: str | None


class StoryDetail(BaseModel):
    story: StoryOut
    articles: list[ArticleBrief]
    articles_total: int = Field(description="articles in the story; ?limit and ?offset page through them")
    limit: int
    offset: int


class RemovalOut(BaseModel):
    text: str
    reason: str
    where: str


class ArticleOut(BaseModel):
    id: str
    source: str
    title: str | None
    outlet: str
    outlet_from: str
    published: str | None
    published_from: str | None
    url: str | None
    shape: str
    words: int
    text: str = Field(description="the cleaned text; every evidence offset points into it")
    removals: list[RemovalOut]
    duplicate_of: str | None
    duplicates: list[str]
    story_id: str | None


class Hit(BaseModel):
    article_id: str
    title: str | None
    outlet: str = Field(description='as shown: one nothing named is "unknown (file name)"')
    published: str | None
    snippet: str = Field(description="matched words are wrapped in [ and ]")
    story_id: str | None


class SearchOut(BaseModel):
    query: str
    hits: list[Hit]


class FailureOut(BaseModel):
    source: str
    error: str
    message: str


class AddedArticle(BaseModel):
    id: str
    title: str | None
    outlet: str
    source: str
    published: str | None
    story_id: str | None
    duplicate_of: str | None
    status: str = Field(description="added | near-duplicate | already stored")


class AddOut(BaseModel):
    added: int
    duplicates: int
    near_duplicates: int
    stories_created: int
    stories_extended: int
    articles: list[AddedArticle]
    failures: list[FailureOut]


class SampleOut(BaseModel):
    total: int = Field(description="articles in the story")
    analysed: int = Field(description="articles the report analysed (options.max_story_articles at most)")
    rule: str = Field(description="how they were chosen")


class AnalysisOut(BaseModel):
    story: StoryOut
    analysis: dict[str, Any] = Field(description="StoryAnalysis JSON (schema story_analysis.schema.json)")
    summary: dict[str, Any] = Field(description="the cited neutral summary")
    sample: SampleOut | None = Field(None, description="set when the story was too large to analyse whole")
    made_at: str
    seconds: float = Field(description="how long the report took to make")


class PreparingOut(BaseModel):
    status: str = Field(description="queued | running")
    position: int = Field(description="reports queued before this one")
    stage: str | None
    elapsed: float
    message: str


class SessionOut(BaseModel):
    csrf_token: str = Field(description="send as X-CSRF-Token (with the session cookie) on writes")


NOT_FOUND = {404: {"model": Error, "description": "no such id"}}


def _story(info, outlets: list[str] | None = None, contradictions: int | None = None) -> StoryOut:
    return StoryOut(**{**vars(info), "outlets": info.outlets if outlets is None else outlets},
                    contradictions=contradictions)


@router.get("/stories", response_model=StoryList, summary="List stories, newest and largest first",
            responses={400: {"model": Error, "description": "a filter value it cannot use (the message says why)"}})
def list_stories(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                 q: str | None = Query(None, max_length=500, description="only stories with articles matching these words"),
                 since: str | None = Query(None, description="only stories with a date on or after this day (YYYY-MM-DD)"),
                 until: str | None = Query(None, description="only stories with a date on or before this day (YYYY-MM-DD)"),
                 outlet: str | None = Query(None, description="only stories with an outlet whose name contains this "
                                                              f"(any case; at most {MAX_OUTLET_CHARS} characters)"),
                 min_size: str | None = Query(None, description=f"only stories of at least this many articles "
                                                                f"(1 to {MAX_MIN_SIZE:,})"),
                 disputed: str | None = Query(None, description="1: only stories whose up-to-date report lists "
                                                                "contradictions")):
    corpus = corpus_of(request)
    store = corpus.store
    try:
        filters = parse_filters(since=since, until=until, outlet=outlet, min_size=min_size, disputed=disputed)
        rows = listing.list_stories(store, corpus.options, filters, limit=limit, offset=offset, query=q or None)
        total = listing.count_stories(store, corpus.options, filters, query=q or None)
    except FilterError as e:
        return JSONResponse({"error": "bad-filter", "message": str(e)}, status_code=400)
    except StoreError as e:
        return JSONResponse({"error": "bad-query", "message": str(e)}, status_code=400)
    return StoryList(stories=[_story(r.info, r.outlets, r.contradictions) for r in rows], limit=limit, offset=offset,
                     total=total)


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND,
            summary="One story and its articles")
def get_story(request: Request, story_id: str = ID(), limit: int = Query(1000, ge=1, le=5000),
              offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    corpus = corpus_of(request)
    info = corpus.store.story(story_id)
    members = corpus.members(story_id)
    arts = [corpus.store.article(m.id) for m in members[offset:offset + limit]]
    disputes = listing.ready_contradictions(corpus.store, corpus.options, story_id)
    return StoryDetail(story=_story(info, corpus.shown_outlets(members), disputes), articles=[
        ArticleBrief(id=a.id, title=a.title, outlet=a.outlet, published=a.published, url=a.url,
                     words=a.words, duplicate_of=a.duplicate_of) for a in arts],
        articles_total=len(members), limit=limit, offset=offset)


@router.get("/stories/{story_id}/analysis", response_model=AnalysisOut,
            responses={**NOT_FOUND, 202: {"model": PreparingOut, "description": "being prepared; ask again"},
                       503: {"model": Error, "description": "the report could not be made (e.g. a model "
                                                            "is missing, or the time budget ran out)"}},
            summary="The story's cross-source analysis and summary (made in the background, kept in the store)")
def get_analysis(request: Request, story_id: str = ID()):
    corpus = corpus_of(request)
    info = corpus.store.story(story_id)
    members = corpus.members(story_id)
    state = corpus.report_state(story_id, members)
    if state.state == "failed":
        return JSONResponse({"error": state.error or "analysis-error", "message": state.message or "failed"},
                            status_code=503)
    if state.state != "ready":
        out = PreparingOut(status=state.state, position=state.position, stage=state.stage, elapsed=state.elapsed,
                           message="the report is being prepared; ask again in a few seconds")
        return JSONResponse(out.model_dump(), status_code=202, headers={"Retry-After": "2"})
    rep = state.report
    analysis = rep.analysis  # parsed once (megabytes for a large story)
    story = _story(info, corpus.shown_outlets(members), len(analysis.get("contradictions") or []))
    return AnalysisOut(story=story, analysis=analysis, summary=rep.summary,
                       sample=SampleOut(**rep.sample) if rep.sample else None, made_at=rep.made_at,
                       seconds=rep.seconds)


@router.get("/session", response_model=SessionOut, summary="This session's CSRF token, for scripts that write")
def session(request: Request):
    """Sets the session cookie (if there was none) and returns its token: send both, and an Origin
    header naming this server, with every POST."""
    return SessionOut(csrf_token=request.state.csrf_token)


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND,
            summary="One article: cleaned text, metadata and what cleaning removed")
def get_article(request: Request, article_id: str = ID()):
    store = corpus_of(request).store
    a = store.article(article_id)
    d = to_dict(a)
    return ArticleOut(**d, words=a.words, story_id=store.article_story(a.id))


@router.get("/search", response_model=SearchOut, responses={400: {"model": Error}},
            summary="Full-text search over articles")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(20, ge=1, le=200)):
    try:
        hits = corpus_of(request).store.search(q, limit=limit)
    except StoreError as e:
        return JSONResponse({"error": "bad-query", "message": str(e)}, status_code=400)
    unknown = corpus_of(request).store.unknown_outlet_articles(h.article_id for h in hits)
    return SearchOut(query=q, hits=[Hit(**{**vars(h), "outlet": outlet_shown(
        h.outlet, UNKNOWN_OUTLET_FROM if h.article_id in unknown else None)}) for h in hits])


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {
                "description": "one article record, or a list of them, with the field names news "
                               "tools use (title/headline, text/content/body, date/published, url, "
                               "source/site)",
                "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "text": {"type": "string", "description": "pasted article text or HTML"},
                "title": {"type": "string"}, "outlet": {"type": "string"},
                "published": {"type": "string", "format": "date"}, "url": {"type": "string"}}}},
        },
    }
}


@router.post("/articles", response_model=AddOut, status_code=201, openapi_extra=_UPLOAD_BODY,
             responses={400: {"model": Error}, 413: {"model": Error, "description": "upload too large"},
                        422: {"model": AddOut, "description": "nothing could be read"}},
             summary="Add articles (read, cleaned and grouped into stories like `newsprism add`)")
async def add_articles(request: Request):
    corpus = corpus_of(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        items = await read_upload_form(request, corpus.options.max_upload_bytes)
    elif ctype in ("application/json", "application/x-ndjson", "text/plain", "text/html", ""):
        body = await request.body()
        if not body.strip():
            items = []
        else:
            if body.lstrip()[:1] in (b"[", b"{") and json_depth(body) > MAX_JSON_DEPTH:
                return JSONResponse({"error": "too-deep", "message":
                                     f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; send one "
                                     "record or a list of records"}, status_code=400)
            if ctype == "application/json":
                try:
                    json.loads(body)
                except (ValueError, RecursionError) as e:
                    return JSONResponse({"error": "malformed-json", "message":
                                         f"the request body is not valid JSON ({e}); send one record "
                                         "or a list of records"}, status_code=400)
            items = [Upload(name="api", data=body)]
    else:
        return JSONResponse({"error": "unsupported-type", "message":
                             f"content type {ctype!r} is not accepted; send application/json, "
                             "multipart/form-data, text/plain or text/html"}, status_code=415)
    if not items:
        return JSONResponse({"error": "empty", "message": "nothing to add: send a record, files or text"},
                            status_code=400)
    result = await run_in_threadpool(corpus.add_uploads, items)
    out = AddOut(added=result.added, duplicates=result.duplicates, near_duplicates=result.near_duplicates,
                 stories_created=result.stories_created, stories_extended=result.stories_extended,
                 articles=[AddedArticle(**a) for a in result.articles],
                 failures=[FailureOut(**vars(f)) for f in result.failures])
    status = 201 if result.added else (200 if result.articles else 422)
    return JSONResponse(out.model_dump(), status_code=status)
