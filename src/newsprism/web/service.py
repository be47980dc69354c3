"""What the web app does with the corpus, apart from HTTP: store access, reports, uploads.

- Store access: one writer ``Store`` (adding articles; its own lock serialises writers) and one
  reader ``Store`` per worker thread.  SQLite in WAL mode gives every reader a consistent snapshot
  while an upload is being written, and no reader ever sees half a batch.
- Story reports (analysis + summary + HTML) are slow to compute (models), so they are cached per
  (story id, story size): a story that grows gets a fresh report, an unchanged one is served from
  memory.  Analyses run one at a time; concurrent requests for the same story wait for one
  computation instead of starting several.
- Uploads: bytes go through ``newsprism.reading`` and ``newsprism.cleaning`` exactly like files on
  the command line, then ``Store.add``.  Nothing from a request is ever used as a file-system path:
  the client's file name only labels the article's ``source`` (after stripping any folders).
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError, NewsprismError
from ..model import Article, ReadFailure, StoryAnalysis, Summary, to_dict
from ..options import Options

REPORT_CACHE_SIZE = 32
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class StoryReport:
    """A computed story report, cached by (story id, size)."""

    analysis: StoryAnalysis
    summary: Summary
    html: dict[str, str] = field(default_factory=dict)  # nav_html -> rendered page


@dataclass
class Upload:
    """One item of an upload: a file's bytes, or pasted text, with optional form fields."""

    name: str  # the label shown to the user and kept in Article.source
    data: bytes
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass
class UploadResult:
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    stories_created: int = 0
    stories_extended: int = 0
    articles: list[dict] = field(default_factory=list)  # {id, title, outlet, story_id, source, status}
    failures: list[ReadFailure] = field(default_factory=list)


