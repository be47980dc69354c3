"""Web measurements on loopback: first views of story pages, and a bounded load test.

    .venv/bin/python bench/load.py                          # 200 events of dev data, 2,000 requests, 20 workers
    .venv/bin/python bench/load.py --baseline-src /work/base15/src   # ... and the same corpus served by that code
    .venv/bin/python bench/load.py --stories 20 --requests 300 --workers 10   # quick
    .venv/bin/python bench/load.py --db corpus.db           # a corpus you have (copied; its reports as stored)
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000   # an already running server

1. Corpus: real dev data, ../shared/data/allsides-dev and multinews-dev (every event, then
   resampled copies of dated ones until --stories events; --stories 0: examples/), added with the
   real `newsprism add` in a subprocess, which makes the touched stories' reports before it ends
   (its time and report lines are printed).  The stories and stored reports are counted.
2. First views: `newsprism serve` is started on the corpus (a fresh process; with --baseline-src a
   second one runs that code on the same file); then the first view of every story page, one
   after another, each after a view of the list page (its time: the median of those views).
   Target: each within 5 times the list page's time (and answered 200 from the stored report).
3. Load: N requests to /favicon.ico (the app's cheapest answer: routing + HTTP only), then N spread
   over every page and API call a user makes (list, search, story pages, story analysis JSON,
   articles, JSON API), from W threads with one keep-alive client each; errors, requests/second,
   p50/p90/p99, and per endpoint.  Target: 0 errors, p99 under 1 s.
With --url the server's story pages are requested until none answers 202 (reports being made)
before timing.  Exit status 1 when a target of this code ("now") is missed.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_SHARED") or ROOT.parent / "shared")  # env: a checkout elsewhere
CLI = "from newsprism.cli import main; main()"


def _env(src: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(src), TOKENIZERS_PARALLELISM="false")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus_records(n_stories: int, seed: int = 0) -> list[dict]:
    """Articles of ``n_stories`` real events (JSONL records): every AllSides-dev event (its left,
    center and right reports, dated) and multinews-dev cluster (undated passages), then resampled
    copies of the dated AllSides events (a fifth of the sentences dropped, two swapped; dates
    shifted a month per copy, so a copy never joins its original) until there are enough."""
    import random
    import re

    sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/devdata.py
    from devdata import allsides_events, multinews_events  # noqa: E402

    events = allsides_events(SHARED)
    dated = len(events)
    events += multinews_events(SHARED)
    rng = random.Random(seed)
    out: list[dict] = []
    for k in range(n_stories):
        ev, copy = (k, 0) if k < len(events) else ((k - len(events)) % dated, 1 + (k - len(events)) // dated)
        for j, a in enumerate(events[ev]):
            rec = dict(a, url=f"https://bench.invalid/{k}/{j}")
            if copy:
                sents = re.split(r"(?<=[.!?])\s+", a["text"])
                keep = [s for s in sents if rng.random() > 0.2] or sents[:2]
                if len(keep) > 3:
                    i = rng.randrange(len(keep) - 1)
                    keep[i], keep[i + 1] = keep[i + 1], keep[i]
                y, m, d = map(int, a["date"].split("-"))
                m += 1 + copy
                rec.update(text=" ".join(keep), date=f"{y + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-{min(d, 28):02d}")
            out.append(rec)
    return out


def build_corpus(tmp: Path, n_stories: int, src: Path) -> Path:
    """`newsprism add` of the records (with its reports) in a subprocess; prints how long it took."""
    import json

    db = tmp / "corpus.db"
    if n_stories <= 0:  # the examples: one story and one unrelated article
        inputs = sorted(str(p) for p in (ROOT / "examples" / "story").iterdir())
        inputs.append(str(ROOT / "examples" / "unrelated"))
    else:
        recs = corpus_records(n_stories)
        inputs = [str(tmp / "articles.jsonl")]
        with open(inputs[0], "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in recs)
        print(f"corpus: {len(recs)} real articles (allsides-dev, multinews-dev, resampled) of {n_stories} events")
    t = time.perf_counter()
    cpu = os.times()
    run = subprocess.run([sys.executable, "-c", CLI, "add", "--db", str(db), *inputs, "--reports",
                          "--no-progress"], env=_env(src), capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = os.times()
    cpu_s = after.children_user - cpu.children_user + after.children_system - cpu.children_system
    lines = [x for x in run.stderr.splitlines() if x.startswith(("added", "reports", "making", "  story"))]
    print(f"newsprism add --reports: exit {run.returncode}, {wall:.1f} s wall, {cpu_s:.1f} CPU s (children)")
    for x in lines[:12]:
        print("   " + x)
    if run.returncode not in (0, 1):
        raise SystemExit("add failed:\n" + run.stderr[-3000:])
    return db


def start_server(db: Path, src: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**_env(src), "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/favicon.ico", timeout=2).status_code == 204:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("server did not start:\n" + log_path.read_text())


def discover(base: str, story_ids: list[str]) -> list[str]:
    """The URLs a user visits: pages and API calls of every story and of some of its articles."""
    with httpx.Client(base_url=base, timeout=600) as c:
        urls = ["/", "/api/stories", "/search?q=president", "/api/search?q=said+on+Tuesday", "/add"]
        for sid in story_ids:
            urls += [f"/stories/{sid}", f"/api/stories/{sid}", f"/api/stories/{sid}/analysis"]
            for a in c.get(f"/api/stories/{sid}").json()["articles"][:2]:
                urls += [f"/articles/{a['id']}", f"/api/articles/{a['id']}"]
    return urls


def stored_stories(db: Path) -> tuple[list[str], int]:
    """(ids of the stories not merged into another, how many have a stored report), read directly;
    prints how long the stored reports took to make."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY seq")]
        try:
            n, total, mean, most = conn.execute("SELECT count(*), sum(seconds), avg(seconds), max(seconds) "
                                                "FROM story_reports").fetchone()
        except sqlite3.OperationalError:
            n, total, mean, most = 0, 0, 0, 0
    finally:
        conn.close()
    print(f"{len(ids)} stories, {n} stored reports" + (
        f" (made in {total:.0f} s: {mean:.1f} s each on average, {most:.1f} s the longest)" if n else ""))
    return ids, n


