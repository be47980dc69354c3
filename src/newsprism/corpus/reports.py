"""Story reports off the request path: made by a background worker, kept in the store.

    worker = ReportWorker(db_path, options)        # one per process (``serve``)
    state = worker.state(conn, story_id)           # at once: the stored report, or its progress
    worker.close()
    prepare_reports(db_path, story_ids, options)   # make them now and wait (``add``, scripts)

- A report (analysis JSON, summary JSON, report HTML) is kept in the table ``story_reports`` of the
  corpus database, keyed by story id and a fingerprint of the story's article ids (and of the
  settings that change it), so it survives a restart and a story that gained articles is made
  again.  The HTML is stored with a marker (NAV_MARK) where the web app puts its navigation.
- A story larger than ``options.max_story_articles`` is analysed on a deterministic sample
  (``analysis.sample_articles``); the report says so (``StoredReport.sample``).
- Reports are made one at a time by one worker thread.  With ``isolate=True`` (``serve``) the
  analysis runs in a child process, so pages stay fast while it runs (the analysis holds the GIL)
  and a report that overruns ``options.story_time_budget`` is stopped by ending that process (the
  next report starts a fresh one).  With ``isolate=False`` (tests, small tools) it runs in the
  worker thread and the budget is checked at every progress step of the analysis.
- Failures (a missing model, an analysis error, the time budget) are kept in memory with the
  fingerprint they belong to: the page says what went wrong, and a restart or a changed story
  tries again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import queue
import sqlite3
import threading
import time
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Callable

from ..errors import NewsprismError
from ..model import Article, StoryAnalysis, Summary, to_dict
from ..options import Options

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

NAV_MARK = "<!--newsprism:nav-->"
REPORT_FORMAT = "2"  # bump when what is stored changes: every stored report is made again
_STOP = object()

_TABLE = """CREATE TABLE IF NOT EXISTS story_reports (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    analysis TEXT NOT NULL,      -- StoryAnalysis JSON
    summary TEXT NOT NULL,       -- Summary JSON
    html TEXT NOT NULL,          -- the report page, NAV_MARK where the navigation goes
    sample TEXT,                 -- JSON {total, analysed, rule} when the story was sampled
    seconds REAL NOT NULL,
    made_at TEXT NOT NULL
)"""


@dataclass
class Member:
    """A story's article without its text: enough to list it, sample it and fingerprint it."""

    id: str
    outlet: str
    title: str | None
    published: str | None
    duplicate_of: str | None


@dataclass
class StoredReport:
    """A story's report as stored.  The analysis and summary are kept as their JSON text and
    parsed only when asked for (``analysis``, ``summary``): the story page needs the HTML only,
    and a large story's analysis is megabytes of JSON."""

    story_id: str
    fingerprint: str
    analysis_json: str  # StoryAnalysis JSON
    summary_json: str  # Summary JSON
    html: str
    sample: dict | None
    seconds: float
    made_at: str

    @cached_property
    def analysis(self) -> dict:
        return json.loads(self.analysis_json)

    @cached_property
    def summary(self) -> dict:
        return json.loads(self.summary_json)


@dataclass
class ReportState:
    """Where a story's report stands: ready | queued | running | failed."""

    state: str
    report: StoredReport | None = None
    error: str | None = None  # machine code when failed: model-missing, time-budget, ...
    message: str | None = None
    position: int = 0  # reports queued before this one
    stage: str | None = None  # the analysis stage now running, e.g. "annotate 3/20"
    elapsed: float = 0.0


class ReportMaker:
    """analysis -> summary -> HTML, through the contracts of the other stages (imported lazily,
    so nothing loads a model until a report is made).  Tests may pass their own callables; with
    ``isolate=True`` a maker must be picklable (module-level callables)."""

    def __init__(self, options: Options, *, analyze: Callable | None = None,
                 summarize: Callable | None = None, render_html: Callable | None = None,
                 analysis_to_dict: Callable | None = None):
        self.options = options
        self._analyze = analyze
        self._summarize = summarize
        self._render = render_html
        self._to_dict = analysis_to_dict

    def analyze(self, articles: list[Article], progress: Callable | None = None) -> StoryAnalysis:
        fn = self._analyze
        if fn is None:
            from ..analysis import analyze as fn
        return fn(articles, self.options, progress=progress)

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
            from ..serialize import analysis_to_dict as fn
        return fn(analysis)


