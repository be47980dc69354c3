"""Sentences read as events: word tokens with their stems, content words and the scope of each
negation, for the detectors that compare two sentences of one event (compare/polarity.py).

``event_sentences(annotated) -> {(article, sentence): EventSentence}`` reads the sentences of every
article; a sentence with fewer than ``MIN_CONTENT`` content words describes no event and is left
out.  A word is negated when it is the first content word after "not", "n't", "never", "no" (not
across punctuation), or after a verb that negates its complement ("refused to", "failed to",
"declined to", "unlikely to", "denied taking"), skipping auxiliaries and adverbs; "not only" is
not a negation.

Hand-written: no library gives the scope of a negation without a parser, and the word lists
below are short and closed; ``newsprism.lexicon.stem`` joins inflections ("pled" / "pleaded").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Sequence

from ..lexicon import OPPOSITES, stem
from ..model import AnnotatedArticle
from .evidence import FUNCTION_WORDS

__all__ = ["Token", "EventSentence", "NEGATORS", "MIN_CONTENT", "event_tokens", "event_sentences",
           "negated_words", "asserts", "in_quote", "mentions"]

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*-\d+[A-Za-z]?\b"  # a numbered name: "F-35", "COVID-19"
                   r"|\d+(?:[.,]\d+)*|[A-Za-z]+(?=n['\u2019]t\b)|n['\u2019]t\b"
                   r"|[A-Za-z]+(?:[-'\u2019.][A-Za-z]+)*")

# Negators: the next content word is negated.
NEGATORS = frozenset({"not", "n't", "never", "no", "cannot", "nor", "neither", "none", "nobody",
                      "nothing"})  # not "without": its scope is a whole phrase ("without the need to")
# Verbs that negate their complement ("refused to resign" = did not resign).
_NEGATING_VERBS = frozenset({"refuse", "refused", "refuses", "refusing", "deny", "denied", "denies",
                             "denying", "fail", "failed", "fails", "failing", "decline", "declined",
                             "declines", "declining", "unable", "unlikely"})
# Skipped between a negator and the word it negates: auxiliaries, adverbs of degree or time,
# and the particle of "refused to" / "denied that".
_SKIP = frozenset({"be", "been", "being", "is", "was", "were", "are", "am", "have", "has", "had",
                   "do", "does", "did", "will", "would", "could", "should", "can", "may", "might",
                   "must", "shall", "to", "that", "yet", "ever", "even", "immediately", "also",
                   "so", "too", "very", "really", "actually", "necessarily", "entirely", "fully",
                   "directly", "personally", "publicly", "officially", "a", "an", "the", "any",
                   "having", "get", "got", "getting", "it", "he", "she", "they", "we", "i", "you"})
_NOT_A_NEGATION = {("not", "only"), ("not", "just"), ("no", "matter"), ("no", "doubt"),
                   ("not", "least"), ("without", "doubt")}

# Opposites, both directions.  Hand-written, with this comment saying why: WordNet's data cannot
# be installed offline here (no package on PyPI ships it for this Python), and a general antonym
# resource pairs many words whose swap is a paraphrase.  These are contraries of general English
_CONDITIONAL = frozenset({"if", "unless", "whether", "would-be"})
_QUOTE_CHARS = "\"\u201c\u201d"
MIN_CONTENT = 4  # content words a sentence needs to describe an event


class Token(NamedTuple):  # a tuple: one is built for every word of a story
    raw: str
    low: str
    stem: str
    start: int
    end: int
    content: bool


@dataclass
class EventSentence:
    ai: int
    si: int
    start: int
    end: int
    toks: list[Token]
    negated: dict[int, tuple[int, int]]  # token index -> span from its negator to it
    stems: frozenset[str]  # content stems


def event_tokens(text: str, start: int, end: int) -> list[Token]:
    out = []
    for m in _WORD.finditer(text, start, end):
        raw = m.group()
        low = raw.lower().replace("\u2019", "'")
        content = (low not in FUNCTION_WORDS and low not in NEGATORS and low not in _SKIP
                   and len(low) > 1 and (low.isalpha() or "-" in low or "." in low))
        out.append(Token(raw, low, stem(low), m.start(), m.end(), content))
    return out


_BREAK = re.compile(r"[,;:()\[\]\u2014\u2013\"\u201c\u201d]|\s-\s")


def negated_words(toks: Sequence[Token], text: str) -> dict[int, tuple[int, int]]:
    """Token index of each negated word -> (start of its negator, end of the word).  The scope
    of a negator never crosses punctuation ("a decline, reflecting ...")."""
    out: dict[int, tuple[int, int]] = {}
    for i, t in enumerate(toks):
        negating_verb = t.low in _NEGATING_VERBS
        if t.low not in NEGATORS and not negating_verb:
            continue
        nxt = toks[i + 1].low if i + 1 < len(toks) and \
            not _BREAK.search(text, t.end, toks[i + 1].start) else ""
        if (t.low, nxt) in _NOT_A_NEGATION:
            continue
        if negating_verb and (not (nxt == "to" or nxt.endswith("ing")) or i in out):
            # "denied the charges": an object, not a negated event ("deny" is an opposite word);
            # "denied that ...": which word of the clause is its event is unclear; "did not
            # refuse to": two negations cancel
            continue
        for j in range(i + 1, min(len(toks), i + 5)):
            u = toks[j]
            if _BREAK.search(text, toks[j - 1].end, u.start):
                break
            if u.low in _SKIP or (u.low.endswith("ly") and u.low not in OPPOSITES):
                continue
            if u.content:
                out[j] = (t.start, u.end)
            break
    return out


def event_sentences(annotated: Sequence[AnnotatedArticle]) -> dict[tuple[int, int], EventSentence]:
    out = {}
    for ai, ann in enumerate(annotated):
        text = ann.article.text
        for si, s in enumerate(ann.sentences):
            toks = event_tokens(text, s.start, s.end)
            stems = frozenset(t.stem for t in toks if t.content)
            if len(stems) < MIN_CONTENT:
                continue
            out[(ai, si)] = EventSentence(ai, si, s.start, s.end, toks, negated_words(toks, text), stems)
    return out


def asserts(text: str, s: EventSentence) -> bool:
    """A statement, not a question or a condition."""
    body = text[s.start:s.end].strip()
    if body.endswith("?") or body.endswith("?\"") or body.endswith("?\u201d"):
        return False
    return not any(t.low in _CONDITIONAL for t in s.toks)


def in_quote(text: str, sent_start: int, pos: int) -> bool:
    before = text[sent_start:pos]
    return sum(before.count(c) for c in _QUOTE_CHARS) % 2 == 1


@lru_cache(maxsize=8192)  # asked again for each aligned pair of the same two reports
def mentions(text: str, needle: str) -> bool:
    """``needle`` occurs in ``text`` as whole words (any case, any spacing)."""
    pattern = _needle_pattern(needle)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=8192)  # compiled once per name (re's own cache holds 512 and thrashed here)
def _needle_pattern(needle: str) -> re.Pattern | None:
    body = r"\s+".join(re.escape(w) for w in needle.split())
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", re.IGNORECASE) if body else None
