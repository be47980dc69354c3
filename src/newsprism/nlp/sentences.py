"""Sentence spans over Article.text: spaCy's parser plus two fixes it needs on news text.

1. An abbreviation ("Calif.", "N.D.", "Mr.", "Dec.", "U.S.") does not end a sentence when the
   next word continues it (a lower-case word, a number, a proper noun, a comma).  spaCy's small
   model often splits there ("in Richmond, Calif. | and in Fargo").  When the next word is an
   ordinary capitalised word ("... in Fargo, N.D. Early on ...") the split is kept: the
   abbreviation really ends the sentence.
2. A paragraph break (a blank line) always ends a sentence: captions and credits
   ("Rod Lamkey/AP") must not be glued to the next paragraph.

The rules run as a pipeline component between the tagger and the parser (the parser respects
preset boundaries, so its trees follow them), and ``sentence_spans`` applies them again on the
result, trims whitespace and drops empty spans, so the output holds even for a pipeline without
the component.  This is hand-written because no library knows these news abbreviations; the
lists are small and named here.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..model import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

COMPONENT = "newsprism_sentence_rules"

# Titles: never end a sentence ("Mr. Magnus", "Gov. Smith").
TITLES = {
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "st", "prof", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "supt", "rev", "hon", "pres", "atty", "insp", "det", "no",
}
# Abbreviations that end a sentence only when an ordinary capitalised word follows.
ABBREVIATIONS = TITLES | {
    # months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # US states in AP style
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
    # organisations and misc.
    "inc", "corp", "co", "ltd", "bros", "dept", "univ", "assn", "est", "approx", "vs", "etc",
    "ft", "mt", "ave", "blvd", "rd",
}
# Initialisms written with dots: "N.D.", "U.S.", "D.C.", "U.K.", "a.m.", "p.m."
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")

# Words that begin a new sentence even though they are capitalised like a name would be.
_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its",
    "this", "that", "these", "those", "but", "and", "or", "so", "yet", "in", "on", "at", "for",
    "after", "before", "when", "while", "as", "if", "early", "later", "last", "next", "there",
    "here", "meanwhile", "however", "still", "then", "now", "since", "during", "according",
}

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def is_abbreviation(token_text: str) -> bool:
    """True for "Calif.", "N.D.", "Mr.", "Dec." and "Mr" (British style, no dot)."""
    t = token_text
    if _INITIALISM.match(t):
        return True
    if t.endswith("."):
        t = t[:-1]
    return t.lower() in ABBREVIATIONS and t[:1].isupper()


def _continues(prev_text: str, nxt) -> bool:
    """Does the token ``nxt`` continue the sentence after the abbreviation ``prev_text``?"""
    bare = prev_text.rstrip(".").lower()
    if bare in TITLES:
        return True
    text = nxt.text
    if not text or text.isspace():
        return False
    first = text[0]
    if first.islower() or first.isdigit() or first in ",;:)-–—%’'":
        return True
    if first.isupper():
        if text.lower() in _STARTERS:
            return False
        # Proper nouns continue ("N.D. California", "U.S. Senate"); other words start anew.
        return nxt.tag_ in ("NNP", "NNPS")
    return False


def _starts_anew(prev_text: str, nxt) -> bool:
    """"... in Fargo, N.D. Early on ...": a dotted abbreviation, then a typical sentence opener."""
    return (
        prev_text.endswith(".")
        and prev_text.rstrip(".").lower() not in TITLES
        and nxt.text[:1].isupper()
        and nxt.text.lower() in _STARTERS
    )


def _preset(doc: "Doc") -> "Doc":
    """Pipeline component: set boundaries before the parser runs (it respects them)."""
    text = doc.text
    last_end = 0  # end of the last non-space token
    for i, tok in enumerate(doc):
        if tok.is_space:
            continue
        if i > 0:
            prev = doc[i - 1]
            if _PARAGRAPH_BREAK.search(text, last_end, tok.idx) if last_end < tok.idx else False:
                tok.is_sent_start = True
            elif not prev.is_space and is_abbreviation(prev.text):
                if _continues(prev.text, tok):
                    tok.is_sent_start = False
                elif _starts_anew(prev.text, tok):
                    tok.is_sent_start = True
        last_end = tok.idx + len(tok.text)
    return doc


def install_boundary_rules(nlp) -> None:
    """Add the boundary component to a loaded pipeline (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_preset)
    if COMPONENT in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="senter")
    else:
        nlp.add_pipe(COMPONENT, first=True)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(doc: "Doc", text: str | None = None) -> list[Sentence]:
    """Sentence spans (character offsets into ``text``, whitespace trimmed, none empty)."""
    text = doc.text if text is None else text
    starts: set[int] = set()
    for sent in doc.sents:
        starts.add(sent.start_char)
    # Undo splits after abbreviations that the component could not prevent.
    for tok in doc:
        if tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1]
            if nxt.idx in starts and is_abbreviation(tok.text) and _continues(tok.text, nxt):
                # keep a paragraph break, drop the split
                if not _PARAGRAPH_BREAK.search(text[tok.idx + len(tok.text): nxt.idx]):
                    starts.discard(nxt.idx)
    # Always split at paragraph breaks.
    for m in _PARAGRAPH_BREAK.finditer(text):
        starts.add(m.end())
    starts.add(0)
    bounds = sorted(s for s in starts if 0 <= s <= len(text))
    bounds.append(len(text))
    out: list[Sentence] = []
    for a, b in zip(bounds, bounds[1:]):
        s, e = _trim(text, a, b)
        if e > s:
            out.append(Sentence(s, e))
    return out


