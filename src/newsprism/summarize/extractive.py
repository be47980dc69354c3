"""Extractive consensus summary: pick, order and cite sentences the outlets agree on.

How a sentence earns its place (all deterministic, no model, no network):

* **support**: the independent outlets (syndicated copies count once) that report the same thing,
  from the compare stage's claims and from a lexical check of every other article; only outlets
  whose text actually contains what the sentence says are *cited* (content-word recall of the
  sentence in their best matching sentence >= ``CITE_RECALL``);
* **centrality**: how much of the rest of the coverage the sentence resembles (a LexRank-like
  degree over TF-IDF cosine);
* **lead prior**: earlier sentences of an article matter more (news is written top-down);
* **salience**: entities that several outlets name.

Loaded wording used by one outlet only is penalised and, if chosen, attributed ("According to
<outlet>, ..."); sentences that carry a contested value are flagged and followed by a sentence that
states the point as contested (see ``contested.py``).  Redundancy is removed with MMR plus a lexical
overlap filter.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

from ..model import AnnotatedArticle, Evidence, StoryAnalysis, Summary, SummarySentence
from ..options import Options
from ..scores import rounded, rounded_array, rounded_similarity
from . import text as tx
from .contested import NOT_IN_SUMMARY, contested_sentences
from .repeats import event_of, names_in, retells
from .standalone import is_debris, opening_problem

METHOD = "extractive-consensus"
TARGET_SENTENCES = {"brief": 3, "standard": 7, "long": 14}
MAX_CONTESTED = {"brief": 1, "standard": 2, "long": 4}
CITE_RECALL = 0.6  # content-word recall needed to cite a second outlet for a sentence
CLAIM_RECALL = 0.5  # lower floor when the compare stage already grouped the two sentences
REDUNDANT_COSINE = 0.5
REDUNDANT_RECALL = 0.7
# Sentence-embedding cosine at which a candidate retells a chosen sentence's event in other words:
# on dev summaries, pairs from 0.80 up told one event; from 0.70 to 0.80 about half did (the
# killing / the death of one man) and half gave other details of it, which a summary should
# keep.  Retellings of the lexicon's events ("has quit" / "has resigned", cosine 0.58) are caught
# by repeats.py whatever their cosine.
REDUNDANT_EMBEDDING = 0.80
MIN_WORDS, MAX_WORDS = 6, 55
WEIGHTS = {"support": 0.35, "centrality": 0.30, "lead": 0.25, "salience": 0.10}
MMR_LAMBDA = 0.6
LATEST_BONUS = 0.15
_STARTERS = {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "there",
             "in", "on", "at", "after", "before", "when", "while", "his", "her", "their", "its",
             "some", "many", "more", "most", "one", "two", "three", "officials", "critics"}


_CLOSERS = "\"'”’)]» "


@dataclass
class Unit:
    """A candidate sentence: a span of one (independent) article."""

    idx: int  # index into the unit list
    art: int  # 0-based index into analysis.articles
    start: int
    end: int
    text: str
    pos: int  # sentence position in its article
    support: dict[int, tuple[int, int]] = field(default_factory=dict)  # other art -> span there
    score: float = 0.0
    loaded: list[str] = field(default_factory=list)  # loaded words no supporting outlet uses
    contested: bool = False
    suspect: bool = False  # carries a spelling other outlets do not use
    claims: set[int] = field(default_factory=set)  # compare-stage claims it belongs to
    steps: set[int] = field(default_factory=set)  # of those, development steps (one state of the story)
    event: str | None = None  # the event lexicon's event it reports (repeats.event_of)
    subjects: set[str] = field(default_factory=set)  # names it uses and "@k": entities it mentions


class ExtractiveSummarizer:
    """The default summariser: a ``Summarizer`` (see ``summarize/__init__.py``)."""

    name = METHOD

    def __call__(self, analysis: StoryAnalysis, options: Options) -> Summary:
        length = options.summary_length
        units = _units(analysis)
        if not units:
            title = next((a.title for a in analysis.articles if a.title), "")
            return Summary(headline=title or "No readable articles", sentences=[], length=length,
                           method=METHOD)
        sims = _similarity([u.text for u in units])
        feats = tx.FeatureCache()  # each text's words, stems, numbers, quotes: once per summary
        _support(analysis, units, sims, feats)
        _drop_disputing_support(analysis, units)
        _score(analysis, units, sims)
        emb = _embedding_similarity(analysis, units)
        chosen = _select(units, sims, TARGET_SENTENCES[length], emb, feats)
        sentences = [_sentence(analysis, u) for u in chosen]
        sentences = _add_contested(analysis, chosen, sentences, MAX_CONTESTED[length])
        return Summary(headline=headline(analysis, chosen), sentences=sentences, length=length,
                       method=METHOD)


DEFAULT = ExtractiveSummarizer()


# ----------------------------------------------------------------------------------------------
# candidates


def independent(analysis: StoryAnalysis) -> list[int]:
    """Indexes of articles that are not copies of another article in the story."""
    ids = {a.id for a in analysis.articles}
    return [i for i, a in enumerate(analysis.articles) if not (a.duplicate_of and a.duplicate_of in ids)]


def _sentence_spans(analysis: StoryAnalysis) -> dict[str, list[tuple[int, int]]]:
    """Candidate sentences of every article: ``summarize.text.split_sentences``, also when the
    nlp stage's sentences are at hand.  spaCy's small model cuts news text at closing quotation
    marks and datelines ('... "the best in the world.' + '"', "(CNN)"), which left the summary
    broken quotations and fragments to choose from (full pipeline 1-2 ROUGE-1 below the bare
    summariser on the dev sets); its sentence vectors are still used, by character overlap
    (``_covering``)."""
    return {a.id: tx.split_sentences(a.text) for a in analysis.articles}


def _units(analysis: StoryAnalysis, allow_debris: bool = False) -> list[Unit]:
    """Candidate sentences; sentences that are not whole (``standalone.is_debris``) only when a
    story has nothing else (text without sentence punctuation, say), so it still gets a summary."""
    spans = _sentence_spans(analysis)
    units: list[Unit] = []
    for i in independent(analysis):
        a = analysis.articles[i]
        spans_a = spans[a.id]
        for pos, (s, e) in enumerate(spans_a):
            # a closing quotation mark or bracket the sentence spans left on its own belongs to
            # the sentence before it ('... "the best in the world.' + '"')
            if pos + 1 < len(spans_a):
                ns, ne = spans_a[pos + 1]
                if a.text[ns:ne].strip() and not a.text[ns:ne].strip(_CLOSERS) and not a.text[e:ns].strip():
                    e = ne
            # trim whitespace so evidence text is exactly the sentence
            while s < e and a.text[s].isspace():
                s += 1
            while e > s and a.text[e - 1].isspace():
                e -= 1
            text = a.text[s:e]
            n = len(text.split())
            if n < MIN_WORDS or n > MAX_WORDS or text.endswith("?") or text.endswith(":") \
                    or (not allow_debris and is_debris(text)):
                continue  # too short or long, a question, a lead-in, or not a whole sentence
            units.append(Unit(len(units), i, s, e, text, pos, loaded=tx.loaded_words(text),
                              event=event_of(text), subjects=names_in(text)))
    if not units and not allow_debris:
        return _units(analysis, allow_debris=True)
    return units


def _similarity(texts: list[str]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors (as scikit-learn makes them; rows are L2-normalised),
    symmetric and rounded (``newsprism.scores``): it meets thresholds and ranks sentences."""
    from ..nlp.tfidf import TfidfVectorizer  # scikit-learn's, without importing scikit-learn

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                            token_pattern=r"(?u)\b[\w'’-]{2,}\b").fit_transform(texts)
    except ValueError:  # only stopwords
        return np.eye(len(texts))
    return rounded_similarity((x @ x.T).toarray())


