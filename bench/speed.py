"""Speed benchmark: cold start, warm analysis by story size, and `add` at corpus scale, each beside
a baseline measured in the same run (the machine may be shared: read the ratios).

- cold: a fresh `newsprism analyze` of ../shared/seeds, `newsprism read` of the same files and
  `newsprism stories` of a small corpus (examples/), beside a bare `python -c "import torch, spacy, sentence_transformers"` (targets: analyze
  <= 0.6x, read <= 0.15x).  Wall seconds, median of --repeat interleaved runs; CPU seconds beside.
- warm: in one process with models loaded, analyze + summarize the seeds, beside one MiniLM pass
  (sentence-transformers/torch, the same thread count) over the same sentences (target <= 2x);
  then stories of 5/10/20/50/100 articles (resampled from ../shared/data/multinews-dev passages
  and allsides-dev articles of one event each: sentences dropped and swapped, so no two are
  copies), CPU seconds per stage and per 1,000 words (target: linear in words).
- add: `add` (read + clean + store + group) of 1k/5k/20k resampled real articles (as
  bench/grouping.py builds them, plus a syndicated copy of every 10th) from JSONL files, in a
  fresh subprocess each: articles per CPU-second and peak RSS, beside the code before this work
  (--old-src, default /work/base/src or $NEWSPRISM_OLD_SRC) where that directory exists.

    .venv/bin/python bench/speed.py                       # everything, default sizes
    .venv/bin/python bench/speed.py --only cold,warm --sizes 5,10,20
    .venv/bin/python bench/speed.py --only add --add-sizes 1000,5000 --old-add-max 5000
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_SHARED") or ROOT.parent / "shared")  # env: a checkout elsewhere
SEEDS = SHARED / "seeds"
PY = sys.executable


def _env(src: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    return env


def _timed(cmd: list[str], env: dict, timeout: float = 900) -> tuple[float, float, int]:
    """(wall s, CPU s of the child, exit code) of one fresh subprocess."""
    before = os.times()
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
    return wall, cpu, proc.returncode


# --- cold ------------------------------------------------------------------------------------

def cold(repeat: int, src: Path, old_src: Path | None) -> None:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "report.json"
        cli = "from newsprism.cli import main; main()"
        db = Path(d) / "corpus.db"  # a small corpus for `stories` (added by this code, no reports)
        made = subprocess.run([PY, "-c", cli, "add", "--db", str(db), str(ROOT / "examples" / "story"),
                               str(ROOT / "examples" / "unrelated"), "--no-reports", "--no-progress"],
                              env=_env(src), capture_output=True, text=True)
        if made.returncode:
            sys.exit("could not add examples/ for the cold `stories` run:\n" + made.stderr[-2000:])
        runs = {
            "bare import torch, spacy, sentence_transformers":
                ([PY, "-c", "import torch, spacy, sentence_transformers"], _env(src)),
            "newsprism analyze seeds (cold)":
                ([PY, "-c", cli, "analyze", str(SEEDS), "-q", "-o", str(out)], _env(src)),
            "newsprism read seeds (cold)": ([PY, "-c", cli, "read", str(SEEDS)], _env(src)),
            "newsprism stories (cold)": ([PY, "-c", cli, "stories", "--db", str(db)], _env(src)),
        }
        if old_src is not None:
            runs["before: newsprism analyze seeds (cold)"] = (
                [PY, "-c", cli, "analyze", str(SEEDS), "-q", "-o", str(out)], _env(old_src))
            runs["before: newsprism read seeds (cold)"] = ([PY, "-c", cli, "read", str(SEEDS)], _env(old_src))
            runs["before: newsprism stories (cold)"] = ([PY, "-c", cli, "stories", "--db", str(db)],
                                                        _env(old_src))
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
        for _ in range(repeat):  # interleaved, so a busy moment hits every command alike
            for name, (cmd, env) in runs.items():
                wall, cpu, rc = _timed(cmd, env)
                times[name].append((wall, cpu))
    base = "bare import torch, spacy, sentence_transformers"
    bw = statistics.median(w for w, _ in times[base])
    bc = statistics.median(c for _, c in times[base])
    print(f"\ncold start (median of {repeat}; ratio = wall / bare import wall, CPU ratio beside)")
    print(f"{'command':<48} {'wall s':>7} {'CPU s':>7} {'ratio':>6} {'CPU ratio':>9}")
    for name, vals in times.items():
        w = statistics.median(v for v, _ in vals)
        c = statistics.median(v for _, v in vals)
        print(f"{name:<48} {w:7.2f} {c:7.2f} {w / bw:6.2f} {c / bc:9.2f}")
    print("targets: analyze <= 0.60, read <= 0.15")


# --- warm ------------------------------------------------------------------------------------

WARM = textwrap.dedent("""
    import json, sys, time
    from newsprism.options import Options
    from newsprism.model import Article
    import newsprism
    from newsprism.nlp import models
    spec = json.loads(sys.stdin.read())
    options = Options()

    def run(articles):
        t0 = time.process_time()
        annotated = __import__("newsprism.nlp", fromlist=["annotate_many"]).annotate_many(articles, options)
        t1 = time.process_time()
        analysis = newsprism.analyze(articles, options)  # whole pipeline (annotates again)
        t2 = time.process_time()
        newsprism.summarize(analysis, options)
        t3 = time.process_time()
        return {"annotate": t1 - t0, "analyze": t2 - t1, "summarize": t3 - t2, "total": t3 - t1,
                "sentences": sorted({a.article.text[s.start:s.end] for a in annotated for s in a.sentences})}

    stories = {k: [Article(**a) for a in v] for k, v in spec["stories"].items()}
    seeds = newsprism.read([spec["seeds"]]).articles
    run(seeds)  # warm-up: models loaded, caches filled
    out = {}
    best = None
    for _ in range(spec["repeat"]):
        r = run(seeds)
        best = r if best is None or r["total"] < best["total"] else best
    sents = best.pop("sentences")
    out["seeds"] = best
    out["seeds"]["n_sentences"] = len(sents)
    # one MiniLM pass over the same sentences: torch (sentence-transformers) and the runtime in use
    st = models.torch_embedder(options.embedding_model)
    st.encode(sents[:8], batch_size=16)
    cur = models.embedder(options)
    passes = {"torch": [], "runtime": []}
    for _ in range(spec["repeat"]):
        t = time.process_time(); st.encode(sents, batch_size=16, normalize_embeddings=True); passes["torch"].append(time.process_time() - t)
        t = time.process_time(); cur.encode(sents, batch_size=16); passes["runtime"].append(time.process_time() - t)
    out["minilm_torch"] = min(passes["torch"])
    out["minilm_runtime"] = min(passes["runtime"])
    out["runtime"] = getattr(cur, "runtime", "torch")
    for k, arts in stories.items():
        r = run(arts)
        r.pop("sentences")
        r["words"] = sum(len(a.text.split()) for a in arts)
        out[k] = r
    print(json.dumps(out))
