"""StoryContext: everything the detectors of one story share, computed once.

``build_context(annotated, options, entities=None) -> StoryContext``

Reads:  the annotated articles of one story (sentences, entities, values, times, quotes, facts,
        sentence vectors).
Holds:  ``roots`` (sources: syndicated copies and one outlet count once; a contradiction needs
        two), ``independent`` (roots where a partial copy also counts with what it copies: what
        agreements and claims count),
        ``entities`` (the story's entity clusters, ``entities.resolve_entities``),
        ``quotes`` (quote groups, ``quotes.group_quotes``), ``refs`` (every non-empty sentence)
        with ``sim`` (their pairwise similarity, rounded to ``SIM_DECIMALS`` so that a threshold
        or a tie never depends on floating-point noise of one machine), and ``facts`` (the nlp
        stage's facts with their subject resolved to an entity cluster).

Every detector has one shape, ``(ctx) -> list[finding]``; none recomputes what is here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

import numpy as np

from ..model import AnnotatedArticle, Article, Fact, QuoteGroup
from ..options import Options
from ..scores import SCORE_DECIMALS, rounded, rounded_similarity
from .entities import canonical_name, resolve_entities
from .sources import source_roots

__all__ = ["StoryContext", "build_context", "SentenceRef", "sentence_refs", "SIM_DECIMALS",
           "rounded", "StoryFact", "story_facts"]

# Scores are rounded to this many decimals before they meet a threshold or each other (the one
# number is ``newsprism.scores.SCORE_DECIMALS``; this name stays for the detectors that import it).
SIM_DECIMALS = SCORE_DECIMALS
_RANK_WIDTH = 10  # neighbours ranked per sentence (the most any detector asks for: polarity.py)


@dataclass(frozen=True)
class SentenceRef:
    article_index: int
    sentence_index: int
    start: int  # whitespace-trimmed span of the sentence in Article.text
    end: int
    text: str


def sentence_refs(annotated: Sequence[AnnotatedArticle]) -> list[SentenceRef]:
    refs: list[SentenceRef] = []
    for ai, ann in enumerate(annotated):
        text = ann.article.text
        for si, s in enumerate(ann.sentences):
            start, end = s.start, s.end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                refs.append(SentenceRef(ai, si, start, end, text[start:end]))
    return refs


def _has_vectors(annotated: Sequence[AnnotatedArticle]) -> bool:
    for ann in annotated:
        v = ann.vectors
        if v is None:
            return False
        try:
            if len(v) != len(ann.sentences):
                return False
        except TypeError:
            return False
    return True


def _similarity(annotated: Sequence[AnnotatedArticle], refs: Sequence[SentenceRef],
                options: Options) -> tuple[np.ndarray, float, str]:
    """Pairwise similarity of ``refs`` (rounded), the claim threshold that goes with the measure
    used, and the measure ("cosine" of sentence embeddings, or "tfidf")."""
    n = len(refs)
    if n == 0:
        return np.zeros((0, 0)), options.claim_similarity, "cosine"
    if options.use_embeddings and _has_vectors(annotated):
        rows = np.vstack([np.asarray(annotated[r.article_index].vectors[r.sentence_index],
                                     dtype=np.float64) for r in refs])
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        rows = rows / norms
        return rounded_similarity(rows @ rows.T), options.claim_similarity, "cosine"
    from ..nlp.tfidf import TfidfVectorizer  # scikit-learn's, without importing scikit-learn

    try:
        tfidf = TfidfVectorizer(lowercase=True, stop_words="english", sublinear_tf=True,
                                token_pattern=r"(?u)\b\w[\w'-]*\b")
        m = tfidf.fit_transform([r.text for r in refs])
    except ValueError:  # empty vocabulary: only stop words
        return np.eye(n), options.claim_similarity_lexical, "tfidf"
    return rounded_similarity((m @ m.T).toarray()), options.claim_similarity_lexical, "tfidf"


@dataclass(frozen=True)
class StoryFact:
    article: int  # index into ctx.annotated
    fact: Fact
    subject: str | None  # canonical name of the subject's entity cluster, None when not a name


def story_facts(ctx: "StoryContext") -> list[StoryFact]:
    from ..nlp.facts import extract_facts

    out = []
    for ai, ann in enumerate(ctx.annotated):
        facts = ann.facts if ann.facts is not None else extract_facts(
            ann.article.text, ann.sentences, ann.entities, ann.values, ann.times)
        for f in facts:
            subject = None
            if f.subject and f.subject[:1].isupper() and not f.subject[:1].isdigit():
                subject = canonical_name(f.subject, ctx.entities)
            out.append(StoryFact(ai, f, subject))
    return out


@dataclass
class StoryContext:
    annotated: list[AnnotatedArticle]
    options: Options
    roots: dict[str, str]  # article id -> source (copies and one outlet count once)
    entities: Any  # EntityIndex (or any object with ``canonical(name)``)
    quotes: list[QuoteGroup]
    refs: list[SentenceRef]
    sim: np.ndarray  # rounded pairwise similarity of ``refs``
    threshold: float  # the claim threshold of the measure in ``sim``
    measure: str  # "cosine" | "tfidf"
    row_of: dict[tuple[int, int], int] = field(default_factory=dict)  # (article, sentence) -> row
    facts: list[StoryFact] = field(default_factory=list)
    independent: dict[str, str] = field(default_factory=dict)  # roots, partial copies joined too
    _ranked: Any = field(default=None, repr=False)  # neighbours' scores and columns, once
    # name -> canonical name: detectors ask about the same few hundred names over 100k times
    # on a 100-article story; the entity index does not change once the context is built
    _canon: dict = field(default_factory=dict, repr=False)

    # -- lookups -----------------------------------------------------------------------------
    def article(self, index: int) -> Article:
        return self.annotated[index].article

    def root(self, index: int) -> str:
        return self.roots[self.annotated[index].article.id]

    def published(self, index: int) -> date | None:
        try:
            return date.fromisoformat((self.annotated[index].article.published or "")[:10])
        except ValueError:
            return None

    def canonical(self, name: str | None) -> str | None:
        try:
            return self._canon[name]
        except KeyError:
            out = self._canon[name] = canonical_name(name, self.entities)
            return out

    def similarity(self, ai: int, si: int, bi: int, sj: int) -> float | None:
        """Rounded similarity of two sentences (None when one of them is empty)."""
        x, y = self.row_of.get((ai, si)), self.row_of.get((bi, sj))
        if x is None or y is None:
            return None
        return float(self.sim[x, y])

    def sentence_pairs(self, k: int, floor: dict[str, float]) -> list[tuple[int, int, int, int]]:
        """``neighbours`` as (article, sentence, article, sentence), for the measure in use
        (``floor``: measure -> lowest similarity)."""
        out = []
        for x, y in self.neighbours(k, floor.get(self.measure, 0.0)):
            a, b = self.refs[x], self.refs[y]
            out.append((a.article_index, a.sentence_index, b.article_index, b.sentence_index))
        return out

    def neighbours(self, k: int, floor: float) -> list[tuple[int, int]]:
        """Candidate pairs of rows (i < j) from different independent sources where one is among
        the other's ``k`` most similar sentences of that source set, at ``floor`` or above.
        Ties are broken by row index, so the pairs never depend on the order of equal scores."""
        n = len(self.refs)
        if n < 2:
            return []
        if self._ranked is None or self._ranked[1].shape[1] < k:
            code: dict[str, int] = {}  # each independent source a small int (never hash(): per process)
            root = np.array([code.setdefault(self.root(r.article_index), len(code)) for r in self.refs])
            masked = np.where(root[:, None] != root[None, :], self.sim, -np.inf)
            # stable: sort by (-score, column index); computed once for the largest k asked
            width = max(k, _RANK_WIDTH)
            order = np.argsort(-masked, axis=1, kind="stable")[:, :width]
            self._ranked = (np.take_along_axis(masked, order, axis=1), order)
        scores, order = self._ranked
        pairs: set[tuple[int, int]] = set()
        for i, j in zip(*np.nonzero(scores[:, :k] >= floor)):
            j = int(order[i, j])
            pairs.add((min(int(i), j), max(int(i), j)))
        return sorted(pairs)


def build_context(annotated: Sequence[AnnotatedArticle], options: Options | None = None,
                  entities: Any = None, quotes: list[QuoteGroup] | None = None) -> StoryContext:
    """The shared context of one story.  ``entities`` / ``quotes``: a prebuilt entity index or
    quote groups (tests, callers that already have them); computed here otherwise."""
    options = options or Options()
    annotated = list(annotated)
    if entities is None:
        entities = resolve_entities(annotated, options)
    if quotes is None:
        from .quotes import group_quotes

        quotes = group_quotes(annotated, entities if hasattr(entities, "entities") else None, options)
    refs = sentence_refs(annotated)
    sim, threshold, measure = _similarity(annotated, refs, options)
    articles = [a.article for a in annotated]
    ctx = StoryContext(annotated=annotated, options=options,
                       roots=source_roots(articles, partial_copies=False), entities=entities,
                       quotes=list(quotes), refs=refs, sim=sim, threshold=threshold, measure=measure,
                       row_of={(r.article_index, r.sentence_index): k for k, r in enumerate(refs)},
                       independent=source_roots(articles))
    ctx.facts = story_facts(ctx)
    return ctx
