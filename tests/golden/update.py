"""Regenerate the golden report(s) of the bundled example story after an intended change.

    .venv/bin/python tests/golden/update.py          # rewrites tests/golden/example_story.md
    .venv/bin/python tests/golden/update.py --check  # exit 1 (and show a diff) when it drifted

Review the diff (git diff tests/golden) before keeping it: every changed line is a change in what
users read.
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GOLDEN = HERE / "example_story.md"
EXAMPLE = ROOT / "examples" / "story"


def render_example() -> str:
    """The Markdown report of examples/story with default options, paths made relative."""
    import newsprism
    from newsprism.options import Options
    from newsprism.report.markdown import render_markdown
    from newsprism.summarize import summarize

    options = Options()
    # Read by a path relative to the repository: sources (and so article ids, which hash the
    # source) are then the same on every machine and in every clone.
    with contextlib.chdir(ROOT):
        result = newsprism.read([str(EXAMPLE.relative_to(ROOT))], options)
    analysis = newsprism.analyze(result, options)
    text = render_markdown(analysis, summarize(analysis, options))
    return text.replace(str(ROOT) + "/", "")  # no machine-specific absolute paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare only; do not write")
    args = ap.parse_args(argv)
    new = render_example()
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    if args.check:
        if new != old:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       "golden", "now"))
            return 1
        return 0
    GOLDEN.write_text(new, encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)} ({len(new.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
