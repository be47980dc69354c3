"""A pool of report workers that `add`, `follow` and `serve` share.

    with ReportPool(db_path, options) as pool:              # options.report_workers workers
        state = pool.state(conn, story_id)                  # at once: the stored report, or its progress
        pool.submit(conn, story_ids)                        # queue in the background (an upload, a feed round)
        states = pool.make_all(story_ids, progress=...)     # queue and wait (add, follow)

- N workers (``options.report_workers``, default min(2, CPUs); ``--report-workers``), each a thread
  with its own store connection and, with ``isolate=True`` (the default), its own child process
  that loads the models once and makes report after report.  Pages stay fast while reports are
  made (the analysis holds the GIL of its own process only), and a report that overruns
  ``options.story_time_budget`` is stopped by ending that process (its worker starts a fresh one
  for the next report).  With ``isolate=False`` (tests, small tools) reports are made in the
  worker threads and the budget is checked at every progress step.
- One queue, in order of priority, then of asking: a story someone is looking at (URGENT, a web
  page) goes before the stories an `add`, an upload or a feed round queued (BACKGROUND).  A story
  asked for again while queued moves up when asked more urgently.
- Each worker reuses stored annotations and sentence vectors (corpus/annotations.py) and stores
  those it makes.
- A failure (the analysis raised, the time budget, the process died) is stored with a message
  that says what to do (reports.save_failure): never a traceback or a 500.  Ctrl-C during
  ``make_all`` stops the workers; the reports made so far are kept.
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import NewsprismError
from ..model import Article
from ..options import Options
from .reports import (Member, ReportError, ReportMaker, ReportState, StoredReport, budget_message, create_table,
                      fingerprint, load_failure, load_report, make_report, save_failure, save_report,
                      story_members)

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

__all__ = ["ReportPool", "ReportWorker", "URGENT", "BACKGROUND", "prepare_reports"]

URGENT = 0  # someone is waiting for this report (a story page)
BACKGROUND = 1  # made ahead of time (add, follow, uploads)


def _child(conn, maker: ReportMaker, db_path: str) -> None:
    """A report process: makes reports sent to it, one at a time, sending progress and results.
    Ctrl-C is the parent's to handle (it ends this process); stored annotations are reused."""
    from .annotations import AnnotationCache

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cache = AnnotationCache(db_path, maker.options)
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
            conn.send(("done", make_report(story_id, fp, articles, sample, maker, progress,
                                           annotate=cache.annotate_many)))
        except NewsprismError as e:
            conn.send(("failed", (e.code, str(e))))
        except Exception as e:  # noqa: BLE001 - reported to the page, never a crash of the worker
            conn.send(("failed", ("analysis-error", _bug_message(e))))


def _bug_message(e: BaseException) -> str:
    return (f"the analysis failed ({type(e).__name__}: {e}); other stories are not affected; "
            "please report this with the story's articles")


@dataclass
class _Job:
    story_id: str
    fingerprint: str
    priority: int = BACKGROUND
    seq: int = 0
    state: str = "queued"
    stage: str | None = None
    started: float = 0.0
    error: str | None = None
    message: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


