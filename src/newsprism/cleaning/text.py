"""Paragraph and sentence spans for debris cleaning, plus the small text helpers cleaning shares.

Hand-written on purpose: debris cleaning needs sentence *spans over the raw paragraph* (so that
every removal is an exact slice of the input) that tolerate unterminated fragments (captions,
credits, dropped headlines) and never need a model.  spaCy lives in nlp/ and is loaded only
there; a regex splitter with an abbreviation list is enough to find the places where debris sits.
"""
from __future__ import annotations

import re

Span = tuple[int, int]

# A blank line (possibly with spaces) separates paragraphs.
_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
# Sentence end: . ! ? or … (possibly doubled), optional closing quotes/brackets, then whitespace,
# then something that can start a sentence (capital, digit, opening quote or bracket).
_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+(?:[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de]|\u00a9))")
# Words after which a full stop is an abbreviation, not a sentence end.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col capt sgt cmdr adm st jr sr rev hon pres supt det
    insp cpl pvt maj brig inc co corp ltd plc no nos vs v etc al approx est dept univ fig vol
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa penn tenn tex va vt wash wis wyo mt ft""".split()
)
_LAST_TOKEN = re.compile(r"(\S+)$")
_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r"\s+")
TERMINAL = ".!?\u2026"
CLOSERS = "\"'\u201d\u2019)]"


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the non-blank paragraphs of ``text`` (separated by blank lines), stripped."""
    spans: list[Span] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
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
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ABBR_LOOKBACK = 64  # characters before a full stop that can hold the token it ends


def _is_abbreviation(before: str) -> bool:
    # Only the last token matters.  Looking at the whole run since the last sentence end made a
    # long line full of abbreviations ("Mr. ... Dr. ... U.S. ...") quadratic (issue 10).
    m = _LAST_TOKEN.search(before[-_ABBR_LOOKBACK:])
    if not m:
        return False
    token = m.group(1).rstrip(".")
    if token.lower().lstrip("(\"'\u201c") in _ABBREVIATIONS:
        return True
    # initials and dotted acronyms: "J.", "U.S.", "D.C.", "N.D."
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (absolute offsets, stripped, never empty)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == "." and m.group(0).startswith(".") and len(m.group(0).rstrip(CLOSERS)) == 1:
            if _is_abbreviation(text[max(pos, m.start() - _ABBR_LOOKBACK):m.start()]):
                continue
        s, e = strip_span(text, pos, m.end())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = strip_span(text, pos, end)
    if e > s:
        spans.append((s, e))
    return spans


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
