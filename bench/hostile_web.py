"""Hostile requests against a live `newsprism serve` (issue 10, web side): outcome, peak memory, time.

    .venv/bin/python bench/hostile_web.py                    # prints the table
    .venv/bin/python bench/hostile_web.py --story-articles 2000 --story-budget 60
    .venv/bin/python bench/hostile_web.py --src ../base/src --story-articles 0   # older code, same attacks

``web_attacks()`` builds a temporary corpus (a few ordinary stories, and one story of 10,000
articles written straight into the store, the shape a 0.78 MB upload once produced), starts the
real `newsprism serve` on a free port of 127.0.0.1 in a subprocess and runs each attack with
httpx.  Each row: attack, target ("serve"), outcome (what the server answered), ok (the attack
failed and the server stayed up and answering), peak_mb (the server's largest resident memory
during the attack, its report process included), seconds (wall time of the attack).
The cross-origin attacks are the requests a browser sends for a cross-site form post and a
no-cors fetch (tests/test_web_browser.py runs them in real Chromium).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EVIL = "http://127.0.0.1:9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (Linux /proc), in MB."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, ValueError):
            continue
    return total / 1024


class PeakSampler:
    """Samples a process tree's memory every 50 ms while an attack runs."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._stop.wait(0.05)

    def __enter__(self):
        self.peak = tree_rss_mb(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb(self.pid))


def build_corpus(db: Path, story_articles: int) -> str:
    """A corpus with the example story and one story of ``story_articles`` articles; its id."""
    from newsprism.corpus import Store, add_inputs
    from newsprism.model import Article
    from newsprism.options import Options

    with Store(db, Options()) as store:
        add_inputs(store, sorted(str(p) for p in (ROOT / "examples" / "story").iterdir()), Options())
        places = ["Harrow Quay", "Millbrook", "Eastfold", "Tarn Bridge", "Kestrel Bay", "Lowmere", "Oakridge"]
        arts = []
        for i in range(story_articles):
            text = (f"Storm Imogen flooded {places[i % 7]} on Friday and cut power to {1000 + 37 * i} homes, "
                    f"the regional grid operator said in update number {i}. Gusts reached {90 + i % 41} "
                    f"kilometres an hour along the coast and {i % 13 + 2} ferries stayed in port, while crews "
                    f"from depot {i % 97} worked through the night on line {i % 211}.")
            arts.append(Article(id=f"storm{i:05d}", source=f"bench/{i}", text=text, title=f"Storm Imogen update {i}",
                                outlet=f"Outlet {i % 50:02d}", outlet_from="field",
                                published=f"2025-01-{10 + i % 3:02d}", published_from="field"))
        store.add(arts)
        return max(store.stories(limit=500), key=lambda s: s.size).id


def start_server(db: Path, port: int, extra: list[str], src: str | None = None) -> subprocess.Popen:
    log = open(db.parent / "serve.log", "w")
    cmd = [sys.executable, "-c", "from newsprism.cli import main; main()", "serve", "--db", str(db),
           "--port", str(port), *extra]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=db.parent, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/favicon.ico", timeout=2).status_code == 204:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("newsprism serve did not start: " + (db.parent / "serve.log").read_text())
        time.sleep(0.2)