""")


def _pool_events() -> list[list[dict]]:
    """Real events, each a list of article dicts (multinews-dev clusters, allsides-dev events)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/devdata.py
    from devdata import allsides_events, multinews_events  # noqa: E402

    return multinews_events(SHARED, min_articles=2) + allsides_events(SHARED, min_articles=2)


def story_of(n: int, seed: int = 0) -> list[dict]:
    """n articles about one event: the event's real articles first, then resampled versions of
    them (a fifth of the sentences dropped, two swapped), each from its own outlet."""
    events = _pool_events()
    rng = random.Random(seed)
    ev = max(events, key=lambda e: (len(e), sum(len(a["text"]) for a in e)))
    out = []
    k = 0
    while len(out) < n:
        src = ev[k % len(ev)]
        text = src["text"]
        if k >= len(ev):
            paras = text.split("\n\n")
            sents = [s for p in paras for s in re.split(r"(?<=[.!?])\s+", p)]
            keep = [s for s in sents if rng.random() > 0.2] or sents[:2]
            if len(keep) > 3:
                j = rng.randrange(len(keep) - 1)
                keep[j], keep[j + 1] = keep[j + 1], keep[j]
            text = " ".join(keep)
        out.append({"id": f"w{n}-{k}", "source": f"bench:{k}", "text": text, "title": src["title"] or None,
                    "outlet": f"Outlet {k}", "outlet_from": "field", "published": None, "published_from": None})
        k += 1
    return out


def warm(sizes: list[int], repeat: int, src: Path) -> None:
    spec = {"seeds": str(SEEDS), "repeat": repeat, "stories": {f"n={n}": story_of(n) for n in sizes}}
    proc = subprocess.run([PY, "-c", WARM], input=json.dumps(spec), capture_output=True, text=True,
                          env=_env(src), timeout=3600)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-3000:])
        return
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    s = r["seeds"]
    print(f"\nwarm analysis (CPU s, best of {repeat}; embedding runtime: {r['runtime']})")
    print(f"seeds: analyze+summarize {s['total']:.2f} s ({s['n_sentences']} sentences); one MiniLM "
          f"pass (torch) {r['minilm_torch']:.2f} s -> ratio {s['total'] / r['minilm_torch']:.2f} "
          f"(target <= 2); the same pass in the runtime in use {r['minilm_runtime']:.2f} s")
    print(f"{'story':<8} {'words':>7} {'analyze':>8} {'summ.':>7} {'total':>7} {'s/1k words':>10}")
    for n in sizes:
        x = r[f"n={n}"]
        print(f"{n:<8} {x['words']:>7} {x['analyze']:8.2f} {x['summarize']:7.2f} {x['total']:7.2f} "
              f"{1000 * x['total'] / x['words']:10.3f}")
    if 20 in sizes and 100 in sizes:
        print(f"100 articles / 20 articles: {r['n=100']['total'] / r['n=20']['total']:.2f}x time, "
              f"{r['n=100']['words'] / r['n=20']['words']:.2f}x words (target: time under 4x)")


