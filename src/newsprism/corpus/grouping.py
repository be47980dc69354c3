"""Online story grouping: each article is verified against the members of candidate stories.

Why not a running centroid (the method before): a centroid drifts with every article it takes,
and an article that resembles two stories pulls them together, so stories chain into large
blobs (one "story" of 291 articles of 127 events on the held-out AllSides pool).  Here:

1. **Retrieval.**  Candidate stories come from an inverted index kept in memory (rebuilt from
   the store on open): every member posts its heaviest terms in its date bucket
   (``story_window_days`` wide); an article looks up its own heaviest terms in the neighbouring
   buckets (all buckets when undated).  At most ``MAX_CANDIDATES`` stories are verified, so the
   cost per article does not grow with the corpus.
2. **Verification against members, not a centre.**  The article is compared with each kept
   member of a candidate story (the first ``KEEP_FIRST`` and the latest ``KEEP_LAST``: the
   founding articles define the story and cannot be diluted).  A pair's evidence is:
   - the cosine of their hashed word+name vectors weighted by inverse document frequency over
     the corpus so far (``df`` is a count per hashed feature, so rare specific names and words
     weigh more than "Biden" or "vaccine"), mixed (``EMB_WEIGHT``) with the cosine of their
     headline embeddings when both have one; words alone are put on the same scale, so one
     threshold serves both;
   - the date distance: a report of the same day is evidence for the same event, worth
     ``DATE_BONUS`` falling linearly to nothing just past ``story_window_days``; a member further
     away than the window gives no support at all (recurring events separate by date);
   - the outlet: a member from the same (known) outlet counts ``SAME_OUTLET`` of its score,
     since an outlet rarely tells one event twice within days (but does follow a story up).
   The story's score is the mean of its members' pair scores (average linkage), and the
   article joins the best story scoring at least ``Options.story_threshold``; otherwise it
   starts a story with id ``"s-" + <article id>``: ids never change once given.
3. **Merges need several members.**  When an article clears the threshold for two stories, the
   two are merged only when their own members agree (mean cross score at least the threshold,
   and at least ``MERGE_PAIRS`` cross pairs above it); one bridging article never suffices.  A
   merge is recorded (story_merges, ``merged_into``): the merged story keeps its id and rows and
   resolves to the survivor through ``root``.
4. **Reconsolidation** (``Regrouper``): after each stored batch, the stories it touched are
   checked again: a story whose members form two groups splits, stories whose members agree
   merge; ``newsprism regroup`` runs the same over the whole corpus.  Both are recorded.

Measured with bench/grouping.py on the AllSides dev pool (3 arrival orders): B-cubed F1 0.85
with title + body only, 0.95 with dates and outlets, beside 0.82 / 0.90 for TF-IDF + average
linkage (batch, best of three cut-offs, with a 4-day window when dated).

Cost and memory: an article is scored against all its candidate stories in one numpy pass over
their kept members, stacked per story (``Pack``, cached for the ``PACKS`` most recently compared
stories); a story keeps no centroid (nothing compares with one), only its kept members and its
postings.  Measured with bench/grouping.py (2,000 synthetic articles, features precomputed):
grouping + store 6.7 -> 3.5 CPU ms per article with the same stories.

Scores are rounded (``newsprism.scores``, 4 decimals) before any threshold, term weights before
they are ranked, and ties break by story age or term number, so the same input in the same
order gives the same stories on any machine (tests/test_determinism.py perturbs the embeddings).  This module holds no SQL: the
store persists what ``StoryIndex`` decides.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..options import Options
from ..scores import rounded, rounded_array
from .features import N_FEATURES, Features

KEY_TERMS = 16  # heaviest terms of each member posted in the inverted index
QUERY_TERMS = 24  # heaviest terms of an article looked up
MAX_CANDIDATES = 40  # stories verified per article, at most
KEEP_FIRST = 6  # founding members kept for verification ...
KEEP_LAST = 6  # ... and the latest ones
EMB_WEIGHT = 0.3  # share of the headline-embedding cosine in a pair's similarity (when both have one)
DATE_BONUS = 0.15  # evidence of a same-day report, falling to 0 just outside the window
SAME_OUTLET = 0.5  # share of a same-outlet member's score (0 would split a one-outlet feed)
MERGE_PAIRS = 2  # cross pairs above the threshold needed to merge two existing stories
PACKS = 4096  # stories whose kept members are held stacked (the recently compared ones)
UNDATED = None
_TERM_BITS = N_FEATURES.bit_length() - 1  # hashed terms are < N_FEATURES, a power of two

# An outlet guessed from a file name (or unknown) says nothing about who wrote the article.
UNTRUSTED_OUTLET_FROM = frozenset({"filename", "unknown"})


def day_number(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def day_iso(n: int | None) -> str | None:
    return None if n is None else dt.date.fromordinal(n).isoformat()


def idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed inverse document frequency of the given counts (scikit-learn's formula)."""
    return np.log((n_docs + 1.0) / (df.astype(np.float64) + 1.0)) + 1.0