def _covering(aa: AnnotatedArticle, start: int, end: int) -> int | None:
    """The nlp sentence that shares most characters with ``[start, end)`` (the unit's own
    sentence when the spans are the nlp stage's)."""
    best, best_k = 0, None
    for k, s in enumerate(aa.sentences):
        if s.end <= start:
            continue
        if s.start >= end:
            break
        ov = min(end, s.end) - max(start, s.start)
        if ov > best:
            best, best_k = ov, k
    return best_k


def _embedding_similarity(analysis: StoryAnalysis, units: list[Unit]) -> np.ndarray | None:
    """Cosine of the nlp stage's sentence embeddings (when present): catches paraphrases that
    TF-IDF misses ("has resigned" / "has quit").  Used only to avoid repeating a point."""
    by_id = {aa.article.id: aa for aa in analysis.annotated}
    rows = []
    for u in units:
        aa = by_id.get(analysis.articles[u.art].id)
        vec = getattr(aa, "vectors", None) if aa is not None else None
        if vec is None or len(vec) != len(aa.sentences):
            return None
        k = _covering(aa, u.start, u.end)
        if k is None:
            return None
        rows.append(np.asarray(vec[k], dtype=float))
    m = np.vstack(rows)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = m / np.where(norms == 0, 1.0, norms)
    return rounded_similarity(m @ m.T)  # meets REDUNDANT_EMBEDDING: rounded (newsprism.scores)


