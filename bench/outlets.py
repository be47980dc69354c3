"""Outlet decisions on every article we can label from ../shared, beside the code before issue 9.

Labelled articles (the label is never given to the reader):
- seeds: the four real reports (../shared/seeds); labels judged by reading them (001 The
  Washington Post, 002 NBC News, 003 BBC); 000 names no publisher, so its only right answer is
  "unknown";
- example: the bundled example story (labels from examples/story.expected.json);
- extraction: the 88 pages of ../shared/data/article-extraction-benchmark, read *without* their
  URL (the label is the outlet of the URL in ground-truth.json);
- allsides: the articles nested in ../shared/data/allsides-dev/stories_dev.jsonl with their
  newsSource field removed (label: newsSource); and again with newsLink removed too
  ("allsides-nolink": text only).

Each decision is one of: right (the labelled outlet), unknown (no outlet claimed: the file name),
wrong (the text made the reader name an outlet that is not the publisher, e.g. a cited outlet
taken for the publisher: the error issue 9 is about), other (a field, the address or the page's
metadata gave a name that does not match the label: usually another spelling of it, e.g. a
site's brand for its domain; listed so a reader can judge).  The old code (PYTHONPATH=/work/base/src) runs in a subprocess on the same inputs.

Usage:  .venv/bin/python bench/outlets.py [--base /work/base/src] [--show K]
"""
from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_LABELS = {"000": None, "001": "The Washington Post", "002": "NBC News", "003": "BBC"}


def _item(group: str, name: str, data: bytes, label: str | None) -> dict:
    return {"group": group, "name": name, "data": base64.b64encode(data).decode(), "label": label}


def collect(shared: Path) -> list[dict]:
    items: list[dict] = []
    seeds = shared / "seeds"
    if seeds.is_dir():
        for p in sorted(seeds.iterdir()):
            if p.name[:3] in SEED_LABELS:
                items.append(_item("seeds", p.name, p.read_bytes(), SEED_LABELS[p.name[:3]]))
    expected = json.loads((ROOT / "examples" / "story.expected.json").read_text(encoding="utf-8"))
    for name, exp in sorted(expected["files"].items()):
        label = None if exp["outlet_from"] == "filename" else exp["outlet"]
        items.append(_item("example", name, (ROOT / "examples" / "story" / name).read_bytes(), label))
    bench = shared / "data" / "article-extraction-benchmark"
    if (bench / "ground-truth.json").is_file():
        truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
        for pid in sorted(truth):
            data = (bench / "html" / f"{pid}.html.gz").read_bytes()
            items.append(_item("extraction", f"{pid[:12]}.html", gzip.decompress(data),
                               "url:" + truth[pid]["url"]))
    allsides = shared / "data" / "allsides-dev" / "stories_dev.jsonl"
    if allsides.is_file():
        for n, line in enumerate(allsides.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            for side, art in sorted((record.get("news") or {}).items()):
                label = art.get("newsSource")
                if not label:
                    continue
                for group, drop in (("allsides", ("newsSource",)), ("allsides-nolink", ("newsSource", "newsLink"))):
                    one = {k: v for k, v in art.items() if k not in drop}
                    items.append(_item(group, f"story{n}-{side}.json",
                                       json.dumps(one, ensure_ascii=False).encode(), label))
    return items


def worker() -> int:
    """Decide the outlet of each item read from stdin (JSON); print {name: [outlet, how, text]}."""
    from newsprism.cleaning import clean
    from newsprism.errors import NewsprismError
    from newsprism.model import RawDocument
    from newsprism.options import Options
    from newsprism.reading import parse_bytes

    options = Options(require_english=False)
    out = {}
    for it in json.load(sys.stdin):
        key = f"{it['group']}/{it['name']}"
        try:
            docs = parse_bytes(base64.b64decode(it["data"]), it["name"], options)
            doc: RawDocument = docs[0]
            a = clean(doc, options)
            out[key] = [a.outlet, a.outlet_from, a.text]
        except NewsprismError as exc:
            out[key] = [None, f"failed: {exc}", ""]
    json.dump(out, sys.stdout)
    return 0


def run_code(src: Path, items: list[dict]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker"], input=json.dumps(items),
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        raise SystemExit(f"worker for {src} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


_DROP_WORDS = {"news", "online", "business", "politics", "digital", "opinion", "fact", "check", "tv"}
_TLDS = {"com", "org", "net", "co", "uk", "in", "eu", "www", "us", "ca", "au", "ng", "nz", "ie"}


def _keys(name: str) -> set[str]:
    """Compact spellings of an outlet name: all its words, its words without generic ones
    ("news", "online"), its initials; a domain without its suffix; no leading "the"."""
    from newsprism.cleaning.outlet import canonical

    name = re.sub(r"\([^)]*\)", " ", canonical(name))
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _TLDS]
    if words and words[0] == "the":
        words = words[1:]
    keys = {"".join(words), "".join(w for w in words if w not in _DROP_WORDS)}
    if len(words) >= 2:
        keys.add("".join(w[0] for w in words))
    keys |= {k[3:] for k in keys if k.startswith("the")}
    return {k for k in keys if len(k) >= 2}


def _label_name(label: str) -> str:
    if label.startswith("url:"):
        from newsprism.cleaning.outlet import from_domain

        return from_domain(label[4:]) or label[4:]
    return label


def same_outlet(decided: str, label: str) -> bool:
    """The same outlet, however spelt ("theepochtimes.com" ~ "The Epoch Times", "csmonitor.com" ~
    "Christian Science Monitor", "MacRumors" ~ macrumors.com)."""
    mine = _keys(decided)
    theirs = _keys(_label_name(label))
    if label.startswith("url:"):
        theirs |= _keys(re.sub(r"^https?://", "", label[4:]).split("/")[0])
    return any(a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))
               for a in mine for b in theirs)


