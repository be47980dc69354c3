"""Article -> AnnotatedArticle: the nlp stage as one function (and a batched variant).

Sentences, entity mentions, time expressions, values, quotes, then the facts built from them
(nlp/facts.py), and sentence embeddings.

Every annotation is a span over ``article.text``; the text itself is never changed.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from ..model import AnnotatedArticle, Article
from ..options import Options
from ..segment import sentence_spans as sentence_spans_by_rule
from . import models
from .entities import canonical_names, extract_mentions
from .facts import extract_facts
from .quotes import extract_quotes
from .sentences import SentenceIndex, sentence_spans
from .times import extract_times
from .values import extract_values

Progress = Callable[[str, int, int], None]

# nlp.pipe batch size, in sentence pieces (a news sentence is ~25 tokens): measured on 212
# distinct sentences, 16 -> 2.1 s, 32 -> 1.8 s, 64 -> 1.6 s, 128 -> 1.6 s; 64 keeps memory flat.
_PIPE_BATCH = 64
# A piece longer than this (a text without sentence punctuation) is cut further, at paragraph
# breaks or spaces: spaCy refuses texts over nlp.max_length (1M chars) and its memory grows with
# text length.
_CHUNK_CHARS = 100_000


def _chunks(text: str) -> list[str]:
    """Split at paragraph breaks into pieces of at most ~_CHUNK_CHARS; "".join(pieces) == text."""
    if len(text) <= _CHUNK_CHARS:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > _CHUNK_CHARS:
        cut = text.rfind("\n\n", start, start + _CHUNK_CHARS)
        if cut <= start:
            cut = text.rfind("\n", start, start + _CHUNK_CHARS)
        if cut <= start:
            cut = text.rfind(" ", start, start + _CHUNK_CHARS)
        if cut <= start:
            cut = start + _CHUNK_CHARS
        else:
            while cut < len(text) and text[cut].isspace():
                cut += 1  # separators stay with the piece before
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _pieces(text: str) -> list[str]:
    """The text cut at the package's rule-based sentence starts (``newsprism.segment``): each
    piece is one sentence with the whitespace after it; "".join(pieces) == text.

    Parsing sentence by sentence lets a story parse each distinct sentence once: syndicated
    copies and updated versions of one wire report repeat most sentences word for word (a
    100-article story of the speed bench: 2,061 pieces, 484 distinct; spaCy 15.0 -> 3.8 CPU s).
    The parser still splits a piece further where it sees two sentences, and the boundary rules
    of ``nlp/sentences.py`` still apply, so sentences differ from a whole-text parse only where
    the rule splitter cuts and the parser would not (seeds: none of 61; that story: 2%).
    """
    starts = [s for s, _ in sentence_spans_by_rule(text)]
    if not starts:
        return [text] if text else []
    starts[0] = 0
    out: list[str] = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        out.extend(_chunks(text[a:b]))
    return out


def _docs(nlp, articles: list[Article]):
    """One spaCy Doc per article (Doc.text == article.text), in order: each article's distinct
    sentence pieces (``_pieces``) not seen before in this call are parsed, a batch of articles
    at a time, and the article's Doc is joined from them (``Doc.from_docs``)."""
    from spacy.tokens import Doc

    parsed: dict[str, object] = {}  # piece text -> its Doc, while a later article still needs it
    plans = [_pieces(a.text) for a in articles]
    uses = Counter(p for plan in plans for p in plan)
    group = max(1, _PIPE_BATCH // 16)  # articles per parse round (progress moves as they finish)
    for g in range(0, len(plans), group):
        new = sorted({p for plan in plans[g:g + group] for p in plan if p not in parsed})
        parsed.update(zip(new, nlp.pipe(new, batch_size=_PIPE_BATCH)))
        for plan in plans[g:g + group]:
            if not plan:
                doc = nlp.make_doc("")
            elif len(plan) == 1:
                doc = parsed[plan[0]]
            else:
                doc = Doc.from_docs([parsed[p] for p in plan], ensure_whitespace=False)
            for p in plan:  # memory stays that of the pieces still to be used, not the story's
                uses[p] -= 1
                if not uses[p]:
                    del parsed[p]
            yield doc


def _from_doc(article: Article, doc) -> AnnotatedArticle:
    text = article.text
    sentences = sentence_spans(doc, text)
    sentence_of = SentenceIndex(sentences)
    mentions = extract_mentions(doc, text, sentence_of)
    canon = canonical_names(mentions)
    times = extract_times(doc, text, article.published, sentence_of, sentences)
    values = extract_values(doc, text, mentions, times, sentences, sentence_of, canon)
    quotes = extract_quotes(doc, text, mentions, sentences, sentence_of, canon)
    facts = extract_facts(text, sentences, mentions, values, times)
    return AnnotatedArticle(article=article, sentences=sentences, entities=mentions, values=values,
                            quotes=quotes, times=times, facts=facts)


def annotate(article: Article, options: Options | None = None) -> AnnotatedArticle:
    """Sentences, entities, values, quotes and time expressions of one article."""
    return annotate_many([article], options)[0]


def annotate_many(articles: Iterable[Article], options: Options | None = None,
                  progress: Progress | None = None) -> list[AnnotatedArticle]:
    """Annotate many articles (spaCy's batched ``pipe``; embeddings once over all sentences).

    ``progress("annotate", done, total)`` is called after each article and
    ``progress("embed", 0|1, 1)`` around the embedding step, when embeddings are on.
    """
    options = options or Options()
    articles = list(articles)
    total = len(articles)
    if not articles:
        return []
    nlp = models.spacy_pipeline(options)
    out: list[AnnotatedArticle] = []
    for i, (article, doc) in enumerate(zip(articles, _docs(nlp, articles))):
        out.append(_from_doc(article, doc))
        if progress:
            progress("annotate", i + 1, total)
    if options.use_embeddings:
        if progress:
            progress("embed", 0, 1)
        # each distinct sentence once: syndicated copies and repeated boilerplate are common,
        # and the embedding model is most of the nlp stage's time
        all_texts: list[str] = []
        for ann in out:
            all_texts.extend(ann.article.text[s.start:s.end] for s in ann.sentences)
        unique = sorted(set(all_texts))
        row = {t: i for i, t in enumerate(unique)}
        vectors = models.embed(unique, options)
        k = 0
        for ann in out:
            n = len(ann.sentences)
            ann.vectors = vectors[[row[t] for t in all_texts[k:k + n]]] if n else vectors[:0]
            k += n
        if progress:
            progress("embed", 1, 1)
    return out
