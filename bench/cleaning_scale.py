"""Cleaning time against input size on one long line: it must grow linearly.

    .venv/bin/python bench/cleaning_scale.py                       # 0.25 .. 4 MB
    .venv/bin/python bench/cleaning_scale.py --max-mb 16
    .venv/bin/python bench/cleaning_scale.py --before ../base/src  # also an older checkout, small sizes

One long line (or many paragraphs), in several kinds that once made cleaning super-linear (issue
10: one 19 MB line took 234 CPU s): ordinary prose, a run of abbreviations that are not sentence
ends ("Mr. ... Dr. ... U.S. ..."), legal footers and photo credits repeated (many cuts), and
many short paragraphs with debris between them.  For each
kind and size it prints CPU seconds and seconds per MB; linear growth keeps s/MB flat as the size
doubles (the "x per doubling" column stays near 2).  --before runs the same kinds in a subprocess
on another source tree (sizes up to 160 kB, since a quadratic version takes minutes beyond).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = ("the council said on Monday that 42 people were moved from homes near the river after "
         "flooding reached the bridge in Marlow").split()
KINDS = {
    "prose": None,
    "abbreviations": "Mr. Smith and Dr. Jones met U.S. officials on Jan. 5 and",
    "legal footers": "Copyright 2024 Foo News. All rights reserved.",
    "photo credits": "The river rose. (AP Photo/John Smith) The council met.",
    "paragraphs": "Advertisement\n\nThe council met on Monday and said the river rose.",  # many cuts
}


def line(kind: str, n: int) -> str:
    unit = KINDS[kind]
    if unit is not None:
        sep = "\n\n" if "\n" in unit else " "
        return sep.join([unit] * (n // (len(unit) + len(sep))))
    rnd = random.Random(1)
    out, size = [], 0
    while size < n:
        w = rnd.choice(WORDS) + ("." if rnd.random() < 0.05 else "")
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


def measure(kind: str, n: int) -> float:
    from newsprism.cleaning import clean
    from newsprism.model import RawDocument
    from newsprism.options import Options

    doc = RawDocument(source="long-line", shape="text", text="The council met on Monday. " + line(kind, n),
                      encoding="utf-8")
    t0 = time.process_time()
    try:
        clean(doc, Options(require_english=False))
    except Exception:  # everything cut as debris is an answer too; we time the work
        pass
    return time.process_time() - t0


def run(sizes: list[int]) -> dict[str, list[float]]:
    return {kind: [measure(kind, n) for n in sizes] for kind in KINDS}


def table(title: str, sizes: list[int], times: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"{'kind':<15} {'size MB':>8} {'CPU s':>8} {'s / MB':>8} {'x per doubling':>15}")
    for kind, ts in times.items():
        for i, (n, t) in enumerate(zip(sizes, ts)):
            growth = f"{t / ts[i - 1]:.2f}" if i and ts[i - 1] > 0.005 else ""
            print(f"{kind:<15} {n / 1e6:>8.3f} {t:>8.2f} {t / (n / 1e6):>8.2f} {growth:>15}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-mb", type=float, default=4.0)
    ap.add_argument("--before", help="another source tree (e.g. ../base/src) measured on small sizes")
    ap.add_argument("--json-sizes", help=argparse.SUPPRESS)  # used by --before's subprocess
    args = ap.parse_args()
    if args.json_sizes:
        print(json.dumps(run(json.loads(args.json_sizes))))
        return 0
    sizes, n = [], 250_000
    while n <= args.max_mb * 1_000_000:
        sizes.append(n)
        n *= 2
    small = [20_000, 40_000, 80_000, 160_000]
    if args.before:
        env = dict(os.environ, PYTHONPATH=str(Path(args.before).resolve()))
        out = subprocess.run([sys.executable, __file__, "--json-sizes", json.dumps(small)], env=env,
                             capture_output=True, text=True, check=True).stdout
        table(f"before ({args.before}), small sizes", small, json.loads(out.strip().splitlines()[-1]))
        table("this tree, the same small sizes", small, run(small))
    table("this tree", sizes, run(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
