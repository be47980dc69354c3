"""What the web app does with the corpus, apart from HTTP: store access, reports, uploads.

- Store access: one writer ``Store`` (adding articles; its own lock serialises writers) and one
  reader ``Store`` per worker thread.  SQLite in WAL mode gives every reader a consistent snapshot
  while an upload is being written, and no reader ever sees half a batch.
- Story reports (analysis + summary + HTML) are slow to compute (models), so they are made off
  the request path by the report pool (``corpus.report_pool.ReportPool``, ``--report-workers``
  processes) and kept in the store: a page answers at once with the stored report or with
  progress.  A story someone is viewing goes before the stories an upload queued; a story that
  changed gets a fresh report.
- Uploads: bytes go through ``newsprism.reading`` and ``newsprism.cleaning`` exactly like files on
  the command line, then ``Store.add``.  Nothing from a request is ever used as a file-system path:
  the client's file name only labels the article's ``source`` (after stripping any folders).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.report_pool import BACKGROUND, URGENT, ReportPool
from ..corpus.reports import ReportMaker, ReportState, story_members
from ..errors import InputError, NewsprismError
from ..model import UNKNOWN_OUTLET_FROM, Article, ReadFailure, outlet_shown
from ..options import Options

__all__ = ["Corpus", "ReportMaker", "Upload", "UploadResult", "safe_name", "too_large_message"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


class Corpus:
    """The web app's handle on one corpus database."""

    def __init__(self, db_path: str | Path, options: Options, reports: ReportMaker | None = None, *,
                 isolate: bool | None = None):
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
        # reports in child processes unless a caller passes its own maker (tests: in threads)
        self.worker = ReportPool(self.path, options, self.reports,
                                 isolate=(reports is None) if isolate is None else isolate)

    # -- store access ------------------------------------------------------------------------
    @property
    def store(self):
        """This thread's reader."""
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._Store(self.path, self.options, check=False)  # the writer checked the file
            self._local.store = s
            with self._readers_lock:
                self._readers.append(s)
        return s

    def close(self) -> None:
        self.worker.close()
        with self._readers_lock:
            for s in self._readers:
                s.close()
            self._readers.clear()
        self.writer.close()

    # -- reports -----------------------------------------------------------------------------
    def members(self, story_id: str):
        """The story's articles without their text (id, outlet, title, published, duplicate_of)."""
        self.store.story(story_id)  # NotFoundError for unknown ids
        return story_members(self.store.conn, story_id)

    def outlet_names(self, members) -> dict[str, str]:
        """Member id -> its outlet as people see it (``model.outlet_shown``)."""
        unknown = self.store.unknown_outlet_articles(m.id for m in members)
        return {m.id: outlet_shown(m.outlet, UNKNOWN_OUTLET_FROM if m.id in unknown else None) for m in members}

    def shown_outlets(self, members) -> list[str]:
        """The distinct outlets of these members as people see them, sorted."""
        return sorted(set(self.outlet_names(members).values()))

    def report_state(self, story_id: str, members=None, *, priority: int = URGENT) -> ReportState:
        """The story's report now (ready, or queued/running with progress, or failed); never waits.
        Asking queues a missing or stale report, ahead of background ones unless ``priority`` is
        BACKGROUND."""
        if members is None:
            members = self.members(story_id)
        return self.worker.state(self.store.conn, story_id, members, priority=priority)

    # -- uploads -----------------------------------------------------------------------------
    def add_uploads(self, items: list[Upload]) -> UploadResult:
        """Read, clean and store uploaded items; every unreadable one is reported, none dropped."""
        from ..cleaning import clean
        from ..reading import read_bytes

        result = UploadResult()
        articles: list[Article] = []
        taken = 0  # articles read from this upload so far, across its items
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
            except RecursionError:
                result.failures.append(ReadFailure(item.name, "too-deep", "the data is nested too deeply to read; "
                                                   "send flat records"))
                continue
            refused = 0
            for doc in docs:
                if isinstance(doc, ReadFailure):
                    result.failures.append(doc)
                    continue
                if taken >= self.options.max_records_per_upload:  # bounded work per request
                    refused += 1
                    continue
                taken += 1
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
            if refused:
                result.failures.append(ReadFailure(
                    item.name, "too-many-records",
                    f"{refused:,} article(s) not read: one upload takes at most "
                    f"{self.options.max_records_per_upload:,} (Options.max_records_per_upload); "
                    "send the rest in another upload or with `newsprism add`"))
        if not articles:
            return result
        with self._write_lock:
            known = {a.id for a in articles if self._exists(a.id)}
            report = self.writer.add(articles)
            changed = {self.writer.article_story(i) for i in report.ids} - {None}
        for story_id in sorted(changed):  # start on their reports now, before anyone asks
            self.report_state(story_id, priority=BACKGROUND)
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
                "id": stored_id, "title": stored.title, "outlet": outlet_shown(stored.outlet, stored.outlet_from),
                "source": a.source,
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