# --- add -------------------------------------------------------------------------------------

ADD = textwrap.dedent("""
    import json, resource, sys, tempfile, time
    from pathlib import Path
    from newsprism.corpus import Store, add_inputs
    from newsprism.options import Options
    path = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        t = time.process_time(); w = time.perf_counter()
        with Store(Path(d) / "b.db", Options()) as store:
            rep = add_inputs(store, [path], Options())
        cpu = time.process_time() - t
        wall = time.perf_counter() - w
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"added": rep.added, "near": rep.near_duplicates, "cpu": cpu, "wall": wall,
                      "peak_mb": peak, "failures": len(rep.failures)}))
""")


def _add_records(n: int) -> list[dict]:
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT / "src"))
    import grouping  # noqa: E402  (bench/grouping.py: resampled real articles)
    from newsprism.options import Options

    grouping.SHARED = SHARED

    arts, _ = grouping.synthetic(n - n // 10, Options())
    recs = [{"title": a.title or "", "text": a.text, "date": a.published, "outlet": a.outlet,
             "url": f"https://bench.invalid/{a.id}"} for a in arts]
    # syndicated copies: the same wire text under another outlet, one word changed
    for k, r in enumerate(recs[::10][: n - len(recs)]):
        recs.append({**r, "outlet": f"syndicated {k}", "url": r["url"] + "/copy",
                     "text": r["text"].replace(" the ", " a ", 1)})
    return recs


def add(sizes: list[int], src: Path, old_src: Path | None, old_max: int, timeout: float) -> None:
    print("\nadd (read + clean + store + group), one fresh subprocess per run")
    print(f"{'code':<8} {'articles':>8} {'added':>7} {'near-dup':>8} {'CPU s':>8} {'art/CPU-s':>9} {'peak MB':>8} "
          f"{'failed':>6}")
    rates: dict[str, list[float]] = {"now": [], "before": []}
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            # JSONL files of at most 2,000 articles (one file stays under Options.max_file_bytes)
            path = Path(d) / f"articles-{n}"
            path.mkdir()
            recs = _add_records(n)
            for k in range(0, len(recs), 2000):
                with open(path / f"part-{k // 2000:03d}.jsonl", "w", encoding="utf-8") as fh:
                    for r in recs[k:k + 2000]:
                        fh.write(json.dumps(r) + "\n")
            for label, code in (("now", src), ("before", old_src)):
                if code is None or (label == "before" and n > old_max):
                    continue
                try:
                    proc = subprocess.run([PY, "-c", ADD, str(path)], capture_output=True, text=True,
                                          env=_env(code), timeout=timeout)
                except subprocess.TimeoutExpired:
                    print(f"{label:<8} {n:>8} timed out after {timeout:.0f} s")
                    continue
                if proc.returncode:
                    sys.stderr.write(proc.stderr[-2000:])
                    continue
                x = json.loads(proc.stdout.strip().splitlines()[-1])
                if x["added"] < n * 0.9:
                    print(f"{label:<8} {n:>8} only {x['added']} added, {x['failures']} input(s) failed")
                    continue
                rate = n / x["cpu"]
                rates[label].append(rate)
                print(f"{label:<8} {n:>8} {x['added']:>7} {x['near']:>8} {x['cpu']:8.1f} {rate:9.0f} "
                      f"{x['peak_mb']:8.0f} {x['failures']:>6}")
    for label, rs in rates.items():
        if len(rs) > 1:
            print(f"{label}: articles per CPU-second, largest size / smallest: {rs[-1] / rs[0]:.2f} "
                  "(target: within 20%, i.e. >= 0.80)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="cold,warm,add", help="comma list of: cold, warm, add")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="5,10,20,50,100", help="warm story sizes (articles)")
    ap.add_argument("--add-sizes", default="1000,5000,20000")
    ap.add_argument("--old-src", "--baseline-src", default=os.environ.get("NEWSPRISM_OLD_SRC", "/work/base/src"),
                    help="the code to compare with (a src/ folder); '' for none")
    ap.add_argument("--old-add-max", type=int, default=5000,
                    help="largest add size run with the old code (its near-duplicate pass is superlinear)")
    ap.add_argument("--add-timeout", type=float, default=1800)
    args = ap.parse_args()
    if not SEEDS.is_dir():
        sys.exit("../shared/seeds is not beside the project")
    src = ROOT / "src"
    old = Path(args.old_src) if args.old_src and Path(args.old_src).is_dir() else None
    only = set(args.only.split(","))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"code: {src}; before: {old}")
    if "cold" in only:
        cold(args.repeat, src, old)
    if "warm" in only:
        warm([int(x) for x in args.sizes.split(",")], args.repeat, src)
    if "add" in only:
        add([int(x) for x in args.add_sizes.split(",")], src, old, args.old_add_max, args.add_timeout)


if __name__ == "__main__":
    main()
