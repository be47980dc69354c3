"""Quotes grouped across outlets: the same statement, who said it, and how each outlet worded it.

Two quotes from different articles are the same statement when their words align
(``quote_align.align_quotes``: word by word, after folding punctuation, dashes, contractions,
compounds and censoring): most of the shorter quote's words and content words are found, in
order, in the other (a piece of a longer quote, or several pieces joined, align fully), with a
run of at least three words in common, and their speakers agree once canonicalised (or one is
unknown).  Quotes that outlets attribute to different speakers group only when nearly all of a
long quote aligns.  Two quotes whose sentences are dated on different days are two occasions,
never one statement.  rapidfuzz's token-set ratio over all pairs only proposes candidates.

A group is ``reworded`` when two of its quotes from independent articles align with a content
word *replaced* inside aligned text (``quote_wording_contradictions`` lists each such rewording
as a ``kind="quote"`` contradiction, with the replaced word's span in every quote as evidence).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from ..disjoint import DisjointSet
from ..model import (AnnotatedArticle, Contradiction, ContradictionSide, Evidence, QuoteGroup,
                     QuoteVariant)
from ..options import Options
from .entities import EntityIndex
from .quote_align import QuoteAlignment, align_quotes, quote_tokens

__all__ = ["group_quotes", "quotes_by_speaker", "quote_wording_contradictions", "normalize_quote",
           "wording_key", "same_statement", "same_speaker", "QuoteRewording", "quote_rewordings"]

MIN_FUZZY_WORDS = 4  # shorter quotes ("lying") group only when their words are identical
MIN_OTHER_SPEAKER_WORDS = 8
SAME_COVERAGE = 0.7  # share of the shorter quote's words aligned with the other
SAME_CONTENT_COVERAGE = 0.6  # and of its content words
OTHER_SPEAKER_COVERAGE = 0.85  # words equal, when two speakers are named
MIN_RUN = 3  # words in a row in common
# a rewording needs this much agreement around it: it is one statement, not two
REWORD_MIN_CONTENT = 3
OVERLAP_DENSITY = 0.8  # two overlapping pieces: aligned share of the stretch they share
OVERLAP_CONTENT = 4  # content words equal there, and words in a row
CANDIDATE_SCORE = 60  # rapidfuzz token-set ratio that makes a pair worth aligning


def normalize_quote(text: str) -> str:
    """Case, punctuation, quote marks and dotted abbreviations folded ("U.S." == "US")."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", s)  # u.s. -> us.
    s = re.sub(r"\b([a-z])\.([a-z])\.", r"\1\2", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def wording_key(text: str) -> str:
    """The normalised words of a quote: two quotes with one key are worded alike."""
    return " ".join(t.norm for t in quote_tokens(text) if t.kind != "gap")


def same_statement(al: QuoteAlignment, other_speaker: bool = False) -> bool:
    """Do two aligned quotes render one statement?  Either most of the shorter quote aligns with
    the other (an excerpt, joined pieces, a few words changed), or the two overlap (one quote's
    end is the other's beginning) over a dense stretch with several content words.  Quotes given
    to two different speakers must be long and nearly word for word alike."""
    if al.shorter < MIN_FUZZY_WORDS or al.matched_content < 2:
        return False
    whole = (al.coverage >= SAME_COVERAGE and al.content_coverage >= SAME_CONTENT_COVERAGE
             and (al.longest_run >= MIN_RUN
                  # a short quote with a word changed inside ("ordinary, common, modern rifles")
                  or (al.coverage >= 0.9 and al.equal >= MIN_RUN and al.overlap == al.shorter)))
    if other_speaker:
        return whole and al.shorter >= MIN_OTHER_SPEAKER_WORDS \
            and round(al.equal / al.shorter, 3) >= OTHER_SPEAKER_COVERAGE
    return whole or (al.density >= OVERLAP_DENSITY and al.equal_content >= OVERLAP_CONTENT
                     and al.longest_run >= OVERLAP_CONTENT)


def same_speaker(a: str, b: str) -> bool:
    """Two canonical speaker names that may be one person: equal, or the same surname ("Roger
    Benitez" / "Roger T. Benitez" / "Benitez" when entity resolution kept them apart)."""
    if a == b:
        return True
    wa, wb = re.findall(r"[^\W\d_]+", a.lower()), re.findall(r"[^\W\d_]+", b.lower())
    return bool(wa and wb) and wa[-1] == wb[-1] and len(wa[-1]) > 1


def _occasion_days(an: AnnotatedArticle, sentence: int) -> frozenset[str]:
    """Days that the quote's sentence names ("said on Tuesday" resolved to a date)."""
    return frozenset(t.date for t in an.times
                     if t.sentence == sentence and t.granularity == "day" and t.date)


def group_quotes(annotated: list[AnnotatedArticle], entities: EntityIndex | None = None,
                 options: Options | None = None) -> list[QuoteGroup]:
    """Every quote of the story, grouped by statement, with speakers canonicalised.

    Groups are ordered by the number of outlets carrying them, then by first appearance.
    """
    items = []  # (article index, quote, article, wording key, canonical speaker, days)
    for ai, an in enumerate(annotated):
        for q in sorted(an.quotes, key=lambda q: (q.start, q.end)):
            if q.end <= q.start:
                continue
            speaker = q.speaker
            if speaker and entities is not None:
                speaker = entities.canonical(speaker)
            key = wording_key(an.article.text[q.start:q.end])
            if not key:
                continue
            items.append((ai, q, an.article, key, speaker, _occasion_days(an, q.sentence)))
    uf = DisjointSet(range(len(items)))
    keys = [it[3] for it in items]
    # all pairs at once in rapidfuzz's C++ (a story of 50 articles has hundreds of quotes); only
    # the candidates are aligned word by word
    if len(items) > 1:
        rough = process.cdist(keys, keys, scorer=fuzz.token_set_ratio, score_cutoff=CANDIDATE_SCORE)
        cand = {tuple(p) for p in np.argwhere(np.triu(rough >= CANDIDATE_SCORE, k=1)).tolist()}
    else:
        cand = set()
    cand |= _shared_runs(keys)  # overlapping pieces score low on token sets
    aligned: dict[tuple[str, str], QuoteAlignment] = {}  # wire copies repeat the same pairs
    for i, j in sorted(cand):
        ai, qi, _, ki, si, di = items[i]
        aj, qj, _, kj, sj, dj = items[j]
        if ki == kj:
            uf.union(i, j)
            continue
        if ai == aj or (di and dj and not di & dj):
            continue  # two quotes of one article, or said on different days: two statements
        other = si is not None and sj is not None and not same_speaker(si, sj)
        al = aligned.get((qi.text, qj.text))
        if al is None:
            al = aligned[(qi.text, qj.text)] = align_quotes(qi.text, qj.text)
        if same_statement(al, other):
            uf.union(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        members[uf.find(i)].append(i)

    copies = _copy_roots(an.article for an in annotated)
    groups: list[tuple[tuple, QuoteGroup]] = []
    for idxs in members.values():
        variants: dict[str, QuoteVariant] = {}
        speakers: Counter = Counter()
        for i in idxs:
            ai, q, art, key, speaker, _ = items[i]
            if speaker:
                speakers[speaker] += 1
            v = variants.get(key)
            if v is None:
                v = variants[key] = QuoteVariant(text=art.text[q.start:q.end], articles=[], outlets=[], evidence=[])
            if art.id not in v.articles:
                v.articles.append(art.id)
            if art.outlet not in v.outlets:
                v.outlets.append(art.outlet)
            v.evidence.append(Evidence.of(art, q.start, q.end))
        vlist = list(variants.values())
        for v in vlist:
            v.outlets.sort()
        best = sorted(range(len(vlist)), key=lambda k: (-len(vlist[k].outlets), -len(vlist[k].articles), k))[0]
        speaker = sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if speakers else None
        outlets = sorted({o for v in vlist for o in v.outlets})
        first = min((items[i][0], items[i][1].start) for i in idxs)
        g = QuoteGroup(speaker=speaker, text=vlist[best].text, outlets=outlets, variants=vlist,
                       reworded=False)
        g.reworded = bool(quote_rewordings(g, copies))
        groups.append(((-len(outlets), first), g))
    groups.sort(key=lambda t: t[0])
    return [g for _, g in groups]


def _shared_runs(keys: list[str], n: int = OVERLAP_CONTENT) -> set[tuple[int, int]]:
    """Pairs (i < j) of quotes that share a run of ``n`` words (bounded: a run carried by more
    than 50 quotes is a stock phrase and proposes nothing)."""
    by_run: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        w = k.split()
        for run in {tuple(w[x:x + n]) for x in range(len(w) - n + 1)}:
            by_run[run].append(i)
    out: set[tuple[int, int]] = set()
    for idx in by_run.values():
        if 1 < len(idx) <= 50:
            out.update((a, b) for x, a in enumerate(idx) for b in idx[x + 1:])
    return out


def _copy_roots(articles: Iterable) -> dict[str, str]:
    """article id -> the article it is a copy of (``duplicate_of`` / ``duplicates``), else itself."""
    arts = list(articles)
    sets = DisjointSet(a.id for a in arts)
    for a in arts:
        for b in ([a.duplicate_of] if a.duplicate_of else []) + list(a.duplicates):
            if b in sets:
                sets.union(a.id, b)
    return {a.id: sets.find(a.id) for a in arts}


class QuoteRewording:
    """One rewording inside a quote group: the replaced words of each wording, with their spans.

    ``sides``: normalised replaced words -> list of (word evidence, quote evidence, outlets), one
    per article, in order of first appearance."""

    def __init__(self) -> None:
        self.sides: dict[str, list[tuple[Evidence, Evidence, tuple[str, ...]]]] = {}

    def add(self, words: str, word_ev: Evidence, quote_ev: Evidence, outlet: tuple[str, ...]) -> None:
        side = self.sides.setdefault(words, [])
        if all(w.article != word_ev.article for w, _, _ in side):
            side.append((word_ev, quote_ev, outlet))


def quote_rewordings(group: QuoteGroup, roots: dict[str, str] | None = None,
                     outlet_of: dict[str, str] | None = None) -> list[QuoteRewording]:
    """The rewordings in one quote group between quotes of independent sources (``roots``: article
    id -> source root; quotes of one root are never compared), merged by the words replaced.
    ``outlet_of``: article id -> outlet (else read from the variants)."""
    if len(group.variants) < 2:
        return []
    roots = roots or {}
    outlets = {**_outlets_from_variants(group), **{a: (o,) for a, o in (outlet_of or {}).items()}}
    quotes = [(e, outlets[e.article]) for v in group.variants for e in v.evidence]
    found: dict[frozenset, QuoteRewording] = {}
    order: list[frozenset] = []
    cache: dict[tuple[str, str], QuoteAlignment] = {}
    for x, (ea, oa) in enumerate(quotes):
        for eb, ob in quotes[x + 1:]:
            if roots.get(ea.article, ea.article) == roots.get(eb.article, eb.article):
                continue
            if ea.text == eb.text:
                continue
            al = cache.get((ea.text, eb.text))
            if al is None:
                al = cache[(ea.text, eb.text)] = align_quotes(ea.text, eb.text)
            if al.equal_content < REWORD_MIN_CONTENT or not same_statement(al):
                continue  # not enough of one statement in common: maybe two statements
            for r in al.rewordings:
                key = frozenset((r.a_words, r.b_words))
                if key not in found:
                    found[key] = QuoteRewording()
                    order.append(key)
                rw = found[key]
                rw.add(r.a_words, Evidence(ea.article, ea.start + r.a_start, ea.start + r.a_end,
                                           ea.text[r.a_start:r.a_end]), ea, oa)
                rw.add(r.b_words, Evidence(eb.article, eb.start + r.b_start, eb.start + r.b_end,
                                           eb.text[r.b_start:r.b_end]), eb, ob)
    said: dict[str, list[tuple[int, str]]] = defaultdict(list)  # article -> (start, words) of its quotes
    for e, _ in quotes:
        said[e.article].append((e.start, f" {wording_key(e.text)} "))

    def says_elsewhere(words: str, quote: Evidence) -> bool:
        return any(f" {words} " in w for start, w in said[quote.article] if start != quote.start)

    out = []
    for k in order:
        sides = found[k].sides
        if any(says_elsewhere(words, q) for words in sides for other, entries in sides.items()
               if other != words for _, q, _ in entries):
            continue  # an article quotes both wordings: the speaker said both, no outlet erred
        out.append(found[k])
    return out


def _outlets_from_variants(group: QuoteGroup) -> dict[str, tuple[str, ...]]:
    """article id -> its outlet, as far as the variants tell (QuoteVariant lists its outlets
    sorted, not per article: exact when a variant has one outlet, else the variant's outlets)."""
    out: dict[str, tuple[str, ...]] = {}
    for v in sorted(group.variants, key=lambda v: len(v.outlets)):
        for a in v.articles:
            out.setdefault(a, tuple(v.outlets))
    return out


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def quote_wording_contradictions(groups: Iterable[QuoteGroup], roots: dict[str, str] | None = None,
                                 outlet_of: dict[str, str] | None = None) -> list[Contradiction]:
    """One ``kind="quote"`` contradiction per rewording: a content word of one statement that
    outlets quote differently.  Each side is one wording: ``value`` the quote as its first
    article words it, ``normalized`` the replaced word(s) normalised, its outlets, and as
    evidence the replaced word's span in each article, then each article's whole quote.
    ``roots`` (article id -> source root) keeps syndicated copies of one source apart;
    ``outlet_of`` (article id -> outlet) names each article's outlet exactly (without it, the
    variants' outlet lists are used, exact unless one wording is carried by several outlets)."""
    out: list[Contradiction] = []
    for g in groups:
        if len(g.variants) < 2:
            continue
        for rw in quote_rewordings(g, roots, outlet_of):
            sides = []
            for words, entries in rw.sides.items():
                sides.append(ContradictionSide(
                    value=entries[0][1].text, normalized=words,
                    articles=[w.article for w, _, _ in entries],
                    outlets=sorted({o for _, _, os in entries for o in os}),
                    evidence=[w for w, _, _ in entries] + [q for _, q, _ in entries]))
            if len(sides) < 2:
                continue
            speaker = g.speaker or "an unnamed speaker"
            out.append(Contradiction(
                kind="quote", subject=g.speaker or "", attribute="wording of a quote", sides=sides,
                explanation=f"The same statement by {speaker} is quoted in different words: "
                            + "; ".join(f"{_join(s.outlets)}: \u201c{s.evidence[0].text}\u201d in \u201c{s.value.rstrip('.,;: ')}\u201d"
                                        for s in sides) + "."))
    return out


def quotes_by_speaker(groups: list[QuoteGroup]) -> dict[str, list[QuoteGroup]]:
    """Who said what: quote groups by canonical speaker ("unknown" when no speaker was found),
    speakers with the most statements first."""
    out: dict[str, list[QuoteGroup]] = defaultdict(list)
    for g in groups:
        out[g.speaker or "unknown"].append(g)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] == "unknown", -len(kv[1]), kv[0])))
