"""Evidence windows and the small word lists the detectors share (built on ``newsprism.lexicon``).

- ``context_evidence``: the sentence around a value, trimmed to ~240 characters at word
  boundaries, so a side of a finding shows the value in its sentence.
- ``sentence_evidence``: a whole sentence, whitespace trimmed.
"""
from __future__ import annotations

import re

from ..lexicon import GRAMMAR_WORDS, MONTHS, WEEKDAYS
from ..lexicon import STOP_WORDS as _COMMON_STOP_WORDS
from ..model import AnnotatedArticle, Article, Evidence

__all__ = ["context_evidence", "sentence_span", "sentence_evidence", "STOP_WORDS", "WEEKDAY_RE",
           "WEEKDAYS", "MONTHS", "content_words"]

# Words whose presence says nothing about which measure or event a sentence is about.
STOP_WORDS = GRAMMAR_WORDS | frozenset({"number", "total"})
# Function words and reporting verbs: a sentence made only of these (plus names and figures)
# asserts nothing a reader could check against another outlet.
FUNCTION_WORDS = STOP_WORDS | _COMMON_STOP_WORDS | frozenset({
    "being", "do", "does", "did", "we", "i", "you", "him", "them", "us", "me", "these", "those",
    "what", "when", "where", "but", "not", "no", "so", "if", "then", "just", "say", "according",
    "will", "would", "could", "can", "may", "might", "should", "there", "here", "all", "some",
    "more", "most", "very", "up", "out", "about", "after", "before", "into", "over", "mr", "mrs",
    "ms", "dr", "s", "t"})
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def content_words(text: str) -> list[str]:
    """Lower-case words of ``text`` that are not function words (possessives stripped)."""
    out = []
    for w in _WORD.findall(text):
        w = w.lower()
        if w[-1] in "s'\u2019":
            w = _POSSESSIVE.sub("", w)
        if len(w) > 1 and w not in FUNCTION_WORDS:
            out.append(w)
    return out


def sentence_span(ann: AnnotatedArticle, index: int) -> tuple[int, int] | None:
    if 0 <= index < len(ann.sentences):
        s = ann.sentences[index]
        return s.start, s.end
    return None


def context_evidence(article: Article, start: int, end: int, index_span: tuple[int, int] | None
                     ) -> Evidence:
    """The sentence around [start, end), trimmed to at most ~240 characters at word boundaries."""
    text = article.text
    s, e = index_span if index_span else (max(0, start - 120), min(len(text), end + 120))
    s, e = min(s, start), max(e, end)
    if e - s > 240:
        s = max(s, start - 120)
        e = min(e, end + 120)
        while s < start and not text[s - 1].isspace() and s > 0:
            s += 1
        while e > end and e < len(text) and not text[e].isspace():
            e -= 1
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return Evidence.of(article, s, e)


def sentence_evidence(ann: AnnotatedArticle, start: int, end: int) -> Evidence:
    text = ann.article.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.of(ann.article, start, end)