def judge(decided: str | None, how: str, label: str | None) -> str:
    """right | unknown | wrong (the text made us name an outlet that is not the publisher: a
    cited outlet) | other (a field, address or page metadata named it differently) | failed."""
    if decided is None:
        return "failed"
    if how == "filename":
        return "unknown"
    if label is not None and same_outlet(decided, label):
        return "right"
    return "wrong" if how in ("self-reference", "copyright") or label is None else "other"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--base", type=Path, default=Path("/work/base/src"), help="source folder of the old code")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    ap.add_argument("--show", type=int, default=5, metavar="K", help="list K wrong/other decisions per group")
    args = ap.parse_args(argv)
    if args.worker:
        return worker()
    items = collect(args.shared)
    runs = {"before": run_code(args.base, items), "now": run_code(ROOT / "src", items)}
    groups = sorted({it["group"] for it in items}, key=lambda g: [it["group"] for it in items].index(g))
    print(f"outlet decisions on {len(items)} labelled articles ({args.shared})")
    print(f"{'group':16} {'code':6} {'n':>4} {'right':>6} {'unknown':>8} {'wrong':>6} {'other':>6} {'failed':>6}  share right")
    examples: dict[tuple[str, str], list[str]] = {}
    for g in groups:
        mine = [it for it in items if it["group"] == g]
        for code, res in runs.items():
            c = Counter()
            for it in mine:
                outlet, how, text = res[f"{g}/{it['name']}"]
                verdict = judge(outlet, how, it["label"])
                c[verdict] += 1
                if verdict in ("wrong", "other") and code == "now":
                    examples.setdefault((g, verdict), []).append(
                        f"{it['name']}: decided {outlet!r} ({how}), label {it['label']!r}")
                if verdict == "wrong" and code == "before":
                    examples.setdefault((g, "wrong before"), []).append(
                        f"{it['name']}: decided {outlet!r} ({how}), label {it['label']!r}")
            n = len(mine)
            print(f"{g:16} {code:6} {n:4d} {c['right']:6d} {c['unknown']:8d} {c['wrong']:6d} {c['other']:6d} "
                  f"{c['failed']:6d}  {c['right'] / n:.3f}")
    for (g, verdict), rows in sorted(examples.items()):
        print(f"\n{verdict} ({g}), first {min(args.show, len(rows))} of {len(rows)}:")
        for r in rows[: args.show]:
            print("  " + r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
