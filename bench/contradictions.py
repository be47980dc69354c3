"""Contradiction benchmark: quality beside a lexical baseline, planted edits, speed and memory.

1. SummEdits (../shared/data/summedits-dev): each article and each claim become two reports of
   one story; newsprism predicts "inconsistent" when ``analyze`` reports any contradiction.
   Balanced accuracy (mean recall of the two labels) beside a lexical baseline in the same run:
   "inconsistent" when the claim has a number or a capitalised word (not sentence-initial) that
   the article does not contain.
2. Planted edits in real stories (../shared/data/multinews-dev): in each cluster one fact of one
   passage is changed (a number, a person's surname spelling, a weekday/month, a place; seeded
   RNG), among the facts that another passage also states (same value kind and value, same
   surname, same weekday/month word, same place, as found by the nlp stage), so a careful reader
   comparing the passages could see the clash.  Recall of
   planted edits = a reported contradiction has evidence overlapping the planted span; the
   untouched cluster is analysed too, and every contradiction reported there is a false alarm
   (an upper bound: Multi-News passages sometimes really disagree).
3. Speed and memory: ``analyze`` on the seeds and on stories of 2, 5, 10, 20 and 50 articles
   (the first N Multi-News passages, in file order), each size in a fresh subprocess: cold
   (model loading + analysis) and warm (the same call again), wall seconds and peak RSS (VmHWM),
   plus the nlp stage alone (``annotate_many`` with and without embeddings) as the baseline
   share of the warm time.

    .venv/bin/python bench/contradictions.py                       # everything
    .venv/bin/python bench/contradictions.py --limit 20            # quick: 20 pairs, 5 clusters, sizes 2,5
    .venv/bin/python bench/contradictions.py --only summedits --no-embeddings
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from newsprism.model import Article  # noqa: E402
from newsprism.options import Options  # noqa: E402


def _article(text: str, outlet: str, source: str, published: str | None = None) -> Article:
    aid = hashlib.sha1(f"{source}\n{text}".encode()).hexdigest()[:16]
    return Article(id=aid, source=source, text=text, title=None, outlet=outlet, outlet_from="field",
                   published=published, published_from="field" if published else None)


def _analyze(articles: list[Article], options: Options):
    import newsprism

    return newsprism.analyze(articles, options)


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


def bench_summedits(limit: int | None, options: Options) -> dict:
    items = json.loads((SHARED / "data/summedits-dev/summedits_news_dev.json").read_text(encoding="utf-8"))
    items = sorted(items, key=lambda x: x["id"])
    if limit:
        rng = random.Random(0)
        items = rng.sample(items, min(limit, len(items)))
    gold, ours, base = [], [], []
    by_type: dict[str, list[bool]] = defaultdict(list)
    kinds = Counter()
    t0 = time.perf_counter()
    for it in items:
        doc = _article(it["doc"], "Article", f"summedits:{it['id']}:doc")
        claim = _article(it["summary"], "Claim", f"summedits:{it['id']}:claim")
        analysis = _analyze([doc, claim], options)
        found = [c for c in analysis.contradictions
                 if {a for s in c.sides for a in s.articles} >= {doc.id, claim.id}]
        for c in found:
            kinds[c.kind] += 1
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
        "pairs": len(items), "inconsistent": sum(gold), "seconds": round(secs, 1),
        "newsprism": {"balanced_accuracy": round(ba, 3), "recall_inconsistent": round(rp, 3),
                      "recall_consistent": round(rn, 3), "contradiction_kinds": dict(kinds)},
        "lexical_baseline": {"balanced_accuracy": round(bba, 3), "recall_inconsistent": round(brp, 3),
                             "recall_consistent": round(brn, 3)},
        "newsprism_recall_by_edit_type": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_type.items())},
    }


# --- 2. planted edits ----------------------------------------------------------------------------

def load_clusters() -> list[list[str]]:
    out = []
    with open(SHARED / "data/multinews-dev/multi_news_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            passages = re.split(r"Passage \d+:\n", d["context"])[1:]
            texts = []
            for p in passages:
                t = re.sub(r"\s*NEWLINE_CHAR\s*", "\n\n", p).strip()
                t = re.sub(r"(\n\n)+", "\n\n", t)
                if len(t.split()) >= 40:
                    texts.append(t)
            out.append(texts)
    return out


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PLACES = ["Denver", "Tucson", "Omaha", "Boise", "Spokane", "Raleigh", "Tulsa", "Fresno", "Dayton", "Mobile"]


def _typo(name: str, rng: random.Random) -> str:
    """A plausible misspelling: change one inner vowel (Mayorkas -> Mayorkos)."""
    idx = [i for i, ch in enumerate(name) if ch in "aeiou" and 0 < i < len(name) - 1]
    if not idx:
        idx = [i for i in range(1, len(name) - 1)]
    i = rng.choice(idx)
    vowels = [v for v in "aeiou" if v != name[i]]
    return name[:i] + rng.choice(vowels) + name[i + 1:]


def _facts(anns) -> list[list[tuple[str, int, int, str, object]]]:
    """Per passage: plantable facts (kind, start, end, surface, key) found by the nlp stage.

    key identifies the fact across passages: (value kind, normalised value) for numbers, the
    word for dates, the surname for people, the name for places."""
    out = []
    for ann in anns:
        t = ann.article.text
        facts = []
        for v in ann.values:
            if v.kind in ("age", "count", "money", "percent", "duration", "tally") and not isinstance(v.value, list):
                m = re.search(r"\d[\d,]*(?:\.\d+)?", t[v.start:v.end])
                if m and not re.fullmatch(r"(?:19|20)\d\d", m.group()):
                    facts.append(("number", v.start + m.start(), v.start + m.end(), m.group(), (v.kind, v.value)))
        for x in ann.times:
            for m in re.finditer(r"\b(" + "|".join(_MONTHS + _DAYS) + r")\b", x.text):
                facts.append(("date", x.start + m.start(), x.start + m.end(), m.group(), m.group()))
        for men in ann.entities:
            words = men.text.split()
            if men.label == "PERSON" and len(words) >= 2 and re.fullmatch(r"[A-Z][a-z]{3,}", words[-1]):
                s = men.end - len(words[-1])
                facts.append(("name", s, men.end, words[-1], words[-1]))
            elif men.label == "GPE" and re.fullmatch(r"[A-Z][a-z]{3,}", men.text):
                facts.append(("place", men.start, men.end, men.text, men.text))
        out.append(facts)
    return out


def plant(texts: list[str], rng: random.Random, anns) -> tuple[int, str, dict] | None:
    """Change one fact in one passage, choosing among facts another passage also states."""
    facts = _facts(anns)
    kinds = ["number", "name", "date", "place"]
    rng.shuffle(kinds)
    for kind in kinds:
        cands = []
        for k, fs in enumerate(facts):
            others = {f[4] for j, g in enumerate(facts) if j != k for f in g if f[0] == kind}
            cands += [(k, f) for f in fs if f[0] == kind and f[4] in others]
        if not cands:
            continue
        k, (_, s, e, orig, _) = rng.choice(sorted(cands, key=lambda c: (c[0], c[1][1])))
        if kind == "number":
            n = float(orig.replace(",", ""))
            new_n = n + max(1, round(n * rng.choice([0.2, 0.3, 0.5]))) * rng.choice([1, -1])
            if new_n <= 0:
                new_n = n + 1
            new = f"{int(new_n):,}" if "." not in orig else f"{new_n:.{len(orig.split('.')[1])}f}"
            if "," not in orig:
                new = new.replace(",", "")
        elif kind == "date":
            pool = _MONTHS if orig in _MONTHS else _DAYS
            new = rng.choice([x for x in pool if x != orig])
        elif kind == "name":
            new = _typo(orig, rng)
        else:
            new = rng.choice([p for p in _PLACES if p != orig])
        text = texts[k]
        edited = text[:s] + new + text[e:]
        return k, edited, {"kind": kind, "passage": k, "original": orig, "planted": new,
                           "start": s, "end": s + len(new)}
    return None


def bench_planted(limit: int | None, options: Options, seed: int = 13, assume_date: str | None = None) -> dict:
    from newsprism.nlp import annotate_many

    clusters = [c for c in load_clusters() if len(c) >= 2]
    if limit:
        clusters = clusters[:limit]
    rng = random.Random(seed)
    found_n = 0
    touched_article = 0
    by_kind: dict[str, list[bool]] = defaultdict(list)
    false_alarms: list[int] = []
    fa_kinds = Counter()
    planted_n = 0
    records = []
    t0 = time.perf_counter()
    for ci, texts in enumerate(clusters):
        originals = [_article(t, f"Outlet {i + 1}", f"multinews:{ci}:{i}", assume_date) for i, t in enumerate(texts)]
        base = _analyze(originals, options)
        false_alarms.append(len(base.contradictions))
        for c in base.contradictions:
            fa_kinds[c.kind] += 1
        anns = base.annotated or annotate_many(originals, options.with_(use_embeddings=False))
        got = plant(texts, rng, anns)
        if got is None:
            continue
        k, edited, rec = got
        planted_n += 1
        arts = list(originals)
        arts[k] = _article(edited, f"Outlet {k + 1}", f"multinews:{ci}:{k}:edited", assume_date)
        analysis = _analyze(arts, options)
        hit = False
        involved = False
        for c in analysis.contradictions:
            for side in c.sides:
                for ev in side.evidence:
                    if ev.article == arts[k].id:
                        involved = True
                        if ev.start < rec["end"] and rec["start"] < ev.end:
                            hit = True
        found_n += hit
        touched_article += involved
        by_kind[rec["kind"]].append(hit)
        rec.update({"cluster": ci, "found": hit, "contradictions": len(analysis.contradictions),
                    "baseline_contradictions": len(base.contradictions)})
        records.append(rec)
    secs = time.perf_counter() - t0
    return {
        "clusters": len(clusters), "planted": planted_n, "seconds": round(secs, 1),
        "recall_planted": round(found_n / planted_n, 3) if planted_n else None,
        "edited_article_in_any_contradiction": round(touched_article / planted_n, 3) if planted_n else None,
        "recall_by_kind": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_kind.items())},
        "false_alarms_per_untouched_story": round(sum(false_alarms) / len(false_alarms), 3) if false_alarms else None,
        "untouched_stories_with_any_contradiction": sum(1 for x in false_alarms if x),
        "false_alarm_kinds": dict(fa_kinds),
        "edits": records,
    }


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

    options = Options(use_embeddings=embeddings)
    if size == "seeds":
        arts = newsprism.read([str(SHARED / "seeds")], options).articles
    else:
        n = int(size)
        pool = [t for c in load_clusters() for t in c]
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


def bench_speed(sizes: list[str], embeddings: bool) -> list[dict]:
    rows = []
    for size in sizes:
        cmd = [sys.executable, __file__, "--_speed-worker", size] + ([] if embeddings else ["--no-embeddings"])
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode or not line:
            rows.append({"size": size, "error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]})
        else:
            rows.append(json.loads(line[-1]))
    return rows


# --- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None,
                    help="quick run: at most N SummEdits pairs, N/4 clusters, sizes 2,5")
    ap.add_argument("--summedits-limit", type=int, default=None)
    ap.add_argument("--multinews-limit", type=int, default=None)
    ap.add_argument("--sizes", default="seeds,2,5,10,20,50")
    ap.add_argument("--only", choices=["summedits", "planted", "speed"], action="append")
    ap.add_argument("--no-embeddings", action="store_true", help="lexical claim matching (no torch)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--assume-date", default=None,
                    help="planted edits: give every passage this publication date (Multi-News has none), "
                         "so weekday/month edits can resolve to dates")
    ap.add_argument("--json", help="also write all numbers to this file")
    ap.add_argument("--_speed-worker", dest="speed_worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    embeddings = not args.no_embeddings
    if args.speed_worker:
        _speed_worker(args.speed_worker, embeddings)
        return 0
    options = Options(use_embeddings=embeddings)
    only = set(args.only or ["summedits", "planted", "speed"])
    se_limit = args.summedits_limit or args.limit
    mn_limit = args.multinews_limit or (max(2, args.limit // 4) if args.limit else None)
    sizes = args.sizes.split(",") if not args.limit or args.sizes != "seeds,2,5,10,20,50" else ["seeds", "2", "5"]
    report: dict = {"embeddings": embeddings}
    if "summedits" in only:
        r = bench_summedits(se_limit, options)
        report["summedits"] = r
        print(f"SummEdits ({r['pairs']} pairs, {r['inconsistent']} inconsistent, {r['seconds']} s)")
        print(f"  newsprism         balanced accuracy {r['newsprism']['balanced_accuracy']:.3f}  "
              f"(recall inconsistent {r['newsprism']['recall_inconsistent']:.3f}, "
              f"consistent {r['newsprism']['recall_consistent']:.3f})")
        print(f"  lexical baseline  balanced accuracy {r['lexical_baseline']['balanced_accuracy']:.3f}  "
              f"(recall inconsistent {r['lexical_baseline']['recall_inconsistent']:.3f}, "
              f"consistent {r['lexical_baseline']['recall_consistent']:.3f})")
        print(f"  newsprism recall by edit type: {r['newsprism_recall_by_edit_type']}")
        print(f"  contradiction kinds reported: {r['newsprism']['contradiction_kinds']}")
    if "planted" in only:
        r = bench_planted(mn_limit, options, seed=args.seed, assume_date=args.assume_date)
        report["planted"] = r
        print(f"Planted edits ({r['planted']} edits in {r['clusters']} Multi-News clusters, {r['seconds']} s"
              f"{', all passages dated ' + args.assume_date if args.assume_date else ', undated'})")
        print(f"  recall of planted edits          {r['recall_planted']}  by kind {r['recall_by_kind']}")
        print(f"  edited article in a contradiction {r['edited_article_in_any_contradiction']}")
        print(f"  false alarms per untouched story {r['false_alarms_per_untouched_story']}  "
              f"({r['untouched_stories_with_any_contradiction']} of {r['clusters']} stories have any; "
              f"kinds {r['false_alarm_kinds']})")
    if "speed" in only:
        rows = bench_speed(sizes, embeddings)
        report["speed"] = rows
        print("Speed and memory (each size in a fresh process; cold = first analyze incl. model loading)")
        print(f"  {'story':>6} {'arts':>5} {'words':>7} {'cold s':>8} {'warm s':>8} {'nlp s':>7} "
              f"{'spaCy s':>8} {'MB cold':>8} {'MB peak':>8}")
        for row in rows:
            if "error" in row:
                print(f"  {row['size']:>6} error: {row['error']}")
                continue
            print(f"  {row['size']:>6} {row['articles']:>5} {row['words']:>7} {row['cold_s']:>8} "
                  f"{row['warm_s']:>8} {row['nlp_only_warm_s']:>7} {row['nlp_without_embeddings_s']:>8} "
                  f"{row['peak_rss_mb_after_cold']:>8} {row['peak_rss_mb']:>8}")
        print("  (nlp s = annotate_many incl. embeddings, spaCy s = annotate_many without embeddings; "
              "the rest of warm s is compare)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
