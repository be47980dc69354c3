"""Independent sources: which articles of a story count as one source.

Articles linked by ``Article.duplicate_of`` / ``Article.duplicates`` (syndicated or near-copies)
and articles of the same named outlet share one *root*; agreements count roots, and a
contradiction needs sides from two roots.  Also the small helpers every finding uses to name its
outlets.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..disjoint import DisjointSet
from ..model import Article

__all__ = ["source_roots", "count_sources", "outlets_of", "join_names"]

_UNKNOWN_OUTLETS = {"", "unknown", "none"}


def source_roots(articles: Iterable[Article]) -> dict[str, str]:
    """article id -> id of the independent source it belongs to.

    Copies (``duplicate_of``/``duplicates``) and articles of the same known outlet share a root.
    """
    arts = list(articles)
    sets = DisjointSet(a.id for a in arts)

    def union(a: str, b: str) -> None:
        if a in sets and b in sets:  # links to articles outside this story are ignored
            sets.union(a, b)

    by_outlet: dict[str, str] = {}
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
