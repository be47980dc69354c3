"""Online story grouping: each arriving article joins the most similar active story or starts one.

A story is a running centroid (the sum of its members' hashed word/name vectors, see
features.py) plus the span of its publication dates.  An article is compared with the stories
that are *active* at its date, i.e. whose dates lie within ``Options.story_window_days`` of it
(an undated article is compared with every story, and that is recorded in ``how``).  It joins the
best one when the cosine similarity is at least ``Options.story_threshold``; otherwise it starts a
new story whose id is ``"s-" + <id of that first article>``: ids never change once given.

When an article is similar (>= threshold) to two stories whose centroids are themselves similar
(>= threshold), the two are one story that arrived split: the younger story is *merged into*
the older one.  The merge is recorded (story_merges, ``merged_into``), never hidden: the merged
story keeps its id and its rows, and resolves to the survivor through ``root``.

Candidate stories are found through a small inverted index kept in memory (rebuilt from the
store on open): each story is posted under its ``KEY_TERMS`` heaviest centroid terms in every
date bucket (``story_window_days`` wide) it spans; an article looks up its own heaviest terms in
the neighbouring buckets.  Exact cosine is then computed only for those candidates, so adding
stays roughly constant-time as the corpus grows.

This module holds no SQL: the store persists what ``StoryIndex`` decides.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from ..options import Options
from .features import N_FEATURES, Features

KEY_TERMS = 24  # heaviest terms of a story posted in the inverted index
QUERY_TERMS = 24  # heaviest terms of an article looked up
MAX_CANDIDATES = 200  # exact similarity is computed for at most this many stories
UNDATED = None


def day_number(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def day_iso(n: int | None) -> str | None:
    return None if n is None else dt.date.fromordinal(n).isoformat()


@dataclass
class StoryState:
    id: str
    seq: int
    cidx: np.ndarray  # centroid: sorted int32 feature indexes ...
    cval: np.ndarray  # ... and float64 summed weights (numpy: ~12 bytes a term, not ~100)
    norm2: float
    size: int
    first: int | None  # day numbers
    last: int | None
    emb: np.ndarray | None = None
    posted: list[tuple[int, int | None]] = field(default_factory=list)

    def active_at(self, day: int | None, window: int) -> bool:
        if day is None or self.first is None:
            return True
        return self.first - window <= day <= self.last + window

    def add_vector(self, idx: np.ndarray, val: np.ndarray) -> None:
        u = np.union1d(self.cidx, idx).astype(np.int32)
        v = np.zeros(len(u), dtype=np.float64)
        v[np.searchsorted(u, self.cidx)] += self.cval
        v[np.searchsorted(u, idx)] += val
        self.cidx, self.cval = u, v
        self.norm2 = float(v @ v)


@dataclass
class Decision:
    """What happened to one article; the store writes it down."""

    story_id: str
    created: bool
    similarity: float
    how: str
    merged: list[tuple[str, str, float]] = field(default_factory=list)  # (merged, survivor, sim)


def _sparse_dot(ai: np.ndarray, av: np.ndarray, bi: np.ndarray, bv: np.ndarray) -> float:
    _, ia, ib = np.intersect1d(ai, bi, assume_unique=True, return_indices=True)
    return float(av[ia].astype(np.float64) @ bv[ib].astype(np.float64))


class StoryIndex:
    """The active (not merged) stories, their centroids and the candidate index."""

    def __init__(self, options: Options):
        self.options = options
        self.window = int(options.story_window_days)
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[int, dict[int | None, set[str]]] = {}
        self.next_seq = 1
        # a dense scratch copy of the article being placed: each dot product is one gather
        self._scratch = np.zeros(N_FEATURES, dtype=np.float64)

    # -- index maintenance -------------------------------------------------------------------
    def _bucket(self, day: int | None) -> int | None:
        return None if day is None else day // self.window

    def _unpost(self, s: StoryState) -> None:
        for term, b in s.posted:
            bucket = self.postings.get(term, {}).get(b)
            if bucket is not None:
                bucket.discard(s.id)
        s.posted = []

    def _post(self, s: StoryState) -> None:
        self._unpost(s)
        order = np.lexsort((s.cidx, -s.cval))[:KEY_TERMS]  # heaviest first, ties by index
        terms = s.cidx[order].tolist()
        if s.first is None:
            buckets: list[int | None] = [UNDATED]
        else:
            buckets = list(range(self._bucket(s.first), self._bucket(s.last) + 1))
        for term in terms:
            per = self.postings.setdefault(term, {})
            for b in buckets:
                per.setdefault(b, set()).add(s.id)
                s.posted.append((term, b))

    def put(self, s: StoryState) -> None:
        self.stories[s.id] = s
        self.next_seq = max(self.next_seq, s.seq + 1)
        self._post(s)

    def remove(self, story_id: str) -> None:
        s = self.stories.pop(story_id, None)
        if s is not None:
            self._unpost(s)

    # -- matching ------------------------------------------------------------------------------
    def candidates(self, f: Features, day: int | None) -> list[str]:
        order = np.argsort(-f.val, kind="stable")[:QUERY_TERMS]
        terms = f.idx[order].tolist()
        hits: dict[str, int] = {}
        if day is None:
            for t in terms:
                for ids in self.postings.get(t, {}).values():
                    for sid in ids:
                        hits[sid] = hits.get(sid, 0) + 1
        else:
            b = self._bucket(day)
            wanted = (b - 1, b, b + 1, UNDATED)
            for t in terms:
                per = self.postings.get(t)
                if not per:
                    continue
                for bb in wanted:
                    for sid in per.get(bb, ()):
                        hits[sid] = hits.get(sid, 0) + 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], self.stories[kv[0]].seq))
        return [sid for sid, _ in ranked[:MAX_CANDIDATES]
                if self.stories[sid].active_at(day, self.window)]

    def similarity(self, s: StoryState, emb: np.ndarray | None) -> float:
        """Cosine of the article held in the scratch vector with the story's centroid."""
        if s.norm2 <= 0:
            return 0.0
        sim = float(self._scratch[s.cidx] @ s.cval) / math.sqrt(s.norm2)
        if emb is not None and s.emb is not None:
            n = float(np.linalg.norm(s.emb))
            if n > 0:
                sim = 0.5 * sim + 0.5 * float(np.dot(emb, s.emb) / n)
        return sim

    def assign(self, article_id: str, f: Features, join_only: str | None = None) -> Decision:
        """Place one article; mutates the index.  ``join_only`` forces a story (near-duplicates)."""
        self._scratch[f.idx] = f.val
        try:
            return self._assign(article_id, f, join_only)
        finally:
            self._scratch[f.idx] = 0.0

    def _assign(self, article_id: str, f: Features, join_only: str | None) -> Decision:
        day = day_number(f.date)
        thr = self.options.story_threshold
        if (join_only is not None and join_only in self.stories
                and self.stories[join_only].active_at(day, self.window)):
            s = self.stories[join_only]
            sim = self.similarity(s, f.embedding)
            self._extend(s, f, day, vector=False)  # a copy does not pull the centroid twice
            self._post(s)
            return Decision(s.id, False, sim, "near-duplicate: joins the story of its original")
        scored = []
        for sid in self.candidates(f, day):
            s = self.stories[sid]
            scored.append((self.similarity(s, f.embedding), s.seq, sid))
        scored.sort(key=lambda x: (-x[0], x[1]))
        how = "undated: compared with stories of all dates" if day is None else "dated"
        if not scored or scored[0][0] < thr:
            sid = "s-" + article_id
            s = StoryState(id=sid, seq=self.next_seq, cidx=np.zeros(0, np.int32),
                           cval=np.zeros(0, np.float64), norm2=0.0, size=0, first=None, last=None)
            self.next_seq += 1
            self._extend(s, f, day)
            self.stories[sid] = s
            self._post(s)
            best = scored[0][0] if scored else 0.0
            return Decision(sid, True, 1.0, f"{how}; new story (best other {best:.3f} < {thr})")
        # The strongest matches above the threshold; the oldest of them survives any merge.
        above = [x for x in scored if x[0] >= thr]
        best_sim, _, best_id = above[0]
        merged: list[tuple[str, str, float]] = []
        if len(above) > 1:
            group = sorted(above, key=lambda x: x[1])  # by age
            survivor = self.stories[group[0][2]]
            for sim, _, sid in group[1:]:
                other = self.stories[sid]
                cc = _sparse_dot(survivor.cidx, survivor.cval, other.cidx, other.cval) / math.sqrt(
                    max(survivor.norm2 * other.norm2, 1e-12))
                if cc >= thr:
                    self._merge(other, survivor)
                    merged.append((other.id, survivor.id, round(cc, 4)))
            if merged:
                best_id = survivor.id
                best_sim = self.similarity(survivor, f.embedding)
        s = self.stories[best_id]
        self._extend(s, f, day)
        self._post(s)
        return Decision(s.id, False, best_sim, how, merged)

    def _extend(self, s: StoryState, f: Features, day: int | None, vector: bool = True) -> None:
        s.size += 1
        if day is not None:
            s.first = day if s.first is None else min(s.first, day)
            s.last = day if s.last is None else max(s.last, day)
        if vector:
            s.add_vector(f.idx, f.val.astype(np.float64))
            if f.embedding is not None:
                s.emb = f.embedding.copy() if s.emb is None else s.emb + f.embedding

    def _merge(self, other: StoryState, survivor: StoryState) -> None:
        survivor.add_vector(other.cidx, other.cval)
        survivor.size += other.size
        for d in (other.first, other.last):
            if d is not None:
                survivor.first = d if survivor.first is None else min(survivor.first, d)
                survivor.last = d if survivor.last is None else max(survivor.last, d)
        if other.emb is not None:
            survivor.emb = other.emb.copy() if survivor.emb is None else survivor.emb + other.emb
        self.remove(other.id)
        self._post(survivor)


def pack_centroid(s: StoryState) -> bytes:
    return np.asarray(s.cidx, dtype="<i4").tobytes() + np.asarray(s.cval, dtype="<f8").tobytes()


def unpack_centroid(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 12
    return (np.frombuffer(blob[: 4 * n], dtype="<i4").astype(np.int32),
            np.frombuffer(blob[4 * n:], dtype="<f8").astype(np.float64))
