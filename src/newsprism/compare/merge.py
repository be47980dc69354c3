"""One merge pass: each fact reported once.

``merge_findings(findings) -> list`` takes the findings of every detector in priority order
(the detectors built for one kind of fact first, the generic aligned-sentence ones last).  A
contradiction or difference is the same fact as one already kept when two or more of its sides
each have an *anchor* (the compared value itself: ``ContradictionSide.anchors``, or the evidence
spans where a detector gives none) overlapping an anchor of that kept finding: the same values
compared again.  It is then dropped, and the kept finding stands for it.  So a figure changed in
a sentence that both the value rules and the aligned-sentence rules see is one contradiction, and
a misspelling seen by the entity clusters and by the aligned-sentence rules is one "name"
contradiction; two misspellings of one name (sharing only the correct side) stay two findings.

A development of a figure (anchored steps) counts its steps as sides; a status development
(sentences, not values) passes through.  Stable: the order of the input
decides which of two equal findings stays.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..model import Contradiction, Development, Difference

__all__ = ["merge_findings"]

Span = tuple[str, int, int]


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    aid, a, b = span
    return any(x == aid and s < b and a < e for x, s, e in spans)


def merge_findings(findings: Iterable[Any]) -> list[Any]:
    kept: list[Any] = []
    kept_anchors: list[list[Span]] = []
    for f in findings:
        if isinstance(f, (Contradiction, Difference)):
            sides = [[tuple(a) for a in s.anchors] or [(e.article, e.start, e.end) for e in s.evidence]
                     for s in f.sides]
        elif isinstance(f, Development) and all(st.anchors for st in f.steps):
            sides = [[tuple(a) for a in st.anchors] for st in f.steps]
        else:  # a status development: sentences, not values
            kept.append(f)
            continue
        if any(sum(any(_overlaps(sp, ka) for sp in side) for side in sides) >= 2 for ka in kept_anchors):
            continue
        kept.append(f)
        kept_anchors.append([sp for side in sides for sp in side])
    return kept
