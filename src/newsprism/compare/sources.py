"""Independent sources: which articles of a story count as one source.

Articles linked by ``Article.duplicate_of`` / ``Article.duplicates`` (syndicated or near-copies),
and articles of the same named outlet share one *root*, and a contradiction needs sides from two
roots.  Agreements, claims and exclusives count *independent* roots, where an article that
copies part of another (``copied_pairs``: one mostly contained in the other, or a long run of
the same sentences) joins that article's root too: a copy confirms nothing, but a copy that
changes a fact of what it copies (an edited or updated wire story) is a discrepancy the reader
should see.  Also the small helpers every
finding uses to name its outlets.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from ..cleaning.text import normalize_for_compare
from ..disjoint import DisjointSet
from ..model import Article

__all__ = ["source_roots", "count_sources", "outlets_of", "join_names", "copied_pairs"]

# Partial copies (cleaning's near-duplicate test compares whole texts, so a short report copied
# into a longer one, or a long one cut short, passes it): compared on word 8-grams of the
# normalised texts.  Two outlets that both quote one statement or one wire paragraph share a run
# of 30-60 words; a copy shares most of the shorter text or a run of several paragraphs.
# (On the dev halves of Multi-News and AllSides, 173 stories: copies share 93-100% of the
# shorter text; the most two independent reports share is 42% of a 90-word brief, and 22% or
# runs of at most 53 words between long ones.)
_SHINGLE = 8
_CONTAINED = 0.5  # share of the shorter text's 8-grams found in the other
_MIN_SHARED = 25  # 8-grams in common (about two sentences), whatever the share
_RUN_WORDS = 120  # a run of this many words in the same order in both
_POSTING_CAP = 64  # an 8-gram in more texts than this is boilerplate, not evidence of copying

_UNKNOWN_OUTLETS = {"", "unknown", "none"}


def source_roots(articles: Iterable[Article], partial_copies: bool = True) -> dict[str, str]:
    """article id -> id of the independent source it belongs to.

    Copies (``duplicate_of``/``duplicates``; with ``partial_copies``, ``copied_pairs`` too) and
    articles of the same known outlet share a root.
    """
    arts = list(articles)
    sets = DisjointSet(a.id for a in arts)

    def union(a: str, b: str) -> None:
        if a in sets and b in sets:  # links to articles outside this story are ignored
            sets.union(a, b)

    by_outlet: dict[str, str] = {}
    for a, b in copied_pairs(arts) if partial_copies else ():
        union(a, b)
    for a in arts:
        if a.duplicate_of:
            union(a.id, a.duplicate_of)
        for d in a.duplicates:
            union(a.id, d)
        key = (a.outlet or "").strip().lower()
        if key not in _UNKNOWN_OUTLETS and a.outlet_from not in ("filename", "unknown"):
            if key in by_outlet:
                union(a.id, by_outlet[key])
            else:
                by_outlet[key] = a.id
    return {a.id: sets.find(a.id) for a in arts}


def copied_pairs(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """(id, id) of articles where one copies part of the other: at least ``_MIN_SHARED`` word
    8-grams in common, and either half of the shorter text's 8-grams (one mostly contained in
    the other) or a run of ``_RUN_WORDS`` words the same.  Articles already marked as a copy
    (``duplicate_of``) are left to that link."""
    arts = [a for a in articles if not a.duplicate_of]
    words = [normalize_for_compare(a.text).split() for a in arts]
    grams = [[" ".join(w[k:k + _SHINGLE]) for k in range(len(w) - _SHINGLE + 1)] for w in words]
    sets = [set(g) for g in grams]
    posting: dict[str, list[int]] = defaultdict(list)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for i, s in enumerate(sets):
        for g in s:
            held = posting[g]
            if len(held) < _POSTING_CAP:
                for j in held:
                    shared[(j, i)] += 1
                held.append(i)
    out = []
    for (i, j), n in sorted(shared.items()):
        if n < _MIN_SHARED:
            continue
        contained = n >= _CONTAINED * min(len(sets[i]), len(sets[j]))
        if contained or _longest_run(grams[i], sets[j]) >= _RUN_WORDS:
            out.append((arts[i].id, arts[j].id))
    return out


def _longest_run(grams: list[str], other: set[str]) -> int:
    """Words in the longest run of consecutive 8-grams of one text all found in the other."""
    best = cur = 0
    for g in grams:
        cur = cur + 1 if g in other else 0
        best = max(best, cur)
    return best + _SHINGLE - 1 if best else 0


def count_sources(article_ids: Iterable[str], roots: dict[str, str]) -> int:
    return len({roots.get(a, a) for a in article_ids})


def outlets_of(arts: Sequence[Article]) -> list[str]:
    return sorted({a.outlet for a in arts})


def join_names(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
