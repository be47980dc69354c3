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
the component.  ``nlp/annotate.py`` parses a text sentence by sentence, cut where the
model-free splitter below starts a sentence (so a story parses each distinct sentence once);
the parser may still split a piece further.  The abbreviation rules and lists are the package's one set (``newsprism.segment``
and ``newsprism.lexicon``), shared with the model-free splitter that cleaning and the summariser
use; ``simple_sentence_spans`` is that splitter.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..lexicon import MONTHS, NAME_PREFIXES, SENTENCE_STARTERS
from ..model import Sentence
from ..segment import PARAGRAPH_BREAK as _PARAGRAPH_BREAK
from ..segment import continues_after, is_abbreviation
from ..segment import sentence_spans as rule_sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

COMPONENT = "newsprism_sentence_rules"

def _continues(prev_text: str, nxt) -> bool:
    """Does the token ``nxt`` continue the sentence after the abbreviation ``prev_text``?
    (The shared rule, with the tagger's word on a capitalised next word: "N.D. California",
    "U.S. Senate" go on, other words start anew.)"""
    return continues_after(prev_text, nxt.text, proper_noun=nxt.tag_ in ("NNP", "NNPS"))


def _starts_anew(prev_text: str, nxt) -> bool:
    """"... in Fargo, N.D. Early on ...": a dotted abbreviation, then a typical sentence opener."""
    return (
        prev_text.endswith(".")
        and prev_text.rstrip(".").lower() not in NAME_PREFIXES
        and nxt.text[:1].isupper()
        and nxt.text.lower() in SENTENCE_STARTERS
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
    """Model-free sentence spans: the package's rule-based splitter (``newsprism.segment``)."""
    return [Sentence(s, e) for s, e in rule_sentence_spans(text)]


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
    r"(?:,?[ \t]*(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?[ \t]+\d{1,2})?"
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