# -- the table -------------------------------------------------------------------------------------

def create_table(conn: sqlite3.Connection) -> None:
    conn.execute(_TABLE)


def load_report(conn: sqlite3.Connection, story_id: str) -> StoredReport | None:
    try:
        r = conn.execute("SELECT story_id, fingerprint, analysis, summary, html, sample, seconds, made_at "
                         "FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()
    except sqlite3.OperationalError:  # no table yet: no report yet
        return None
    if r is None:
        return None
    return StoredReport(story_id=r[0], fingerprint=r[1], analysis_json=r[2], summary_json=r[3],
                        html=r[4], sample=json.loads(r[5]) if r[5] else None, seconds=r[6], made_at=r[7])


def save_report(conn: sqlite3.Connection, rep: StoredReport) -> None:
    create_table(conn)
    conn.execute("INSERT OR REPLACE INTO story_reports(story_id, fingerprint, analysis, summary, html, sample, "
                 "seconds, made_at) VALUES (?,?,?,?,?,?,?,?)",
                 (rep.story_id, rep.fingerprint, rep.analysis_json, rep.summary_json, rep.html,
                  json.dumps(rep.sample) if rep.sample else None, rep.seconds, rep.made_at))


def story_members(conn: sqlite3.Connection, story_id: str) -> list[Member]:
    """The articles of a story (and of the stories merged into it), oldest first, without text."""
    rows = conn.execute(
        "SELECT a.id, a.outlet, a.title, a.published, a.duplicate_of FROM articles a "
        "JOIN story_articles sa ON sa.article_id = a.id JOIN stories s ON s.id = sa.story_id "
        "WHERE s.root = (SELECT root FROM stories WHERE id = ?) "
        "ORDER BY a.published IS NULL, a.published, a.num", (story_id,)).fetchall()
    return [Member(*r) for r in rows]


# settings that do not change a report (reading, fetching, serving): changing them keeps reports
_NOT_IN_REPORT = {"max_file_bytes", "fetch_timeout", "fetch_max_bytes", "fetch_max_redirects", "user_agent",
                  "host", "port", "max_upload_bytes", "allowed_hosts", "access_token", "story_time_budget"}


def fingerprint(members: list[Member], options: Options) -> str:
    """What a report depends on: its articles and the settings that choose or change them."""
    settings = [(f.name, repr(getattr(options, f.name))) for f in fields(options) if f.name not in _NOT_IN_REPORT]
    h = hashlib.sha256(f"{REPORT_FORMAT}|{settings!r}".encode())
    for m in sorted(x.id for x in members):
        h.update(b"\0" + m.encode())
    return h.hexdigest()[:32]


# -- making one report -------------------------------------------------------------------------

class ReportError(NewsprismError):
    """A story report could not be made; ``code`` says why (time-budget, analysis-error, ...)."""

    def __init__(self, message: str, code: str = "analysis-error"):
        super().__init__(message)
        self.code = code


def budget_message(options: Options) -> str:
    return (f"the analysis took longer than the time budget ({options.story_time_budget:g} s) and was "
            "stopped; raise it (`newsprism serve --story-budget SECONDS`) or analyse fewer articles "
            "at once (`--max-story-articles`)")


def make_report(story_id: str, fp: str, articles: list[Article], sample: dict | None, maker: ReportMaker,
                progress: Callable | None = None) -> StoredReport:
    """Analyse, summarise and render one story (raises what the stages raise)."""
    import datetime as dt

    start = time.monotonic()
    analysis = maker.analyze(articles, progress=progress)
    if sample is not None and getattr(analysis, "sample", None) is None:
        analysis.sample = sample
    summary = maker.summarize(analysis)
    html = maker.render(analysis, summary, NAV_MARK)
    return StoredReport(story_id=story_id, fingerprint=fp,
                        analysis_json=json.dumps(maker.analysis_dict(analysis)),
                        summary_json=json.dumps(to_dict(summary)), html=html, sample=getattr(analysis, "sample", None) or sample,
                        seconds=round(time.monotonic() - start, 3),
                        made_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


def _child(conn, maker: ReportMaker) -> None:
    """The report process: makes reports sent to it, one at a time, sending progress and results."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        story_id, fp, articles, sample = job

        def progress(stage: str, i: int, n: int) -> None:
            conn.send(("progress", f"{stage} {i}/{n}"))

        try:
            conn.send(("done", make_report(story_id, fp, articles, sample, maker, progress)))
        except NewsprismError as e:
            conn.send(("failed", (e.code, str(e))))
        except Exception as e:  # noqa: BLE001 - reported to the page, never a crash of the worker
            conn.send(("failed", ("analysis-error", f"{type(e).__name__}: {e}")))


@dataclass
class _Job:
    story_id: str
    fingerprint: str
    state: str = "queued"
    stage: str | None = None
    started: float = 0.0
    error: str | None = None
    message: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


class ReportWorker:
    """Makes story reports in the background, one at a time (see the module docstring)."""

    def __init__(self, db_path: str | Path, options: Options, maker: ReportMaker | None = None, *,
                 isolate: bool = True):
        self.path = Path(db_path)
        self.options = options
        self.maker = maker or ReportMaker(options)
        self.isolate = isolate
        self._jobs: dict[str, _Job] = {}
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None
        self._thread = threading.Thread(target=self._run, name="newsprism-reports", daemon=True)
        self._closed = False
        self._thread.start()

    # -- asking --------------------------------------------------------------------------------
    def state(self, conn: sqlite3.Connection, story_id: str, members: list[Member] | None = None) -> ReportState:
        """The story's report now; queues it when there is none for the story as it is now.

        ``conn`` is the caller's own connection to the corpus (reads only)."""
        members = story_members(conn, story_id) if members is None else members
        fp = fingerprint(members, self.options)
        rep = load_report(conn, story_id)
        if rep is not None and rep.fingerprint == fp:
            return ReportState("ready", report=rep)
        with self._lock:
            job = self._jobs.get(story_id)
            if job is not None and job.fingerprint == fp and job.state == "ready":
                rep = load_report(conn, story_id)  # made since we looked
                if rep is not None and rep.fingerprint == fp:
                    return ReportState("ready", report=rep)
                job = None
            if job is None or job.fingerprint != fp:
                job = _Job(story_id, fp)
                self._jobs[story_id] = job
                self._queue.put(job)
            if job.state == "failed":
                return ReportState("failed", error=job.error, message=job.message)
            position = sum(1 for j in self._jobs.values() if j.state == "queued" and j is not job)
            return ReportState(job.state, position=position if job.state == "queued" else 0, stage=job.stage,
                               elapsed=round(time.monotonic() - job.started, 1) if job.started else 0.0)

    def wait(self, conn: sqlite3.Connection, story_id: str, timeout: float | None = None) -> ReportState:
        """Queue the story's report if needed and wait until it is ready or failed (for ``add``)."""
        st = self.state(conn, story_id)
        if st.state in ("ready", "failed"):
            return st
        with self._lock:
            job = self._jobs[story_id]
        job.done.wait(timeout)
        return self.state(conn, story_id)

    @property
    def child_running(self) -> bool:
        """Whether a report process is running now (it stays up between reports)."""
        proc = self._proc
        return proc is not None and proc.is_alive()

    def close(self) -> None:
        self._closed = True
        self._queue.put(_STOP)
        self._stop_child()
        self._thread.join(timeout=10)

    # -- the worker thread ---------------------------------------------------------------------
    def _run(self) -> None:
        from .store import Store

        store = None
        try:
            while True:
                job = self._queue.get()
                if job is _STOP or self._closed:
                    return
                if job.state != "queued" or self._jobs.get(job.story_id) is not job:
                    continue  # superseded by a newer fingerprint
                if store is None:
                    store = Store(self.path, self.options)
                    create_table(store.conn)
                self._make(store, job)
        finally:
            if store is not None:
                store.close()

    def _make(self, store, job: _Job) -> None:
        from ..analysis import SAMPLE_RULE, sample_articles

        conn = store.conn
        job.state, job.started = "running", time.monotonic()
        try:
            members = story_members(conn, job.story_id)
            if fingerprint(members, self.options) != job.fingerprint:
                job.state = "queued"  # the story changed since it was asked for; asked again on next view
                with self._lock:
                    self._jobs.pop(job.story_id, None)
                return
            chosen = sample_articles(members, self.options.max_story_articles)
            sample = None
            if len(chosen) < len(members):
                sample = {"total": len(members), "analysed": len(chosen), "rule": SAMPLE_RULE}
            articles = [store.article(m.id) for m in chosen]
            rep = self._child_make(job, articles, sample) if self.isolate else self._inline_make(job, articles, sample)
            save_report(conn, rep)
            job.state = "ready"
            with self._lock:
                if self._jobs.get(job.story_id) is job:
                    del self._jobs[job.story_id]
        except NewsprismError as e:
            job.state, job.error, job.message = "failed", e.code, str(e)
        except Exception as e:  # noqa: BLE001 - the page says what went wrong; the worker goes on
            log.exception("report of story %s failed", job.story_id)
            job.state, job.error, job.message = "failed", "analysis-error", f"{type(e).__name__}: {e}"
        finally:
            job.done.set()

    def _inline_make(self, job: _Job, articles: list[Article], sample: dict | None) -> StoredReport:
        deadline = job.started + self.options.story_time_budget

        def progress(stage: str, i: int, n: int) -> None:
            job.stage = f"{stage} {i}/{n}"
            if time.monotonic() > deadline:
                raise ReportError(budget_message(self.options), "time-budget")

        rep = make_report(job.story_id, job.fingerprint, articles, sample, self.maker, progress)
        if time.monotonic() > deadline:
            raise ReportError(budget_message(self.options), "time-budget")
        return rep

    def _child_make(self, job: _Job, articles: list[Article], sample: dict | None) -> StoredReport:
        if self._proc is None or not self._proc.is_alive():
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_child, args=(child, self.maker), name="newsprism-report",
                                     daemon=True)
            self._proc.start()
            child.close()
            self._conn = parent
        self._conn.send((job.story_id, job.fingerprint, articles, sample))
        deadline = job.started + self.options.story_time_budget
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self._closed:
                self._stop_child()
                raise ReportError(budget_message(self.options), "time-budget")
            try:
                if not self._conn.poll(min(left, 0.5)):
                    if not self._proc.is_alive():
                        raise ReportError(f"the report process ended (exit code {self._proc.exitcode}); "
                                          "the server log may say why")
                    continue
                kind, value = self._conn.recv()
            except (EOFError, OSError) as e:
                self._stop_child()
                raise ReportError(f"the report process ended ({e}); the server log may say why") from e
            if kind == "progress":
                job.stage = value
            elif kind == "done":
                return value
            else:
                code, message = value
                raise ReportError(message, code)

    def _stop_child(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(timeout=5)
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            self._conn = None


def prepare_reports(db_path: str | Path, story_ids, options: Options, maker: ReportMaker | None = None, *,
                    isolate: bool = True, progress: Callable[[str, int, int], None] | None = None
                    ) -> dict[str, ReportState]:
    """Make (and store) the reports of these stories now, one after another; for ``add`` and
    scripts that fill a corpus before serving it.  Returns each story's final state."""
    from .store import Store

    ids = list(dict.fromkeys(story_ids))
    out: dict[str, ReportState] = {}
    worker = ReportWorker(db_path, options, maker, isolate=isolate)
    try:
        with Store(db_path, options) as store:
            for n, sid in enumerate(ids, 1):
                out[sid] = worker.wait(store.conn, sid)
                if progress:
                    progress("reports", n, len(ids))
    finally:
        worker.close()
    return out
