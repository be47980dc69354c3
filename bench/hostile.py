"""Hostile input against the real CLI: each attack, what newsprism did, peak memory and time.

    .venv/bin/python bench/hostile.py            # every attack (about a minute)
    .venv/bin/python bench/hostile.py --quick    # smaller bombs and lines

Each attack runs `newsprism ...` in a fresh subprocess (peak memory is that process's maximum
resident set, from wait4) against files and servers made here, offline, on 127.0.0.1.  "ok" says
whether the outcome is the safe one: refused or reported with a clear message, nothing private
stored, the batch going on, no hang.  If bench/hostile_web.py exists (the web app's attacks), its
``web_attacks()`` rows are added to the same table.  Exit status 1 when any attack is not ok.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "HUNTER2-PRIVATE-MARKER"

Row = dict  # attack, target, outcome, ok, peak_mb, seconds


def article(n: int, town: str = "Marlow") -> str:
    return (f"Flood wall number {n} approved in {town}\n\n"
            f"The town council of {town} approved flood wall number {n} on Tuesday after a long "
            "debate, the mayor said. Building work is expected to start in the spring and to last "
            "two years, according to the council's engineers, who presented the plan to residents "
            f"of {town} at a meeting in the town hall on Monday evening.")


# --- a hostile web server on 127.0.0.1 --------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        if self.path == "/secret":
            body = f"<html><body><article><h1>Admin</h1><p>{SECRET} {article(1)}</p></article></body></html>"
            self._send(200, body.encode())
        elif self.path == "/article":
            self._send(200, f"<html><body><article><p>{article(2)}</p></article></body></html>".encode())
        elif self.path.startswith("/to/"):
            self._send(302, headers=[("Location", "http://" + self.path[4:])])
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            for _ in range(600):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)
        else:
            self._send(404, b"no")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def serve() -> tuple[Server, str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"127.0.0.1:{httpd.server_address[1]}"


# --- running the CLI ---------------------------------------------------------------------------

_MAIN = "import sys; from newsprism.cli import main; main(prog_name='newsprism')"
# A small launcher forks the CLI and reports its rusage: the peak memory of a process forked
# straight from this (large) bench process would include the bench's own pages.
_LAUNCH = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-c", sys.argv[1], *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write("\\n@@maxrss %d\\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def cli(args: list[str], timeout: float = 300, kill_after: float | None = None,
        stdin: bytes | None = None, kill_when=None) -> tuple[int, str, float, float]:
    """(exit code, stderr+stdout, peak MB, seconds) of `newsprism ARGS` in a fresh process.

    ``kill_when``: a callable polled every 0.1 s; SIGKILL as soon as it returns True."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen([sys.executable, "-c", _LAUNCH, _MAIN, *args], stdout=out, stderr=out,
                             stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, env=env,
                             start_new_session=True)
        if stdin is not None:
            p.stdin.write(stdin)
            p.stdin.close()
        limit = kill_after if kill_after is not None else timeout
        timer = threading.Timer(limit, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
        while kill_when is not None and p.poll() is None:
            if kill_when():
                os.killpg(p.pid, signal.SIGKILL)
                break
            time.sleep(0.1)
        rc = p.wait()
        timer.cancel()
        secs = time.monotonic() - t0
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak = 0.0
    if "@@maxrss " in text:
        text, _, tail = text.rpartition("@@maxrss ")
        peak = int(tail.split()[0]) / 1024
    if rc == -signal.SIGKILL:
        rc = -9
    return rc, text, peak, secs


def row(attack: str, target: str, ok: bool, outcome: str, peak: float, secs: float) -> Row:
    return {"attack": attack, "target": target, "outcome": outcome, "ok": ok,
            "peak_mb": round(peak, 1), "seconds": round(secs, 2)}


def db_text(db: Path) -> str:
    if not db.exists():
        return ""
    c = sqlite3.connect(db)
    try:
        return "\n".join(r[0] for r in c.execute("SELECT text FROM articles"))
    except sqlite3.Error:
        return ""
    finally:
        c.close()


def db_articles(db: Path) -> set:
    c = sqlite3.connect(db)
    try:
        return {tuple(r) for r in c.execute("SELECT id, content_hash FROM articles")}
    finally:
        c.close()


def first_line(text: str, needle: str = "") -> str:
    for line in text.splitlines():
        if needle.lower() in line.lower() and line.strip():
            return " ".join(line.split())[:90]
    return " ".join(text.split())[:90]


# --- the attacks -------------------------------------------------------------------------------

def attacks(tmp: Path, quick: bool) -> list[Row]:
    rows: list[Row] = []
    httpd, site = serve()
    internal_httpd, internal = serve()
    secret_file = tmp / "private" / "notes.txt"
    secret_file.parent.mkdir()
    secret_file.write_text(f"{SECRET} my bank password. " + article(9))

    # 1. a feed whose entries name local files, folders, globs, stdin
    feed = tmp / "local.rss"
    links = [str(secret_file), "~/.bashrc", str(secret_file.parent), f"{secret_file.parent}/*.txt", "-",
             f"file://{secret_file}"]
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
                    + "".join(f"<item><title>e{i}</title><link>{x}</link></item>" for i, x in enumerate(links))
                    + f"<item><title>guid</title><guid>{secret_file}</guid></item></channel></rss>")
    db = tmp / "feed-local.db"
    rc, out, peak, secs = cli(["add", "--db", str(db), str(feed), "--allow-private-addresses"])
    rows.append(row("feed entries name local files", "add (feed file)", SECRET not in db_text(db) and rc == 1,
                    f"exit {rc}; {out.count('unsupported-url')} entries refused; nothing local read",
                    peak, secs))

    # 3. a feed that links to internal addresses, directly and through a redirect
    feed2 = tmp / "internal.rss"
    feed2.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
                     f"<item><title>a</title><link>http://{internal}/secret</link></item>"
                     f"<item><title>b</title><link>http://{site}/to/{internal}/secret</link></item>"
                     "</channel></rss>")
    db = tmp / "feed-internal.db"
    rc, out, peak, secs = cli(["add", "--db", str(db), str(feed2)])
    rows.append(row("feed links to 127.0.0.1 (direct, redirect)", "add (feed file)",
                    SECRET not in db_text(db) and out.count("blocked-address") == 2,
                    f"exit {rc}; {out.count('blocked-address')} blocked-address", peak, secs))

    rc, out, peak, secs = cli(["read", f"http://{site}/to/{internal}/secret", "--json"])
    rows.append(row("typed URL redirects to another internal port", "read URL",
                    SECRET not in out and "blocked-address" in out,
                    f"exit {rc}; {first_line(out, 'blocked')[:60]}", peak, secs))

    # 4. hangs: trickling server, FIFO, unreadable folder
    deadline = 3
    rc, out, peak, secs = cli(["read", f"http://{site}/trickle", "--fetch-deadline", str(deadline)], timeout=120)
    rows.append(row("server trickles 1 byte / 0.5 s", "read URL", rc == 2 and secs < deadline + 15,
                    f"exit {rc}; fetch-timeout after the {deadline} s deadline", peak, secs))
    folder = tmp / "fifo-folder"
    folder.mkdir()
    (folder / "a.txt").write_text(article(3))
    os.mkfifo(folder / "pipe.txt")
    rc, out, peak, secs = cli(["read", str(folder)], timeout=60)
    rows.append(row("FIFO in an input folder", "read folder", rc == 1 and "not-a-file" in out,
                    f"exit {rc}; FIFO reported not-a-file, a.txt read", peak, secs))
    rc, out, peak, secs = cli(["add", "--db", str(tmp / "fifo.db"), str(folder)], timeout=60)
    rows.append(row("FIFO in an input folder", "add folder", rc == 1 and "not-a-file" in out,
                    f"exit {rc}; FIFO reported, 1 article added", peak, secs))
    rc, out, peak, secs = cli(["read", "/dev/zero"], timeout=60)
    rows.append(row("a device as input", "read /dev/zero", rc == 2 and "not-a-file" in out,
                    f"exit {rc}; refused unopened", peak, secs))

    # 5. small inputs, huge work
    n = 200_000 if quick else 1_000_000
    data = tmp / "million.json"
    data.write_text("[" + ",".join('{"text":"a"}' for _ in range(n)) + "]")
    rc, out, peak, secs = cli(["read", str(data)])
    rows.append(row(f"JSON array of {n:,} records ({data.stat().st_size / 1e6:.0f} MB)", "read",
                    rc == 2 and "too-many-records" in out, f"exit {rc}; too-many-records", peak, secs))
    lines = tmp / "many.jsonl"
    lines.write_text("\n".join(json.dumps({"title": f"t{i}", "text": "a"}) for i in range(n // 4 + 10)))
    rc, out, peak, secs = cli(["add", "--db", str(tmp / "many.db"), str(lines), "--no-progress"])
    rows.append(row(f"JSONL of {n // 4 + 10:,} records", "add", rc == 1 and "too-many-records" in out,
                    f"exit {rc}; too-many-records before parsing", peak, secs))
    lit = tmp / "literal.txt"
    size = 4_000_000 if quick else 18_000_000
    recs, total = [], 0
    while total < size:
        r = {"title": "Flood", "n": len(recs), "text": ["Flood wall", "approved", 1, 2.5, None, True]}
        recs.append(r)
        total += len(repr(r)) + 2
    lit.write_text(repr(recs))
    rc, out, peak, secs = cli(["read", str(lit)])
    rows.append(row(f"Python literal of {lit.stat().st_size / 1e6:.0f} MB", "read",
                    rc == 2 and peak < 500, f"exit {rc}; refused before parsing (save as JSON)", peak, secs))
    deep = tmp / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    rc, out, peak, secs = cli(["read", str(deep)])
    rows.append(row("JSON nested 100,000 deep", "read", rc == 2 and "nested" in out,
                    f"exit {rc}; {first_line(out, 'nested')[-50:]}", peak, secs))

    long_mb = 4 if quick else 19
    rnd = random.Random(7)
    words = ("Mr. Smith and Dr. Jones met U.S. officials on Jan. 5 after the council said the river "
             "rose. (AP Photo/John Smith) Copyright 2024 Foo News. All rights reserved. Advertisement").split()
    parts, total = [], 0
    while total < long_mb * 1_000_000:
        w = rnd.choice(words)
        parts.append(w)
        total += len(w) + 1
    line = tmp / "long-line.txt"
    line.write_text("The council met on Monday. " + " ".join(parts))
    rc, out, peak, secs = cli(["read", str(line), "--any-language"], timeout=1200)
    summary = [x for x in out.splitlines() if x.startswith("read ")]
    rows.append(row(f"one {long_mb} MB line (abbreviations, credits, footers)", "read (cleaning)",
                    rc in (0, 1, 2) and secs < 10 * long_mb,
                    f"exit {rc}; {summary[-1] if summary else first_line(out)} (see bench/cleaning_scale.py)",
                    peak, secs))

    bomb = tmp / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        chunk = b"a" * 1_000_000
        for _ in range(200 if quick else 1000):
            fh.write(chunk)
    rc, out, peak, secs = cli(["read", str(bomb)])
    rows.append(row(f"gzip bomb ({bomb.stat().st_size / 1e6:.1f} MB -> {200 if quick else 1000} MB)", "read",
                    rc == 2 and "too-large" in out and peak < 500, f"exit {rc}; too-large while inflating",
                    peak, secs))
    laughs = tmp / "laughs.rss"
    ents = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    laughs.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{ents}]>'
                      "<rss version='2.0'><channel><title>F</title><item><title>&l9;</title>"
                      f"<description>{article(4)}</description></item></channel></rss>")
    rc, out, peak, secs = cli(["read", str(laughs), "--json"])
    rows.append(row("XML entity expansion (billion laughs) feed", "read", "lollollol" not in out and peak < 500,
                    f"exit {rc}; entities not expanded", peak, secs))
    doctype = tmp / "doctype-feed.xml"
    doctype.write_text("<?xml version='1.0'?>\n<!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss version='2.0'>"
                       f"<channel><title>G</title><item><title>x</title><description>{article(5)}"
                       "</description></item></channel></rss>")
    rc, out, peak, secs = cli(["read", str(doctype), "--json"])
    stored = json.loads(out[out.index("{"):out.rindex("}") + 1]) if "{" in out else {"articles": []}
    raw = any("<rss" in a["text"] or "<item" in a["text"] for a in stored["articles"])
    rows.append(row("RSS feed with a DOCTYPE", "read", not raw and len(stored["articles"]) == 1,
                    f"exit {rc}; read as a feed ({len(stored['articles'])} entry), no raw XML", peak, secs))

    # regular-expression bombs (each was quadratic: minutes for a few hundred kB)
    for name, payload in (
            ("DOCTYPE with 2 MB of ']'", "<!DOCTYPE x [" + "]" * 2_000_000),
            ("record text of 500k unclosed '<!--'", json.dumps({"title": "t", "text": "<!--" * 500_000})),
            ("record text of 200k unclosed '<script>'", json.dumps({"title": "t", "text": "<script>" * 200_000})),
            ("2 MB run of spaces before a newline", "The council met on Monday. " + " " * 2_000_000 + "\nx")):
        bombf = tmp / "bomb.txt"
        bombf.write_text(payload)
        rc, out, peak, secs = cli(["read", str(bombf)], timeout=300)
        summary = [x for x in out.splitlines() if x.startswith("read ")]
        rows.append(row(name, "read", secs < 60, f"exit {rc}; {summary[-1] if summary else first_line(out)}",
                        peak, secs))

    # 6. other people's databases
    other = tmp / "app.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)")
    c.commit()
    c.close()
    before = other.read_bytes()
    for cmd in (["stories", "--db", str(other)], ["add", "--db", str(other), str(folder / "a.txt")]):
        rc, out, peak, secs = cli(cmd)
        rows.append(row("another application's SQLite file", cmd[0], rc == 4 and other.read_bytes() == before,
                        f"exit {rc}; refused, file unchanged", peak, secs))
    good = tmp / "good"
    good.mkdir()
    for i in range(60):
        (good / f"{i:03d}.txt").write_text(article(i, rnd.choice(["Marlow", "Ostley", "Pellham", "Verrin"])))
    damaged = tmp / "damaged.db"
    cli(["add", "--db", str(damaged), str(good), "--no-progress"])
    c = sqlite3.connect(damaged)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root, page = c.execute("SELECT rootpage FROM sqlite_master WHERE name='articles'").fetchone()[0], \
        c.execute("PRAGMA page_size").fetchone()[0]
    c.close()
    raw_db = bytearray(damaged.read_bytes())
    raw_db[(root - 1) * page:root * page] = b"\xfe" * page
    damaged.write_bytes(bytes(raw_db))
    rc, out, peak, secs = cli(["stories", "--db", str(damaged)])
    rows.append(row("a database with a damaged page", "stories", rc == 4 and "damaged" in out,
                    f"exit {rc}; quick_check refuses it", peak, secs))

    # already held: SIGKILL during add, concurrent writers (nothing lost)
    clean_db = tmp / "clean.db"
    cli(["add", "--db", str(clean_db), str(good), "--no-progress"])
    many = tmp / "many-articles"
    many.mkdir()
    for i in range(400):
        (many / f"{i:03d}.txt").write_text(article(i, rnd.choice(["Marlow", "Ostley", "Pellham", "Verrin"])))
    many_clean = tmp / "many-clean.db"
    cli(["add", "--db", str(many_clean), str(many), "--no-progress"])
    killed = tmp / "killed.db"
    def some_stored() -> bool:  # kill in the middle: once a few batches are committed
        try:
            c = sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=1)
            try:
                return c.execute("SELECT count(*) FROM articles").fetchone()[0] >= 48
            finally:
                c.close()
        except sqlite3.Error:
            return False

    rc1, _, peak, secs = cli(["add", "--db", str(killed), str(many), "--no-progress"], kill_when=some_stored)
    stored = len(db_articles(killed)) if killed.exists() else 0
    rc2, out, peak2, secs2 = cli(["add", "--db", str(killed), str(many), "--no-progress"])
    ok = db_articles(killed) == db_articles(many_clean)
    rows.append(row("SIGKILL during add, then add again", "add", ok and rc1 == -9,
                    f"killed (exit {rc1}) with {stored}/400 stored; re-run exit {rc2}; corpus == clean run",
                    max(peak, peak2), secs + secs2))
    half = tmp / "half"
    half.mkdir()
    for i, f in enumerate(sorted(good.iterdir())):
        if i % 2:
            f.rename(half / f.name)
    shared = tmp / "concurrent.db"
    cli(["add", "--db", str(shared), str(folder / "a.txt"), "--no-progress"])
    results: list = [None, None]

    def run(k: int, src: Path) -> None:
        results[k] = cli(["add", "--db", str(shared), str(src), "--no-progress"])

    t0 = time.monotonic()
    threads = [threading.Thread(target=run, args=(0, good)), threading.Thread(target=run, args=(1, half))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    c = sqlite3.connect(shared)
    n_articles = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.close()
    rows.append(row("two `add` processes on one database", "add x2", integrity == "ok" and n_articles == 61
                    and all(r[0] == 0 for r in results),
                    f"exits {results[0][0]},{results[1][0]}; {n_articles} articles; integrity {integrity}",
                    max(results[0][2], results[1][2]), time.monotonic() - t0))

    # nothing lost: refused inputs beside good ones, then the good ones again
    mixed = tmp / "mixed.db"
    cli(["add", "--db", str(mixed), str(feed), str(feed2), str(data), str(lit), str(deep), str(folder),
         str(good), str(half), "--no-progress"])
    rc, out, peak, secs = cli(["add", "--db", str(mixed), str(good), str(half), str(folder / "a.txt"),
                               "--no-progress"])
    reference = tmp / "reference.db"
    cli(["add", "--db", str(reference), str(good), str(half), str(folder / "a.txt"), "--no-progress"])
    rows.append(row("nothing lost: refused inputs, then the good ones again", "add",
                    db_articles(mixed) == db_articles(reference) and SECRET not in db_text(mixed),
                    f"re-run exit {rc}; corpus == clean run", peak, secs))

    httpd.shutdown()
    internal_httpd.shutdown()
    return rows


def web_rows() -> list[Row]:
    path = Path(__file__).with_name("hostile_web.py")
    if not path.exists():
        return []
    sys.path.insert(0, str(path.parent))
    try:
        import hostile_web  # noqa: PLC0415 - written by the web app's engineers
    finally:
        sys.path.pop(0)
    return list(hostile_web.web_attacks())


def print_table(rows: list[Row]) -> None:
    cols = ["attack", "target", "outcome", "ok", "peak MB", "seconds"]
    cells = [[str(r["attack"]), str(r["target"]), str(r["outcome"]), "ok" if r["ok"] else "FAIL",
              f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else "-",
              f"{r['seconds']:.2f}" if r.get("seconds") is not None else "-"] for r in rows]
    widths = [max(len(c), *(len(x[i]) for x in cells)) for i, c in enumerate(cols)]
    print(" | ".join(c.ljust(w) for c, w in zip(cols, widths)))
    print("-|-".join("-" * w for w in widths))
    for x in cells:
        print(" | ".join(v.ljust(w) for v, w in zip(x, widths)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller bombs and lines")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprism-hostile-") as d:
        os.environ["HOME"] = d  # "~/.bashrc" in a feed must not even exist to be read
        rows = attacks(Path(d), args.quick)
    rows += web_rows()
    print_table(rows)
    bad = [r for r in rows if not r["ok"]]
    print(f"\n{len(rows) - len(bad)} of {len(rows)} attacks held")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
