"""Story reports: what is kept in the store, how one is made, and making many now.

    prepare_reports(db_path, story_ids, options)   # make them now and wait (``add``, ``follow``)
    pool = ReportPool(db_path, options)            # background workers (report_pool.py; ``serve``)

- A report (analysis JSON, summary JSON, report HTML) is kept in the table ``story_reports`` of the
  corpus database, keyed by story id and a fingerprint of the story's article ids (and of the
  settings that change it), so it survives a restart and a story that gained articles is made
  again.  The HTML is stored with a marker (NAV_MARK) where the web app puts its navigation.
- A story larger than ``options.max_story_articles`` is analysed on a deterministic sample
  (``analysis.sample_articles``); the report says so (``StoredReport.sample``).
- A report that could not be made is kept too (table ``story_report_failures``: a machine code
  and a message that says what to do, for the story as it was), so a page, `add` and `follow`
  say why at once instead of trying again; a story that changes is tried again, and so are
  failures whose cause is outside the story (a missing model: RETRIED; a time budget smaller
  than the one now set).
- The analysis reuses each article's stored annotations and sentence vectors
  (corpus/annotations.py), so a story that gained one article is re-annotated for that one only.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Callable

from ..errors import NewsprismError
from ..model import Article, StoryAnalysis, Summary, to_dict
from ..options import Options

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

NAV_MARK = "<!--newsprism:nav-->"
REPORT_FORMAT = "2"  # bump when what is stored changes: every stored report is made again

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
_FAILURES = """CREATE TABLE IF NOT EXISTS story_report_failures (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,   -- the story as it was when its report failed
    code TEXT NOT NULL,          -- time-budget | analysis-failed | model-missing | ...
    message TEXT NOT NULL,       -- what happened and what to do
    budget REAL NOT NULL,        -- the time budget it ran under
    failed_at TEXT NOT NULL
)"""
RETRIED = {"model-missing"}  # failure codes whose cause is outside the story: tried again in a new process


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

    def analyze(self, articles: list[Article], progress: Callable | None = None,
                annotate: Callable | None = None) -> StoryAnalysis:
        """``annotate``: what annotates the articles (corpus/annotations.py reuses stored ones);
        a caller's own ``analyze`` callable annotates as it likes."""
        fn = self._analyze
        if fn is None:
            from ..analysis import analyze

            return analyze(articles, self.options, progress=progress, annotate=annotate)
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
    conn.execute(_FAILURES)


@dataclass
class StoredFailure:
    story_id: str
    fingerprint: str
    code: str
    message: str
    budget: float
    failed_at: str

    def still_holds(self, fp: str, options: Options) -> bool:
        """Whether this failure is the answer for the story as it is now (else: try again)."""
        if self.fingerprint != fp or self.code in RETRIED:
            return False
        return self.code != "time-budget" or self.budget >= options.story_time_budget


def load_failure(conn: sqlite3.Connection, story_id: str) -> StoredFailure | None:
    try:
        r = conn.execute("SELECT story_id, fingerprint, code, message, budget, failed_at "
                         "FROM story_report_failures WHERE story_id = ?", (story_id,)).fetchone()
    except sqlite3.OperationalError:  # no table yet: no failure yet
        return None
    return StoredFailure(*r) if r else None


def save_failure(conn: sqlite3.Connection, story_id: str, fp: str, code: str, message: str,
                 options: Options) -> None:
    import datetime as dt

    create_table(conn)
    conn.execute("INSERT OR REPLACE INTO story_report_failures(story_id, fingerprint, code, message, budget, "
                 "failed_at) VALUES (?,?,?,?,?,?)",
                 (story_id, fp, code, message, options.story_time_budget,
                  dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))


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
    """Store a report and forget the story's earlier failure (one transaction when the connection
    is in autocommit mode, as the store's is; else in the caller's)."""
    create_table(conn)
    own = conn.isolation_level is None and not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM story_report_failures WHERE story_id = ?", (rep.story_id,))
        conn.execute("INSERT OR REPLACE INTO story_reports(story_id, fingerprint, analysis, summary, html, "
                     "sample, seconds, made_at) VALUES (?,?,?,?,?,?,?,?)",
                     (rep.story_id, rep.fingerprint, rep.analysis_json, rep.summary_json, rep.html,
                      json.dumps(rep.sample) if rep.sample else None, rep.seconds, rep.made_at))
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise


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
                  "host", "port", "max_upload_bytes", "allowed_hosts", "access_token", "story_time_budget",
                  "report_workers"}


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


def _takes(fn: Callable, name: str) -> bool:
    """Whether ``fn`` takes the keyword ``name`` (a caller's own maker may not take ``annotate``)."""
    import inspect

    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def make_report(story_id: str, fp: str, articles: list[Article], sample: dict | None, maker: ReportMaker,
                progress: Callable | None = None, annotate: Callable | None = None) -> StoredReport:
    """Analyse, summarise and render one story (raises what the stages raise); ``annotate``: see
    ``ReportMaker.analyze``."""
    import datetime as dt

    start = time.monotonic()
    extra = {"annotate": annotate} if annotate is not None and _takes(maker.analyze, "annotate") else {}
    analysis = maker.analyze(articles, progress=progress, **extra)
    if sample is not None and getattr(analysis, "sample", None) is None:
        analysis.sample = sample
    summary = maker.summarize(analysis)
    html = maker.render(analysis, summary, NAV_MARK)
    return StoredReport(story_id=story_id, fingerprint=fp,
                        analysis_json=json.dumps(maker.analysis_dict(analysis)),
                        summary_json=json.dumps(to_dict(summary)), html=html, sample=getattr(analysis, "sample", None) or sample,
                        seconds=round(time.monotonic() - start, 3),
                        made_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
