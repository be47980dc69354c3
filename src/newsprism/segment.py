"""The package's one rule-based sentence splitter: exact character spans, no model.

``sentence_spans(text)`` is used wherever sentences are needed without spaCy: debris cleaning
(spans over the raw paragraph, so each removal is an exact slice of the input), the summariser's
fallback for analyses without annotations, and the nlp stage's model-free path.  The nlp stage
splits with spaCy's parser and corrects it with the same rules (``is_abbreviation``,
``continues_after``; nlp/sentences.py), so the abbreviation decisions are made in one place.

The rules:
1. A blank line always ends a sentence (captions and credits stand alone).
2. A sentence ends at ``.``, ``!``, ``?`` or ``…`` (possibly repeated, possibly inside closing
   quotes or brackets) followed by white space and something that can open a sentence: an upper-case
   letter (or one of a script without case), a digit (possibly after opening quotes or brackets),
   or a copyright sign.
3. A single full stop after an abbreviation (``lexicon.ABBREVIATIONS``, an initial "F.", a dotted
   initialism "U.S.", "a.m.") ends a sentence only when a typical sentence opener follows ("...
   Fargo, N.D. Early on ..."): "Robert F. Bauer", "Jan. 6", "Calif. Gov. ..." go on.  Titles
   ("Sen.", "Dr.") never end one; "No." goes on only before a figure.

Hand-written on purpose (principle 7): pysbd (the rule-based library) has had no release since
2021, rewrites the text it splits and gives unreliable character offsets on news copy; NLTK's
Punkt needs trained parameters that the package cannot download offline; spaCy's sentencizer ends
sentences at every full stop, and its parser needs the model, which cleaning must not load.  None
knows AP-style abbreviations ("Calif.", "N.D.") without the same lists we keep in ``lexicon``.
"""
from __future__ import annotations

import re

from .lexicon import (ABBREVIATIONS, LOWER_CASE_ABBREVIATIONS, NAME_PREFIXES, NUMBER_ABBREVIATIONS,
                      SENTENCE_STARTERS)

__all__ = ["sentence_spans", "paragraph_spans", "is_abbreviation", "continues_after", "OPENERS",
           "CLOSERS", "TERMINAL", "PARAGRAPH_BREAK", "strip_span", "Span"]

Span = tuple[int, int]

TERMINAL = ".!?\u2026"
CLOSERS = "\"'\u201d\u2019)]"
OPENERS = "\"'\u201c\u2018([\u00ab"

# A blank line (possibly holding spaces) separates paragraphs.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# A sentence-end candidate: terminal punctuation, closing quotes/brackets, then white space and the
# first character of the next sentence (checked in code: upper case, digit or a copyright sign),
# after any opening quotes or brackets (a detached one too: '" You').
_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[\u00ab]*[ \t]?(\S))")
# Initials and dotted initialisms, without the final dot: "F", "U.S", "D.C", "a.m", "W.Va".
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]|[A-Z]\.[A-Z][a-z]")
_TOKEN_SPLIT = re.compile(r"[-/\u2013\u2014(\[\"'\u201c\u2018]")
_ABBR_LOOKBACK = 64  # characters before a full stop that can hold the word it ends


def is_abbreviation(word: str) -> bool:
    """Is ``word`` (with or without its final dot) an abbreviation: "Calif.", "N.D.", "Mr",
    "Dec.", "F.", "etc.", "a.m."?  Listed words count only capitalised ("Ill." but not "ill."),
    except the few written in lower case ("etc.", "no.")."""
    w = word[:-1] if word.endswith(".") else word
    if not w:
        return False
    if _INITIALISM.fullmatch(w):
        return True
    bare = w.lower()
    return bare in ABBREVIATIONS and (w[0].isupper() or bare in LOWER_CASE_ABBREVIATIONS)


def continues_after(abbreviation: str, next_word: str, proper_noun: bool | None = None) -> bool:
    """Does the sentence go on after ``abbreviation`` when ``next_word`` follows it?

    ``proper_noun`` is the tagger's view of a capitalised next word where a model ran (None
    without one: then a capitalised word continues unless it is a typical sentence opener)."""
    bare = abbreviation.rstrip(".").lower()
    word = next_word.lstrip(OPENERS)
    if not word:
        return False
    first = word[0]
    if bare in NUMBER_ABBREVIATIONS:
        return first.isdigit() or first == "#"
    if bare in NAME_PREFIXES:
        return True
    if first.islower() or first.isdigit() or first in ",;:)-\u2013\u2014%\u2019'":
        return True
    if first.isupper():
        if word.rstrip(".,;:!?\u2019'\"").lower() in SENTENCE_STARTERS:
            return False
        if next_word[0] in OPENERS and next_word[0] not in "([":
            return False  # a quotation opens after the abbreviation: a new sentence
        return True if proper_noun is None else proper_noun
    return False


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the non-blank paragraphs of ``text`` (separated by blank lines), stripped."""
    spans: list[Span] = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        s, e = strip_span(text, s, e)
        if e > s:
            out.append((s, e))
    return out


def strip_span(text: str, start: int, end: int) -> Span:
    """``[start, end)`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, m: re.Match, pos: int, end: int) -> bool:
    nxt = m.group(1)
    # an upper-case letter, a letter of a script without case, a digit, a copyright sign
    if not (nxt.isdigit() or nxt == "\u00a9" or (nxt.isalpha() and not nxt.islower())):
        return False
    punct = m.group(0).rstrip(CLOSERS)
    if punct != ".":
        return True  # "!", "?", "...", "…": never an abbreviation
    before = text[max(pos, m.start() - _ABBR_LOOKBACK):m.start()]
    # Only the last token matters (looking further back made long lines quadratic, issue 10).
    token = before.rsplit(None, 1)[-1] if before.strip() else ""
    token = _TOKEN_SPLIT.split(token)[-1]  # "(D-Calif.", "\"Mr."
    if not token or not is_abbreviation(token + "."):
        return True
    after = text[m.end():min(end, m.end() + _ABBR_LOOKBACK)].lstrip()  # a window: linear overall
    next_word = after.split(None, 1)[0] if after else ""
    return not continues_after(token, next_word)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``: absolute offsets, stripped, never empty, in order,
    each paragraph (blank-line separated) split on its own."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        _split_paragraph(text, pos, m.start(), out)
        pos = m.end()
    _split_paragraph(text, pos, end, out)
    return out


def _split_paragraph(text: str, start: int, end: int, out: list[Span]) -> None:
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.start(1) >= end or not _ends_sentence(text, m, pos, end):
            continue
        s, e = strip_span(text, pos, m.end())
        if e > s:
            out.append((s, e))
        pos = m.end()
    s, e = strip_span(text, pos, end)
    if e > s:
        out.append((s, e))
