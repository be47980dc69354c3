"""Quality floor: debris cleaning must not eat real article text.

The extraction benchmark in ../shared/data holds hand-made *clean* bodies of 88 real articles
(ground-truth.json).  Cleaning them should remove almost nothing: measured baseline 504 of 66,698
words (0.76%: agency credits, "Reporting by" lines, promotions, ornament lines, repeated
paragraphs), and never a related-headline cut inside prose.  Skipped when ../shared is absent.
"""
from __future__ import annotations

import json

from newsprism.cleaning.debris import find_cuts

BASELINE_SHARE = 504 / 66698


def test_clean_bodies_lose_almost_nothing(shared_dir):
    truth = json.loads((shared_dir / "data" / "article-extraction-benchmark" / "ground-truth.json")
                       .read_text(encoding="utf-8"))
    total = cut = 0
    reasons = set()
    for record in truth.values():
        text = "\n\n".join(line.strip() for line in record["articleBody"].split("\n") if line.strip())
        total += len(text.split())
        for c in find_cuts(text):
            cut += len(text[c.start:c.end].split())
            reasons.add(c.reason)
    assert total > 50_000
    assert cut / total <= BASELINE_SHARE * 1.25, f"cleaning removed {cut} of {total} words of clean articles"
    assert "related-headline" not in reasons
