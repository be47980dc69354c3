"""Contradiction benchmark: planted fact edits and SummEdits beside a lexical baseline, and speed,
for the current code and (``--baseline-src``) an earlier source tree, measured in the same run.

Each code version runs in its own subprocess (``PYTHONPATH`` = its source tree, which is also put
first on ``sys.path``), on exactly the same inputs.  In each worker the nlp stage runs once per
passage (``newsprism.nlp.annotate_many`` over all passages at once), and every story is then
compared the way ``newsprism.analyze`` does it: ``compare.offtopic.find_offtopic`` on the
annotations, the off-topic articles left out, ``compare.compare`` on the rest.  If that internal
call fails (ImportError, TypeError, AttributeError: an API that changed), the story falls back to
``newsprism.analyze(articles, options)``; the number of fallbacks is printed.

A "finding" is a reported contradiction (``analysis.contradictions``, any kind), plus a suspect
spelling (``entities[].suspect_spellings``) or a reworded quote group (``quotes[].reworded``)
whose evidence no contradiction already covers (so a version that reports those outside the
contradiction list is scored the same way, and nothing is counted twice).

1. SummEdits (../shared/data/summedits-dev): each article and each claim become two reports of
   one story; newsprism predicts "inconsistent" when a finding involves both.  Balanced accuracy
   (mean recall of the two labels) beside a lexical baseline: "inconsistent" when the claim has a
   number or a capitalised word (not sentence-initial) that the article does not contain.
2. Planted edits (bench/planted.py) in real multi-outlet stories: Multi-News dev clusters
   (undated passages) and AllSides dev stories (left/center/right excerpts, dated with the
   story's date).  Candidates are found with regular expressions and hand-written lists, never
   with newsprism, so every code version gets the identical edit set: one fact of one passage
   that a second passage also states, of type figure, age, surname, place, weekday, date or
   quote word, changed in that passage (seeded RNG; at most one edit per cluster and type, at
   most ``--per-type`` per type).  Every edit (cluster, passage, type, original, replacement,
   character spans, sentence) is written to build/bench-contradictions/edits.json.  Each edit is
   scored on its own story: the cluster with only that passage replaced (only its annotation is
   recomputed).  Found = a finding has evidence in the edited passage overlapping a changed
   span.  Recall per type and overall.  False alarms = every finding on the untouched cluster
   (an upper bound: real reports sometimes really disagree); alarms per untouched story, and a
   seeded sample of alarms with their evidence, to check by hand.
3. Speed and memory: ``analyze`` on the seeds and on stories of 2, 5, 10, 20 and 50 articles
   (the first N Multi-News passages, in file order), each size in a fresh subprocess per code
   version (versions interleaved size by size, so a busy machine slows them alike): cold (model loading + analysis) and warm (the same call again), wall seconds and
   peak RSS (VmHWM), plus the nlp stage alone (``annotate_many`` with and without embeddings).

    .venv/bin/python bench/contradictions.py                                  # current code only
    .venv/bin/python bench/contradictions.py --baseline-src /path/to/old/src  # beside older code
    .venv/bin/python bench/contradictions.py --limit 20 --no-embeddings       # quick
    .venv/bin/python bench/contradictions.py --only planted --json build/planted.json
    (--shared PATH when ../shared is not beside the project, e.g. in a git worktree)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_BENCH_SHARED") or ROOT.parent / "shared")  # --shared sets it
BUILD = ROOT / "build" / "bench-contradictions"


def _src_from_argv(argv: list[str]) -> str:
    """The source tree to import newsprism from: ``--_src PATH`` (workers) or this checkout's."""
    for i, a in enumerate(argv):
        if a == "--_src" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--_src="):
            return a.split("=", 1)[1]
    return str(ROOT / "src")


sys.path.insert(0, _src_from_argv(sys.argv))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import planted  # noqa: E402


def _article(text: str, outlet: str, source: str, published: str | None = None, title: str | None = None):
    from newsprism.model import Article

    aid = hashlib.sha1(f"{source}\n{text}".encode()).hexdigest()[:16]
    return Article(id=aid, source=source, text=text, title=title, outlet=outlet, outlet_from="field",
                   published=published, published_from="field" if published else None)


