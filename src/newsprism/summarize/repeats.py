"""Whether two summary candidates tell one event in different words ("has quit" / "has resigned").

Sentence embeddings (the nlp stage's, when present) catch most retellings, but not all: two
sentences about one resignation that go on to different details score low, and a request to
resign scores close to the resignation itself.  The package's event lexicon
(``lexicon.EVENT_PATTERNS``: a request to resign, a resignation, a refusal, a firing) names
the event a sentence reports; with it:

* the same event about the same subject (a shared entity, else a shared name) is a retelling,
  whatever the embeddings say;
* two *different* events of the lexicon (asked to resign / resigned) are never a retelling, even
  when the embeddings are close: both belong in the story of how it developed.
"""
from __future__ import annotations

import re

from ..lexicon import EVENT_PATTERNS, MONTHS, WEEKDAYS
from .text import STOPWORDS

__all__ = ["event_of", "names_in", "retells"]

# "confirmation" ("police confirmed ...") is too common a word to name one event here
_KINDS = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in EVENT_PATTERNS if kind != "confirmation"]
# a refusal or a request mentions the resignation it refuses or asks for: the narrower kind wins
_PRIORITY = ("refusal to resign", "request to resign", "firing", "resignation")
_NAME = re.compile(r"\b[A-Z][A-Za-z'’-]+")
_CALENDAR = {w.lower() for w in MONTHS + WEEKDAYS}


def event_of(text: str) -> str | None:
    """The lexicon's event a sentence reports (the narrowest when several match), or None."""
    found = {kind for kind, rx in _KINDS if rx.search(text)}
    return next((k for k in _PRIORITY if k in found), None)


def names_in(text: str) -> set[str]:
    """Capitalised words that are not function words or calendar words: the names a sentence uses."""
    out = set()
    for m in _NAME.finditer(text):
        w = m.group().lower().replace("’", "'").split("'")[0]
        if w not in STOPWORDS and w not in _CALENDAR and len(w) > 1:
            out.add(w)
    return out


def retells(event_a: str | None, event_b: str | None, subject_shared: bool, cosine: float | None,
            threshold: float) -> bool:
    """Whether candidate b retells candidate a's event: the same lexicon event about a shared
    subject, or (when the lexicon does not set them apart) embeddings at or above ``threshold``."""
    if event_a and event_b:
        if event_a != event_b:
            return False
        if subject_shared:
            return True
    return cosine is not None and cosine >= threshold
