"""What pairing two facts needs, shared by the figure/age pass (facts.py), the event pass
(event_facts.py) and the agreement check (claims.py): a fact's family, its position key, the
lone differing pair of two sentences, place-name keys, and the similarity thresholds."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..model import Fact
from .context import StoryFact
from .entities import name_key

__all__ = ["TOP_K", "FLOOR", "PARAPHRASE", "FIGURE_KINDS", "fact_unit", "fact_family", "lone_pair",
           "clause_words", "fact_key", "place_key"]

TOP_K = 5  # neighbours per sentence taken as candidate pairs
FLOOR = {"cosine": 0.55, "tfidf": 0.3}  # rounded similarity at which two sentences may be one event
PARAPHRASE = 0.8  # cosine at which two sentences say the same thing in other words
FIGURE_KINDS = {"count": "count", "amount": "money", "percent": "percent", "duration": "duration",
            "tally": "tally"}


def fact_unit(f: Fact) -> str:
    u = (f.unit or "").lower()
    return u[:-1] if len(u) > 3 and u.endswith("s") and not u.endswith("ss") else u


def fact_family(f: Fact) -> str | None:
    """What a fact can be compared with: a figure of one kind and unit, an age, a weekday, a
    date of one granularity, a place."""
    if f.kind in FIGURE_KINDS:
        return f"{f.kind}:{fact_unit(f)}"
    if f.kind == "age":
        return "age"
    if f.kind == "weekday":
        return "weekday"
    if f.kind == "date":
        return f"date:{f.unit}"
    if f.kind == "place":
        return "place"
    return None


def lone_pair(ax: list[StoryFact], by: list[StoryFact], same) -> tuple[StoryFact, StoryFact] | None:
    """The one fact of ``ax`` with no equal in ``by`` and the one of ``by`` with none in ``ax``;
    None when nothing differs or more than one does."""
    lone_x = [a for a in ax if not any(same(a, b) for b in by)]
    lone_y = [b for b in by if not any(same(a, b) for a in ax)]
    if len(lone_x) != 1 or len(lone_y) != 1:
        return None
    return lone_x[0], lone_y[0]


def clause_words(attribute: str | None) -> set[str]:
    """The words of a fact's clause (its ``attribute``)."""
    return set((attribute or "").split())


def fact_key(sf: StoryFact) -> tuple[int, int, int]:
    return (sf.article, sf.fact.start, sf.fact.end)


@lru_cache(maxsize=16384)  # a story's few place names are compared pair by pair
def place_key(name: str) -> str:
    """"Guantánamo Bay" == "Guantanamo Bay", "U.S." == "US"."""
    folded = unicodedata.normalize("NFKD", name)
    return name_key("".join(c for c in folded if not unicodedata.combining(c)))
