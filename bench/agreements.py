"""Agreements and reworded-quote flags on real multi-outlet stories, for a hand check.

Issue 8 found about 4 in 10 listed agreements wrong and 1 in 5 reworded-quote flags right on
real text.  Precision here cannot be scored by a rule (that would just be another detector), so
this script draws a seeded sample of what newsprism asserts and prints each item with every
outlet's own evidence, for a reader to judge; judgements are kept in a labels file (one id and
a verdict per item, no source text), and the script prints precision over the labelled items,
for this code and (``--baseline-src``) an earlier source tree analysed in the same run.

An agreement is judged right when every outlet listed beside it states the fact shown in its
own evidence span; a reworded-quote flag when the variants are one statement whose wording
really differs.  Items are identified by a hash of their evidence spans, so a labelled item
keeps its label for as long as the code still asserts it with the same spans; new items print
as unlabelled.

Usage::

    .venv/bin/python bench/agreements.py                          # sample, print, precision
    .venv/bin/python bench/agreements.py --baseline-src /work/base/src
    .venv/bin/python bench/agreements.py --labels bench/labels/agreements.json --show unlabelled

Reads ``../shared/data`` (AllSides and Multi-News dev halves, as bench/contradictions.py).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_BENCH_SHARED") or ROOT.parent / "shared")
LABELS = ROOT / "bench" / "labels" / "agreements.json"


def _src_from_argv(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--_src" and i + 1 < len(argv):
            return argv[i + 1]
    return str(ROOT / "src")


sys.path.insert(0, _src_from_argv(sys.argv))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import planted  # noqa: E402


def _item_id(kind: str, spans: list[tuple[str, int, int]]) -> str:
    key = kind + "|" + "|".join(f"{p}:{s}:{e}" for p, s, e in sorted(spans))
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _worker(args) -> None:
    """Analyse the sampled clusters with the newsprism on sys.path; write the items as JSON."""
    import hashlib as _h

    import newsprism
    from newsprism.model import Article
    from newsprism.options import Options

    clusters = planted.load_clusters(Path(args.shared))
    rng = random.Random(args.seed)
    chosen = sorted(rng.sample([c for c in clusters if len(c.passages) >= 3], args.clusters),
                    key=lambda c: (c.dataset, c.id))
    items = []
    for n, cl in enumerate(chosen, 1):
        print(f"  [{args._label}] story {n}/{len(chosen)}", file=sys.stderr, flush=True)
        arts, pid_of = [], {}
        for p in cl.passages:
            aid = _h.sha1(f"{p.id}\n{p.text}".encode()).hexdigest()[:16]
            pid_of[aid] = p.id
            arts.append(Article(id=aid, source=p.id, text=p.text, title=p.title, outlet=p.outlet,
                                outlet_from="field", published=p.published,
                                published_from="field" if p.published else None))
        analysis = newsprism.analyze(arts, Options())
        for c in analysis.agreements:
            spans = [(pid_of.get(e.article, e.article), e.start, e.end) for e in c.evidence]
            items.append({"kind": "agreement", "id": _item_id("agreement", spans), "cluster": cl.id,
                          "text": c.text, "outlets": list(c.outlets), "sources": c.sources,
                          "evidence": [{"passage": p, "text": e.text} for (p, _, _), e in zip(spans, c.evidence)]})
        for q in analysis.quotes:
            if not q.reworded:
                continue
            evs = [e for v in q.variants for e in v.evidence]
            spans = [(pid_of.get(e.article, e.article), e.start, e.end) for e in evs]
            items.append({"kind": "reworded", "id": _item_id("reworded", spans), "cluster": cl.id,
                          "text": q.text, "outlets": list(q.outlets), "speaker": q.speaker,
                          "evidence": [{"passage": p, "text": e.text} for (p, _, _), e in zip(spans, evs)]})
    Path(args._out).write_text(json.dumps(items, indent=1), encoding="utf-8")


def _run(label: str, src: str, args, out: Path) -> list[dict]:
    cmd = [sys.executable, __file__, "--_worker", "--_src", src, "--_out", str(out), "--_label", label,
           "--seed", str(args.seed), "--clusters", str(args.clusters), "--shared", str(args.shared)]
    env = dict(os.environ, PYTHONPATH=src)
    subprocess.run(cmd, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def precision(items: list[dict], labels: dict, kind: str) -> tuple[int, int, int]:
    """(right, labelled, all) over the items of ``kind``."""
    mine = [i for i in items if i["kind"] == kind]
    judged = [labels[i["id"]] for i in mine if i["id"] in labels]
    right = sum(1 for v in judged if v.startswith("ok"))
    return right, len(judged), len(mine)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-src", help="also analyse with this source tree, in the same run")
    ap.add_argument("--clusters", type=int, default=12, help="stories sampled (seeded), 3+ outlets each")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--labels", type=Path, default=LABELS, help="JSON {item id: 'ok' | 'wrong: why'}")
    ap.add_argument("--show", choices=["all", "unlabelled", "wrong", "none"], default="unlabelled")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--reuse", action="store_true", help="read the last run's items from build/ (judge, then recount)")
    ap.add_argument("--_worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_src", help=argparse.SUPPRESS)
    ap.add_argument("--_out", help=argparse.SUPPRESS)
    ap.add_argument("--_label", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._worker:
        _worker(args)
        return 0
    build = ROOT / "build" / "bench-agreements"
    build.mkdir(parents=True, exist_ok=True)
    labels = json.loads(args.labels.read_text(encoding="utf-8")) if args.labels.exists() else {}
    if args.reuse:
        versions = {n: json.loads((build / f"{n}.json").read_text(encoding="utf-8"))
                    for n in ("now", "baseline") if (build / f"{n}.json").exists()}
    else:
        versions = {"now": _run("now", str(ROOT / "src"), args, build / "now.json")}
        if args.baseline_src:
            versions["baseline"] = _run("baseline", args.baseline_src, args, build / "baseline.json")
    shown = set()
    for name, items in versions.items():
        for it in items:
            verdict = labels.get(it["id"])
            if it["id"] in shown or args.show == "none" or (args.show == "unlabelled" and verdict) \
                    or (args.show == "wrong" and not (verdict or "").startswith("wrong")):
                continue
            shown.add(it["id"])
            print(f"\n[{it['id']}] {it['kind']} ({name}) story {it['cluster']}  verdict: {verdict or '?'}")
            print(f"  shown: {it['text'][:300]}")
            for e in it["evidence"]:
                print(f"  - {e['passage']}: {e['text'][:300]}")
    print(f"\n{len(versions['now'])} items now; labels from {args.labels}")
    print(f"{'':24}" + "".join(f"{n:>28}" for n in versions))
    for kind in ("agreement", "reworded"):
        cells = []
        for items in versions.values():
            r, j, n = precision(items, labels, kind)
            cells.append(f"{r}/{j} right ({n} in all)" if j else f"- ({n} in all)")
        print(f"{kind + ' precision':24}" + "".join(f"{c:>28}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
