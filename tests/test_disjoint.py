"""The shared union-find: groups and roots depend on the members only, never on union order."""
from __future__ import annotations

from hypothesis import given, strategies as st

from newsprism.disjoint import DisjointSet

pairs = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40)


def _partition(items, edges):
    ds = DisjointSet(items)
    for a, b in edges:
        ds.union(a, b)
    return ds


@given(pairs, st.randoms(use_true_random=False))
def test_root_is_the_smallest_member_whatever_the_union_order(edges, rnd):
    a = _partition(range(31), edges)
    shuffled = list(edges)
    rnd.shuffle(shuffled)
    b = _partition(range(31), [(y, x) for x, y in shuffled])
    assert a.groups() == b.groups()
    for root, members in a.groups().items():
        assert root == min(members)
        assert all(a.find(m) == root for m in members)


def test_union_says_whether_it_joined_and_new_keys_join_lazily():
    ds: DisjointSet[str] = DisjointSet()
    assert "b" not in ds
    assert ds.union("b", "a") is True
    assert ds.union("a", "b") is False
    ds.union("c", "d")
    assert ds.groups() == {"a": ["b", "a"], "c": ["c", "d"]}