class Comparer:
    """One story's findings the way ``analyze`` computes them, from precomputed annotations."""

    def __init__(self, options):
        self.options = options
        self.fallbacks = 0
        self.errors: Counter = Counter()

    def analysis(self, anns: list, articles: list):
        try:
            from newsprism.compare import compare
            from newsprism.compare.offtopic import find_offtopic

            offtopic = find_offtopic(anns, self.options)
            left_out = {a for d in offtopic for side in d.sides for a in side.articles}
            compared = [an for an in anns if an.article.id not in left_out]
            result = compare(compared, self.options)
            result.differences = list(result.differences) + list(offtopic)
            return result
        except (ImportError, TypeError, AttributeError) as exc:
            import newsprism

            self.fallbacks += 1
            self.errors[f"{type(exc).__name__}: {exc}"[:160]] += 1
            return newsprism.analyze(articles, self.options)


def _progress(msg: str) -> None:
    print(f"  [{os.environ.get('NEWSPRISM_BENCH_LABEL', '')}] {msg}", file=sys.stderr, flush=True)


def _ev(e) -> dict:
    return {"article": e.article, "start": e.start, "end": e.end, "text": e.text}


def findings(analysis) -> list[dict]:
    """Contradictions, plus suspect spellings and reworded quotes no contradiction covers."""
    out = []
    for c in analysis.contradictions:
        out.append({"kind": c.kind, "subject": c.subject, "attribute": c.attribute, "from": "contradictions",
                    "sides": [{"value": str(s.value), "outlets": list(s.outlets),
                               "evidence": [_ev(e) for e in s.evidence]} for s in c.sides]})
    covered = {(e["article"], e["start"], e["end"]) for f in out for s in f["sides"] for e in s["evidence"]}

    def new(evs) -> bool:
        return not any(any(a == e.article and s < e.end and e.start < t for (a, s, t) in covered) for e in evs)

    for ent in getattr(analysis, "entities", []) or []:
        for sp in getattr(ent, "suspect_spellings", []) or []:
            if sp.evidence and new(sp.evidence):
                out.append({"kind": "name", "subject": ent.name, "attribute": "spelling", "from": "suspect_spellings",
                            "sides": [{"value": sp.form, "outlets": [sp.outlet], "evidence": [_ev(e) for e in sp.evidence]},
                                      {"value": sp.likely, "outlets": [], "evidence": []}]})
    for q in getattr(analysis, "quotes", []) or []:
        if getattr(q, "reworded", False):
            evs = [e for v in q.variants for e in v.evidence]
            if evs and new(evs):
                out.append({"kind": "quote", "subject": q.speaker or "", "attribute": "wording", "from": "quotes",
                            "sides": [{"value": v.text, "outlets": list(v.outlets),
                                       "evidence": [_ev(e) for e in v.evidence]} for v in q.variants]})
    return out


def _articles_of(f: dict) -> set[str]:
    return {e["article"] for s in f["sides"] for e in s["evidence"]}


# --- 1. SummEdits ------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][\w'’.-]*|\d[\d,.]*")


def lexical_baseline(article: str, claim: str) -> bool:
    """True = "inconsistent": a number or a non-initial capitalised word absent from the article."""
    low = article.lower()
    for i, m in enumerate(_WORD.finditer(claim)):
        w = m.group().rstrip(".,’'")
        if not w:
            continue
        if w[0].isdigit() or (i > 0 and w[0].isupper()):
            if w.lower() not in low:
                return True
    return False