@dataclass
class Member:
    article_id: str
    idx: np.ndarray  # int32 hashed features, sorted
    val: np.ndarray  # float32 weights (tf, L2-normalised; idf is applied when compared)
    day: int | None
    outlet: str | None
    emb: np.ndarray | None = None  # float32 headline embedding, L2-normalised


@dataclass
class StoryState:
    """A story as grouping sees it: its kept members, no centroid (nothing compares with one;
    the summed vectors grew with every story and are not kept)."""

    id: str
    seq: int
    size: int
    first: int | None  # day numbers
    last: int | None
    members: list[Member] = field(default_factory=list)  # kept members (first + latest)
    posted: set = field(default_factory=set)  # posting keys (``post_key``) of this story
    version: int = 0  # changes whenever ``members`` does (a stacked copy of them is then stale)

    def active_at(self, day: int | None, window: int) -> bool:
        if day is None or self.first is None:
            return True
        return self.first - window <= day <= self.last + window

    def keep(self, m: Member) -> None:
        """Keep the founding members and a rolling window of the latest ones."""
        self.members.append(m)
        if len(self.members) > KEEP_FIRST + KEEP_LAST:
            del self.members[KEEP_FIRST]
        self.version += 1


class Pack:
    """A story's kept members stacked into arrays, so one article is compared with all of them
    in a few numpy calls (per member Python loops were most of grouping's CPU)."""

    def __init__(self, members: list[Member]):
        self.n = len(members)
        lens = np.fromiter((len(m.idx) for m in members), dtype=np.int64, count=self.n)
        self.idx = np.concatenate([m.idx for m in members]) if self.n else np.zeros(0, np.int32)
        self.val = (np.concatenate([m.val for m in members]).astype(np.float64) if self.n
                    else np.zeros(0, np.float64))
        self.nonempty = lens > 0
        self.starts = np.concatenate([[0], np.cumsum(lens)[:-1]])[self.nonempty] if self.n else lens
        dims = {len(m.emb) for m in members if m.emb is not None}
        self.has_emb = np.array([m.emb is not None for m in members], dtype=bool)
        self.emb = None
        if len(dims) == 1:
            self.emb = np.zeros((self.n, dims.pop()), dtype=np.float32)
            for k, m in enumerate(members):
                if m.emb is not None:
                    self.emb[k] = m.emb
        elif dims:  # mixed embedding sizes (models changed between runs): compare words only
            self.has_emb[:] = False
        self.has_day = np.array([m.day is not None for m in members], dtype=bool)
        self.day = np.array([m.day or 0 for m in members], dtype=np.int64)
        self.outlet = np.array([m.outlet or "" for m in members], dtype=object)
        self.has_outlet = np.array([m.outlet is not None for m in members], dtype=bool)

    @classmethod
    def join(cls, packs: list["Pack"]) -> "Pack":
        """Several stories' packs as one (members in order), to score an article against all
        its candidate stories in one pass."""
        j = cls.__new__(cls)
        j.n = sum(p.n for p in packs)
        sizes = np.fromiter((p.idx.size for p in packs), dtype=np.int64, count=len(packs))
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        j.idx = np.concatenate([p.idx for p in packs])
        j.val = np.concatenate([p.val for p in packs])
        j.starts = np.concatenate([p.starts + o for p, o in zip(packs, offsets.tolist())])
        for name in ("nonempty", "has_emb", "has_day", "day", "outlet", "has_outlet"):
            setattr(j, name, np.concatenate([getattr(p, name) for p in packs]))
        dims = {p.emb.shape[1] for p in packs if p.emb is not None}
        j.emb = None
        if len(dims) == 1:
            dim = dims.pop()
            j.emb = np.concatenate([p.emb if p.emb is not None else np.zeros((p.n, dim), np.float32)
                                    for p in packs])
        elif dims:  # mixed embedding sizes: words only, as in one pack
            j.has_emb = np.zeros(j.n, dtype=bool)
        return j


