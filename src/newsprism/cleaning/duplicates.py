"""Exact and near-duplicate articles (a wire story syndicated by several outlets).

Two articles are copies when their normalised texts are equal, or when the Jaccard similarity of
their word 3-shingles reaches ``options.near_duplicate_threshold``.  Copies are grouped
transitively; in each group the earliest article (published date, then input order; undated
last) stands for the others: it gets ``duplicates=[ids]`` and each copy ``duplicate_of=id``.

Candidate pairs come from a bottom-k sketch (the k smallest shingle hashes of each text): two
texts with Jaccard >= 0.5 share one of them with probability above 1 - 0.5**k.  Sharing one
hash is weak evidence (a stock phrase can be among many texts' smallest hashes), so a candidate
is first checked with the two sketches alone (the bottom-k estimate of their Jaccard, at most
``SKETCH_MARGIN`` below the threshold: over 4 standard deviations at k=32) and the exact Jaccard
is computed only for pairs that pass: the cost per article stays flat as the batch grows (it
used to rebuild the shingle sets of up to 2,048 candidates per article, evicting its own cache).  Only texts that are not yet a copy of anything enter the index, so a
story syndicated a thousand times is compared with its first copy, not with every other copy.
Hashes are blake2b, so results do not depend on PYTHONHASHSEED.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from ..model import Article
from ..options import Options
from .text import normalize_for_compare
from ..disjoint import DisjointSet

SHINGLE_WORDS = 3
SKETCH_SIZE = 32
MAX_POSTING = 64
SKETCH_MARGIN = 0.3


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the word k-shingles of the normalised text (the whole text if shorter)."""
    words = normalize_for_compare(text).split()
    if not words:
        return frozenset()
    if len(words) <= k:
        return frozenset({_h(" ".join(words))})
    return frozenset(_h(" ".join(words[i:i + k])) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def similarity(text_a: str, text_b: str) -> float:
    """Word-shingle Jaccard similarity of two texts (1.0 for the same normalised text)."""
    if normalize_for_compare(text_a) == normalize_for_compare(text_b):
        return 1.0
    return jaccard(shingles(text_a), shingles(text_b))


def sketch_jaccard(a: tuple[int, ...], b: tuple[int, ...], k: int = SKETCH_SIZE) -> float:
    """The bottom-k estimate of the Jaccard similarity of two texts from their sketches (each the
    sorted k smallest shingle hashes): the share of the union's k smallest hashes found in both."""
    both = set(a) & set(b)
    if not both:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    return sum(1 for h in union if h in both) / len(union)


def _order_key(index: int, article: Article) -> tuple:
    return (article.published is None, article.published or "", index)


def duplicate_groups(articles: list[Article], threshold: float) -> list[list[int]]:
    """Groups (lists of indexes, 2 or more) of articles that are copies of each other.

    Memory stays small for corpus-sized batches: per article only a digest of the normalised text
    and its sketch are kept; full shingle sets are rebuilt for candidate pairs (small LRU cache).
    """
    n = len(articles)
    sets = DisjointSet(range(n))
    find, union = sets.find, sets.union

    @lru_cache(maxsize=1024)
    def shingle_set(i: int) -> frozenset[int]:
        return shingles(articles[i].text)

    by_digest: dict[int, int] = {}
    index: dict[int, list[int]] = defaultdict(list)
    sketches: dict[int, tuple[int, ...]] = {}  # of the texts in the index
    for i in range(n):
        norm = normalize_for_compare(articles[i].text)
        if not norm:
            continue
        digest = _h(norm)
        if digest in by_digest:
            union(by_digest[digest], i)
            continue  # an exact copy: its sketch is the same as the first one's
        by_digest[digest] = i
        sketch = tuple(sorted(shingle_set(i))[:SKETCH_SIZE])
        shared: dict[int, int] = defaultdict(int)  # candidate -> sketch hashes in common
        for h in sketch:
            for j in index.get(h, ()):
                shared[j] += 1
        # the estimate is at most (hashes in common) / k: skip the rest without looking further
        least = (threshold - SKETCH_MARGIN) * min(SKETCH_SIZE, len(sketch))
        joined = False
        for j in sorted(j for j, c in shared.items() if c >= least):
            if (find(i) != find(j) and sketch_jaccard(sketch, sketches[j]) >= threshold - SKETCH_MARGIN
                    and jaccard(shingle_set(i), shingle_set(j)) >= threshold):
                union(i, j)
                joined = True
        if not joined:  # only texts that are copies of nothing seen yet stand in the index
            sketches[i] = sketch
            for h in sketch:
                posting = index[h]
                if len(posting) < MAX_POSTING:  # a phrase in very many texts says nothing
                    posting.append(i)

    return [sorted(g) for g in sets.groups().values() if len(g) > 1]


def mark_duplicates(articles: Iterable[Article], options: Options | None = None) -> list[Article]:
    """Copies of the articles, in the same order, with duplicate links set (and any old ones reset)."""
    options = options or Options()
    items = [dataclasses.replace(a, duplicate_of=None, duplicates=[]) for a in articles]
    for group in duplicate_groups(items, options.near_duplicate_threshold):
        head = min(group, key=lambda i: _order_key(i, items[i]))
        copies = [i for i in sorted(group, key=lambda i: _order_key(i, items[i])) if i != head]
        items[head].duplicates = [items[i].id for i in copies]
        for i in copies:
            items[i].duplicate_of = items[head].id
    return items
