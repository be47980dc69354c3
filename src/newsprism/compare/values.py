"""Comparing normalised values: when do two reported figures really disagree?

Two values of the same measure are *compatible* when the ranges they allow overlap.  The range
of a value comes from how it was written:

- its precision ("2.4 million" allows 2.35-2.45 million; "227,000" is rounded to the thousand;
  "37%" allows 36.5-37.5%),
- its qualifier ("more than 2 million" is a lower bound, "nearly forty years" an upper bound,
  "just over 53 percent" a bound on both sides, up to 15% above: 64 percent is not "just over"
  53, "around 227,500" a band of +-10%), taken from the Value's ``approximate`` flag and the
  words just before it.

Hand-written because no library models news-style hedging ("nearly", "more than", rounding to
written precision) over already-normalised values; the NLP stage already did the parsing.

Pure functions of values: no findings are built here (``figures.py`` and ``facts.py`` do that).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..model import Value

NUMERIC_KINDS = ("age", "count", "number", "percent", "money", "duration")
# kinds where a figure only means something together with the period it covers
PERIOD_BOUND_KINDS = ("count", "number", "percent", "money")

_LOWER = ("more than", "over", "at least", "upwards of", "in excess of", "exceeding", "above",
          "greater than", "north of", "topping")
_UPPER = ("less than", "fewer than", "under", "below", "up to", "at most", "no more than",
          "shy of", "short of")
_NEARLY = ("nearly", "almost", "just under", "close to")
# "just over 53 percent": a little above, not anything above (checked before "over")
_JUST_OVER = ("just over", "just above", "just more than", "slightly more than", "slightly over",
              "slightly above", "a little over", "a little more than", "barely over", "barely more than")
_AROUND = ("around", "about", "approximately", "some", "an estimated", "estimated", "circa",
           "roughly", "approx.", "~", "on the order of")

# each kind of qualifier as one compiled pattern, tried in this order (compiled once: building a
# pattern per word per value was most of compare's time on a 100-article story)
_QUALIFIERS = [(re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])"), name)
               for words, name in ((_JUST_OVER, "just over"), (_NEARLY, "nearly"), (_LOWER, "lower"),
                                   (_UPPER, "upper"), (_AROUND, "around"))]

_NUM = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_BAND = 0.10  # "around": +-10%
_NEARLY_BAND = 0.15  # "nearly 40": 34-40


@dataclass(frozen=True)
class Range:
    lo: float
    hi: float

    def overlaps(self, other: "Range") -> bool:
        eps = 1e-9 * max(1.0, abs(self.lo), abs(other.lo))
        return self.lo <= other.hi + eps and other.lo <= self.hi + eps


def qualifier(value: Value, article_text: str) -> str | None:
    """"lower" | "upper" | "nearly" | "just over" | "around" | None, from the words in or just
    before the value."""
    before = article_text[max(0, value.start - 30):value.start].lower()
    inside = value.text.lower()
    window = (before + " " + inside).strip()
    tail = window[-(len(inside) + 24):] if inside else window[-24:]
    for pattern, name in _QUALIFIERS:
        if pattern.search(tail):
            return name
    return "around" if value.approximate else None


def _precision(value: Value) -> float | None:
    """Half the unit of the last written digit, in the units of ``value.value``; None if unknown."""
    if value.kind not in NUMERIC_KINDS or not isinstance(value.value, (int, float)):
        return None
    m = _NUM.search(value.text)
    if not m:
        return None  # written in words ("forty years"): the normalised value is all we have
    digits = m.group(0).replace(",", "")
    try:
        written = float(digits)
    except ValueError:
        return None
    if written == 0:
        return 0.0
    decimals = len(m.group(1) or "")
    unit = 10.0 ** (-decimals)
    if decimals == 0 and value.kind in ("count", "money", "number") and written >= 1000:
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped)
        unit = 10.0 ** zeros
    scale = abs(float(value.value)) / abs(written) if written else 1.0
    # a hair under half a unit: "61" and "62" (or "37%" and "38%") must not touch
    return unit * scale / 2.0 * 0.999


def value_range(value: Value, article_text: str) -> Range | None:
    """The range of values this written figure allows; None for non-numeric values."""
    if value.kind not in NUMERIC_KINDS or not isinstance(value.value, (int, float)) \
            or isinstance(value.value, bool):
        return None
    x = float(value.value)
    half = _precision(value)
    if half is None:
        half = 0.0
    lo, hi = x - half, x + half
    q = qualifier(value, article_text)
    if q == "lower":
        lo, hi = x, math.inf
    elif q == "upper":
        lo, hi = (0.0 if x >= 0 else -math.inf), x
    elif q == "nearly":
        lo = min(lo, x * (1 - _NEARLY_BAND))
    elif q == "just over":
        lo, hi = x, max(hi, x * (1 + _NEARLY_BAND))
    elif q == "around":
        lo, hi = min(lo, x * (1 - _BAND)), max(hi, x * (1 + _BAND))
    return Range(lo, hi)


def _date_compatible(a: str, b: str) -> bool:
    """ISO dates at different granularity agree when the finer starts with the coarser."""
    a, b = str(a), str(b)
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def compatible(a: Value, a_text: str, b: Value, b_text: str) -> bool:
    """True when the two values can both be right (same measure assumed)."""
    if a.kind == "date" or b.kind == "date":
        return _date_compatible(a.value, b.value)
    if a.kind == "tally" or b.kind == "tally":
        return _tally(a.value) == _tally(b.value)
    ra, rb = value_range(a, a_text), value_range(b, b_text)
    if ra is None or rb is None:
        return normalized_key(a) == normalized_key(b)
    return ra.overlaps(rb)


def _tally(v: Any) -> tuple:
    if isinstance(v, (list, tuple)):
        try:
            return tuple(float(x) for x in v)
        except (TypeError, ValueError):
            return tuple(v)
    return (v,)


def normalized_key(v: Value) -> Any:
    """A hashable form of the normalised value (for grouping equal values)."""
    if isinstance(v.value, (list, tuple)):
        return _tally(v.value)
    if isinstance(v.value, float) and v.value.is_integer():
        return int(v.value)
    return v.value


def display(v: Value) -> str:
    """The value as written, without words the NLP span may include ("Magnus, 61" -> "61")."""
    text = v.text.strip()
    if v.kind == "age":
        m = re.search(r"\b\d{1,3}\b", text)
        if m:
            return m.group(0)
    return text


def describe(v: Value) -> str:
    """Human form of a normalised value for explanations."""
    k = normalized_key(v)
    if v.kind == "tally" and isinstance(k, tuple):
        return "-".join(str(int(x)) if isinstance(x, float) and x.is_integer() else str(x) for x in k)
    if v.kind == "duration" and isinstance(k, (int, float)):
        years = float(k) / 365.25
        return f"{k} days (~{years:.1f} years)" if years >= 1 else f"{k} days"
    return str(k)


__all__ = ["NUMERIC_KINDS", "PERIOD_BOUND_KINDS", "Range", "qualifier", "value_range", "compatible",
           "normalized_key", "display", "describe"]