class _Worker:
    """One worker: a thread, its store connection and (isolated) its report process."""

    def __init__(self, pool: "ReportPool", n: int):
        self.pool = pool
        self.proc = None
        self.conn = None
        self.cache = None  # the annotation cache of an inline worker
        self.thread = threading.Thread(target=self.run, name=f"newsprism-reports-{n}", daemon=True)

    # -- the thread --------------------------------------------------------------------------
    def run(self) -> None:
        from .store import Store

        pool, store = self.pool, None
        try:
            while True:
                _, _, job = pool.queue.get()
                if job is None or pool.closed:
                    return
                if job.state != "queued" or pool.jobs.get(job.story_id) is not job:
                    continue  # taken by another worker, or superseded by a newer fingerprint
                with pool.lock:
                    if job.state != "queued":
                        continue
                    job.state, job.started = "running", time.monotonic()
                if store is None:
                    store = Store(pool.path, pool.options, check=False)
                    create_table(store.conn)
                self.make(store, job)
        finally:
            if store is not None:
                store.close()
            if self.cache is not None:
                self.cache.close()

    def make(self, store, job: _Job) -> None:
        from ..analysis import SAMPLE_RULE, sample_articles

        pool, conn = self.pool, store.conn
        try:
            members = story_members(conn, job.story_id)
            if fingerprint(members, pool.options) != job.fingerprint:
                with pool.lock:  # the story changed since it was asked for; asked again on next view
                    job.state = "superseded"
                    if pool.jobs.get(job.story_id) is job:
                        del pool.jobs[job.story_id]
                return
            chosen = sample_articles(members, pool.options.max_story_articles)
            sample = None
            if len(chosen) < len(members):
                sample = {"total": len(members), "analysed": len(chosen), "rule": SAMPLE_RULE}
            articles = [store.article(m.id) for m in chosen]
            rep = self.in_child(job, articles, sample) if pool.isolate else self.inline(job, articles, sample)
            save_report(conn, rep)
            with pool.lock:
                job.state = "ready"
                if pool.jobs.get(job.story_id) is job:
                    del pool.jobs[job.story_id]
        except NewsprismError as e:
            self.failed(conn, job, e.code, str(e))
        except Exception as e:  # noqa: BLE001 - the page says what went wrong; the worker goes on
            log.exception("report of story %s failed", job.story_id)
            self.failed(conn, job, "analysis-error", _bug_message(e))
        finally:
            job.done.set()
            pool.finished(job)

    def failed(self, conn, job: _Job, code: str, message: str) -> None:
        job.state, job.error, job.message = "failed", code, message
        if self.pool.closed:
            return  # stopped (Ctrl-C, shutdown): not the story's failure
        try:
            save_failure(conn, job.story_id, job.fingerprint, code, message, self.pool.options)
        except Exception as e:  # noqa: BLE001 - kept in memory still; the page says it
            log.warning("could not store the failure of story %s: %s", job.story_id, e)

    def inline(self, job: _Job, articles: list[Article], sample: dict | None) -> StoredReport:
        from .annotations import AnnotationCache

        options = self.pool.options
        deadline = job.started + options.story_time_budget

        def progress(stage: str, i: int, n: int) -> None:
            job.stage = f"{stage} {i}/{n}"
            if time.monotonic() > deadline or self.pool.closed:
                raise ReportError(budget_message(options), "time-budget")

        if self.cache is None:
            self.cache = AnnotationCache(self.pool.path, options)
        rep = make_report(job.story_id, job.fingerprint, articles, sample, self.pool.maker, progress,
                          annotate=self.cache.annotate_many)
        if time.monotonic() > deadline:
            raise ReportError(budget_message(options), "time-budget")
        return rep

    def in_child(self, job: _Job, articles: list[Article], sample: dict | None) -> StoredReport:
        pool = self.pool
        if self.proc is None or not self.proc.is_alive():
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            self.proc = ctx.Process(target=_child, args=(child, pool.maker, str(pool.path)),
                                    name="newsprism-report", daemon=True)
            self.proc.start()
            child.close()
            self.conn = parent
        self.conn.send((job.story_id, job.fingerprint, articles, sample))
        deadline = job.started + pool.options.story_time_budget
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or pool.closed:
                self.stop_child()
                raise ReportError(budget_message(pool.options), "time-budget")
            try:
                if not self.conn.poll(min(left, 0.5)):
                    if not self.proc.is_alive():
                        code = self.proc.exitcode
                        self.stop_child()
                        raise ReportError(f"the report process ended (exit code {code}: out of memory?) "
                                          "while making this story's report; try fewer articles at once "
                                          "(--max-story-articles) or fewer --report-workers", "worker-died")
                    continue
                kind, value = self.conn.recv()
            except (EOFError, OSError) as e:
                self.stop_child()
                raise ReportError(f"the report process ended ({e}); try fewer articles at once "
                                  "(--max-story-articles) or fewer --report-workers", "worker-died") from e
            if kind == "progress":
                job.stage = value
            elif kind == "done":
                return value
            else:
                code, message = value
                raise ReportError(message, code)

    def stop_child(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(timeout=5)
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None


class ReportPool:
    """Makes story reports in the background, ``workers`` at a time (see the module docstring)."""

    def __init__(self, db_path: str | Path, options: Options, maker: ReportMaker | None = None, *,
                 isolate: bool = True, workers: int | None = None):
        self.path = Path(db_path)
        self.options = options
        self.maker = maker or ReportMaker(options)
        self.isolate = isolate
        self.jobs: dict[str, _Job] = {}
        self.queue: queue.PriorityQueue = queue.PriorityQueue()
        self.lock = threading.Lock()
        self.closed = False
        self._seq = itertools.count()
        self._watchers: list[queue.Queue] = []
        n = max(1, workers or options.report_workers)
        self.workers = [_Worker(self, i) for i in range(n)]
        for w in self.workers:
            w.thread.start()

    def __enter__(self) -> "ReportPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- asking --------------------------------------------------------------------------------
    def state(self, conn, story_id: str, members: list[Member] | None = None, *,
              priority: int = URGENT) -> ReportState:
        """The story's report now; queues it (at ``priority``) when there is none for the story as
        it is now.  ``conn``: the caller's own connection to the corpus (reads only)."""
        members = story_members(conn, story_id) if members is None else members
        fp = fingerprint(members, self.options)
        rep = load_report(conn, story_id)
        if rep is not None and rep.fingerprint == fp:
            return ReportState("ready", report=rep)
        with self.lock:
            job = self.jobs.get(story_id)
            if job is not None and job.fingerprint == fp and job.state == "ready":
                rep = load_report(conn, story_id)  # made since we looked
                if rep is not None and rep.fingerprint == fp:
                    return ReportState("ready", report=rep)
                job = None
            if job is None or job.fingerprint != fp:
                stored = load_failure(conn, story_id)
                if stored is not None and stored.still_holds(fp, self.options):
                    return ReportState("failed", error=stored.code, message=stored.message)
                job = _Job(story_id, fp, priority=priority, seq=next(self._seq))
                self.jobs[story_id] = job
                self.queue.put((job.priority, job.seq, job))
            elif job.state == "queued" and priority < job.priority:
                job.priority = priority  # asked more urgently: queued again ahead (the old entry is skipped)
                self.queue.put((job.priority, job.seq, job))
            if job.state == "failed":
                return ReportState("failed", error=job.error, message=job.message)
            position = sum(1 for j in self.jobs.values() if j.state == "queued" and j is not job
                           and (j.priority, j.seq) < (job.priority, job.seq))
            return ReportState(job.state if job.state in ("queued", "running") else "queued",
                               position=position if job.state == "queued" else 0, stage=job.stage,
                               elapsed=round(time.monotonic() - job.started, 1) if job.started else 0.0)

    def submit(self, conn, story_ids: Iterable[str]) -> None:
        """Queue these stories' reports in the background (those not ready already)."""
        for sid in dict.fromkeys(story_ids):
            self.state(conn, sid, priority=BACKGROUND)

    def wait(self, conn, story_id: str, timeout: float | None = None) -> ReportState:
        """Queue the story's report if needed and wait until it is ready or failed."""
        st = self.state(conn, story_id)
        if st.state in ("ready", "failed"):
            return st
        with self.lock:
            job = self.jobs.get(story_id)
        if job is not None:
            job.done.wait(timeout)
        return self.state(conn, story_id)

    def make_all(self, story_ids: Iterable[str], progress: Callable[[str, int, int], None] | None = None
                 ) -> dict[str, ReportState]:
        """Queue these stories' reports and wait until each is ready or failed (``progress("reports",
        done, total)`` after each); states in the order asked."""
        from .store import Store

        ids = list(dict.fromkeys(story_ids))
        out: dict[str, ReportState] = {}
        done_q: queue.Queue = queue.Queue()
        with self.lock:
            self._watchers.append(done_q)
        try:
            with Store(self.path, self.options, check=False) as store:
                def settle(sid: str) -> None:
                    st = self.state(store.conn, sid, priority=BACKGROUND)
                    if st.state in ("ready", "failed") and sid not in out:
                        out[sid] = st
                        if progress:
                            progress("reports", len(out), len(ids))

                for sid in ids:
                    settle(sid)
                while len(out) < len(ids):
                    try:
                        sid = done_q.get(timeout=0.5)
                    except queue.Empty:
                        continue
                    if sid in ids and sid not in out:
                        settle(sid)
        finally:
            with self.lock:
                self._watchers.remove(done_q)
        return {sid: out[sid] for sid in ids}

    def finished(self, job: _Job) -> None:
        with self.lock:
            watchers = list(self._watchers)
        for w in watchers:
            w.put(job.story_id)

    def idle(self) -> bool:
        """Whether no report is queued or being made."""
        with self.lock:
            return not any(j.state in ("queued", "running") for j in self.jobs.values())

    @property
    def child_running(self) -> bool:
        """Whether a report process is running now (each stays up between reports)."""
        return any(w.proc is not None and w.proc.is_alive() for w in self.workers)

    def close(self) -> None:
        """Stop the workers (a report being made is abandoned; the ones made are kept)."""
        self.closed = True
        for _ in self.workers:  # sorts before every job: a worker takes it and ends
            self.queue.put((-1, next(self._seq), None))
        for w in self.workers:
            w.stop_child()
        for w in self.workers:
            w.thread.join(timeout=10)


ReportWorker = ReportPool  # its earlier name (one worker)


def prepare_reports(db_path: str | Path, story_ids, options: Options, maker: ReportMaker | None = None, *,
                    isolate: bool = True, progress: Callable[[str, int, int], None] | None = None,
                    workers: int | None = None) -> dict[str, ReportState]:
    """Make (and store) the reports of these stories now, ``workers`` at a time (default
    ``options.report_workers``, and no more than there are stories), and wait; for ``add``,
    ``follow`` and scripts that fill a corpus before serving it.  ``progress("reports", done,
    total)`` after each.  Returns each story's final state (ready or failed).  Ctrl-C
    (KeyboardInterrupt) stops the workers: the reports made so far are kept."""
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return {}
    workers = workers or min(options.report_workers, len(ids))  # no process loads models for nothing
    with ReportPool(db_path, options, maker, isolate=isolate, workers=workers) as pool:
        return pool.make_all(ids, progress=progress)