def first_views(base: str, story_ids: list[str]) -> dict:
    """The first view of every story page, one after another, on a server that has served none of
    them yet; before each, a view of the list page (so both are timed at the same moments of a
    shared machine; the list page's time is the median of those views)."""
    with httpx.Client(base_url=base, timeout=600) as c:
        t = time.perf_counter()
        c.get("/")
        first_list = time.perf_counter() - t
        lst = []
        status: dict[int, int] = {}
        views = []
        for sid in story_ids:
            t = time.perf_counter()
            c.get("/")
            lst.append(time.perf_counter() - t)
            t = time.perf_counter()
            r = c.get(f"/stories/{sid}")
            views.append((time.perf_counter() - t, sid))
            status[r.status_code] = status.get(r.status_code, 0) + 1
    return {"list_first": first_list, "list": statistics.median(lst), "list_p90": pct(lst, 90) / 1000,
            "views": views, "status": status}


def wait_ready(base: str, paths: list[str], timeout: float) -> None:
    """Ask each story page until it answers with its report (not 202 "being prepared"), so the
    timing that follows measures ready reports; exits when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    waiting = list(paths)
    with httpx.Client(base_url=base, timeout=60) as c:
        while waiting:
            waiting = [p for p in waiting if c.get(p).status_code == 202]
            if waiting and time.monotonic() > deadline:
                sys.exit(f"{len(waiting)} story page(s) still being prepared after {timeout:.0f} s")
            if waiting:
                time.sleep(2)


def print_first_views(name: str, fv: dict) -> bool:
    v = sorted(d for d, _ in fv["views"])
    worst = max(fv["views"])
    limit = 5 * fv["list"]
    over = sum(1 for d in v if d > limit)
    print(f"{name:9s} list page: first view {fv['list_first'] * 1000:6.1f} ms, "
          f"then median {fv['list'] * 1000:6.1f} ms (p90 {fv['list_p90'] * 1000:.1f} ms); "
          f"story pages, first view each ({len(v)}; HTTP {dict(sorted(fv['status'].items()))}): "
          f"p50 {pct(v, 50):6.1f} ms  p99 {pct(v, 99):6.1f} ms  max {worst[0] * 1000:6.1f} ms ({worst[1]})  "
          f"max / list = {worst[0] / fv['list']:.1f} (target <= 5); {over} over 5x")
    return over == 0 and set(fv["status"]) == {200}


def run(base: str, urls: list[str], total: int, workers: int) -> tuple[list[tuple[str, float]], list[str]]:
    """``total`` GETs cycling through ``urls`` from ``workers`` threads, one keep-alive client each."""
    lat: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                url = urls[i % len(urls)]
                t = time.perf_counter()
                try:
                    r = c.get(url)
                    ok = r.status_code < 400
                    err = None if ok else f"{url}: HTTP {r.status_code}"
                except httpx.HTTPError as e:
                    err = f"{url}: {type(e).__name__}: {e}"
                dt = time.perf_counter() - t
                with lock:
                    lat.append((url, dt))
                    if err:
                        errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v)) - 1))] * 1000


def report(name: str, lat, errors, wall: float) -> None:
    ms = [d for _, d in lat]
    print(f"{name:9s} {len(lat):6d} req  {len(errors):3d} errors  {len(lat) / wall:8.1f} req/s  "
          f"p50 {pct(ms, 50):7.1f} ms  p90 {pct(ms, 90):7.1f} ms  p99 {pct(ms, 99):7.1f} ms  "
          f"max {max(ms) * 1000:7.1f} ms")
    for e in errors[:5]:
        print("   error:", e)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--stories", type=int, default=200,
                    help="events of real dev data to add (default 200; 0: the examples only)")
    ap.add_argument("--baseline-src", type=Path, default=None,
                    help="also serve the same corpus with this code (e.g. /work/base15/src) and time "
                         "its first views and load beside")
    ap.add_argument("--db", type=Path, help="serve a copy of this corpus instead of building one")
    ap.add_argument("--url", help="an already running newsprism serve (default: build a corpus, start one)")
    ap.add_argument("--ready-timeout", type=float, default=1800.0,
                    help="with --url: seconds to wait for the story reports before timing (default 1800)")
    args = ap.parse_args()
    if args.requests < 1 or args.workers < 1:
        ap.error("--requests and --workers must be positive")

    tmpdir = tempfile.TemporaryDirectory()
    tmp = Path(tmpdir.name)
    ok = True
    servers = []
    try:
        if args.url:
            base = args.url.rstrip("/")
            with httpx.Client(base_url=base, timeout=60) as c:
                story_ids = [s["id"] for s in c.get("/api/stories", params={"limit": 500}).json()["stories"]]
            wait_ready(base, [f"/stories/{s}" for s in story_ids], args.ready_timeout)
            targets = [("now", base)]
        else:
            if args.db:
                import sqlite3

                db = tmp / "corpus.db"
                with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as src, sqlite3.connect(db) as dst:
                    src.backup(dst)  # with what is still in its WAL file
            else:
                db = build_corpus(tmp, args.stories, ROOT / "src")
            story_ids, n_reports = stored_stories(db)
            targets = []
            for name, src in (("now", ROOT / "src"), ("baseline", args.baseline_src)):
                if src is None:
                    continue
                proc, base = start_server(db, src, tmp / f"server-{name}.log")
                servers.append(proc)
                targets.append((name, base))
                ok &= print_first_views(name, first_views(base, story_ids)) or name != "now"
        for name, base in targets:
            urls = discover(base, story_ids)
            print(f"{name}: server {base}: {len(urls)} distinct URLs, {args.requests} requests per run, "
                  f"{args.workers} workers, loopback")
            t = time.perf_counter()
            lat, errs = run(base, ["/favicon.ico"], args.requests, args.workers)
            report("favicon", lat, errs, time.perf_counter() - t)
            t = time.perf_counter()
            lat2, errs2 = run(base, urls, args.requests, args.workers)
            report("mix", lat2, errs2, time.perf_counter() - t)
            if name == "now":
                ok &= not errs and not errs2 and pct([d for _, d in lat2], 99) < 1000
            by: dict[str, list[float]] = {}
            for u, d in lat2:
                key = u.split("?")[0]
                for prefix in ("/stories/", "/articles/", "/api/stories/", "/api/articles/"):
                    if key.startswith(prefix):
                        key = prefix + "{id}" + ("/analysis" if key.endswith("/analysis") else "")
                by.setdefault(key, []).append(d)
            for key in sorted(by):
                v = by[key]
                print(f"   {key:31s} {len(v):5d} req  p50 {pct(v, 50):7.1f} ms  p99 {pct(v, 99):7.1f} ms  "
                      f"mean {statistics.fmean(v) * 1000:7.1f} ms")
        print("targets (now): every story page's first view <= 5x the list page; mix 0 errors, p99 < 1000 ms: "
              + ("met" if ok else "NOT met"))
        return 0 if ok else 1
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        tmpdir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
