"""Claims: sentences from different articles that report the same thing, aligned.

- ``find_claims(ctx) -> list[Claim]``: every sentence lands in exactly one claim (singletons
  too); a claim holds at most one sentence per article.
- ``find_agreements(claims) -> list[Claim]``: what two or more independent sources report.
- ``find_exclusives(ctx, claims) -> list[Exclusive]``: salient facts only one independent source
  reports.

Reads ``ctx.refs`` and ``ctx.sim`` (cosine of the sentence embeddings, or TF-IDF cosine when an
article has none; rounded, so ties are broken by sentence order, never by float noise), the nlp
values, times and the developments status lexicon.  Clustering is a
deterministic, constrained single-link merge: candidate pairs are taken from the most to the
least similar, and two clusters merge only if they share no article.  (Hand-written because the
"at most one sentence per article" constraint is not something scikit-learn's clustering offers.)

A dateline, a lone quote mark or a sentence without content words is never part of a claim
(``is_claimable``), nor is a byline or a picture credit (``is_credit``).  Two sentences align only
when they share what is specific to one fact, not just the story's topic words (``_Support``:
story-IDF-weighted stems and figures in common), or report the same stage of the story; after
grouping, a member that does not share it with the wording shown is grouped again apart.  A
sentence cut off with "..." is shown only when no member is complete.  Groups merge by average
link (the mean similarity across them at least the relaxed threshold), so a sentence is not
credited to an outlet whose sentence only resembles a third one; the claim shows the wording
whose content words the other members share most.
Two similar-reading sentences are never put in one claim when they cannot report the same fact:
figures of one kind for different periods, incompatible figures for the same measure (those are
the sides of a contradiction, not an agreement), different stages of the story (asked to resign /
refusing / resigned) or different resolved days.  Sentences that report the same stage of the
story align at a lower similarity (``_FRAME_RELAX``), because such paraphrases embed apart.

Independent sources come from ``ctx.independent`` (``sources.source_roots``: a partial copy counts
with what it copies).
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..cleaning.patterns import REPORTING_BY, is_contributor_line, is_credit_only
from ..disjoint import DisjointSet
from ..lexicon import stem
from ..model import Claim, Evidence, Exclusive
from ..nlp.sentences import dateline_end
from ..scores import rounded
from .context import SentenceRef, StoryContext, StoryFact
from .developments import statuses_of_sentence
from .evidence import content_words
from .fact_pairs import fact_family, lone_pair
from .facts import FactValues, same_event
from .sources import count_sources
from .values import compatible

__all__ = ["find_claims", "find_agreements", "find_exclusives", "is_claimable", "is_credit",
           "is_cut_off"]

# ------------------------------------------------------------------------------------------
# claims


def find_claims(ctx: StoryContext) -> list[Claim]:
    """Every sentence in exactly one claim; reads ``ctx.refs`` and ``ctx.sim``."""
    annotated, refs, sim, threshold, roots = ctx.annotated, ctx.refs, ctx.sim, ctx.threshold, ctx.independent
    if not refs:
        return []
    words = [content_words(r.text) for r in refs]
    support = _Support(refs, words, sim, threshold if ctx.measure == "cosine" else None)
    clusters = _cluster(refs, sim, threshold, _features(ctx), support)
    claims: list[tuple[tuple, Claim]] = []
    for members in clusters:
        members = sorted(members, key=lambda i: (refs[i].article_index, refs[i].start))
        best = _representative(refs, sim, members)
        arts = [annotated[refs[i].article_index].article for i in members]
        ids = [a.id for a in arts]
        outlets = sorted({a.outlet for a in arts})
        evidence = [Evidence(annotated[refs[i].article_index].article.id, refs[i].start,
                             refs[i].end, refs[i].text) for i in members]
        claim = Claim(id="", text=refs[best].text, articles=ids, outlets=outlets,
                      sources=count_sources(ids, roots), evidence=evidence)
        first = refs[members[0]]
        claims.append(((-claim.sources, -len(ids), first.article_index, first.start), claim))
    claims.sort(key=lambda t: t[0])
    out = []
    for k, (_, c) in enumerate(claims, 1):
        c.id = f"claim-{k}"
        out.append(c)
    return out


def _representative(refs: Sequence[SentenceRef], sim: np.ndarray, members: list[int]) -> int:
    """A complete sentence rather than one cut off ("... announced soon after it..."), then the
    member whose content words the other members carry most (each outlet listed must stand
    behind the wording shown), then the most central one, then the first."""
    if len(members) == 1:
        return members[0]
    words = {i: set(content_words(refs[i].text)) for i in members}

    def score(i: int) -> tuple:
        others = [words[j] for j in members if j != i]
        covered = sum(len(words[i] & o) for o in others) / (len(others) * max(1, len(words[i])))
        central = sum(float(sim[i, j]) for j in members if j != i) / (len(members) - 1)
        return (is_cut_off(refs[i].text), -rounded(covered), -rounded(central), members.index(i))

    return min(members, key=score)


_PERIOD_KINDS = {"count": "count", "number": "count", "percent": "percent", "money": "money"}


@dataclass
class _Feat:
    """What a sentence asserts that two paraphrases cannot disagree on."""

    periods: dict[str, frozenset[str]]  # value family -> periods of its figures
    values: list[tuple[str, str, Any, str]]  # (family, period or subject, Value, article text)
    status: frozenset[int]  # ranks in the developments lifecycle (asked / refusing / resigned)
    days: frozenset[str]  # resolved days ("2025-03-15") of its time expressions
    facts: dict[str, list[StoryFact]]  # fact family -> the sentence's facts (compare/facts.py)
    same: Any  # FactValues.same: do two facts give the same value
    claimable: bool  # False for a dateline, a lone quote mark, a sentence without a content word


# "... contributed to this report", "contributed reporting from Kyiv": a credit wherever the
# names end (cleaning's contributor pattern stops at a middle initial, "Michael E. Ruane")
_CONTRIBUTED = re.compile(
    r"\bcontributed\s+(?:(?:reporting|research|writing)\s+)?to\s+(?:this|the)\s+"
    r"(?:report|story|article|piece|coverage)\b|"
    r"\bcontributed\s+(?:reporting|research|writing)(?:\s+(?:from|in)\s+[A-Z][^.!?]{0,60})?\W*$")
# a line without a verb-bearing shape: capitalised words (and the connectives of names of
# institutions), no sentence-final punctuation; a picture credit ("Human Origins Program,
# Smithsonian"), a caption heading, a section title
_LINE_WORD = re.compile(r"[^\s,/;:|()\[\]\u2013\u2014-]+")
_NAME_CONNECTIVES = frozenset({"of", "and", "the", "for", "in", "at", "on", "de", "du", "von",
                               "van", "&", "via"})
_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")
# a sentence the page or the extractor cut off ("... announced soon after it...")
_CUT_OFF = re.compile(r"(?:\.\.\.|\u2026)[\"'\u201d\u2019)\]]*\s*$")


def is_credit(text: str) -> bool:
    """A byline, contributor line or picture credit: who wrote or photographed, not what happened.

    "Staff writers A, B and C contributed to this report.", "(Reporting by A; Editing by B)",
    "Human Origins Program, Smithsonian", "Jane Doe/AP"."""
    s = text.strip()
    if (is_contributor_line(s) or (len(s.split()) <= 40 and _CONTRIBUTED.search(s))
            or REPORTING_BY.match(s) or is_credit_only(s)):
        return True
    if _TERMINAL.search(s):
        return False
    words = _LINE_WORD.findall(s)
    return bool(words) and len(words) <= 12 and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_CONNECTIVES for w in words)


def is_cut_off(text: str) -> bool:
    """A sentence that ends in an ellipsis: cut off by the page, its fact unfinished."""
    return bool(_CUT_OFF.search(text))


@functools.lru_cache(maxsize=8192)  # once per distinct sentence (copies repeat them)
def is_claimable(text: str) -> bool:
    """A sentence can be a claim when, past any dateline ("WASHINGTON —", "LIMA, Dec 1
    (Reuters) -"), it has at least two content words and is not a credit (``is_credit``): a lone
    quote mark, "he said.", a dateline or a byline asserts nothing about the event."""
    end = dateline_end(text, 0)
    return len(content_words(text[end or 0:])) >= 2 and not is_credit(text[end or 0:])


def _features(ctx: StoryContext) -> list[_Feat]:
    annotated, refs = ctx.annotated, ctx.refs
    facts_at: dict[tuple[int, int], dict[str, list[StoryFact]]] = {}
    for sf in ctx.facts:
        fam = fact_family(sf.fact)
        if fam is not None:
            facts_at.setdefault((sf.article, sf.fact.sentence), {}).setdefault(fam, []).append(sf)
    same = FactValues(annotated).same
    out = []
    for r in refs:
        ann = annotated[r.article_index]
        periods: dict[str, set[str]] = {}
        vals = []
        for v in ann.values:
            if v.sentence != r.sentence_index:
                continue
            fam = _PERIOD_KINDS.get(v.kind, v.kind)
            if fam in ("count", "percent", "money") and v.period:
                periods.setdefault(fam, set()).add(v.period.strip().lower())
            if fam in ("count", "percent", "money", "age", "tally"):
                slot = (v.period or "").strip().lower() if fam != "age" else (v.subject or "").lower()
                attr = "age" if fam == "age" else " ".join(
                    sorted(set(re.findall(r"[a-z]+", (v.attribute or "").lower()))))
                if attr:
                    vals.append((f"{fam}|{attr}", slot, v, ann.article.text))
        status = statuses_of_sentence(r.text)
        days = frozenset(t.date for t in ann.times
                         if t.sentence == r.sentence_index and t.granularity == "day" and t.date)
        out.append(_Feat({k: frozenset(p) for k, p in periods.items()}, vals, status, days,
                         facts_at.get((r.article_index, r.sentence_index), {}), same,
                         is_claimable(r.text)))
    return out


def _conflict(a: _Feat, b: _Feat) -> bool:
    """True when two similar-looking sentences cannot be the same claim: figures for different
    periods (a monthly and a yearly count), figures that contradict each other (they are two
    sides of a contradiction, not an agreement), different stages of the story (asked to resign
    vs resigned), or different days; also any fact family (a figure of one unit, an age, a
    weekday, a date, a place) where each sentence gives a value the other does not (1,200 vs
    1,500 residents; 2002 vs 2003): a contradiction candidate, never an agreement."""
    if any(a.periods[k].isdisjoint(b.periods[k]) for k in a.periods.keys() & b.periods.keys()):
        return True
    if a.status and b.status and a.status.isdisjoint(b.status):
        return True
    if a.days and b.days and a.days.isdisjoint(b.days):
        return True
    # the same measure (family, attribute, period or person) given once in each sentence
    ka = Counter((f, s_) for f, s_, _, _ in a.values)
    kb = Counter((f, s_) for f, s_, _, _ in b.values)
    for fa, sa, va, ta in a.values:
        if ka[(fa, sa)] != 1 or kb[(fa, sa)] != 1:
            continue
        for fb, sb, vb, tb in b.values:
            if fa == fb and sa == sb and not compatible(va, ta, vb, tb):
                return True
    for fam in a.facts.keys() & b.facts.keys():
        pair = lone_pair(a.facts[fam], b.facts[fam], a.same)
        if pair is not None and same_event(*pair):  # (near-paraphrases are clustered anyway)
            return True
    return False


# Two sentences that report the same stage of the story ("was asked to step down" / "asked him
# to resign") are paraphrases more often than their embeddings say: they align at this fraction
# of the threshold.  Measured on the seeds and the example story (paraphrases at 0.56-0.64
# cosine, unrelated sentences of the same story mostly below 0.5).
_FRAME_RELAX = 0.77
# average link: the mean similarity across two groups must reach this share of the relaxed
# threshold for them to merge
# (measured on the seeds and the example story: 0.9 keeps "asked to resign" said three ways by
# three outlets together, and leaves out sentences that only resemble one member)
_LINK = 0.9


def _same_frame(a: _Feat, b: _Feat) -> bool:
    return bool(a.status and b.status and a.status == b.status)


# Two sentences of one story read alike to the embeddings when they are about the same thing
# ("the drug is given as a pill" / "the drug cut the risk"; a storm's category / its speed): the
# story's topic words dominate both.  So an outlet stands behind another's sentence only when
# the two also share what is specific to it: the content words (stemmed) and figures they have
# in common, each weighted by how rare it is among the story's sentences (log (N+1)/df, so a
# word of every sentence weighs next to nothing), must make up this share of the lighter
# sentence's weight.  (Measured on bench/agreements.py's dev stories: the same fact reworded
# shares 0.23-1.0 of it, most above 0.3; two facts on one topic 0.05-0.25, one at 0.46.)
_SHARE = 0.28
# ... unless the embeddings alone put them this far from the cosine threshold towards identity
# (0.85 at the default 0.72): a paraphrase in other words
_STRONG = 0.45
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


class _Support:
    """Whether two sentences of one story share enough of what is specific to them (above)."""

    def __init__(self, refs: Sequence[SentenceRef], words: Sequence[list[str]], sim: np.ndarray,
                 cosine_threshold: float | None):
        """``words``: each sentence's ``content_words``."""
        self.sim = sim
        self.strong = (rounded(cosine_threshold + (1 - cosine_threshold) * _STRONG)
                       if cosine_threshold is not None else None)
        self.terms = [frozenset(stem(w) for w in ws)
                      | frozenset(m.replace(",", "") for m in _NUMBER.findall(r.text))
                      for r, ws in zip(refs, words)]
        df = Counter(t for ts in self.terms for t in ts)
        n = len(refs) + 1  # smoothed: in a story of two sentences, what both say still counts
        self.idf = {t: math.log(n / c) for t, c in df.items()}
        self.weight = [sum(self.idf[t] for t in ts) for ts in self.terms]

    def share(self, i: int, j: int) -> float:
        lighter = min(self.weight[i], self.weight[j])
        if lighter <= 0:
            return 0.0
        both = sum(self.idf[t] for t in self.terms[i] & self.terms[j])
        return rounded(both / lighter)

    def __call__(self, i: int, j: int) -> bool:
        if self.strong is not None and float(self.sim[i, j]) >= self.strong:
            return True
        return self.share(i, j) >= _SHARE


def _says_same(feats: Sequence[_Feat] | None, support: _Support | None, i: int, j: int) -> bool:
    """Two sentences can stand for one fact: they report the same stage of the story (asked to
    resign / refusing / resigned: the predicate itself matches), or they share its specific
    content (``_Support``)."""
    if support is None or (feats is not None and _same_frame(feats[i], feats[j])):
        return True
    return support(i, j)


def _cluster(refs: Sequence[SentenceRef], sim: np.ndarray, threshold: float,
             feats: Sequence[_Feat] | None = None, support: _Support | None = None) -> list[list[int]]:
    """Groups of sentence rows (every row in one group); with ``support``, every member of a
    group shares the specific content of the group's representative (the wording shown), and
    members that do not are grouped again among themselves."""
    todo, out = [list(range(len(refs)))], []
    while todo:
        for g in _merge(refs, sim, threshold, feats, support, todo.pop()):
            if support is None or len(g) == 1:
                out.append(g)
                continue
            rep = _representative(refs, sim, g)
            keep = [i for i in g if i == rep or _says_same(feats, support, rep, i)]
            out.append(keep)
            if len(keep) < len(g):
                todo.append([i for i in g if i not in keep])
    return sorted((sorted(g) for g in out), key=lambda g: g[0])


def _merge(refs: Sequence[SentenceRef], sim: np.ndarray, threshold: float,
           feats: Sequence[_Feat] | None, support: _Support | None,
           rows: list[int]) -> list[list[int]]:
    n = len(refs)
    art = np.array([r.article_index for r in refs])
    low = rounded(threshold * _FRAME_RELAX) if feats is not None else threshold
    inside = np.zeros(n, dtype=bool)
    inside[rows] = True
    cand = np.argwhere(np.triu(sim >= low, k=1) & (art[:, None] != art[None, :])
                       & inside[:, None] & inside[None, :])
    ok = [f.claimable for f in feats] if feats is not None else [True] * n
    pairs = sorted(((-float(sim[i, j]), int(i), int(j)) for i, j in cand
                    if ok[i] and ok[j] and (sim[i, j] >= threshold or _same_frame(feats[i], feats[j]))
                    and _says_same(feats, support, int(i), int(j))))
    sets = DisjointSet(range(n))
    find = sets.find
    members: dict[int, set[int]] = {i: {int(art[i])} for i in range(n)}
    groups_of: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Many candidate pairs join the same two groups: a merge refused once stays refused until
    # one of the groups grows (``grown`` counts that), and each sentence pair's conflict is
    # computed once.  Same result as checking afresh; fewer calls where one
    # sentence has many copies.
    grown: dict[int, int] = {i: 0 for i in range(n)}
    refused: set[tuple[int, int, int, int]] = set()
    conflicts: dict[tuple[int, int], bool] = {}

    # a sentence that asserts none of what _conflict compares conflicts with nothing
    bare = [not (f.periods or f.status or f.days or f.values or f.facts) for f in feats] \
        if feats is not None else []

    def conflict(x: int, y: int) -> bool:
        if bare[x] or bare[y]:
            return False
        key = (x, y) if x < y else (y, x)
        hit = conflicts.get(key)
        if hit is None:
            hit = conflicts[key] = _conflict(feats[x], feats[y])
        return hit

    for _, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj or members[ri] & members[rj]:
            continue
        lo, hi = min(ri, rj), max(ri, rj)
        state = (lo, grown[lo], hi, grown[hi])
        if state in refused:
            continue
        # average link: the sentences of one group must on average read like those of the
        # other, so a chain A~B, B~C does not credit C with what only A says
        cross = sim[np.ix_(groups_of[ri], groups_of[rj])].ravel().tolist()  # row by row, as a loop
        if rounded(sum(cross) / len(cross)) < _LINK * low or (
                feats is not None and any(conflict(x, y) for x in groups_of[ri] for y in groups_of[rj])):
            refused.add(state)
            continue
        sets.union(lo, hi)  # lo stays the root
        members[lo] |= members.pop(hi)
        groups_of[lo] += groups_of.pop(hi)
        grown[lo] += 1
    groups: dict[int, list[int]] = {}
    for i in rows:
        groups.setdefault(find(i), []).append(i)
    return [groups[k] for k in sorted(groups)]


def find_agreements(claims: Sequence[Claim], findings: Sequence[Any] = ()) -> list[Claim]:
    """Claims that two or more independent sources report, the most widely reported first.

    ``findings``: contradictions; a claim whose sentences hold different sides of one of them
    (61 in one sentence, 62 in the other; Richmond, Calif. and Richmond, N.D.) is a contradiction,
    never an agreement.  A misspelt name or a reworded quote does not contest a claim.
    """
    agreed = [c for c in claims if c.sources >= 2 and not _contested(c, findings)]
    return sorted(agreed, key=lambda c: (-c.sources, -len(c.articles)))  # stable: keeps claim order


def _contested(claim: Claim, findings: Sequence[Any]) -> bool:
    def side_of(f) -> set[int]:
        out = set()
        for k, side in enumerate(f.sides):
            for a in (side.anchors or [(e.article, e.start, e.end) for e in side.evidence]):
                if any(ev.article == a[0] and ev.start <= a[1] and a[2] <= ev.end for ev in claim.evidence):
                    out.add(k)
        return out

    # a misspelt name or a reworded quote does not change what the sentences report
    return any(len(side_of(f)) >= 2 for f in findings
               if getattr(f, "sides", None) and getattr(f, "kind", "") not in ("name", "quote"))


# ------------------------------------------------------------------------------------------
# exclusives

_TRIVIA = re.compile(
    r"contributed to this report|subscribe|newsletter|all rights reserved|click here|"
    r"sign up|follow us|read more|^\W*(photo|image|video)\b", re.IGNORECASE)
_MIN_WORDS = 6
_MIN_SALIENCE = 0.3
_ECHO = 0.8  # fraction of the claim threshold at which another source "says something close"


def find_exclusives(ctx: StoryContext, claims: Sequence[Claim]) -> list[Exclusive]:
    """Salient sentences that only one independent source reports.

    Salience (0-1) = a named entity in the sentence (0.3, a second one 0.15 more), a value (0.2),
    a quote (0.15), and how central the sentence is to the story (0.2, TF-IDF cosine to the
    story's centroid, scaled so the most central sentence scores 1).
    Short sentences, sentences with neither entity, value nor quote, and page furniture are skipped.
    """
    annotated, options, roots = ctx.annotated, ctx.options, ctx.independent
    by_id = {a.article.id: a for a in annotated}
    single = [c for c in claims if c.sources == 1]
    if not single or len(set(roots.values())) < 2:
        return []  # with one source, everything is "exclusive": nothing to single out
    centrality = _centrality(ctx)
    near = _nearest_other_source(ctx)
    found: list[Exclusive] = []
    for c in single:
        # the source's own article rather than a syndicated copy of it
        ev = next((e for e in c.evidence if by_id.get(e.article) is not None
                   and not by_id[e.article].article.duplicate_of), c.evidence[0])
        ann = by_id.get(ev.article)
        if ann is None:
            continue
        if len(ev.text.split()) < _MIN_WORDS or _TRIVIA.search(ev.text):
            continue
        ents = {m.text for m in ann.entities if m.start >= ev.start and m.end <= ev.end}
        vals = [v for v in ann.values if v.start >= ev.start and v.end <= ev.end]
        quotes = [q for q in ann.quotes if q.start < ev.end and q.end > ev.start]
        if not (ents or vals or quotes):
            continue
        if near.get((ev.article, ev.start), 0.0) >= _ECHO:
            continue  # another source says something close: not exclusive, just worded apart
        cent = centrality.get((ev.article, ev.start), 0.0)
        score = (0.3 * bool(ents) + 0.15 * (len(ents) > 1) + 0.2 * bool(vals) + 0.15 * bool(quotes)
                 + 0.2 * cent)
        if score < _MIN_SALIENCE:
            continue
        found.append(Exclusive(article=ev.article, outlet=ann.article.outlet, text=ev.text,
                               salience=round(float(score), 3), evidence=list(c.evidence)))
    order = {a.article.id: k for k, a in enumerate(annotated)}
    found.sort(key=lambda e: (-e.salience, order.get(e.article, 0), e.evidence[0].start))
    kept: list[Exclusive] = []
    per_article: dict[str, int] = {}
    for e in found:
        if per_article.get(e.article, 0) >= options.max_exclusives_per_article:
            continue
        per_article[e.article] = per_article.get(e.article, 0) + 1
        kept.append(e)
    return kept


def _nearest_other_source(ctx: StoryContext) -> dict[tuple[str, int], float]:
    """(article id, sentence start) -> best similarity to a sentence of another independent
    source, as a fraction of the claim threshold of the measure used (rounded)."""
    annotated, refs, sim = ctx.annotated, ctx.refs, ctx.sim
    if not refs:
        return {}
    roots = [ctx.independent.get(annotated[r.article_index].article.id, str(r.article_index)) for r in refs]
    code = {root: k for k, root in enumerate(sorted(set(roots)))}
    src = np.array([code[root] for root in roots])
    other = src[:, None] != src[None, :]
    best = np.where(other, sim, -1.0).max(axis=1) if len(refs) > 1 else np.zeros(1)
    return {(annotated[r.article_index].article.id, r.start): rounded(float(b) / ctx.threshold)
            for r, b in zip(refs, best)}


def _centrality(ctx: StoryContext) -> dict[tuple[str, int], float]:
    """(article id, sentence start) -> cosine to the story's TF-IDF centroid, scaled to 0-1."""
    annotated, refs = ctx.annotated, ctx.refs
    if len(refs) < 2:
        return {}
    from ..nlp.tfidf import TfidfVectorizer  # scikit-learn's, without importing scikit-learn

    try:
        m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [r.text for r in refs])
    except ValueError:
        return {}
    centroid = np.asarray(m.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    scores = (m @ (centroid / norm)).ravel()
    top = float(scores.max()) or 1.0
    return {(annotated[r.article_index].article.id, r.start): rounded(float(s) / top)
            for r, s in zip(refs, scores)}
