"""Article body extraction benchmark: newsprism's HTML reader beside plain trafilatura.

Data: ../shared/data/article-extraction-benchmark (gzipped pages + ground-truth.json); the scorer
follows its README exactly:
- tokens are the matches of ``\\w+`` (Unicode); shingles are runs of 4 consecutive tokens, counted
  as a multiset (a text with fewer than 4 tokens is one shingle of what it has);
- per page TP = sum of min(true, predicted) counts, FP = predicted surplus, FN = true surplus,
  then TP, FP, FN are divided by their sum so each page weighs the same;
- precision = mean over pages with TP+FP > 0 of TP/(TP+FP); recall = mean over pages with
  TP+FN > 0 of TP/(TP+FN); a page with FP = FN = 0 scores 1 on both; F1 = harmonic mean of the
  two means.

Usage:  .venv/bin/python bench/extraction.py [--limit N] [--data DIR] [--show-worst K]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) for one page."""
    t, p = shingles(true), shingles(pred)
    tp = sum(min(c, p[s]) for s, c in t.items())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Mean precision, mean recall and F1 of the means over (truth, prediction) pairs."""
    precisions, recalls = [], []
    for true, pred in pairs:
        tp, fp, fn = page_counts(true, pred)
        if fp == 0 and fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def why(true: str, pred: str) -> str:
    """What went wrong on a page: the words of the body that were missed and the words kept that
    are not in the body, each with the first such line (a line is missed/extra when most of its
    4-word shingles are)."""
    def lines_off(text: str, other: str) -> tuple[int, str]:
        ref = shingles(other)
        words, first = 0, ""
        for line in text.split("\n"):
            sh = shingles(line)
            if sh and sum(c for s, c in sh.items() if s not in ref) / sum(sh.values()) > 0.5:
                words += len(_TOKEN.findall(line))
                first = first or " ".join(line.split())[:90]
        return words, first
    missed, m_line = lines_off(true, pred)
    extra, e_line = lines_off(pred, true)
    parts = []
    if missed:
        parts.append(f"missed {missed} words, e.g. {m_line!r}")
    if extra:
        parts.append(f"kept {extra} words not in the body, e.g. {e_line!r}")
    return "; ".join(parts) or "small differences inside paragraphs"


def load(data_dir: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[: limit or None]:
        raw = (data_dir / "html" / f"{page_id}.html.gz").read_bytes()
        pages.append((page_id, raw, truth[page_id]["articleBody"]))
    return pages


def newsprism_extractor() -> Callable[[bytes, str], str]:
    from newsprism.errors import InputError
    from newsprism.options import Options
    from newsprism.reading import parse_bytes

    # The benchmark measures body extraction: the English check is not what is scored here.
    options = Options(require_english=False)

    def run(gz: bytes, page_id: str) -> str:
        try:
            docs = parse_bytes(gz, f"{page_id}.html.gz", options)
        except InputError:
            return ""
        return "\n\n".join(d.text for d in docs)

    return run


def trafilatura_extractor() -> Callable[[bytes, str], str]:
    import trafilatura

    def run(gz: bytes, page_id: str) -> str:
        html = gzip.decompress(gz).decode("utf-8", errors="replace")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return trafilatura.extract(html) or ""

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    ap.add_argument("--show-worst", type=int, default=0, metavar="K",
                    help="list the K pages where newsprism scores lowest")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"benchmark data not found in {args.data}", file=sys.stderr)
        return 2
    pages = load(args.data, args.limit)
    results = {}
    outputs: dict[str, list[str]] = {}
    for name, make in (("trafilatura.extract (baseline)", trafilatura_extractor),
                       ("newsprism reader", newsprism_extractor)):
        extract = make()
        extract(pages[0][1], pages[0][0])  # warm-up: imports and lazy setup are not timed
        t0 = time.perf_counter()
        preds = [extract(raw, pid) for pid, raw, _ in pages]
        elapsed = time.perf_counter() - t0
        outputs[name] = preds
        results[name] = score([(truth, pred) for (_, _, truth), pred in zip(pages, preds)])
        results[name]["pages_per_s"] = len(pages) / elapsed if elapsed else float("inf")
    print(f"article-extraction-benchmark: {len(pages)} pages ({args.data})")
    print(f"{'extractor':32} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
    for name, r in results.items():
        print(f"{name:32} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['pages_per_s']:8.1f}")
    if args.show_worst:
        ours = outputs["newsprism reader"]
        base = outputs["trafilatura.extract (baseline)"]
        rows = []
        for (pid, _, truth), pred, bpred in zip(pages, ours, base):
            s, b = score([(truth, pred)]), score([(truth, bpred)])
            rows.append((s["f1"], pid, s["precision"], s["recall"], b["f1"], why(truth, pred)))
        print("\nworst pages for newsprism (f1, id, precision, recall, baseline f1, why):")
        for f1, pid, p, r, bf1, reason in sorted(rows)[: args.show_worst]:
            print(f"  {f1:.3f} {pid[:16]} P={p:.3f} R={r:.3f} baseline={bf1:.3f}\n        {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