def balanced_accuracy(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    """(balanced accuracy, recall on inconsistent, recall on consistent); gold True = inconsistent."""
    pos = [p for g, p in zip(gold, pred) if g]
    neg = [p for g, p in zip(gold, pred) if not g]
    r_pos = sum(pos) / len(pos) if pos else 0.0
    r_neg = sum(1 for p in neg if not p) / len(neg) if neg else 0.0
    return (r_pos + r_neg) / 2, r_pos, r_neg


def summedits_items(limit: int | None) -> list[dict]:
    items = json.loads((SHARED / "data/summedits-dev/summedits_news_dev.json").read_text(encoding="utf-8"))
    items = sorted(items, key=lambda x: x["id"])
    if limit:
        items = random.Random(0).sample(items, min(limit, len(items)))
    return items


def bench_summedits(items: list[dict], options, comparer: Comparer) -> dict:
    from newsprism.nlp import annotate_many

    t0 = time.perf_counter()
    pairs = [(_article(it["doc"], "Article", f"summedits:{it['id']}:doc"),
              _article(it["summary"], "Claim", f"summedits:{it['id']}:claim")) for it in items]
    _progress(f"SummEdits: annotating {len(pairs)} pairs")
    anns = annotate_many([a for p in pairs for a in p], options)
    t_nlp = time.perf_counter() - t0
    gold, ours, base = [], [], []
    by_type: dict[str, list[bool]] = defaultdict(list)
    kinds = Counter()
    for i, (it, (doc, claim)) in enumerate(zip(items, pairs)):
        analysis = comparer.analysis(anns[2 * i:2 * i + 2], [doc, claim])
        found = [f for f in findings(analysis) if _articles_of(f) >= {doc.id, claim.id}]
        for f in found:
            kinds[f["kind"]] += 1
        inconsistent = str(it["label"]) == "0"
        gold.append(inconsistent)
        ours.append(bool(found))
        base.append(lexical_baseline(it["doc"], it["summary"]))
        if inconsistent:
            types = it["edit_types"]
            if isinstance(types, str):
                types = json.loads(types.replace("'", '"'))
            for t in types or ["unknown"]:
                by_type[t].append(bool(found))
    secs = time.perf_counter() - t0
    ba, rp, rn = balanced_accuracy(gold, ours)
    bba, brp, brn = balanced_accuracy(gold, base)
    return {
        "pairs": len(items), "inconsistent": sum(gold), "seconds": round(secs, 1), "nlp_seconds": round(t_nlp, 1),
        "newsprism": {"balanced_accuracy": round(ba, 3), "recall_inconsistent": round(rp, 3),
                      "recall_consistent": round(rn, 3), "contradiction_kinds": dict(sorted(kinds.items()))},
        "lexical_baseline": {"balanced_accuracy": round(bba, 3), "recall_inconsistent": round(brp, 3),
                             "recall_consistent": round(brn, 3)},
        "newsprism_recall_by_edit_type": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_type.items())},
    }


# --- 2. planted edits ----------------------------------------------------------------------------

def write_plan(limit: int | None, seed: int, per_type: int, path: Path) -> dict:
    """Clusters and edits (no newsprism involved), written for the workers and for a reader."""
    clusters = planted.load_clusters(SHARED)
    if limit:
        clusters = [c for c in clusters if c.dataset == "multinews"][:limit] + \
                   [c for c in clusters if c.dataset == "allsides"][:limit]
    edits = planted.plan_edits(clusters, seed=seed, per_type=per_type)
    plan = {"seed": seed, "per_type": per_type, "limit": limit,
            "clusters": [{"dataset": c.dataset, "id": c.id,
                          "passages": [vars(p) for p in c.passages]} for c in clusters],
            "edits": [vars(e) for e in edits]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan), encoding="utf-8")
    record = {"seed": seed, "per_type": per_type, "clusters": len(clusters),
              "edits": [e.summary() for e in edits]}
    (path.parent / "edits.json").write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    return plan


def _hit(f: dict, article_id: str, spans: list[list[int]]) -> bool:
    return any(e["article"] == article_id and any(e["start"] < t and s < e["end"] for s, t in spans)
               for side in f["sides"] for e in side["evidence"])


