"""Bounded load test of the web app on loopback: errors and latency percentiles.

    .venv/bin/python bench/load.py                      # 2,000 requests, 20 workers
    .venv/bin/python bench/load.py --requests 500 --workers 10
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000   # an already running server

Without --url it builds a temporary corpus from examples/ (the story, the unrelated article) and
starts the real `newsprism serve` on a free port of 127.0.0.1 in a subprocess, after making the
stories' reports with `prepare_reports` (what `newsprism add --reports` does; how long they took is
printed).  Story pages answer 202 while their report is being made, so before timing every story
page is requested until it is ready (with --url: until the server has made its reports; the time
is printed), and the numbers below time ready pages.  Then, in the same run:
  baseline  N requests to /favicon.ico (the app's cheapest answer: routing + HTTP only)
  mix       N requests spread over every page and API call a user makes (list, search, story,
            article, JSON API)
and prints, for each, errors, requests/second and p50/p90/p99 latency, plus per-endpoint p50/p99.
Exit status 1 when any request failed.
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    from newsprism.corpus import Store, add_inputs
    from newsprism.options import Options

    db = tmp / "corpus.db"
    inputs = sorted(str(p) for p in (ROOT / "examples" / "story").iterdir())
    inputs.append(str(ROOT / "examples" / "unrelated"))
    with Store(db, Options()) as store:
        rep = add_inputs(store, inputs, Options())
        story_ids = list(dict.fromkeys(s for s in map(store.article_story, rep.ids) if s))
    from newsprism.corpus.reports import prepare_reports

    t = time.perf_counter()
    states = prepare_reports(db, story_ids, Options())
    bad = {k: v for k, v in states.items() if v.state != "ready"}
    print(f"reports of {len(states)} stories made in {time.perf_counter() - t:.1f} s (prepare_reports, "
          f"before the server starts); {len(bad)} failed")
    for sid, st in bad.items():
        print(f"   story {sid}: [{st.error}] {st.message}")
    port = free_port()
    log = open(tmp / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-c", "from newsprism.cli import main; main()", "serve",
                             "--db", str(db), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/favicon.ico", timeout=2).status_code == 204:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("server did not start:\n" + (tmp / "server.log").read_text())


def discover(base: str) -> list[str]:
    """The URLs a user visits, from the running server itself."""
    with httpx.Client(base_url=base, timeout=600) as c:
        stories = c.get("/api/stories").json()["stories"]
        urls = ["/", "/api/stories", "/search?q=Calloway", "/api/search?q=Lowmere+evacuated", "/add"]
        for s in stories:
            urls += [f"/stories/{s['id']}", f"/api/stories/{s['id']}"]
            for a in c.get(f"/api/stories/{s['id']}").json()["articles"][:3]:
                urls += [f"/articles/{a['id']}", f"/api/articles/{a['id']}"]
    return urls


def wait_ready(base: str, story_urls: list[str], timeout: float) -> None:
    """Request each story page until it no longer answers 202 (report being made); print how long."""
    start = time.perf_counter()
    deadline = start + timeout
    with httpx.Client(base_url=base, timeout=60) as c:
        for u in story_urls:
            t = time.perf_counter()
            first = c.get(u)
            r, views = first, 1
            while r.status_code == 202 and time.perf_counter() < deadline:
                time.sleep(0.5)
                r, views = c.get(u), views + 1
            print(f"first view {u}: HTTP {first.status_code} in {first.elapsed.total_seconds() * 1000:.0f} ms; "
                  f"ready (HTTP {r.status_code}) after {time.perf_counter() - t:.1f} s, {views} view(s)")
            if r.status_code == 202:
                raise SystemExit(f"{u} was still being prepared after {timeout:g} s (--ready-timeout)")
    print(f"story pages ready in {time.perf_counter() - start:.1f} s")


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
    ap.add_argument("--url", help="an already running newsprism serve (default: start one)")
    ap.add_argument("--ready-timeout", type=float, default=1800.0,
                    help="seconds to wait for the story reports before timing (default 1800)")
    args = ap.parse_args()
    if args.requests < 1 or args.workers < 1:
        ap.error("--requests and --workers must be positive")

    proc = None
    tmpdir = tempfile.TemporaryDirectory()
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            proc, base = start_server(Path(tmpdir.name))
        urls = discover(base)
        print(f"server {base}: {len(urls)} distinct URLs, {args.requests} requests per run, "
              f"{args.workers} workers, loopback")
        wait_ready(base, [u for u in urls if u.startswith("/stories/")], args.ready_timeout)
        t = time.perf_counter()
        lat, errs = run(base, ["/favicon.ico"], args.requests, args.workers)
        report("baseline", lat, errs, time.perf_counter() - t)
        t = time.perf_counter()
        lat2, errs2 = run(base, urls, args.requests, args.workers)
        report("mix", lat2, errs2, time.perf_counter() - t)
        by: dict[str, list[float]] = {}
        for u, d in lat2:
            key = u.split("?")[0]
            for prefix in ("/stories/", "/articles/", "/api/stories/", "/api/articles/"):
                if key.startswith(prefix):
                    key = prefix + "{id}"
            by.setdefault(key, []).append(d)
        for key in sorted(by):
            v = by[key]
            print(f"   {key:22s} {len(v):5d} req  p50 {pct(v, 50):7.1f} ms  p99 {pct(v, 99):7.1f} ms  "
                  f"mean {statistics.fmean(v) * 1000:7.1f} ms")
        return 1 if errs or errs2 else 0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        tmpdir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