@dataclass
class Decision:
    """What happened to one article; the store writes it down."""

    story_id: str
    created: bool
    similarity: float
    how: str
    merged: list[tuple[str, str, float]] = field(default_factory=list)  # (merged, survivor, sim)


def trusted_outlet(outlet: str | None, outlet_from: str | None) -> str | None:
    """The outlet as grouping evidence, or None when it was only guessed."""
    if not outlet or not outlet_from or outlet_from in UNTRUSTED_OUTLET_FROM:
        return None
    return outlet.strip().casefold() or None


class StoryIndex:
    """The active (not merged) stories, their kept members, the corpus's document frequencies
    and the candidate index."""

    def __init__(self, options: Options):
        self.options = options
        self.window = int(options.story_window_days)
        self.threshold = float(options.story_threshold)
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[int, dict[int | None, set[str]]] = {}
        self.taken: set[str] = set()  # every story id ever given, merged ones included
        self.df = np.zeros(N_FEATURES, dtype=np.int32)
        self.n_docs = 0
        self.next_seq = 1
        # dense scratch copies (idf-weighted, normalised): the article being placed, and a
        # member when two stories' members are compared with each other
        self._scratch = np.zeros(N_FEATURES, dtype=np.float64)
        self._scratch2 = np.zeros(N_FEATURES, dtype=np.float64)
        # stacked members of the stories compared lately (LRU, bounded: memory does not grow)
        self._packs: OrderedDict[str, tuple[int, int, Pack]] = OrderedDict()

    def pack(self, s: StoryState) -> Pack:
        """``s``'s kept members stacked (cached while they do not change)."""
        key = (s.version, id(s.members))
        got = self._packs.get(s.id)
        if got is not None and got[:2] == key:
            self._packs.move_to_end(s.id)
            return got[2]
        p = Pack(s.members)
        self._packs[s.id] = (*key, p)
        self._packs.move_to_end(s.id)
        if len(self._packs) > PACKS:
            self._packs.popitem(last=False)
        return p

    # -- corpus statistics ---------------------------------------------------------------------
    def observe(self, f_idx: np.ndarray) -> None:
        """Count one stored article in the document frequencies."""
        self.df[f_idx] += 1
        self.n_docs += 1

    def weights(self, idx: np.ndarray) -> np.ndarray:
        return idf(self.df[idx], self.n_docs)

    # -- index maintenance -------------------------------------------------------------------
    def _bucket(self, day: int | None) -> int | None:
        return None if day is None else day // self.window

    # a story remembers where it is posted as one int per (term, bucket), not a tuple: at 100k
    # articles these sets hold millions of entries
    @staticmethod
    def post_key(term: int, bucket: int | None) -> int:
        return ((0 if bucket is None else bucket + 1) << _TERM_BITS) | term

    @staticmethod
    def unpost_key(key: int) -> tuple[int, int | None]:
        b = key >> _TERM_BITS
        return key & (N_FEATURES - 1), (None if b == 0 else b - 1)

    def _post(self, s: StoryState, key: int) -> None:
        if key not in s.posted:
            term, b = self.unpost_key(key)
            self.postings.setdefault(term, {}).setdefault(b, set()).add(s.id)
            s.posted.add(key)

    def _post_member(self, s: StoryState, m: Member) -> None:
        w = m.val * self.weights(m.idx)
        order = np.lexsort((m.idx, -rounded_array(w)))[:KEY_TERMS]  # heaviest first, ties by index
        b = self._bucket(m.day)
        for term in m.idx[order].tolist():
            self._post(s, self.post_key(term, b))

    def _unpost(self, s: StoryState) -> None:
        for key in s.posted:
            term, b = self.unpost_key(key)
            per = self.postings.get(term)
            ids = per.get(b) if per else None
            if ids is not None:
                ids.discard(s.id)
                if not ids:  # drop emptied entries: the index holds only live postings
                    del per[b]
                    if not per:
                        del self.postings[term]
        s.posted = set()

    def put(self, s: StoryState) -> None:
        self.stories[s.id] = s
        self.taken.add(s.id)
        self.next_seq = max(self.next_seq, s.seq + 1)

    def add_member(self, story_id: str, m: Member, keep: bool = True) -> None:
        """A stored member of a stored story (used when the index is rebuilt from the store);
        ``keep=False`` for a near-duplicate, which is posted but not verified against."""
        s = self.stories.get(story_id)
        if s is None:
            return
        if keep:
            s.keep(m)
        self._post_member(s, m)

    def remove(self, story_id: str) -> None:
        s = self.stories.pop(story_id, None)
        self._packs.pop(story_id, None)
        if s is not None:
            self._unpost(s)

    # -- matching ------------------------------------------------------------------------------
    def candidates(self, f: Features, day: int | None) -> list[str]:
        w = f.val * self.weights(f.idx)
        order = np.lexsort((f.idx, -rounded_array(w)))[:QUERY_TERMS]  # ties by index
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

    def _load_scratch(self, idx: np.ndarray, val: np.ndarray, scratch: np.ndarray | None = None) -> None:
        w = val.astype(np.float64) * self.weights(idx)
        n = float(np.sqrt(w @ w))
        (self._scratch if scratch is None else scratch)[idx] = w / n if n > 0 else 0.0

    def _member_sims(self, p: Pack, scratch: np.ndarray | None = None) -> np.ndarray:
        """Idf-weighted cosine of the article in the scratch vector with each stacked member."""
        num = np.zeros(p.n)
        den = np.zeros(p.n)
        if p.idx.size:
            w = p.val * self.weights(p.idx)
            sc = self._scratch if scratch is None else scratch
            num[p.nonempty] = np.add.reduceat(sc[p.idx] * w, p.starts)
            den[p.nonempty] = np.sqrt(np.add.reduceat(w * w, p.starts))
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)

    def pair_scores(self, sims: np.ndarray, day: int | None, outlet: str | None, p: Pack,
                    emb: np.ndarray | None = None) -> np.ndarray:
        """Similarity turned into evidence: headline embeddings, date distance and outlet (see
        the module docstring); one score per stacked member."""
        # words only: on the mixed score's scale, so one threshold serves both
        words = np.minimum(1.0, sims / (1.0 - EMB_WEIGHT))
        if emb is not None and p.emb is not None and p.emb.shape[1] == len(emb):
            dots = (p.emb @ emb).astype(np.float64)
            sims = np.where(p.has_emb, (1.0 - EMB_WEIGHT) * sims + EMB_WEIGHT * dots, words)
        else:
            sims = words
        out = rounded_array(sims)
        if day is not None:
            gap = np.abs(day - p.day)
            dated = np.where(gap > self.window, 0.0,
                             rounded_array(out + DATE_BONUS * (1.0 - gap / (self.window + 1))))
            out = np.where(p.has_day, dated, out)
        if outlet is not None:
            out = np.where(p.has_outlet & (p.outlet == outlet), rounded_array(out * SAME_OUTLET), out)
        return out

    def score(self, s: StoryState, day: int | None, outlet: str | None,
              emb: np.ndarray | None = None) -> float:
        """Mean evidence of the article in the scratch vector against the story's kept members."""
        p = self.pack(s)
        if not p.n:
            return 0.0
        return rounded(self.pair_scores(self._member_sims(p), day, outlet, p, emb).mean())

    def scores(self, f: Features, stories: list[StoryState], outlet: str | None = None) -> list[float]:
        """The evidence for placing an article (not yet counted) in each of ``stories``: what
        ``assign`` compares with the threshold (for diagnostics and tests)."""
        self._load_scratch(f.idx, f.val)
        try:
            return self.score_many(stories, day_number(f.date), outlet, f.embedding)
        finally:
            self._scratch[f.idx] = 0.0

    def score_many(self, stories: list[StoryState], day: int | None, outlet: str | None,
                   emb: np.ndarray | None = None) -> list[float]:
        """``score`` of each story, in one pass over all their stacked members."""
        packs = [self.pack(s) for s in stories]
        live = [p for p in packs if p.n]
        if not live:
            return [0.0] * len(stories)
        j = Pack.join(live)
        out = self.pair_scores(self._member_sims(j), day, outlet, j, emb)
        counts = np.fromiter((p.n for p in live), dtype=np.int64, count=len(live))
        means = np.add.reduceat(out, np.concatenate([[0], np.cumsum(counts)[:-1]])) / counts
        it = iter(means.tolist())
        return [rounded(next(it)) if p.n else 0.0 for p in packs]

    def scores_of(self, m: Member, p: Pack) -> np.ndarray:
        """Pair scores of one member (of another story, or of the same) against stacked members."""
        self._load_scratch(m.idx, m.val, self._scratch2)
        try:
            return self.pair_scores(self._member_sims(p, self._scratch2), m.day, m.outlet, p, m.emb)
        finally:
            self._scratch2[m.idx] = 0.0

    def cross(self, a: StoryState, b: StoryState) -> np.ndarray:
        """Pair scores of every kept member of ``a`` against every kept member of ``b``."""
        p = self.pack(b)
        rows = [self.scores_of(m, p) for m in a.members]
        return np.vstack(rows) if rows else np.zeros((0, len(b.members)))

    def should_merge(self, a: StoryState, b: StoryState) -> tuple[bool, float]:
        """Whether two stories' own members say they are one story (never one bridging article)."""
        m = self.cross(a, b)
        if m.size == 0:
            return False, 0.0
        mean = rounded(m.mean())
        strong = int((m >= self.threshold).sum())
        # a single-article story joins on the test it would have passed on arrival
        needed = 1 if min(m.shape) == 1 else MERGE_PAIRS
        return mean >= self.threshold and strong >= needed, mean

    def assign(self, article_id: str, f: Features, join_only: str | None = None,
               outlet: str | None = None) -> Decision:
        """Place one article; mutates the index.  ``join_only`` forces a story (near-duplicates);
        ``outlet`` is the article's outlet when it is known (see ``trusted_outlet``)."""
        self.observe(f.idx)
        self._load_scratch(f.idx, f.val)
        try:
            return self._assign(article_id, f, join_only, outlet)
        finally:
            self._scratch[f.idx] = 0.0

    def _assign(self, article_id: str, f: Features, join_only: str | None,
                outlet: str | None) -> Decision:
        day = day_number(f.date)
        thr = self.threshold
        member = Member(article_id, f.idx, f.val, day, outlet, f.embedding)
        if (join_only is not None and join_only in self.stories
                and self.stories[join_only].active_at(day, self.window)):
            s = self.stories[join_only]
            sim = self.score(s, day, None, f.embedding)
            self._extend(s, f, day, member, keep=False)  # a copy is not verified against twice
            return Decision(s.id, False, sim, "near-duplicate: joins the story of its original")
        cands = [self.stories[sid] for sid in self.candidates(f, day)]
        scored = [(sim, s.seq, s.id) for sim, s in
                  zip(self.score_many(cands, day, outlet, f.embedding), cands)]
        scored.sort(key=lambda x: (-x[0], x[1]))
        how = "undated: compared with stories of all dates" if day is None else "dated"
        if not scored or scored[0][0] < thr:
            sid = "s-" + article_id
            s = StoryState(id=sid, seq=self.next_seq, size=0, first=None, last=None)
            self.next_seq += 1
            self.stories[sid] = s
            self.taken.add(sid)
            self._extend(s, f, day, member)
            best = scored[0][0] if scored else 0.0
            return Decision(sid, True, 1.0, f"{how}; new story (best other {best:.3f} < {thr})")
        above = [x for x in scored if x[0] >= thr]
        best_sim, _, best_id = above[0]
        merged: list[tuple[str, str, float]] = []
        if len(above) > 1:
            # the article resembles several stories: merge only those whose own members agree
            best = self.stories[best_id]
            for _, _, sid in above[1:]:
                other = self.stories.get(sid)
                if other is None or best.id not in self.stories:
                    continue
                done = self.merge_if_agreed(best, other)
                if done is not None:
                    best, record = done
                    merged.append(record)
            best_id = best.id
            if merged:
                best_sim = self.score(best, day, outlet, f.embedding)
        s = self.stories[best_id]
        self._extend(s, f, day, member)
        return Decision(s.id, False, best_sim, how, merged)

    def _extend(self, s: StoryState, f: Features, day: int | None, member: Member,
                keep: bool = True) -> None:
        s.size += 1
        if day is not None:
            s.first = day if s.first is None else min(s.first, day)
            s.last = day if s.last is None else max(s.last, day)
        if keep:
            s.keep(member)
        self._post_member(s, member)

    def merge_if_agreed(self, a: StoryState, b: StoryState
                        ) -> tuple[StoryState, tuple[str, str, float]] | None:
        """Merge two stories when their own members agree (``should_merge``); the older one
        survives.  Returns the survivor and the record (gone id, survivor id, mean), or None."""
        ok, mean = self.should_merge(a, b)
        if not ok:
            return None
        survivor, gone = (a, b) if a.seq < b.seq else (b, a)
        self.merge(gone, survivor)
        return survivor, (gone.id, survivor.id, mean)

    def merge(self, other: StoryState, survivor: StoryState) -> None:
        """Fold ``other`` into ``survivor`` (the caller records it)."""
        survivor.size += other.size
        for d in (other.first, other.last):
            if d is not None:
                survivor.first = d if survivor.first is None else min(survivor.first, d)
                survivor.last = d if survivor.last is None else max(survivor.last, d)
        for m in other.members:
            survivor.keep(m)
        posted = other.posted
        self.remove(other.id)
        for key in posted:
            self._post(survivor, key)


