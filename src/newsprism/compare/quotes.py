"""Quotes grouped across outlets: the same statement, who said it, and how each outlet worded it.

Two quotes from different articles are the same statement when their wordings match closely
(rapidfuzz token-set / partial ratio over case- and punctuation-folded text) and their speakers
agree once canonicalised (or one of them is unknown).  A statement that outlets attribute to
different speakers is still grouped when the wording is nearly identical and long enough to be
distinctive.  ``reworded`` is True when outlets' wordings differ beyond punctuation and case
and beyond one outlet quoting an excerpt of what another quotes in full.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import numpy as np
from rapidfuzz import fuzz, process

from ..model import AnnotatedArticle, Evidence, QuoteGroup, QuoteVariant
from ..options import Options
from .entities import EntityIndex
from ..disjoint import DisjointSet

__all__ = ["group_quotes", "quotes_by_speaker", "normalize_quote", "quote_similarity", "is_reworded"]

# Wording scores (0..100) at or above which two quotes are the same statement.
SAME_SPEAKER_SCORE = 80.0
OTHER_SPEAKER_SCORE = 90.0
MIN_FUZZY_WORDS = 4  # shorter quotes ("lying") group only when identical
MIN_OTHER_SPEAKER_WORDS = 8


def normalize_quote(text: str) -> str:
    """Case, punctuation, quote marks and dotted abbreviations folded ("U.S." == "US")."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", s)  # u.s. -> us.
    s = re.sub(r"\b([a-z])\.([a-z])\.", r"\1\2", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def quote_similarity(a: str, b: str) -> float:
    """Similarity (0..100) of two normalised quote wordings."""
    if a == b:
        return 100.0
    wa, wb = len(a.split()), len(b.split())
    if min(wa, wb) < MIN_FUZZY_WORDS:
        return 0.0
    score = fuzz.token_set_ratio(a, b)
    if min(wa, wb) >= 6:
        # a shorter excerpt of the same statement
        score = max(score, fuzz.partial_ratio(a, b))
    # token_set_ratio gives 100 to any subset: demand that the shorter one be a real share
    if score >= SAME_SPEAKER_SCORE and min(wa, wb) / max(wa, wb) < 0.3:
        score = min(score, fuzz.partial_ratio(a, b))
    return float(score)


def is_reworded(wordings: list[str]) -> bool:
    """True when two normalised wordings of one statement differ beyond one being an excerpt of
    the other ("new era of diplomacy" inside "opening a new era of diplomacy" is no rewording)."""
    for i, a in enumerate(wordings):
        for b in wordings[i + 1:]:
            if f" {a} " not in f" {b} " and f" {b} " not in f" {a} ":
                return True
    return False


def group_quotes(annotated: list[AnnotatedArticle], entities: EntityIndex | None = None,
                 options: Options | None = None) -> list[QuoteGroup]:
    """Every quote of the story, grouped by statement, with speakers canonicalised.

    Groups are ordered by the number of outlets carrying them, then by first appearance.
    """
    items = []  # (article index, quote, article, normalised, canonical speaker)
    for ai, an in enumerate(annotated):
        for q in sorted(an.quotes, key=lambda q: (q.start, q.end)):
            if q.end <= q.start:
                continue
            speaker = q.speaker
            if speaker and entities is not None:
                speaker = entities.canonical(speaker)
            norm = normalize_quote(an.article.text[q.start:q.end])
            if not norm:
                continue
            items.append((ai, q, an.article, norm, speaker))
    uf = DisjointSet(range(len(items)))
    norms = [it[3] for it in items]
    # all pairs at once in rapidfuzz's C++ (a story of 50 articles has hundreds of quotes); the
    # exact rules of quote_similarity are applied to the candidate pairs only
    if len(items) > 1:
        # an excerpt of a longer quote scores high here too (its words are a subset)
        rough = process.cdist(norms, norms, scorer=fuzz.token_set_ratio, score_cutoff=60)
        cand = np.argwhere(np.triu(rough >= 60, k=1))
    else:
        cand = np.empty((0, 2), dtype=int)
    for i, j in cand.tolist():
        ai, qi, _, ni, si = items[i]
        aj, qj, _, nj, sj = items[j]
        if ai == aj and ni != nj:
            continue
        score = quote_similarity(ni, nj)
        if si is None or sj is None or si == sj:
            ok = score >= SAME_SPEAKER_SCORE
        else:
            ok = (score >= OTHER_SPEAKER_SCORE
                  and min(len(ni.split()), len(nj.split())) >= MIN_OTHER_SPEAKER_WORDS)
        if ok:
            uf.union(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        members[uf.find(i)].append(i)

    groups: list[tuple[tuple, QuoteGroup]] = []
    for root, idxs in members.items():
        variants: dict[str, QuoteVariant] = {}
        vorder: list[str] = []
        speakers = Counter()
        for i in idxs:
            ai, q, art, norm, speaker = items[i]
            if speaker:
                speakers[speaker] += 1
            v = variants.get(norm)
            if v is None:
                v = variants[norm] = QuoteVariant(text=art.text[q.start:q.end], articles=[], outlets=[], evidence=[])
                vorder.append(norm)
            if art.id not in v.articles:
                v.articles.append(art.id)
            if art.outlet not in v.outlets:
                v.outlets.append(art.outlet)
            v.evidence.append(Evidence.of(art, q.start, q.end))
        vlist = [variants[n] for n in vorder]
        for v in vlist:
            v.outlets.sort()
        best = sorted(vlist, key=lambda v: (-len(v.outlets), -len(v.articles), vorder.index(normalize_quote(v.text))))[0]
        speaker = sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if speakers else None
        outlets = sorted({o for v in vlist for o in v.outlets})
        first = min((items[i][0], items[i][1].start) for i in idxs)
        g = QuoteGroup(speaker=speaker, text=best.text, outlets=outlets, variants=vlist,
                       reworded=is_reworded(vorder))
        groups.append(((-len(outlets), first), g))
    groups.sort(key=lambda t: t[0])
    return [g for _, g in groups]


def quotes_by_speaker(groups: list[QuoteGroup]) -> dict[str, list[QuoteGroup]]:
    """Who said what: quote groups by canonical speaker ("unknown" when no speaker was found),
    speakers with the most statements first."""
    out: dict[str, list[QuoteGroup]] = defaultdict(list)
    for g in groups:
        out[g.speaker or "unknown"].append(g)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] == "unknown", -len(kv[1]), kv[0])))
