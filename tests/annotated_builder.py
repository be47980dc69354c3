"""Hand-built AnnotatedArticles for the compare tests (no model needed).

Every text here is written for the tests (fiction).  Spans are found with str.find, so a test
states what the NLP stage would have tagged without running it.
"""
from __future__ import annotations

import hashlib
import re

from newsprism.model import (AnnotatedArticle, Article, Mention, Quote, Sentence,
                             TimeExpression, Value)


def sentences_of(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?\"\u201d])\s+(?=[A-Z\"\u201c])", text):
        out.append(Sentence(start, m.start()))
        start = m.end()
    out.append(Sentence(start, len(text)))
    return out


def sentence_index(sents: list[Sentence], offset: int) -> int:
    for i, s in enumerate(sents):
        if s.start <= offset < s.end:
            return i
    return len(sents) - 1


def mk(text: str, outlet: str, *, published: str | None = "2025-03-16", ents=(), quotes=(), times=(),
       duplicate_of: str | None = None, aid: str | None = None) -> AnnotatedArticle:
    """ents: (form, label) -> every occurrence of form is a mention;
    quotes: (quoted words, speaker or None); times: (expression, iso date or None, granularity)."""
    art = Article(id=aid or hashlib.sha1((outlet + text).encode()).hexdigest()[:12], source=f"{outlet}.txt",
                  text=text, title=None, outlet=outlet, outlet_from="test", published=published,
                  published_from="test" if published else None, duplicate_of=duplicate_of)
    sents = sentences_of(text)
    mentions = []
    for form, label in ents:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            mentions.append(Mention(m.start(), m.end(), form, label, sentence_index(sents, m.start())))
    mentions.sort(key=lambda m: (m.start, -m.end))
    qs = []
    for words, speaker in quotes:
        i = text.index(words)
        qs.append(Quote(i, i + len(words), words, speaker, None, None, sentence_index(sents, i)))
    ts = []
    for expr, date, gran in times:
        i = text.index(expr)
        how = "absolute" if date else "unresolved: no publication date"
        ts.append(TimeExpression(i, i + len(expr), expr, date, gran if date else None, how,
                                 sentence_index(sents, i)))
    return AnnotatedArticle(article=art, sentences=sents, entities=mentions, quotes=qs, times=ts)


def val(ann, written, kind, value, nth=0, **extra):
    """Add the value the nlp stage would have found at the ``nth`` occurrence of ``written``."""
    text = ann.article.text
    i = -1
    for _ in range(nth + 1):
        i = text.index(written, i + 1)
    si = next(k for k, s in enumerate(ann.sentences) if s.start <= i < s.end)
    fields = dict(unit=None, subject=None, attribute=None, period=None, approximate=False)
    fields.update(extra)
    ann.values.append(Value(i, i + len(written), written, kind, value, sentence=si, **fields))
    return ann


def found(*anns):
    """The fact pass's findings over hand-built reports (no embeddings: TF-IDF similarity)."""
    from newsprism.compare.context import build_context
    from newsprism.compare.facts import fact_contradictions
    from newsprism.options import Options

    return fact_contradictions(build_context(list(anns), Options(use_embeddings=False)))