# -- reconsolidation (``newsprism regroup``; ``add`` runs it on the stories it touched) --------

@dataclass
class Split:
    story_id: str  # keeps its id and the founding article's group
    new_story: str  # "s-" + the first article of the group that leaves
    seq: int
    article_ids: list[str]
    mean: float  # mean evidence between the two groups (below the threshold)


class Regrouper:
    """Plans and applies splits and merges on a ``StoryIndex`` (the store records them).

    - Split: a story whose members all are kept (small stories; a large one is left alone) is
      clustered with average linkage (scipy) on its members' pair scores, cut at the threshold.
      A group of at least two members that does not hold the founding article leaves as a new
      story; single articles stay (one weak article is not a second story).
    - Merge: a story is compared with the stories its members retrieve; two stories merge when
      ``StoryIndex.should_merge`` says their members agree (never on one bridging article).
    """

    def __init__(self, index: StoryIndex):
        self.index = index

    def plan_split(self, s: StoryState) -> Split | None:
        ix = self.index
        n = len(s.members)
        if n < 4 or s.size != n:
            return None
        from scipy.cluster.hierarchy import fcluster, linkage

        p = ix.pack(s)
        m = np.vstack([ix.scores_of(a, p) for a in s.members])
        m = np.minimum(m, m.T)  # symmetric; the outlet and date rules are symmetric already
        dist = np.clip(1.0 - m, 0.0, None)[np.triu_indices(n, 1)]
        labels = fcluster(linkage(dist, method="average"), t=1.0 - ix.threshold, criterion="distance")
        founder = labels[0]
        groups: dict[int, list[int]] = {}
        for k, lab in enumerate(labels):
            groups.setdefault(int(lab), []).append(k)
        leaving = [g for lab, g in sorted(groups.items(), key=lambda kv: kv[1][0])
                   if lab != founder and len(g) >= 2]
        if not leaving:
            return None
        g = leaving[0]  # one split per pass: the rest is reconsidered on the next pass
        rest = [k for k in range(n) if k not in g]
        mean = rounded(m[np.ix_(g, rest)].mean())
        new_id = base = "s-" + s.members[g[0]].article_id
        k = 1
        while new_id in ix.taken:  # that article founded a story that was merged since
            k += 1
            new_id = f"{base}-{k}"
        return Split(s.id, new_id, ix.next_seq,
                     [s.members[k].article_id for k in g], mean)

    def apply_split(self, sp: Split) -> StoryState:
        ix = self.index
        s = ix.stories[sp.story_id]
        moving = set(sp.article_ids)
        stay = [m for m in s.members if m.article_id not in moving]
        leave = [m for m in s.members if m.article_id in moving]
        ix.remove(s.id)
        new = StoryState(id=sp.new_story, seq=sp.seq, size=0, first=None, last=None)
        ix.next_seq = max(ix.next_seq, sp.seq + 1)
        ix.taken.add(new.id)
        for story, members in ((s, stay), (new, leave)):
            story.members, story.size, story.first, story.last = [], 0, None, None
            story.version += 1
            ix.stories[story.id] = story
            for m in members:
                f = Features(idx=m.idx, val=m.val, names=[], minhash=np.zeros(0, np.uint64),
                             date=day_iso(m.day), embedding=m.emb)
                ix._extend(story, f, m.day, m)
        return new

    def merge_candidates(self, s: StoryState) -> list[str]:
        """Stories that at least one member of ``s`` would join (scored as on arrival)."""
        ix = self.index
        found: dict[str, int] = {}
        for m in s.members:
            f = Features(idx=m.idx, val=m.val, names=[], minhash=np.zeros(0, np.uint64),
                         date=day_iso(m.day), embedding=m.emb)
            ix._load_scratch(m.idx, m.val)
            try:
                others = [ix.stories[sid] for sid in ix.candidates(f, m.day)
                          if sid != s.id and sid not in found]
                for o, sim in zip(others, ix.score_many(others, m.day, m.outlet, m.emb)):
                    if sim >= ix.threshold:
                        found[o.id] = o.seq
            finally:
                ix._scratch[m.idx] = 0.0
        return sorted(found, key=found.get)

    def run(self, story_ids: list[str]) -> tuple[list[Split], list[tuple[str, str, float]]]:
        """Split, then merge, the given stories (and what they merge with); mutates the index."""
        ix = self.index
        splits: list[Split] = []
        merges: list[tuple[str, str, float]] = []
        todo = sorted({sid for sid in story_ids if sid in ix.stories}, key=lambda x: ix.stories[x].seq)
        for sid in list(todo):
            s = ix.stories.get(sid)
            sp = self.plan_split(s) if s is not None else None
            if sp is not None:
                self.apply_split(sp)
                splits.append(sp)
                todo.append(sp.new_story)
        for sid in todo:
            s = ix.stories.get(sid)
            if s is None:
                continue
            for other_id in self.merge_candidates(s):
                other = ix.stories.get(other_id)
                if other is None or s.id not in ix.stories:
                    continue
                done = ix.merge_if_agreed(s, other)
                if done is not None:
                    s, record = done
                    merges.append(record)
        return splits, merges