def bench_planted(plan: dict, options, comparer: Comparer, assume_date: str | None = None) -> dict:
    from newsprism.nlp import annotate_many

    t0 = time.perf_counter()
    stories = []
    for c in plan["clusters"]:
        arts = [_article(p["text"], p["outlet"], p["id"], p["published"] or assume_date, p["title"])
                for p in c["passages"]]
        stories.append((c, arts))
    flat = [a for _, arts in stories for a in arts]
    _progress(f"planted: annotating {len(flat)} passages and {len(plan['edits'])} edited ones")
    anns = annotate_many(flat, options)
    ann_of = {a.id: an for a, an in zip(flat, anns)}
    index = {(c["dataset"], c["id"]): i for i, (c, _) in enumerate(stories)}
    edited = []
    for e in plan["edits"]:
        c, arts = stories[index[(e["dataset"], e["cluster"])]]
        p = c["passages"][e["passage"]]
        edited.append(_article(e["edited_text"], p["outlet"], p["id"] + ":edited", p["published"] or assume_date,
                               p["title"]))
    edited_anns = annotate_many(edited, options) if edited else []
    t_nlp = time.perf_counter() - t0
    _progress(f"planted: comparing {len(stories)} untouched and {len(edited)} edited stories")
    untouched = []
    for c, arts in stories:
        a = comparer.analysis([ann_of[x.id] for x in arts], arts)
        fs = findings(a)
        untouched.append({"dataset": c["dataset"], "cluster": c["id"], "alarms": fs})
    results = []
    for e, art, an in zip(plan["edits"], edited, edited_anns):
        c, arts = stories[index[(e["dataset"], e["cluster"])]]
        story = list(arts)
        story[e["passage"]] = art
        story_anns = [an if x.id == art.id else ann_of[x.id] for x in story]
        fs = findings(comparer.analysis(story_anns, story))
        hits = [f for f in fs if _hit(f, art.id, e["spans"])]
        results.append({"type": e["type"], "dataset": e["dataset"], "cluster": e["cluster"],
                         "passage": e["passage"], "found": bool(hits),
                         "found_as": sorted({f["kind"] for f in hits}),
                         "edited_passage_in_any_finding": any(art.id in _articles_of(f) for f in fs),
                         "edited_passage_findings": [
                             [f["kind"], [e["text"][:80] for s in f["sides"] for e in s["evidence"]
                                          if e["article"] == art.id][:3]]
                             for f in fs if art.id in _articles_of(f)][:5],
                         "findings": len(fs)})
    secs = time.perf_counter() - t0
    return {"seconds": round(secs, 1), "nlp_seconds": round(t_nlp, 1), "results": results, "untouched": untouched,
            "passage_ids": {a.id: a.source for _, arts in stories for a in arts}}


def summarize_planted(raw: dict) -> dict:
    by_type: dict[str, list[bool]] = defaultdict(list)
    by_dataset: dict[str, list[bool]] = defaultdict(list)
    for r in raw["results"]:
        by_type[r["type"]].append(r["found"])
        by_dataset[r["dataset"]].append(r["found"])
    alarms = [len(u["alarms"]) for u in raw["untouched"]]
    kinds = Counter(f["kind"] for u in raw["untouched"] for f in u["alarms"])
    n = len(raw["results"])
    return {
        "edits": n, "found": sum(r["found"] for r in raw["results"]),
        "recall": round(sum(r["found"] for r in raw["results"]) / n, 3) if n else None,
        "recall_by_type": {t: [sum(by_type[t]), len(by_type[t])] for t in planted.TYPES if by_type[t]},
        "recall_by_dataset": {d: [sum(v), len(v)] for d, v in sorted(by_dataset.items())},
        "edited_passage_in_any_finding": round(sum(r["edited_passage_in_any_finding"] for r in raw["results"]) / n, 3)
        if n else None,
        "untouched_stories": len(alarms),
        "alarms": sum(alarms),
        "alarms_per_untouched_story": round(sum(alarms) / len(alarms), 3) if alarms else None,
        "untouched_stories_with_any_alarm": sum(1 for x in alarms if x),
        "alarm_kinds": dict(sorted(kinds.items())),
        "seconds": raw["seconds"], "nlp_seconds": raw["nlp_seconds"],
        "compare_seconds_per_story": round((raw["seconds"] - raw["nlp_seconds"]) / (len(alarms) + n), 3)
        if alarms or n else None,
    }


