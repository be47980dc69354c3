"""Golden Markdown report of the bundled example story: any change in what users read fails here.

After an intended change, regenerate and review:  .venv/bin/python tests/golden/update.py
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "golden"))

pytestmark = pytest.mark.slow


def test_example_story_markdown_matches_golden():
    import update

    golden = update.GOLDEN.read_text(encoding="utf-8")
    now = update.render_example()
    if now != golden:
        diff = "".join(difflib.unified_diff(golden.splitlines(True), now.splitlines(True), "golden", "now", n=1))
        pytest.fail("the example report drifted from tests/golden/example_story.md; if intended, run "
                    "`.venv/bin/python tests/golden/update.py` and review the diff:\n" + diff[:6000])


def test_golden_is_what_a_reader_needs():
    """The checked-in golden itself carries the planted findings (so a careless update shows)."""
    text = (HERE / "golden" / "example_story.md").read_text(encoding="utf-8")
    for needle in ("## Key points", "## What happened", "Ruth Calloway, age: 58 (", ") vs 57 (unknown (valley\\_voice))",
                   "## Timeline", "Developments over time", "not a contradiction",
                   "## What was removed while cleaning", "(copied by Lakeshore Courier)"):
        assert needle in text, needle
    # the title states the latest development, and Key points open the report
    assert text.startswith("# Water authority chief Ruth Calloway resigns")
    assert text.index("## Key points") < text.index("## What happened") < text.index("## Sources")
    # each finding once: the misspelling is a name contradiction, not listed again
    assert text.count("writes **Hartnel**") == 0 and "Hartnel (unknown (valley\\_voice))" in text
    assert "/work/" not in text  # no absolute paths of the machine that wrote it
