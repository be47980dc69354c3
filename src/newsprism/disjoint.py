"""A union-find whose root is always the smallest member of its group.

Several stages group things transitively (near-duplicate articles, independent sources, entity
forms, compatible values, quotes, timeline events, aligned findings).  They all need the same
property: the root, and so the order of the groups, depends only on the members, never on the
order of the unions.  scipy's DisjointSet picks roots by size, which would reorder output; hence
this small class.
"""
from __future__ import annotations

from typing import Generic, Hashable, Iterable, TypeVar

K = TypeVar("K", bound=Hashable)


class DisjointSet(Generic[K]):
    def __init__(self, items: Iterable[K] = ()) -> None:
        self.parent: dict[K, K] = {x: x for x in items}

    def __contains__(self, x: object) -> bool:
        return x in self.parent

    def find(self, x: K) -> K:
        """The root of x's group (x joins as a group of its own if new)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: K, b: K) -> bool:
        """Join the groups of a and b; the smaller root stays root.  True if they were apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:  # type: ignore[operator]
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True

    def groups(self) -> dict[K, list[K]]:
        """root -> members, members in the order they were first seen, roots sorted."""
        out: dict[K, list[K]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return {k: out[k] for k in sorted(out)}  # type: ignore[type-var]