def simple_sentence_spans(text: str) -> list[Sentence]:
    """Model-free fallback: split at paragraph breaks and at ". X" outside abbreviations."""
    out: list[Sentence] = []
    for para in re.finditer(r"(?:(?!\n[ \t]*\n).)+", text, flags=re.S):
        pstart = para.start()
        chunk = para.group()
        last = 0
        for m in re.finditer(r"[.!?][”\"’')\]]*\s+(?=[“\"‘(A-Z0-9])", chunk):
            word = chunk[:m.start() + 1].split()[-1] if chunk[:m.start() + 1].split() else ""
            if is_abbreviation(word.lstrip("“\"(")):
                nxt = chunk[m.end():].split()[0] if chunk[m.end():].split() else ""
                if nxt.lower() not in _STARTERS:
                    continue
            s, e = _trim(text, pstart + last, pstart + m.end())
            if e > s:
                out.append(Sentence(s, e))
            last = m.end()
        s, e = _trim(text, pstart + last, pstart + len(chunk))
        if e > s:
            out.append(Sentence(s, e))
    return out


class SentenceIndex:
    """Map a character offset to the index of the sentence that holds it."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def __call__(self, offset: int) -> int:
        if not self.sentences:
            return 0
        i = bisect_right(self._starts, offset) - 1
        return max(0, min(i, len(self.sentences) - 1))


# A dateline opens a report and places the reporter, not the event: "WASHINGTON —",
# "LIMA, Dec 1 (Reuters) -", "KYIV, Ukraine (AP) —", "Nairobi, Kenya – ".  One place (upper-case
# or capitalised words, with an optional region), an optional date, an optional agency in
# parentheses, then a dash.
DATELINE = re.compile(
    r"[ \t]*(?:[A-Z][A-Za-z.'\u2019-]*(?:[ \t]+[A-Z][A-Za-z.'\u2019-]*){0,3})"
    r"(?:,[ \t]*[A-Z][A-Za-z.'\u2019-]*(?:[ \t]+[A-Z][A-Za-z.'\u2019-]*){0,2})?"
    r"(?:,?[ \t]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})?"
    r"(?:[ \t]*\((?:[A-Z][A-Za-z.&-]*(?:[ \t]+[A-Z][A-Za-z.&-]*)?)\))?"
    r"[ \t]*(?:\u2014|\u2013|--?|_)(?=\s|$)")


def dateline_end(text: str, start: int) -> int | None:
    """End offset of a dateline opening the sentence at ``start`` (None when there is none).
    The place must be written in capitals or be followed by an agency, a date or a region, so an
    ordinary opening ("Officials -- ...") is not taken for one."""
    m = DATELINE.match(text, start)
    if not m:
        return None
    head = text[start:m.end()].strip()
    place = re.split(r"[,(\u2014\u2013_]|--?", head, maxsplit=1)[0].strip()
    letters = [c for c in place if c.isalpha()]
    shouting = len(letters) >= 3 and all(c.isupper() for c in letters)
    marked = "(" in head or "," in head
    return m.end() if (shouting or marked) else None


def is_dateline_at(text: str, sentence_start: int, start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside the dateline that opens the sentence."""
    e = dateline_end(text, sentence_start)
    return e is not None and start >= sentence_start and end <= e