# ----------------------------------------------------------------------------------------------
# support, scores


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> int:
    return max(0, min(e1, e2) - max(s1, s2))


def _support(analysis: StoryAnalysis, units: list[Unit], sims: np.ndarray, feats: tx.FeatureCache) -> None:
    """Fill Unit.support: other independent articles whose text contains what the unit says.

    Each text's words, stems, numbers and quotations are computed once (``tx.FeatureCache``),
    and a unit is compared only with the articles that hold enough of its content words to
    reach ``CITE_RECALL`` at all (an exact bound, from one sparse product), so the work follows
    the support actually found, not every unit times every article."""
    by_art: dict[int, list[Unit]] = {}
    for u in units:
        by_art.setdefault(u.art, []).append(u)
    uf = [feats(u.text) for u in units]
    idf = tx.idf_weights(uf)
    reachable = _reachable(analysis, units, uf, by_art, idf, CITE_RECALL)
    # 1) lexical: the best matching sentence of every other article, alone or with a neighbour
    best_of: dict[tuple[int, int], list[Unit]] = {}
    for art, others in by_art.items():  # others: in sentence order, so ties keep the earlier one
        rows = [u.idx for u in units if u.art != art and reachable[u.idx, art]]
        if not rows:
            continue
        cols = np.array([v.idx for v in others])
        top = np.argsort(-sims[np.ix_(rows, cols)], axis=1, kind="stable")[:, :3]
        for r, ks in zip(rows, top):
            best_of[(r, art)] = [others[k] for k in ks]
    # a sentence repeated word for word (syndicated copies) has the same features and the same
    # row of ``sims``, so its support in an article is the same: checked once per distinct text
    seen: dict[tuple[str, int], tuple[int, int] | None] = {}
    for u in units:
        for art, others in by_art.items():
            best = best_of.get((u.idx, art))
            if best is None:
                continue
            key = (u.text, art)
            if key in seen:
                found = seen[key]
            else:
                found = next(((v.start, v.end) for v in best
                              if tx.supports(uf[u.idx], uf[v.idx], CITE_RECALL, idf)), None)
                if found is None:
                    found = _pair_support(uf[u.idx], best, others, analysis.articles[art].text, idf, feats)
                seen[key] = found
            if found is not None:
                u.support[art] = found
    # 2) the compare stage's claims (paraphrases found with embeddings), checked lexically
    index = {a.id: i for i, a in enumerate(analysis.articles)}
    # development steps group the outlets that report the same state of the story, like claims
    groups = [c.evidence for c in list(analysis.agreements) + list(analysis.claims)]
    n_claims = len(groups)
    groups += [st.evidence for d in analysis.developments for st in d.steps]
    # an article's units in text order (starts and ends both ascending): the units a span
    # overlaps are one run of them, found by bisection instead of a scan per evidence span
    spans_of = {art: ([u.start for u in us], [u.end for u in us]) for art, us in by_art.items()}
    ordered = all(a <= b for st, en in spans_of.values() for xs in (st, en) for a, b in zip(xs, xs[1:]))

    def overlapping(art: int, start: int, end: int) -> list[Unit]:
        us = by_art.get(art, ())
        if end <= start:
            return []
        if not ordered:
            return [u for u in us if _overlaps(u.start, u.end, start, end) > 0]
        starts, ends = spans_of[art]
        return [u for u in us[bisect_right(ends, start):bisect_left(starts, end)] if u.end > u.start]

    for k, evidence in enumerate(groups):
        ev = [(index[e.article], e) for e in evidence if e.article in index]
        members = sorted({u.idx for art, e in ev if art in by_art for u in overlapping(art, e.start, e.end)})
        for i in members:
            u = units[i]
            u.claims.add(k)
            if k >= n_claims:
                u.steps.add(k)
            for art, e in ev:
                if art == u.art or art in u.support or art not in by_art:
                    continue
                if tx.supports(uf[u.idx], feats(e.text), CLAIM_RECALL, idf):
                    u.support[art] = (e.start, e.end)
    # 3) loaded wording counts as the outlet's own unless the supporting outlets use it too
    for u in units:
        if u.loaded:
            theirs = " ".join(analysis.articles[a].text[s:e] for a, (s, e) in u.support.items())
            shared = set(tx.loaded_words(theirs))
            u.loaded = [w for w in u.loaded if w not in shared]