def alarm_sample(raw: dict, k: int, seed: int) -> list[dict]:
    """A seeded sample of false alarms (findings on untouched stories), with their evidence."""
    flat = [(u["dataset"], u["cluster"], f) for u in raw["untouched"] for f in u["alarms"]]
    flat.sort(key=lambda x: (x[0], x[1], json.dumps(x[2], sort_keys=True)))
    picked = random.Random(seed).sample(flat, min(k, len(flat)))
    src = raw.get("passage_ids", {})
    out = []
    for ds, cl, f in picked:
        out.append({"dataset": ds, "cluster": cl, "kind": f["kind"], "subject": f["subject"],
                    "attribute": f["attribute"],
                    "sides": [{"value": s["value"], "outlets": s["outlets"],
                               "evidence": [{"passage": src.get(e["article"], e["article"]), "text": e["text"]}
                                            for e in s["evidence"]]} for s in f["sides"]]})
    return out


# --- 3. speed and memory ---------------------------------------------------------------------------

def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss is inherited across fork/exec on
    Linux, so a child would report its parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _speed_worker(size: str, embeddings: bool) -> None:
    """Runs in a fresh process: cold then warm analyze; prints one JSON line."""
    t_start = time.perf_counter()
    import newsprism
    from newsprism.nlp import annotate_many
    from newsprism.options import Options

    options = Options(use_embeddings=embeddings)
    if size == "seeds":
        arts = newsprism.read([str(SHARED / "seeds")], options).articles
    else:
        n = int(size)
        pool = [p.text for c in planted.load_clusters(SHARED, ("multinews",)) for p in c.passages]
        arts = [_article(t, f"Outlet {i % 7 + 1}", f"speed:{i}") for i, t in enumerate(pool[:n])]
    t0 = time.perf_counter()
    newsprism.analyze(arts, options)
    cold = time.perf_counter() - t0
    rss_cold = _peak_rss_mb()
    t1 = time.perf_counter()
    a = newsprism.analyze(arts, options)
    warm = time.perf_counter() - t1
    t2 = time.perf_counter()
    annotate_many(arts, options)
    nlp_only = time.perf_counter() - t2
    t3 = time.perf_counter()
    annotate_many(arts, options.with_(use_embeddings=False))
    spacy_only = time.perf_counter() - t3
    rss = _peak_rss_mb()
    print(json.dumps({
        "size": size, "articles": len(arts), "words": sum(x.words for x in arts),
        "cold_s": round(cold, 2), "cold_with_imports_s": round(t0 - t_start + cold, 2),
        "warm_s": round(warm, 2), "nlp_only_warm_s": round(nlp_only, 2),
        "nlp_without_embeddings_s": round(spacy_only, 2),
        "peak_rss_mb_after_cold": round(rss_cold), "peak_rss_mb": round(rss),
        "contradictions": len(a.contradictions),
    }))