def safe_name(filename: str | None, fallback: str) -> str:
    """A display label for an uploaded file: its last path component, printable, short.

    Browsers send only a base name, but a client may send anything ("../../etc/passwd",
    "C:\\x\\y.txt"); the label is never used to open a file, and stripping folders keeps
    sources readable.
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120] or fallback


class ReportMaker:
    """analysis -> summary -> HTML, through the contracts of the other stages (imported lazily,
    so the web app starts without loading any model).  Tests may pass their own callables."""

    def __init__(self, options: Options, *, analyze: Callable | None = None,
                 summarize: Callable | None = None, render_html: Callable | None = None,
                 analysis_to_dict: Callable | None = None):
        self.options = options
        self._analyze = analyze
        self._summarize = summarize
        self._render = render_html
        self._to_dict = analysis_to_dict

    def analyze(self, articles: list[Article]) -> StoryAnalysis:
        fn = self._analyze
        if fn is None:
            from ..analysis import analyze as fn
        return fn(articles, self.options)

    def summarize(self, analysis: StoryAnalysis) -> Summary:
        fn = self._summarize
        if fn is None:
            from ..summarize import summarize as fn
        return fn(analysis, self.options)

    def render(self, analysis: StoryAnalysis, summary: Summary, nav_html: str) -> str:
        fn = self._render
        if fn is None:
            from ..report.html import render_html as fn
        return fn(analysis, summary, nav_html=nav_html)

    def analysis_dict(self, analysis: StoryAnalysis) -> dict:
        fn = self._to_dict
        if fn is None:
            try:
                from ..serialize import analysis_to_dict as fn
            except ImportError:  # the serialiser is another engineer's; fall back to the records
                fn = to_dict
        return fn(analysis)


class Corpus:
    """The web app's handle on one corpus database."""

    def __init__(self, db_path: str | Path, options: Options, reports: ReportMaker | None = None):
        from ..corpus.store import Store  # the store pulls numpy; import when the app is built

        self._Store = Store
        self.path = Path(db_path)
        self.options = options
        self.reports = reports or ReportMaker(options)
        self.writer = Store(self.path, options)  # creates an empty corpus if there is none
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[Any] = []
        self._readers_lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, int], StoryReport] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._analysis_lock = threading.Lock()

    # -- store access ------------------------------------------------------------------------
    @property
    def store(self):
        """This thread's reader."""
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._Store(self.path, self.options)
            self._local.store = s
            with self._readers_lock:
                self._readers.append(s)
        return s

    def close(self) -> None:
        with self._readers_lock:
            for s in self._readers:
                s.close()
            self._readers.clear()
        self.writer.close()

    # -- reports -----------------------------------------------------------------------------
    def report(self, story_id: str) -> tuple[Any, StoryReport]:
        """(StoryInfo, StoryReport) of a story; computed once per story size."""
        info = self.store.story(story_id)  # NotFoundError for unknown ids
        key = (story_id, info.size)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return info, hit
        # One analysis at a time: it is CPU-bound (a second one in parallel only slows both on a
        # laptop), and the model pipelines are not promised to be safe across threads.  A request
        # that waited here finds the report its twin computed.
        with self._analysis_lock:
            with self._cache_lock:
                hit = self._cache.get(key)
            if hit is None:
                articles = self.store.story_articles(story_id)
                analysis = self.reports.analyze(articles)
                summary = self.reports.summarize(analysis)
                hit = StoryReport(analysis, summary)
                with self._cache_lock:
                    self._cache[key] = hit
                    self._cache.move_to_end(key)
                    while len(self._cache) > REPORT_CACHE_SIZE:
                        self._cache.popitem(last=False)
        return info, hit

    def report_html(self, story_id: str, nav_html: str) -> str:
        _, rep = self.report(story_id)
        page = rep.html.get(nav_html)
        if page is None:
            page = self.reports.render(rep.analysis, rep.summary, nav_html)
            rep.html[nav_html] = page
        return page

    # -- uploads -----------------------------------------------------------------------------
    def add_uploads(self, items: list[Upload]) -> UploadResult:
        """Read, clean and store uploaded items; every unreadable one is reported, none dropped."""
        from ..cleaning import clean
        from ..reading import read_bytes

        result = UploadResult()
        articles: list[Article] = []
        for item in items:
            if len(item.data) > self.options.max_upload_bytes:
                result.failures.append(ReadFailure(item.name, "too-large", _too_large(len(item.data), self.options)))
                continue
            if item.published and not _DATE_RE.match(item.published):
                result.failures.append(ReadFailure(item.name, "bad-date",
                                                   f"date {item.published!r} is not YYYY-MM-DD; "
                                                   "leave it empty if unknown"))
                continue
            try:
                docs = read_bytes(item.data, item.name, self.options)
            except InputError as e:
                result.failures.append(ReadFailure(item.name, e.code, e.message))
                continue
            for doc in docs:
                if isinstance(doc, ReadFailure):
                    result.failures.append(doc)
                    continue
                # what the person typed in the form wins over nothing, never over the source
                if item.title and not doc.title:
                    doc.title = item.title
                if item.outlet and not doc.outlet:
                    doc.outlet, doc.outlet_from = item.outlet, "field:form"
                if item.published and not doc.published:
                    doc.published, doc.published_from = item.published, "field:form"
                if item.url and not doc.url:
                    doc.url = item.url
                try:
                    articles.append(clean(doc, self.options))
                except NewsprismError as e:
                    result.failures.append(ReadFailure(doc.source, getattr(e, "code", "error"), str(e)))
        if not articles:
            return result
        with self._write_lock:
            known = {a.id for a in articles if self._exists(a.id)}
            report = self.writer.add(articles)
        result.added = report.added
        result.duplicates = report.duplicates
        result.near_duplicates = report.near_duplicates
        result.stories_created = report.stories_created
        result.stories_extended = report.stories_extended
        result.failures.extend(report.failures)
        for a, stored_id in zip(articles, report.ids):
            stored = self.writer.article(stored_id)
            if a.id in known or stored_id != a.id:
                status = "already stored"
            elif stored.duplicate_of:
                status = "near-duplicate"
            else:
                status = "added"
            result.articles.append({
                "id": stored_id, "title": stored.title, "outlet": stored.outlet, "source": a.source,
                "published": stored.published, "story_id": self.writer.article_story(stored_id),
                "duplicate_of": stored.duplicate_of, "status": status,
            })
        return result

    def _exists(self, article_id: str) -> bool:
        from ..errors import NotFoundError

        try:
            self.writer.article(article_id)
            return True
        except NotFoundError:
            return False


def _too_large(size: int, options: Options) -> str:
    return (f"upload too large: {size:,} bytes; the limit is {options.max_upload_bytes:,} bytes "
            "(max_upload_bytes). Upload fewer or smaller files at a time, or add large batches "
            "with `newsprism add --db DB PATH...`.")


def too_large_message(size: int | None, options: Options) -> str:
    if size is None:
        return _too_large(options.max_upload_bytes + 1, options).replace(
            f"{options.max_upload_bytes + 1:,} bytes", "more than the limit")
    return _too_large(size, options)
