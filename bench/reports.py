"""Story reports made ahead of time (issue 12): reusing stored annotations, and the worker pool.

    .venv/bin/python bench/reports.py                        # both parts, default sizes
    .venv/bin/python bench/reports.py --only remake --story 20 --repeat 3
    .venv/bin/python bench/reports.py --only add --articles 1000 --workers 1,2

1. remake: a story of --story articles (bench/speed.py's resampled real event) has its report;
   one article joins it; the report is made again.  In one process with the models loaded:
   "fresh" annotates and embeds every article again (the code before stored annotations),
   "stored" reads the others' annotations and vectors from the corpus (corpus/annotations.py)
   and annotates the new one only.  CPU and wall seconds of the whole report (analysis, summary,
   HTML), best of --repeat, interleaved; and the two reports' findings are compared.
2. add: `newsprism add --db ... --report-workers K` of --articles resampled real articles (as
   bench/speed.py builds them) in a fresh process for each K: wall seconds, CPU seconds of the
   command and its report processes, reports made and failed.  The machine may be shared: read
   the ratios, and the CPU count printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

REMAKE = textwrap.dedent("""
    import json, sys, time, tempfile
    from pathlib import Path
    from newsprism.corpus.annotations import AnnotationCache
    from newsprism.corpus.reports import ReportMaker, make_report
    from newsprism.corpus.store import Store
    from newsprism.model import Article
    from newsprism.options import Options
    spec = json.loads(sys.stdin.read())
    arts = [Article(**a) for a in spec["articles"]]
    old, new = arts[:-1], arts
    opts = Options()
    maker = ReportMaker(opts)
    out = {"fresh": [], "stored": []}
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "c.db"
        Store(db, opts).close()
        make_report("s", "fp", old, None, maker)  # models loaded, caches warm
        reports = {}
        for r in range(spec["repeat"]):
            for label in ("fresh", "stored"):
                cache = None
                if label == "stored":  # the corpus as after the story's earlier report
                    fresh_db = Path(d) / f"c{r}.db"
                    Store(fresh_db, opts).close()
                    AnnotationCache(fresh_db, opts).annotate_many(old)
                    cache = AnnotationCache(fresh_db, opts)
                c, w = time.process_time(), time.perf_counter()
                rep = make_report("s", "fp", new, None, maker,
                                  annotate=cache.annotate_many if cache else None)
                out[label].append((time.process_time() - c, time.perf_counter() - w))
                reports[label] = json.loads(rep.analysis_json)
                if cache:
                    out["hits"], out["misses"] = cache.hits, cache.misses
    out["same"] = reports["fresh"] == reports["stored"]
    out["words"] = sum(len(a.text.split()) for a in new)
    print(json.dumps(out))
""")


def remake(story: int, repeat: int, src: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import speed  # bench/speed.py: the resampled real event

    recs = speed.story_of(story + 1)
    spec = {"repeat": repeat, "articles": recs}
    proc = subprocess.run([PY, "-c", REMAKE], input=json.dumps(spec), capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(src), TOKENIZERS_PARALLELISM="false"), timeout=3600)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-3000:])
        return
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    best = {k: min(r[k]) for k in ("fresh", "stored")}
    print(f"\nremake: the report of a {story}-article story made again after one article joined "
          f"({r['words']} words; best of {repeat}, CPU s / wall s)")
    for k in ("fresh", "stored"):
        print(f"  {k:<7} {best[k][0]:7.2f} CPU s {best[k][1]:7.2f} wall s")
    print(f"  stored annotations: {r['hits']} read, {r['misses']} made; CPU ratio stored/fresh "
          f"{best['stored'][0] / best['fresh'][0]:.2f}; same findings: {r['same']}")


CLI = "from newsprism.cli import main; main()"


def add_with_reports(n: int, workers: list[int], src: Path, timeout: float) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import speed

    print(f"\nadd with reports: `newsprism add` of {n} articles, --report-workers K (this machine: "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f})")
    print(f"{'K':>3} {'wall s':>8} {'CPU s':>8} {'reports':>8} {'failed':>7} {'stories':>8}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "articles"
        path.mkdir()
        recs = speed._add_records(n)
        for k in range(0, len(recs), 2000):
            with open(path / f"part-{k // 2000:03d}.jsonl", "w", encoding="utf-8") as fh:
                for rec in recs[k:k + 2000]:
                    fh.write(json.dumps(rec) + "\n")
        for k in workers:
            db = Path(d) / f"c{k}.db"
            before = os.times()
            t = time.perf_counter()
            proc = subprocess.run([PY, "-c", CLI, "add", "--db", str(db), str(path), "--no-progress",
                                   "--report-workers", str(k)], capture_output=True, text=True, timeout=timeout,
                                  env=dict(os.environ, PYTHONPATH=str(src), TOKENIZERS_PARALLELISM="false"))
            wall = time.perf_counter() - t
            after = os.times()
            cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
            m = re.search(r"reports: (\d+) ready, (\d+) failed", proc.stderr)
            s = re.search(r"the reports of (\d+) stor", proc.stderr)
            if m is None:
                sys.stderr.write(proc.stderr[-2000:])
            print(f"{k:>3} {wall:8.1f} {cpu:8.1f} {m.group(1) if m else '?':>8} {m.group(2) if m else '?':>7} "
                  f"{s.group(1) if s else '?':>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="remake,add", help="comma list of: remake, add")
    ap.add_argument("--story", type=int, default=20, help="articles in the story before one joins")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--articles", type=int, default=1000, help="articles `add` stores, with reports")
    ap.add_argument("--workers", default="1,2", help="comma list of --report-workers to compare")
    ap.add_argument("--timeout", type=float, default=7200)
    ap.add_argument("--src", type=Path, default=ROOT / "src")
    a = ap.parse_args()
    only = set(a.only.split(","))
    if "remake" in only:
        remake(a.story, a.repeat, a.src)
    if "add" in only:
        add_with_reports(a.articles, [int(x) for x in a.workers.split(",")], a.src, a.timeout)


if __name__ == "__main__":
    main()