def _reachable(analysis: StoryAnalysis, units: list[Unit], uf: list[tx.TextFeatures],
               by_art: dict[int, list[Unit]], idf: tx.Idf, min_recall: float) -> np.ndarray:
    """reachable[u, art]: whether article ``art`` holds enough of unit u's content words for
    some sentence (or pair of sentences) of it to reach ``min_recall``.  Exact: a sentence's words
    are words of its article, so an article below the bound cannot support the unit."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for u, f in zip(units, uf):
        for w in f.content_set:
            rows.append(u.idx)
            cols.append(vocab.setdefault(w, len(vocab)))
            vals.append(idf.get(w, idf.top))
    n_art = len(analysis.articles)
    arows, acols = [], []
    for art, members in by_art.items():
        words = set(tx.content_words(analysis.articles[art].text))
        for v in members:  # the unit spans as well, should their tokens differ at the edges
            words |= uf[v.idx].content_set
        for w in words:
            j = vocab.get(w)
            if j is not None:
                arows.append(art)
                acols.append(j)
    need = csr_matrix((vals, (rows, cols)), shape=(len(units), max(1, len(vocab))))
    have = csr_matrix((np.ones(len(arows)), (arows, acols)), shape=(n_art, max(1, len(vocab))))
    shared = (need @ have.T).toarray()
    total = np.asarray(need.sum(axis=1)).ravel()
    # the bound rounded as ``tx.recall`` is (rounding keeps order, so the bound stays a bound)
    ratio = shared / np.where(total > 0, total, 1.0)[:, None]
    return (rounded_array(ratio) >= min_recall) | (total <= 0)[:, None]


def _pair_support(u: tx.TextFeatures, best: list[Unit], others: list[Unit], text: str,
                  idf: dict[str, float], feats: tx.FeatureCache) -> tuple[int, int] | None:
    """Two adjacent sentences of another article that together say what ``u`` says."""
    by_pos = {v.pos: v for v in others}
    for v in best:
        for w in (by_pos.get(v.pos - 1), by_pos.get(v.pos + 1)):
            if w is None:
                continue
            lo, hi = min(v.start, w.start), max(v.end, w.end)
            if tx.supports(u, feats(text[lo:hi]), CITE_RECALL, idf):
                return lo, hi
    return None


def _contested_spans(analysis: StoryAnalysis) -> list[tuple[str, int, int]]:
    out = []
    for c in analysis.contradictions:
        if c.kind in NOT_IN_SUMMARY or (c.attribute or "") in NOT_IN_SUMMARY:
            continue  # a spelling or a quote's wording: shown in the report, not a contested fact
        for side in c.sides:
            out.extend((e.article, e.start, e.end) for e in side.evidence)
    return out


def _drop_disputing_support(analysis: StoryAnalysis, units: list[Unit]) -> None:
    """An article whose matching sentence gives the other side of a contradiction does not
    support the unit ("led the office in Dunmore" is not supported by "... in Carrick"): each
    outlet cited beside a summary sentence must say what it says."""
    ids = [a.id for a in analysis.articles]
    sides_at: dict[str, list[tuple[int, int, int, int]]] = {}  # article -> (start, end, c, side)
    for ci, c in enumerate(analysis.contradictions):
        if c.kind in NOT_IN_SUMMARY or (c.attribute or "") in NOT_IN_SUMMARY:
            continue
        for si, side in enumerate(c.sides):
            for e in side.evidence:
                sides_at.setdefault(e.article, []).append((e.start, e.end, ci, si))
    if not sides_at:
        return
    for u in units:
        mine = {(ci, si) for s0, e0, ci, si in sides_at.get(ids[u.art], ()) if _overlaps(u.start, u.end, s0, e0)}
        if not mine:
            continue
        for art, (s1, e1) in list(u.support.items()):
            theirs = {(ci, si) for s0, e0, ci, si in sides_at.get(ids[art], ()) if _overlaps(s1, e1, s0, e0)}
            if any(ci == cj and si != sj for ci, si in mine for cj, sj in theirs):
                del u.support[art]


def _score(analysis: StoryAnalysis, units: list[Unit], sims: np.ndarray) -> None:
    n_indep = max(1, len({u.art for u in units}))
    arts = np.array([u.art for u in units])
    other = arts[None, :] != arts[:, None]
    centrality = (sims * other).sum(axis=1) if len(units) > 1 else np.zeros(len(units))
    if centrality.max() > 0:
        centrality = centrality / centrality.max()
    shared = [e for e in analysis.entities if len(set(e.outlets)) >= 2]
    ids = [a.id for a in analysis.articles]
    # spans by article, so each unit looks only at its own article's spans
    mentions: dict[str, list[tuple[int, int, int]]] = {}
    for k, e in enumerate(shared):
        for m in e.mentions:
            mentions.setdefault(m.article, []).append((m.start, m.end, k))
    contested: dict[str, list[tuple[int, int]]] = {}
    for a, s0, e0 in _contested_spans(analysis):
        contested.setdefault(a, []).append((s0, e0))
    suspect: dict[str, list[tuple[int, int]]] = {}
    for ent in analysis.entities:
        for sp in ent.suspect_spellings:
            for ev in sp.evidence:
                suspect.setdefault(ev.article, []).append((ev.start, ev.end))
    salience = np.zeros(len(units))
    for u in units:
        aid = ids[u.art]
        mentioned = {k for s0, e0, k in mentions.get(aid, ()) if _overlaps(u.start, u.end, s0, e0)}
        salience[u.idx] = len(mentioned)
        u.subjects |= {f"@{k}" for k in mentioned}
        u.contested = any(_overlaps(u.start, u.end, s0, e0) for s0, e0 in contested.get(aid, ()))
        u.suspect = any(_overlaps(u.start, u.end, s0, e0) for s0, e0 in suspect.get(aid, ()))
    if salience.max() > 0:
        salience = salience / salience.max()
    # the story's latest state (last step of each development) vs superseded earlier reports
    latest, earlier = [], []
    index = {a.id: i for i, a in enumerate(analysis.articles)}
    for d in analysis.developments:
        for k, st in enumerate(d.steps):
            arts = {index[a] for a in st.articles if a in index}
            for e in st.evidence:
                (latest if k == len(d.steps) - 1 else earlier).append((e.article, e.start, e.end, arts))
    latest_of: dict[str, list] = {}
    earlier_of: dict[str, list] = {}
    for a, s0, e0, arts in latest:
        latest_of.setdefault(a, []).append((s0, e0, arts))
    for a, s0, e0, _ in earlier:
        earlier_of.setdefault(a, []).append((s0, e0))
    for u in units:
        aid = ids[u.art]
        soft = len(u.support)
        newest = False
        for s0, e0, arts in latest_of.get(aid, ()):
            if _overlaps(u.start, u.end, s0, e0):
                soft = max(soft, len(arts - {u.art}))
                newest = True
        support = soft / (n_indep - 1) if n_indep > 1 else 0.0
        superseded = any(_overlaps(u.start, u.end, s0, e0) for s0, e0 in earlier_of.get(aid, ()))
        lead = 1.0 / np.sqrt(1.0 + u.pos)
        s = (WEIGHTS["support"] * support + WEIGHTS["centrality"] * centrality[u.idx]
             + WEIGHTS["lead"] * lead + WEIGHTS["salience"] * salience[u.idx])
        if u.loaded:
            s *= 0.5  # one outlet's loaded wording: prefer a neutral wording of the same fact
        if u.suspect:
            s *= 0.7  # prefer the spelling the other outlets use
        if newest:
            s += LATEST_BONUS  # where a story developed, its latest state is the news
        if superseded:
            s *= 0.7  # an earlier state of a story that developed: background, not the news
        if u.contested:
            s *= 0.8  # prefer what outlets agree on; the contested point is stated separately
        u.score = rounded(s)  # scores rank and meet each other rounded (newsprism.scores)


def _select(units: list[Unit], sims: np.ndarray, k: int, emb: np.ndarray | None = None,
            feats: tx.FeatureCache | None = None) -> list[Unit]:
    """Maximal marginal relevance with a redundancy filter; ties broken by position.

    The MMR penalty is TF-IDF similarity: sentence embeddings rate every sentence of one story
    as close to every other (0.4-0.6), so a penalty on them pushed the choice off topic; they
    serve the hard filter only.  The hard filter drops near-copies and retellings of a chosen sentence's event
    (TF-IDF >= REDUNDANT_COSINE, heavy word overlap, the same development step -- one state of
    the story, told by several outlets -- or
    ``repeats.retells``: the same lexicon event about a shared subject, or embedding >=
    REDUNDANT_EMBEDDING unless the lexicon names two different events).  The first sentence must read on its own (``standalone.py``)."""
    feats = feats or tx.FeatureCache()
    soft = sims
    order = sorted(units, key=lambda u: (-u.score, u.art, u.pos))
    chosen: list[Unit] = []
    pool = list(order)
    while pool and len(chosen) < k:
        best, best_val = None, -1e9
        # the summary opens with a sentence that reads on its own (no "And ...", no "He ...")
        openers = [u for u in pool if chosen or opening_problem(u.text) is None] or pool
        for u in openers:
            red = max((soft[u.idx, c.idx] for c in chosen), default=0.0)
            # rounded: equal values keep the first in ``order`` (score, article, position)
            val = rounded(MMR_LAMBDA * u.score - (1 - MMR_LAMBDA) * red)
            if val > best_val:
                best, best_val = u, val
        pool.remove(best)
        if any(sims[best.idx, c.idx] >= REDUNDANT_COSINE or rounded(tx.recall(feats(best.text), feats(c.text))) >= REDUNDANT_RECALL
               or retells(c.event, best.event, bool(best.subjects & c.subjects),
                          None if emb is None else float(emb[best.idx, c.idx]), REDUNDANT_EMBEDDING)
               # a shared claim is not enough: a sentence overlapping one claim's evidence often
               # carries other facts too (dropping those cost 0.3-0.4 ROUGE-1 on the dev sets)
               or best.steps & c.steps for c in chosen):
            continue
        chosen.append(best)
    return chosen


# ----------------------------------------------------------------------------------------------
# output


def _sentence(analysis: StoryAnalysis, u: Unit) -> SummarySentence:
    # an attributed sentence ("According to <outlet>, ...") rests on that outlet's wording only
    arts = [u.art] if u.loaded else sorted({u.art, *u.support})
    evidence = []
    for art in arts:
        s, e = (u.start, u.end) if art == u.art else u.support[art]
        evidence.append(Evidence.of(analysis.articles[art], s, e))
    text = u.text
    if u.loaded:
        text = attribute(analysis.articles[u.art].outlet, text)
    return SummarySentence(text=text, citations=[a + 1 for a in arts], evidence=evidence,
                           contested=u.contested)


def attribute(outlet: str, text: str) -> str:
    """ "According to <outlet>, ..." with the first word lowercased when it is a common starter."""
    first, _, rest = text.partition(" ")
    if first.lower() in _STARTERS:
        first = first.lower()
    return f"According to {outlet}, {first} {rest}".rstrip()


def _add_contested(analysis: StoryAnalysis, chosen: list[Unit], sentences: list[SummarySentence],
                   limit: int) -> list[SummarySentence]:
    extra = contested_sentences(analysis)[:limit]
    if not extra:
        return sentences
    ids = [a.id for a in analysis.articles]
    out = list(sentences)
    pending = []
    for cs, spans in extra:
        # place it right after the first chosen sentence that carries one of its values
        at = next((k for k, u in enumerate(chosen)
                   if any(a == ids[u.art] and _overlaps(u.start, u.end, s, e) for a, s, e in spans)), None)
        pending.append((at, cs))
    # insert from the back so earlier positions stay valid; unplaced ones go to the end
    for at, cs in sorted([p for p in pending if p[0] is not None], key=lambda p: -p[0]):
        out.insert(at + 1, cs)
    out.extend(cs for at, cs in pending if at is None)
    return out


def headline(analysis: StoryAnalysis, chosen: list[Unit]) -> str:
    """The most central neutral title, or the top summary sentence shortened."""
    titles = [(i, a.title.strip()) for i, a in enumerate(analysis.articles)
              if a.title and a.title.strip() and not a.duplicate_of
              and getattr(a, "title_from", None) != "first-sentence"]  # real headlines only
    neutral = [(i, t) for i, t in titles if not tx.loaded_words(t)]
    if neutral:
        # the title closest to the rest of the coverage: other titles and the top summary sentences
        others = [a.title for a in analysis.articles if a.title] + [u.text for u in chosen[:3]]
        sims = _similarity([t for _, t in neutral] + others)
        k = len(neutral)
        best = max(range(k), key=lambda j: (rounded(sims[j, k:].sum()), -neutral[j][0]))
        return neutral[best][1]
    if not chosen:
        return titles[0][1] if titles else "Untitled story"
    return shorten(chosen[0].text)


def shorten(sentence: str, max_words: int = 14) -> str:
    """A headline from a sentence: the sentence when short, its first clause when that is long
    enough, else its first words."""
    s = sentence.strip().rstrip(".")
    if len(s.split()) <= max_words + 8:
        return s
    for sep in (" — ", " – ", "; ", ", after ", ", as ", ", while ", ", but "):
        head = s.split(sep)[0]
        if 5 <= len(head.split()) <= max_words:
            return head
    ws = s.split()
    return s if len(ws) <= max_words else " ".join(ws[:max_words]) + "…"
