"""The small text helpers cleaning shares.

Paragraph and sentence spans come from the package's one rule-based splitter
(``newsprism.segment``): spans over the raw paragraph, so that every removal is an exact slice of
the input, tolerant of unterminated fragments (captions, credits, dropped headlines), no model.
"""
from __future__ import annotations

import re

from ..segment import CLOSERS, TERMINAL, Span

_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r"\s+")


def is_terminated(fragment: str) -> bool:
    """Does the fragment end like a sentence (., !, ?, … possibly inside closing quotes)?"""
    f = fragment.rstrip().rstrip(CLOSERS)
    return bool(f) and f[-1] in TERMINAL


def snap_to_words(text: str, start: int, end: int) -> Span:
    """Widen [start, end) so that it does not cut through a run of word characters."""
    while 0 < start < len(text) and _WORD_CHAR.match(text[start - 1]) and _WORD_CHAR.match(text[start]):
        start -= 1
    while 0 < end < len(text) and _WORD_CHAR.match(text[end - 1]) and _WORD_CHAR.match(text[end]):
        end += 1
    return start, end


def tidy(text: str) -> str:
    """Collapse whitespace runs to single spaces."""
    return _SPACES.sub(" ", text).strip()


def splice(pieces: list[str]) -> str:
    """Join the kept pieces of a paragraph: one space between pieces, none before punctuation
    that was left at the start of a piece (a cut just before a full stop or comma)."""
    out: list[str] = []  # joined once at the end: linear however many pieces
    for piece in pieces:
        piece = tidy(piece)
        if not piece:
            continue
        if out and piece[0] not in ",.;:!?\u2026)]\u201d\u2019":
            out.append(" ")
        out.append(piece)
    return "".join(out)


def normalize_for_compare(text: str) -> str:
    """Lower-case word characters only, single spaces: the form duplicates are compared in."""
    return " ".join(re.findall(r"\w+", text.lower()))