def _env(src: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def bench_speed(sizes: list[str], embeddings: bool, src: str) -> list[dict]:
    rows = []
    for size in sizes:
        cmd = [sys.executable, __file__, "--_speed-worker", size, "--_src", src] + \
              ([] if embeddings else ["--no-embeddings"])
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=_env(src))
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode or not line:
            rows.append({"size": size, "error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]})
        else:
            rows.append(json.loads(line[-1]))
    return rows


# --- main

def _eval_worker(args) -> dict:
    """Runs in a subprocess with one code version first on the path: SummEdits and planted edits."""
    import newsprism
    from newsprism.options import Options

    options = Options(use_embeddings=not args.no_embeddings)
    comparer = Comparer(options)
    out: dict = {"newsprism": str(Path(newsprism.__file__).resolve().parent)}
    only = set(args.only or ["summedits", "planted", "speed"])
    if "summedits" in only:
        limit = args.summedits_limit or args.limit
        out["summedits"] = bench_summedits(summedits_items(limit), options, comparer)
    if "planted" in only:
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        raw = bench_planted(plan, options, comparer, args.assume_date)
        out["planted"] = summarize_planted(raw)
        out["planted_results"] = raw["results"]
        out["alarm_sample"] = alarm_sample(raw, args.alarm_sample, args.seed)
        out["alarms"] = [{"dataset": u["dataset"], "cluster": u["cluster"], "alarms": len(u["alarms"])}
                         for u in raw["untouched"]]
    out["fallbacks"] = comparer.fallbacks
    out["fallback_errors"] = dict(comparer.errors)
    return out


def _run_version(label: str, src: str, args, plan_path: Path) -> dict:
    """One code version in its own subprocess; returns its numbers (or an error)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    out_path = BUILD / f"result-{label}.json"
    cmd = [sys.executable, __file__, "--_worker", "--_src", src, "--_out", str(out_path), "--_plan", str(plan_path),
           "--seed", str(args.seed), "--alarm-sample", str(args.alarm_sample)]
    for o in args.only or []:
        cmd += ["--only", o]
    for flag, val in (("--limit", args.limit), ("--summedits-limit", args.summedits_limit),
                      ("--assume-date", args.assume_date)):
        if val is not None:
            cmd += [flag, str(val)]
    if args.no_embeddings:
        cmd.append("--no-embeddings")
    print(f"[{label}] running {src} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    env = _env(src)
    env["NEWSPRISM_BENCH_LABEL"] = label
    proc = subprocess.run(cmd, cwd=ROOT, env=env)  # its progress and errors go to our stderr
    if proc.returncode:
        return {"error": [f"worker exited with status {proc.returncode} (its traceback is above)"]}
    res = json.loads(out_path.read_text(encoding="utf-8"))
    res["wall_seconds"] = f"{time.perf_counter() - t0:.1f}"
    return res


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return f"{v[0] / v[1]:.2f} ({v[0]}/{v[1]})" if v[1] else "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def print_table(versions: dict[str, dict], plan: dict | None) -> None:
    labels = list(versions)
    rows: list[tuple[str, list]] = []
    def col(fn):
        vals = []
        for lab in labels:
            try:
                vals.append(fn(versions[lab]))
            except (KeyError, TypeError):
                vals.append(None)
        return vals
    if any("planted" in v for v in versions.values()):
        for t in planted.TYPES:
            rows.append((f"recall {t}", col(lambda v, t=t: v["planted"]["recall_by_type"].get(t))))
        rows.append(("recall overall", col(lambda v: [v["planted"]["found"], v["planted"]["edits"]])))
        for d in ("multinews", "allsides"):
            rows.append((f"  recall in {d}", col(lambda v, d=d: v["planted"]["recall_by_dataset"].get(d))))
        rows.append(("edited passage in any finding", col(lambda v: v["planted"]["edited_passage_in_any_finding"])))
        rows.append(("alarms per untouched story", col(lambda v: v["planted"]["alarms_per_untouched_story"])))
        rows.append(("untouched stories with alarms", col(
            lambda v: f"{v['planted']['untouched_stories_with_any_alarm']}/{v['planted']['untouched_stories']}")))
        rows.append(("alarm kinds", col(lambda v: " ".join(f"{k}:{n}" for k, n in v["planted"]["alarm_kinds"].items()))))
        rows.append(("seconds planted (nlp)", col(lambda v: f"{v['planted']['seconds']} ({v['planted']['nlp_seconds']})")))
        rows.append(("seconds compare per story", col(lambda v: v["planted"]["compare_seconds_per_story"])))
    if any("summedits" in v for v in versions.values()):
        rows.append(("SummEdits balanced accuracy", col(lambda v: v["summedits"]["newsprism"]["balanced_accuracy"])))
        rows.append(("  recall inconsistent / consistent", col(
            lambda v: f"{v['summedits']['newsprism']['recall_inconsistent']:.3f} / "
                      f"{v['summedits']['newsprism']['recall_consistent']:.3f}")))
        rows.append(("  lexical baseline (same run)", col(lambda v: v["summedits"]["lexical_baseline"]["balanced_accuracy"])))
        rows.append(("seconds SummEdits (nlp)", col(lambda v: f"{v['summedits']['seconds']} ({v['summedits']['nlp_seconds']})")))
    rows.append(("fallbacks to analyze()", col(lambda v: v["fallbacks"])))
    rows.append(("seconds wall (worker)", col(lambda v: v["wall_seconds"])))
    width = max(len(r[0]) for r in rows) + 2
    cols = [max(14, len(lab), *(len(_cell(vals[i])) for _, vals in rows)) + 2 for i, lab in enumerate(labels)]
    print(f"{'':{width}}" + "".join(f"{lab:>{w}}" for lab, w in zip(labels, cols)))
    for name, vals in rows:
        print(f"{name:{width}}" + "".join(f"{_cell(v):>{w}}" for v, w in zip(vals, cols)))


def print_plan(plan: dict) -> None:
    edits = plan["edits"]
    by = Counter((e["type"], e["dataset"]) for e in edits)
    n_ms = sum(1 for c in plan["clusters"] if c["dataset"] == "multinews")
    print(f"Planted edits: {len(edits)} edits in {len(plan['clusters'])} clusters "
          f"({n_ms} Multi-News, {len(plan['clusters']) - n_ms} AllSides), seed {plan['seed']}, "
          f"at most {plan['per_type']} per type; recorded in {BUILD / 'edits.json'}")
    print("  " + "  ".join(f"{t}: {by[(t, 'multinews')] + by[(t, 'allsides')]} "
                           f"({by[(t, 'multinews')]} MN + {by[(t, 'allsides')]} AS)" for t in planted.TYPES))


def print_sample(label: str, sample: list[dict]) -> None:
    print(f"Sample of false alarms on untouched stories ({label}, seeded; check by hand):")
    for i, a in enumerate(sample, 1):
        print(f"  {i:2}. [{a['dataset']} {a['cluster']}] {a['kind']} / {a['subject']} / {a['attribute']}")
        for s in a["sides"]:
            evs = " | ".join(f"p{e['passage'].rsplit(':', 1)[-1]}: {e['text'][:150]!r}" for e in s["evidence"][:2])
            print(f"        {s['value'][:40]!r} {', '.join(s['outlets'])[:40]}: {evs}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", help="also measure this source tree (e.g. an older checkout's src/) "
                                           "in the same run, on the same inputs")
    ap.add_argument("--limit", type=int, default=None,
                    help="quick run: at most N SummEdits pairs, the first N/4 clusters of each data set, "
                         "sizes seeds,2,5")
    ap.add_argument("--summedits-limit", type=int, default=None)
    ap.add_argument("--clusters-limit", type=int, default=None, help="first N clusters of each data set")
    ap.add_argument("--per-type", type=int, default=14, help="planted edits: at most N per type")
    ap.add_argument("--alarm-sample", type=int, default=15, help="false alarms to print for a hand check")
    ap.add_argument("--sizes", default="seeds,2,5,10,20,50")
    ap.add_argument("--only", choices=["summedits", "planted", "speed"], action="append")
    ap.add_argument("--no-embeddings", action="store_true", help="lexical claim matching (no torch)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--assume-date", default=None,
                    help="planted edits: date the undated Multi-News passages with this day")
    ap.add_argument("--json", help="also write all numbers to this file")
    ap.add_argument("--shared", help="the seeds and data folder (default: ../shared beside the project)")
    ap.add_argument("--_speed-worker", dest="speed_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_worker", dest="worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_src", dest="src", help=argparse.SUPPRESS)
    ap.add_argument("--_out", dest="out", help=argparse.SUPPRESS)
    ap.add_argument("--_plan", dest="plan", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.shared:
        global SHARED
        SHARED = Path(args.shared).resolve()
        os.environ["NEWSPRISM_BENCH_SHARED"] = str(SHARED)  # the workers read the same data
    embeddings = not args.no_embeddings
    if args.speed_worker:
        _speed_worker(args.speed_worker, embeddings)
        return 0
    if args.worker:
        Path(args.out).write_text(json.dumps(_eval_worker(args)), encoding="utf-8")
        return 0
    only = set(args.only or ["summedits", "planted", "speed"])
    versions_src = {"current": str(ROOT / "src")}
    if args.baseline_src:
        versions_src["baseline"] = str(Path(args.baseline_src).resolve())
    report: dict = {"embeddings": embeddings, "sources": versions_src}
    plan_path = BUILD / "plan.json"
    plan = None
    if "planted" in only:
        limit = args.clusters_limit or (max(2, args.limit // 4) if args.limit else None)
        plan = write_plan(limit, args.seed, args.per_type, plan_path)
        print_plan(plan)
        report["edits"] = [{k: v for k, v in e.items() if k != "edited_text"} for e in plan["edits"]]
    if only & {"summedits", "planted"}:
        versions = {lab: _run_version(lab, src, args, plan_path) for lab, src in versions_src.items()}
        for lab, v in versions.items():
            if "error" in v:
                print(f"[{lab}] failed:\n  " + "\n  ".join(v["error"]))
        ok = {lab: v for lab, v in versions.items() if "error" not in v}
        print(f"Contradictions ({'with' if embeddings else 'without'} embeddings; "
              + "; ".join(f"{lab} = {v.get('newsprism', versions_src[lab])}" for lab, v in ok.items()) + ")")
        print_table(ok, plan)
        for lab, v in ok.items():
            if v.get("fallback_errors"):
                print(f"  [{lab}] fell back to analyze(): {v['fallback_errors']}")
        if "summedits" in only and ok:
            first = next(iter(ok.values()))
            if "summedits" in first:
                print(f"  SummEdits: {first['summedits']['pairs']} pairs, {first['summedits']['inconsistent']} inconsistent")
                for lab, v in ok.items():
                    print(f"  [{lab}] recall by edit type: {v['summedits']['newsprism_recall_by_edit_type']}")
        for lab, v in ok.items():
            if "alarms" in v:
                dist = Counter(a["alarms"] for a in v["alarms"])
                worst = sorted(v["alarms"], key=lambda a: (-a["alarms"], a["dataset"], a["cluster"]))[:3]
                print(f"  [{lab}] untouched stories by number of alarms: "
                      + ", ".join(f"{k}: {dist[k]}" for k in sorted(dist))
                      + "; most: " + ", ".join(f"{a['dataset']} {a['cluster'][:12]} ({a['alarms']})"
                                               for a in worst if a["alarms"]))
        if "planted" in only and "current" in ok:
            print_sample("current", ok["current"]["alarm_sample"])
        report["versions"] = versions
    if "speed" in only:
        sizes = args.sizes.split(",") if not args.limit or args.sizes != "seeds,2,5,10,20,50" else ["seeds", "2", "5"]
        # size by size, the versions one after the other, so a busy machine slows them alike
        speed = {lab: [] for lab in versions_src}
        for size in sizes:
            for lab, src in versions_src.items():
                speed[lab] += bench_speed([size], embeddings, src)
        report["speed"] = speed
        print("Speed and memory (each size in a fresh process per version, versions interleaved; "
              "cold = first analyze incl. model loading)")
        print(f"  {'version':>9} {'story':>6} {'arts':>5} {'words':>7} {'cold s':>8} {'warm s':>8} {'nlp s':>7} "
              f"{'spaCy s':>8} {'MB cold':>8} {'MB peak':>8}")
        for i in range(len(sizes)):
            for lab, rows in speed.items():
                row = rows[i]
                if "error" in row:
                    print(f"  {lab:>9} {row['size']:>6} error: {row['error']}")
                    continue
                print(f"  {lab:>9} {row['size']:>6} {row['articles']:>5} {row['words']:>7} {row['cold_s']:>8} "
                      f"{row['warm_s']:>8} {row['nlp_only_warm_s']:>7} {row['nlp_without_embeddings_s']:>8} "
                      f"{row['peak_rss_mb_after_cold']:>8} {row['peak_rss_mb']:>8}")
        print("  (nlp s = annotate_many incl. embeddings, spaCy s = annotate_many without embeddings; "
              "the rest of warm s is compare)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
