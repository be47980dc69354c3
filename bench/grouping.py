"""Story grouping benchmark: quality (B-cubed) beside baselines, then speed and memory at scale.

Quality, on the AllSides dev pool (../shared/data/allsides-dev: one event told by left, center
and right outlets, ~382 articles of 131 events), in two conditions:

- ``text``: title + body only (no date, outlet unknown), as from a folder of pasted texts;
- ``dated``: with the story's date and each article's outlet.

Each condition adds the pool one by one to a fresh corpus (``Store.add``, as ``newsprism add``
does) in three seeded arrival orders; the partition is scored with B-cubed precision/recall/F1
against the true events, with the spread of F1 over the orders, the number of stories, the
largest predicted story (articles / true events in it) and the single-article stories.  Beside
it in the same run: TF-IDF (sublinear tf, English stop words) + average-linkage agglomerative
clustering on cosine distance, batch (it sees the whole pool at once), at cut-offs 0.1/0.15/0.2
(not tuned: all are printed), without and (dated) with a 4-day window.

Scale: sets of 10k/30k/100k articles are built by resampling and perturbing the real ones
(allsides + multinews + seeds): pick a real story, make a synthetic copy of it with a fresh id
and a date shifted by a multiple of 2*story_window_days+1 days (copies of the same real story
never share a window), and perturb each of its articles (drop ~20% of sentences, swap two
adjacent sentences, replace ~10% of words with words drawn from the pooled vocabulary), so
copies are neither exact nor near-duplicates.  Each size runs in its own subprocess (a fresh peak
RSS); the articles are made one fifth at a time, as they are added, so the peak is the corpus's
and not the benchmark's.  Time covers features + store + grouping (+ SQLite commits), reported
per fifth of the set so a growing cost per article shows (each fifth is printed to stderr as it
ends, with RSS and the load average); CPU seconds are printed beside wall seconds because the
machine may be shared.

    .venv/bin/python bench/grouping.py                 # quality + 10k, 30k, 100k
    .venv/bin/python bench/grouping.py --sizes 10000
    .venv/bin/python bench/grouping.py --no-quality --sizes 100000
    .venv/bin/python bench/grouping.py --no-quality --sizes "" --ray --ray-workers 1,2
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))  # ../shared beside the project
sys.path.insert(0, str(ROOT / "src"))

from newsprism.model import Article  # noqa: E402
from newsprism.options import Options  # noqa: E402


# --- data ------------------------------------------------------------------------------------

def _article(aid: str, text: str, title: str | None, outlet: str, published: str | None) -> Article:
    return Article(id=aid, source=f"bench:{aid}", text=text, title=title, outlet=outlet,
                   outlet_from="field", published=published, published_from="field" if published else None)


def load_pool() -> tuple[list[Article], list[str]]:
    """(articles, gold story of each)."""
    arts: list[Article] = []
    gold: list[str] = []
    with open(SHARED / "data/allsides-dev/stories_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            for side, n in sorted(r.get("news", {}).items()):
                text = "\n\n".join(p.strip() for p in n.get("newBody", []) if p.strip())
                if not text:
                    continue
                arts.append(_article(f"as-{r['id']}-{side}", text, n.get("newsTitle"),
                                     n.get("newsSource") or side, r["date"][:10]))
                gold.append(f"allsides:{r['id']}")
    with open(SHARED / "data/multinews-dev/multi_news_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            passages = [p for p in re.split(r"Passage \d+:\n", r["context"]) if p.strip()]
            for i, p in enumerate(passages):
                text = re.sub(r"\s*NEWLINE_CHAR\s*", "\n\n", p).strip()
                if len(text.split()) < 20:
                    continue
                arts.append(_article(f"mn-{r['_id'][:12]}-{i}", text, None, f"passage-{i}", None))
                gold.append(f"multinews:{r['_id']}")
    for f in sorted((SHARED / "seeds").glob("*.txt")):
        raw = f.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", raw)
        text = raw[m.end():] if m else raw
        arts.append(_article(f"seed-{f.stem}", text.strip(), None, f.stem, m.group(1) if m else None))
        gold.append("seeds")
    return arts, gold


# --- scoring ---------------------------------------------------------------------------------

def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    P, G = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        P[p].add(i)
        G[g].add(i)
    prec = sum(len(P[pred[i]] & G[gold[i]]) / len(P[pred[i]]) for i in range(len(pred))) / len(pred)
    rec = sum(len(P[pred[i]] & G[gold[i]]) / len(G[gold[i]]) for i in range(len(pred))) / len(pred)
    return prec, rec, 2 * prec * rec / (prec + rec)


def load_allsides(dated: bool) -> tuple[list[Article], list[str]]:
    """The AllSides dev pool: (articles, true event of each); ``dated`` adds dates and outlets."""
    arts: list[Article] = []
    gold: list[str] = []
    with open(SHARED / "data/allsides-dev/stories_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            for side, n in sorted(r.get("news", {}).items()):
                text = "\n\n".join(p.strip() for p in n.get("newBody", []) if p.strip())
                if not text:
                    continue
                aid = f"as-{r['id']}-{side}"
                if dated:
                    arts.append(_article(aid, text, n.get("newsTitle"), n.get("newsSource") or side,
                                         r["date"][:10]))
                else:
                    arts.append(Article(id=aid, source=f"bench:{aid}", text=text, title=n.get("newsTitle"),
                                        outlet="unknown", outlet_from="unknown", published=None,
                                        published_from=None))
                gold.append(str(r["id"]))
    return arts, gold


def group_newsprism(arts: list[Article], options: Options) -> list[str]:
    from newsprism.corpus import Store

    with tempfile.TemporaryDirectory() as d:
        with Store(Path(d) / "bench.db", options) as store:
            rep = store.add(arts)
            part = store.partition()
    # rep.ids: the stored id of each input (an exact duplicate maps to the copy already stored)
    return [part[i] for i in rep.ids]


def group_baseline(arts: list[Article], threshold: float, window: int | None) -> list[int]:
    """TF-IDF + average-linkage agglomerative (batch); pairs further apart than ``window`` days
    get the largest distance."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a.title or ''}\n{a.text}" for a in arts])
    D = 1.0 - (X @ X.T).toarray()
    if window is not None:
        days = np.array([dt.date.fromisoformat(a.published[:10]).toordinal() for a in arts])
        D[np.abs(days[:, None] - days[None, :]) > window] = 2.0
    np.fill_diagonal(D, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return model.fit_predict(D).tolist()


def describe(pred: list, gold: list) -> str:
    """stories, largest predicted story (articles/true events), single-article stories."""
    by: dict = defaultdict(list)
    for p, g in zip(pred, gold):
        by[p].append(g)
    big = max(by.values(), key=len)
    single = sum(1 for v in by.values() if len(v) == 1)
    return f"{len(by):>7} {len(big):>4}/{len(set(big)):<3} {single:>6}"


HEAD = (f"{'method':<46} {'stories':>7} {'largest':>8} {'single':>6} {'B3-P':>6} {'B3-R':>6} "
        f"{'B3-F1':>6} {'secs':>6}")


def quality(options: Options, orders: int) -> dict:
    """Both conditions; returns the mean F1 of each (for tests of the bench itself)."""
    out = {}
    for dated in (False, True):
        arts, gold = load_allsides(dated)
        cond = "dated: title + body + date + outlet" if dated else "text: title + body only"
        print(f"\n== AllSides dev, {cond}: {len(arts)} articles, {len(set(gold))} true events")
        print(f"options: story_threshold={options.story_threshold} "
              f"story_window_days={options.story_window_days}")
        print(HEAD)
        f1s = []
        for seed in range(orders):
            idx = list(range(len(arts)))
            random.Random(seed).shuffle(idx)
            t = time.perf_counter()
            pred = group_newsprism([arts[i] for i in idx], options)
            secs = time.perf_counter() - t
            full = [None] * len(arts)
            for k, i in enumerate(idx):
                full[i] = pred[k]
            p, r, f = bcubed(full, gold)
            f1s.append(f)
            print(f"{'newsprism online (order seed ' + str(seed) + ')':<46} {describe(full, gold)} "
                  f"{p:6.3f} {r:6.3f} {f:6.3f} {secs:6.2f}")
        print(f"{'newsprism: mean F1 over orders, spread':<46} {'':>22} {'':>13} "
              f"{sum(f1s) / len(f1s):6.3f} (max-min {max(f1s) - min(f1s):.3f})")
        out["dated" if dated else "text"] = sum(f1s) / len(f1s)
        words = replace(options, use_embeddings=False)
        t = time.perf_counter()
        pred = group_newsprism(arts, words)
        p, r, f = bcubed(pred, gold)
        print(f"{'newsprism online, words only (no model)':<46} {describe(pred, gold)} "
              f"{p:6.3f} {r:6.3f} {f:6.3f} {time.perf_counter() - t:6.2f}")
        for window in ((None, 4) if dated else (None,)):
            for thr in (0.1, 0.15, 0.2):
                t = time.perf_counter()
                base = group_baseline(arts, thr, window)
                secs = time.perf_counter() - t
                p, r, f = bcubed(base, gold)
                name = f"TF-IDF + agglomerative {thr:.2f}" + (f", {window}-day window" if window else "")
                print(f"{name:<46} {describe(base, gold)} {p:6.3f} {r:6.3f} {f:6.3f} {secs:6.2f}")
        p, r, f = bcubed(list(range(len(arts))), gold)
        print(f"{'singletons (every article its own story)':<46} {describe(list(range(len(arts))), gold)} "
              f"{p:6.3f} {r:6.3f} {f:6.3f}")
    return out


# --- scale -----------------------------------------------------------------------------------

def synthetic(n: int, options: Options, seed: int = 0) -> tuple[list[Article], list[str]]:
    pairs = list(iter_synthetic(n, options, seed))
    return [a for a, _ in pairs], [g for _, g in pairs]


def iter_synthetic(n: int, options: Options, seed: int = 0):
    """(article, true story) pairs, made as they are consumed: the scale run does not hold the
    whole set in memory (its peak RSS is the corpus's, not the benchmark's)."""
    arts, gold = load_pool()
    rng = random.Random(seed)
    by_story: dict[str, list[Article]] = defaultdict(list)
    for a, g in zip(arts, gold):
        by_story[g].append(a)
    stories = sorted(by_story)
    vocab = sorted({w for a in arts for w in a.text.split() if w.isalpha() and len(w) > 3})
    step = 2 * options.story_window_days + 1
    base = dt.date(2020, 1, 1)
    copies: dict[str, int] = defaultdict(int)
    made = 0
    while made < n:
        g = rng.choice(stories)
        c = copies[g]
        copies[g] += 1
        # each real story gets its own lane of dates; copies of it are `step` days apart
        start = base + dt.timedelta(days=(stories.index(g) % 7) + c * step)
        for a in by_story[g]:
            if made >= n:
                break
            sents = re.split(r"(?<=[.!?])\s+", a.text)
            keep = [s for s in sents if rng.random() > 0.2] or sents[:1]
            if len(keep) > 2:
                j = rng.randrange(len(keep) - 1)
                keep[j], keep[j + 1] = keep[j + 1], keep[j]
            words = " ".join(keep).split(" ")
            for _ in range(max(1, len(words) // 10)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            day = start + dt.timedelta(days=rng.randrange(0, 2))
            yield _article(f"syn-{made}", " ".join(words), a.title, a.outlet, day.isoformat()), f"{g}#{c}"
            made += 1


SLICES = 5  # the set is added in this many equal slices; CPU ms per article of each is printed
PROGRESS_EVERY = 2000  # articles per progress line (stderr) within a slice


def _rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _peak_rss_mb()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    """The 1-minute load average (the machine may be shared: read speeds beside it)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def one_size(n: int, options: Options) -> dict:
    from newsprism.corpus import Store

    stream = iter_synthetic(n, options)
    gold: list[str] = []
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "scale.db"
        secs = cpu = 0.0  # time inside Store (making the synthetic articles is not counted)
        slices = []  # CPU ms per article of each slice: flat if cost does not grow with the corpus
        step = -(-n // SLICES)
        ids: list[str] = []
        near = 0
        with Store(path, options) as store:
            for start in range(0, n, step):
                fifth_cpu, fifth_wall, fifth_n = 0.0, 0.0, 0
                for _ in range(0, min(step, n - start), PROGRESS_EVERY):
                    chunk = list(itertools.islice(stream, min(PROGRESS_EVERY, step - fifth_n)))
                    if not chunk:
                        break
                    gold.extend(g for _, g in chunk)
                    c0, w0 = time.process_time(), time.perf_counter()
                    rep = store.add([a for a, _ in chunk])
                    del chunk
                    c1, w1 = time.process_time() - c0, time.perf_counter() - w0
                    fifth_cpu, fifth_wall, fifth_n = fifth_cpu + c1, fifth_wall + w1, fifth_n + len(rep.ids)
                    ids.extend(rep.ids)
                    near += rep.near_duplicates
                    # progress as it goes (stderr, passed through by the parent): a long run
                    # that cannot finish still shows how far it got and what it cost
                    print(f"  {n}: {len(ids):>7} articles: {1000 * c1 / len(rep.ids):.1f} CPU ms/article "
                          f"(last {len(rep.ids)}), {len(rep.ids) / w1:.1f} art/s wall, RSS "
                          f"{_rss_mb():.0f} MB (peak {_peak_rss_mb():.0f}), load {_load()}",
                          file=sys.stderr, flush=True)
                secs += fifth_wall
                cpu += fifth_cpu
                slices.append(round(1000 * fifth_cpu / fifth_n, 2))
                print(f"  {n}: fifth {len(slices)}/{SLICES} done: {slices[-1]:.1f} CPU ms/article",
                      file=sys.stderr, flush=True)
            part = store.partition()
            stories = store.count_stories()
        size_mb = sum(f.stat().st_size for f in Path(d).iterdir()) / 1e6
    p, r, f = bcubed([part[i] for i in ids], gold)
    rss_mb = _peak_rss_mb()
    return {"n": n, "secs": secs, "cpu_secs": cpu, "per_sec": n / secs, "per_cpu_sec": n / cpu, "peak_rss_mb": rss_mb, "stories": stories,
            "true_stories": len(set(gold)), "near_dups": near, "db_mb": size_mb,
            "b3": [round(p, 3), round(r, 3), round(f, 3)], "cpu_ms_per_article_by_slice": slices}


def ray_throughput(options: Options, workers: list[int]) -> None:
    """`add --engine ray` on the AllSides dev pool (one JSON file per article) with the given
    numbers of local workers (Ray ``num_cpus``), beside the default engine, in one process and
    one run; whether the stories are the same, and the load average before and after each row
    (the machine may be shared)."""
    from newsprism.corpus import Store, add_inputs
    from newsprism.corpus.engine_ray import add_inputs_ray

    arts, _ = load_allsides(True)
    # local Ray workers are new processes: they must import this checkout too, not an installed copy
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    print(f"\n== --engine ray: {len(arts)} AllSides dev articles, one JSON file each")
    print(f"{'engine':<28} {'wall s':>7} {'art/s':>6} {'CPU s (this process)':>20} "
          f"{'same stories as default':>24} {'load before/after':>18}")
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "in"
        folder.mkdir()
        for a in arts:
            (folder / f"{a.id}.json").write_text(json.dumps(
                {"title": a.title, "text": a.text, "date": a.published, "outlet": a.outlet}), encoding="utf-8")
        parts = {}
        runs = [("default", None)] + [(f"ray, {k} worker" + ("s" if k > 1 else ""), k) for k in workers]
        for name, cpus in runs:
            load0 = _load()
            t, c = time.perf_counter(), time.process_time()
            with Store(Path(d) / f"{cpus}.db", options) as store:
                if cpus is None:
                    add_inputs(store, [str(folder)], options)
                else:
                    add_inputs_ray(store, [str(folder)], options, num_cpus=cpus)
                parts[name] = store.partition()
            secs, cpu = time.perf_counter() - t, time.process_time() - c
            print(f"{name:<28} {secs:7.1f} {len(arts) / secs:6.1f} {cpu:20.1f} "
                  f"{str(parts[name] == parts['default']):>24} {load0 + '/' + _load():>18}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,30000,100000", help="comma-separated article counts")
    ap.add_argument("--orders", type=int, default=3, help="shuffled orders for the quality run")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--ray", action="store_true", help="also time --engine ray (see --ray-workers)")
    ap.add_argument("--ray-workers", default="1,2",
                    help="comma-separated local Ray worker counts for --ray (default 1,2)")
    ap.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    options = Options()  # the defaults a user gets (headline embeddings on)
    if args.one_size:
        print(json.dumps(one_size(args.one_size, options)))
        return
    if not SHARED.is_dir():
        sys.exit("../shared is not beside the project: nothing to benchmark")
    if not args.no_quality:
        quality(options, args.orders)
    if args.ray:
        ray_throughput(options, [int(k) for k in args.ray_workers.split(",") if k.strip()])
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print("\nscale (synthetic: resampled + perturbed real articles; one subprocess per size)")
        print(f"{'articles':>9} {'wall s':>8} {'art/s':>7} {'CPU s':>8} {'art/CPU-s':>9} "
              f"{'peak RSS MB':>11} {'DB MB':>7} "
              f"{'stories':>8} {'true':>6} {'B3-F1':>6}  CPU ms/article, each fifth")
    for n in sizes:
        # the child's stderr (per-fifth progress, any traceback) passes straight through
        res = subprocess.run([sys.executable, __file__, "--one-size", str(n)], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        if res.returncode != 0:
            print(f"{n:>9} failed (exit {res.returncode}; see the messages above)", flush=True)
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{r['n']:>9} {r['secs']:8.1f} {r['per_sec']:7.0f} {r['cpu_secs']:8.1f} "
              f"{r['per_cpu_sec']:9.0f} {r['peak_rss_mb']:11.0f} "
              f"{r['db_mb']:7.1f} {r['stories']:>8} {r['true_stories']:>6} {r['b3'][2]:6.3f}  "
              + " ".join(f"{x:.1f}" for x in r["cpu_ms_per_article_by_slice"]), flush=True)


if __name__ == "__main__":
    main()
