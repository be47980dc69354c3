"""Numbers written in digits or words, and durations in days.

Hand-written: the packages that turn words into numbers (word2number, text2num) are unmaintained
or pull in extra dependencies, and news needs only this small grammar: "four", "forty",
"twenty-five", "two million", "2.38 million", "a dozen", "1.2bn", "$5 million".
"""
from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12, "couple": 2,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
}
NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES) - {"a", "an", "k", "m", "b", "mn", "bn", "tn"}


def parse_number(text: str) -> float | None:
    """"61" -> 61.0, "60,000" -> 60000.0, "2.38 million" -> 2380000.0, "forty" -> 40.0,
    "twenty-five" -> 25.0, "two million" -> 2000000.0, "a dozen" -> 12.0; None if not a number."""
    t = text.lower().replace(",", "").replace("–", "-").strip()
    t = re.sub(r"^(?:\$|€|£|us\$)", "", t).strip()
    if not t:
        return None
    tokens = re.findall(r"\d+(?:\.\d+)?|[a-z]+", t.replace("-", " "))
    if not tokens:
        return None
    total = 0.0
    current: float | None = None
    seen = False
    for tok in tokens:
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            if current is not None and seen:
                return None  # two numerals in a row: not one number
            current = float(tok)
            seen = True
        elif tok in _UNITS and tok not in ("a", "an"):
            current = (current or 0.0) + _UNITS[tok] if tok != "dozen" else (current or 1.0) * 12
            seen = True
        elif tok in ("a", "an"):
            if current is None:
                current = 1.0
        elif tok in _TENS:
            current = (current or 0.0) + _TENS[tok]
            seen = True
        elif tok == "hundred":
            current = (current if current is not None else 1.0) * 100
            seen = True
        elif tok in _SCALES:
            total += (current if current is not None else 1.0) * _SCALES[tok]
            current = None
            seen = True
        elif tok == "and":
            continue
        else:
            return None
    if not seen:
        return None
    return total + (current or 0.0)


# a number in digits or words, as a regex fragment ("61", "2.38", "forty", "twenty-five")
_NUM_WORD = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(sorted((set(_UNITS) | set(_TENS)) - {"a", "an", "couple"}, key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"

DAYS_PER = {
    "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25, "decade": 3652.5,
    "century": 36525.0, "centurie": 36525.0, "hour": 1 / 24, "minute": 1 / 1440,
}


def _days(num: float, unit: str) -> float:
    """A duration in days, so "four decades" == "forty years" == 14610.0."""
    u = unit.lower().rstrip("s")
    return round(num * DAYS_PER.get(u, DAYS_PER.get(u + "s", 1.0)), 2)