def web_attacks(story_articles: int = 10_000, story_budget: float = 120.0, src: str | None = None) -> list[dict]:
    """Run every web attack against a live `serve`; one row per attack (see the module docstring).

    ``src``: serve the newsprism found there (e.g. an older checkout's src/) instead of this one;
    ``story_articles=0`` leaves out the large story."""
    with tempfile.TemporaryDirectory(prefix="newsprism-hostile-web-") as tmp:
        db = Path(tmp) / "corpus.db"
        big_story = build_corpus(db, story_articles)
        port = free_port()
        proc = start_server(db, port, ["--story-budget", str(story_budget)] if src is None else [], src)
        base = f"http://127.0.0.1:{port}"
        try:
            return _attacks(base, proc, big_story, story_articles, story_budget)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _attacks(base: str, proc: subprocess.Popen, big_story: str, story_articles: int, budget: float) -> list[dict]:
    rows: list[dict] = []
    c = httpx.Client(base_url=base, timeout=120)
    session = c.get("/api/session")
    token = session.json()["csrf_token"] if session.status_code == 200 else ""  # (older code: no session)
    own = {"Origin": base, "X-CSRF-Token": token}

    def count() -> int:
        return sum(s["size"] for s in c.get("/api/stories", params={"limit": 500}).json()["stories"])

    def attack(name: str, fn) -> None:
        t = time.perf_counter()
        with PeakSampler(proc.pid) as peak:
            try:
                outcome, ok = fn()
            except Exception as e:  # noqa: BLE001 - a bench row, not a crash
                outcome, ok = f"{type(e).__name__}: {e}", False
        alive = False
        for _ in range(3):  # a fresh connection: the attack may have left its own one broken
            try:
                alive = proc.poll() is None and httpx.get(base + "/favicon.ico", timeout=30).status_code == 204
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        rows.append({"attack": name, "target": "serve", "outcome": outcome if alive else outcome + "; SERVER DOWN",
                     "ok": bool(ok and alive), "peak_mb": round(peak.peak), "seconds": round(time.perf_counter() - t, 2)})

    record = {"title": "Prize", "source": "Attacker Daily", "date": "2025-01-11",
              "text": "Zorblaxian officials said every reader has won a ferry to the moon, the harbour master "
                      "of Kestrel Bay confirmed at a press conference on Tuesday afternoon."}

    def answer(r) -> str:
        try:
            return str(r.json().get("error"))
        except ValueError:
            return r.headers.get("content-type", "")

    def cross_site_form():
        before = count()
        r = c.post("/add", data={"text": record["text"]}, headers={"Origin": EVIL},
                   files=[("files", ("prize.txt", record["text"].encode(), "text/plain"))])
        return f"HTTP {r.status_code} {answer(r)}; articles {before} -> {count()}", \
            r.status_code == 403 and count() == before

    def no_cors_fetch():
        before = count()
        body = json.dumps([dict(record, title=f"Prize {i}", text=f"{record['text']} Ticket {i} of 50 is {i * 7919}.")
                           for i in range(50)])
        r = c.post("/api/articles", content=body, headers={"Origin": EVIL, "Content-Type": "text/plain"})
        return f"HTTP {r.status_code} {answer(r)}; articles {before} -> {count()}", \
            r.status_code == 403 and count() == before

    def bad_host():
        codes = [httpx.get(base + p, headers={"Host": h}, timeout=30).status_code
                 for h in ("attacker.example", "attacker.example:80", "127.0.0.1.nip.example") for p in ("/", "/api/stories")]
        return f"HTTP {sorted(set(codes))} for 6 requests", set(codes) == {400}

    def deep_json():
        body = b"[" * 100_000 + b"]" * 100_000
        r = c.post("/api/articles", content=body, headers={**own, "Content-Type": "application/json"})
        return f"HTTP {r.status_code} {answer(r)}", r.status_code == 400

    def huge_offset():
        codes = [c.get("/api/stories", params={"offset": v}).status_code for v in ("1e20", str(10 ** 20))]
        codes.append(c.get("/", params={"page": str(10 ** 20)}).status_code)
        return f"HTTP {codes}", all(400 <= x < 500 for x in codes)

    def huge_upload():
        def chunks():
            for _ in range(50 * 16):  # 50 MB, chunked (no Content-Length)
                yield b"flood " * 10_923
        r = c.post("/api/articles", content=chunks(), headers={**own, "Content-Type": "text/plain"})
        return f"HTTP {r.status_code} {answer(r)} (50 MB streamed)", r.status_code == 413

    def many_files():
        files = [("files", (f"f{i}.txt", b"word " * 20, "text/plain")) for i in range(1000)]
        r = c.post("/api/articles", files=files, headers=own)
        return f"HTTP {r.status_code} for 1,000 files", r.status_code == 400

    def traversal():
        urls = ["/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/api/articles/..%2F..%2Fetc%2Fpasswd",
                "/docs/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/docs/assets/%2Fetc%2Fpasswd", "/../../etc/passwd"]
        got = [c.get(u) for u in urls]
        leaked = any("root:" in r.text for r in got)
        return f"HTTP {sorted({r.status_code for r in got})}, no file content", \
            not leaked and all(r.status_code in (404, 422) for r in got)

    def open_big_story():
        t = time.perf_counter()
        r = c.get(f"/stories/{big_story}")
        first = time.perf_counter() - t
        lat = []
        state = "preparing"
        deadline = time.monotonic() + budget + 60
        while time.monotonic() < deadline:
            t = time.perf_counter()
            assert c.get("/").status_code == 200
            lat.append(time.perf_counter() - t)
            a = c.get(f"/api/stories/{big_story}/analysis")
            if a.status_code != 202:
                doc = a.json()
                state = (f"report ready, sample {doc['sample']['analysed']} of {doc['sample']['total']}"
                         if a.status_code == 200 and doc.get("sample") else
                         f"HTTP {a.status_code} {doc.get('error')}")
                break
            time.sleep(0.5)
        lat.sort()
        outcome = (f"{story_articles:,} articles: first answer HTTP {r.status_code} in {first:.2f} s; {state}; "
                   f"list page meanwhile p50 {lat[len(lat) // 2] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms "
                   f"({len(lat)} views)")
        done = state.startswith("report ready") or "time-budget" in state
        return outcome, r.status_code in (200, 202) and first < 5 and done and lat[-1] < 5

    attack("cross-origin form post", cross_site_form)
    attack("no-cors text/plain fetch (50 records)", no_cors_fetch)
    attack("bad Host (DNS rebinding)", bad_host)
    attack("JSON nested 100k deep", deep_json)
    attack("offset=1e20 / page=1e20", huge_offset)
    attack("huge upload (50 MB)", huge_upload)
    attack("many files (1,000)", many_files)
    attack("path traversal in URLs", traversal)
    if story_articles:
        attack(f"story with {story_articles:,} articles opened", open_big_story)
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'attack':40} {'target':6} {'ok':3} {'peak_mb':>7} {'seconds':>7}  outcome")
    for r in rows:
        print(f"{r['attack']:40} {r['target']:6} {'yes' if r['ok'] else 'NO':3} {r['peak_mb']:>7} "
              f"{r['seconds']:>7}  {r['outcome']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--story-articles", type=int, default=10_000)
    ap.add_argument("--story-budget", type=float, default=120.0, help="serve --story-budget for the run")
    ap.add_argument("--src", default=None, help="serve the newsprism in this src/ folder (e.g. ../base/src)")
    args = ap.parse_args()
    rows = web_attacks(args.story_articles, args.story_budget, args.src)
    print_table(rows)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
