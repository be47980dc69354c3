"""Time expressions over Article.text, resolved against the article's publication date.

Candidates come from spaCy's DATE/TIME entities plus a few patterns it misses or cuts short
("late Saturday", "last December", "Dec. 2021", "from 2016 to 2020").  Resolution is hand-written
on purpose: news uses a small set of forms, and the rules a reader applies to them must be
explicit and testable:

- a weekday ("Wednesday", "late Saturday") is the most recent such day on or before publication;
- "last December" is the most recent December strictly before the publication month;
- a bare month ("in September") is the most recent such month on or before publication, or the
  next one when the clause speaks of the future ("will ... in January");
- "this year" / "last year" / "next year", "today", "yesterday", "last week", "last month";
- absolute dates ("Dec. 2021", "Nov. 9, 2022", "31 July 2013", "2016", "Sept. 30, 2022") need no
  publication date; ``partial_date`` reads a day or month written without a year ("June 12") as
  written, for a report that has no date.

dateparser was tried for this: it resolves relative phrases against the wall clock unless told
otherwise, guesses a day for "December 2021", and cannot say *why* something is unresolved; the
report needs granularity and a stated reason, so the rules are ours.  Durations ("11 months",
"nearly four decades") are not points in time: values.py handles them.

An article without a publication date gets no guesses: relative expressions stay unresolved,
and ``how`` says why.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .. import lexicon
from ..model import TimeExpression

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

MONTHS = lexicon.MONTH_NUMBERS  # "january"/"jan" -> 1
WEEKDAYS = {d.lower(): i for i, d in enumerate(lexicon.WEEKDAYS)}  # "monday" -> 0
_MONTH_RE = "(?:" + "|".join(
    [*lexicon.MONTHS, *(a.capitalize() + r"\.?" for a in sorted(lexicon.MONTH_ABBREVIATIONS,
                                                              key=lambda a: (-len(a), a)))]) + ")"
_WEEKDAY_RE = "(?:" + "|".join(lexicon.WEEKDAYS) + ")"

# Patterns spaCy misses or cuts; each is tried on the raw text.
PATTERNS = [
    re.compile(r"\bfrom ((?:1[89]|20)\d\d) (?:to|until|through) ((?:1[89]|20)\d\d)\b"),
    re.compile(rf"\b(?:(?:late|early|mid)[ -])?{_WEEKDAY_RE}(?: (?:morning|afternoon|evening|night))?\b"),
    re.compile(rf"\b(?:last|this|next|(?:late|early|mid)[ -]|in )?{_MONTH_RE}(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? (?:1[89]|20)\d\d)?\b(?!-)"),
    re.compile(r"\b(?:this|last|next|past) (?:year|month|week)\b"),
    re.compile(r"\b(?:today|yesterday|tonight|tomorrow)\b", re.I),
    re.compile(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+ty(?:-\w+)?)"
               r" (?:years?|months?|weeks?|days?|decades?) ago\b", re.I),
    re.compile(r"\b(?:in|since|of|during|until|by) ((?:1[89]|20)\d\d)\b"),
]
_FUTURE = re.compile(
    r"\b(?:will|shall|’ll|'ll|expected to|poised to|set to|scheduled to|plans? to|going to|next)\b", re.I
)
_DURATION = re.compile(
    r"^(?:nearly |almost |about |around |more than |less than |over |under |roughly |some |the past |the last |"
    r"the next |a )?(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|several|few|many|\w+-\w+)?\s*(?:full )?"
    r"(?:years?|months?|weeks?|days?|decades?|centuries|century|hours?|minutes?)(?: old)?$",
    re.I,
)


@dataclass
class _Resolved:
    date: str | None
    granularity: str | None
    how: str


def _parse_pub(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_num(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def resolve(text: str, published: str | None, *, future: bool = False) -> _Resolved | None:
    """Resolve one expression; None when it is not a point or period in time."""
    t = " ".join(text.replace("\u2019", "'").split())
    low = t.lower()
    pub = _parse_pub(published)
    rel = f"relative to published {pub.isoformat()}" if pub else ""
    no_pub = "unresolved: no publication date to resolve a relative expression against"
    m = re.match(r"^(?:(?:nearly|almost|about|around|roughly|more than|less than|over|some|just over) )?"
                 r"(\w+(?:[- ]\w+)?) (year|month|week|day|decade)s? ago$", low)
    if m:
        from .numbers import parse_number

        n = 1.0 if m.group(1) in ("a", "an") else parse_number(m.group(1))
        if n is None or n != int(n):
            return None
        if not pub:
            return _Resolved(None, None, no_pub)
        n, unit = int(n), m.group(2)
        if unit in ("year", "decade"):
            return _Resolved(f"{pub.year - n * (10 if unit == 'decade' else 1):04d}", "year", rel)
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return _Resolved(f"{y:04d}-{mo + 1:02d}", "month", rel)
        d = pub - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return _Resolved(d.isoformat(), "day", rel)
    if _DURATION.match(low) and not re.match(r"^(?:last|next) (?:year|month|week)$", low) \
            and not low.startswith(("this ",)):
        return None  # a duration, not a time point

    # from 2016 to 2020
    m = re.search(r"((?:1[89]|20)\d\d) (?:to|until|through|-|–) ((?:1[89]|20)\d\d)", t)
    if m:
        return _Resolved(m.group(1), "year", f"absolute: range {m.group(1)} to {m.group(2)}")

    # full dates: "Nov. 9, 2022", "September 30 2022"
    m = re.search(rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:1[89]|20)\d\d)", t)
    if m:
        try:
            d = dt.date(int(m.group(3)), _month_num(m.group(1)), int(m.group(2)))
            return _Resolved(d.isoformat(), "day", "absolute")
        except (TypeError, ValueError):
            return None
    # day first: "31 July 2013", "6 January, 2021"
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE}),? ((?:1[89]|20)\d\d)\b", t)
    if m:
        try:
            d = dt.date(int(m.group(3)), _month_num(m.group(2)), int(m.group(1)))
            return _Resolved(d.isoformat(), "day", "absolute")
        except (TypeError, ValueError):
            return None
    # ISO date
    m = re.search(r"\b((?:1[89]|20)\d\d)-(\d\d)-(\d\d)\b", t)
    if m:
        try:
            return _Resolved(dt.date(*map(int, m.groups())).isoformat(), "day", "absolute")
        except ValueError:
            return None
    # month + year: "Dec. 2021", "December 2021"
    m = re.search(rf"({_MONTH_RE}),? ((?:1[89]|20)\d\d)", t)
    if m:
        return _Resolved(f"{int(m.group(2)):04d}-{_month_num(m.group(1)):02d}", "month", "absolute")
    # month + day without a year: "Sept. 30", "30 September"
    m = re.search(rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?\b", t)
    first = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE})(?!\w)", t)
    if m or first:
        if not pub:
            return _Resolved(None, None, "unresolved: no year and no publication date")
        month, day = (_month_num(m.group(1)), int(m.group(2))) if m else (_month_num(first.group(2)),
                                                                          int(first.group(1)))
        year = pub.year
        try:
            d = dt.date(year, month, day)
            if future and d < pub:
                d = dt.date(year + 1, month, day)
            elif not future and d > pub:
                d = dt.date(year - 1, month, day)
        except ValueError:
            return None
        return _Resolved(d.isoformat(), "day", rel)
    # weekday
    m = re.search(rf"\b({_WEEKDAY_RE})\b", t)
    if m:
        if not pub:
            return _Resolved(None, None, no_pub)
        wd = WEEKDAYS[m.group(1).lower()]
        if low.startswith("next ") or (future and not low.startswith("last ")):
            delta = (wd - pub.weekday()) % 7
            d = pub + dt.timedelta(days=delta)
        else:
            delta = (pub.weekday() - wd) % 7
            if low.startswith("last ") and delta == 0:
                delta = 7
            d = pub - dt.timedelta(days=delta)
        return _Resolved(d.isoformat(), "day", rel)
    # bare month, possibly "last December", "mid-September", "in January"
    m = re.search(rf"\b({_MONTH_RE})(?![\w])", t)
    if m and _month_num(m.group(1)):
        if not pub:
            return _Resolved(None, None, no_pub)
        month = _month_num(m.group(1))
        year = pub.year
        if low.startswith("last "):
            year = pub.year if month < pub.month else pub.year - 1
        elif low.startswith("next "):
            year = pub.year if month > pub.month else pub.year + 1
        elif low.startswith("this "):
            year = pub.year
        elif future:
            year = pub.year if month >= pub.month else pub.year + 1
        else:
            year = pub.year if month <= pub.month else pub.year - 1
        return _Resolved(f"{year:04d}-{month:02d}", "month", rel)
    # year words
    m = re.search(r"\b(this|last|next|past) (year|month|week)\b", low)
    if m:
        if not pub:
            return _Resolved(None, None, no_pub)
        which, unit = m.groups()
        if unit == "year":
            y = pub.year + {"this": 0, "last": -1, "past": -1, "next": 1}[which]
            return _Resolved(f"{y:04d}", "year", rel)
        if unit == "month":
            y, mo = pub.year, pub.month + {"this": 0, "last": -1, "past": -1, "next": 1}[which]
            if mo == 0:
                y, mo = y - 1, 12
            elif mo == 13:
                y, mo = y + 1, 1
            return _Resolved(f"{y:04d}-{mo:02d}", "month", rel)
        # a week: the Monday that starts it, at day granularity would claim too much; keep None
        return _Resolved(None, None, "unresolved: a week is not a single date")
    m = re.search(r"\b(today|tonight|yesterday|tomorrow)\b", low)
    if m:
        if not pub:
            return _Resolved(None, None, no_pub)
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m.group(1)]
        return _Resolved((pub + dt.timedelta(days=shift)).isoformat(), "day", rel)
    # a year: "2021", "in 2019"
    m = re.search(r"\b((?:1[89]|20)\d\d)\b", t)
    if m and not re.search(r"\d{5,}", t):
        return _Resolved(m.group(1), "year", "absolute")
    return None


_RELATIVE_WORD = re.compile(r"\b(?:last|next|this|ago|earlier|later)\b", re.I)


def partial_date(text: str) -> tuple[str, str] | None:
    """A calendar day or month written without a year, as the reader sees it where nothing gives
    the year (an undated report): "June 12" / "12 June" -> ("--06-12", "day"), "in November" ->
    ("--11", "month") (ISO 8601's year-less forms).  None for anything else: a written year, a
    weekday, a relative expression ("last December": a year the reader cannot see)."""
    t = re.sub(rf"^{_WEEKDAY_RE},? ", "", " ".join(text.replace("\u2019", "'").split()))  # "Friday, June 12"
    if re.search(r"\d{4}", t) or _RELATIVE_WORD.search(t) or re.search(rf"\b{_WEEKDAY_RE}\b", t):
        return None
    m = re.fullmatch(rf"(?:(?:on|in|by|late|early|mid)[ -])?({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?", t)
    first = re.fullmatch(rf"(?:on |by )?(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE})", t)
    if m or first:
        month, day = (_month_num(m.group(1)), int(m.group(2))) if m else (_month_num(first.group(2)),
                                                                          int(first.group(1)))
        try:
            dt.date(2000, month, day)  # a leap year: "Feb. 29" is a day
        except (TypeError, ValueError):
            return None
        return f"--{month:02d}-{day:02d}", "day"
    m = re.fullmatch(rf"(?:(?:in|late|early|mid)[ -])?({_MONTH_RE})", t)
    if m and _month_num(m.group(1)):
        return f"--{_month_num(m.group(1)):02d}", "month"
    return None


def speaks_of_future(sentence_text: str) -> bool:
    """Whether a sentence speaks of the future ("will", "set to", "next", ...): the cue
    ``resolve(..., future=...)`` needs when no parse of the sentence is at hand."""
    return bool(_FUTURE.search(sentence_text))


def _is_future(doc: "Doc", start: int, end: int, sent_text: str) -> bool:
    # "since Monday" always looks back, whatever else the sentence says about the future
    if re.search(r"\bsince\s+$", doc.text[max(0, start - 8):start], flags=re.I):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        verb = span.root.head
        for _ in range(3):
            if any(c.lower_ in ("will", "shall", "'ll", "’ll") for c in verb.children):
                return True
            if verb.head is verb:
                break
            verb = verb.head
        # governed by a past-tense verb ("had lowered ... since Monday", "was evacuated on
        # Tuesday"): the sentence's other, future clause does not move this expression forward
        if span.root.head.tag_ in ("VBD", "VBN"):
            return False
    return bool(_FUTURE.search(sent_text))


# A month word that is part of a name, not a date: "Rep. Jan Schakowsky", "Theresa May said".
# Hand-written: spaCy's small model tags such names inconsistently, and the patterns above find
# month words anywhere; a bare month (no day, no year) right after a title or a capitalised word,
# or an unpunctuated abbreviation ("Jan", "Sept") before a capitalised word, is read as a name.
_TITLE_BEFORE = re.compile(r"\b(?:Rep|Sen|Gov|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Rev|Sir|Dame|Lady|Lord|"
                           r"President|Senator|Representative|Minister|Judge|Justice|Mayor|Prime)\.?\s+$")
_CAP_BEFORE = re.compile(r"(?<![.!?:;\"“])\s(?!(?:In|On|By|Since|Until|During|Last|Next|This|Late|Early|Mid|Of|"
                         r"From|Through|Throughout|To|And|Or|Before|After|Between|Around|About|Each|Every|Within|Over|Starting|"
                         r"Beginning|Ending|Monday|Tuesday|Wednesday|Thursday|Friday|"
                         r"Saturday|Sunday)\s)[A-Z][a-z]+\s+$")
_CAP_AFTER = re.compile(r"^\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]")


def month_is_name(text: str, start: int, end: int, person_spans=()) -> bool:
    """Whether the bare month word ``text[start:end]`` is part of a person's name."""
    expr = text[start:end]
    if not re.fullmatch(_MONTH_RE, expr):
        return False  # a day or a year with it ("Jan. 6", "May 2021"): a date
    if any(ps <= start and end <= pe for ps, pe in person_spans):
        return True
    before, after = text[max(0, start - 40):start], text[end:end + 30]
    if _TITLE_BEFORE.search(before) or _CAP_BEFORE.search(" " + before):
        return True
    return not expr.endswith(".") and len(expr) <= 4 and expr.lower() != "may" and bool(_CAP_AFTER.match(after))


def extract_times(doc: "Doc", text: str, published: str | None,
                  sentence_of: Callable[[int], int], sentences) -> list[TimeExpression]:
    """Time expressions of one article (sorted by offset, no overlaps)."""
    cands: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and "\n" not in ent.text:
            cands.append((ent.start_char, ent.end_char))
    for pat in PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if text[s:e].lower().startswith(("in ", "since ", "of ", "during ", "until ", "by ")):
                s = s + text[s:e].index(" ") + 1
            cands.append((s, e))
    # prefer the longest candidate at each place; drop those inside a longer one
    cands = sorted(set(cands), key=lambda se: (se[0], -(se[1] - se[0])))
    chosen: list[tuple[int, int]] = []
    for s, e in cands:
        if chosen and s < chosen[-1][1]:
            if e > chosen[-1][1] and s >= chosen[-1][0]:
                # overlapping, neither inside the other: keep the union when it reads as one
                ps, pe = chosen[-1]
                chosen[-1] = (ps, e)
            continue
        chosen.append((s, e))
    out: list[TimeExpression] = []
    persons = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"]
    for s, e in chosen:
        # trim trailing punctuation and leading debris ("to]Friday, January 12" -> "Friday, ...")
        while e > s and text[e - 1] in ",;:–—-":
            e -= 1
        m = re.match(r"^[^\w]*\w{0,3}[\])}>|/]+\s*", text[s:e])
        if m and m.end() < e - s:
            s += m.end()
        while s < e and not text[s].isalnum():
            s += 1
        if e <= s:
            continue
        expr = text[s:e]
        if month_is_name(text, s, e, persons):
            continue
        si = sentence_of(s)
        sent = sentences[si] if sentences else None
        sent_text = text[sent.start:sent.end] if sent else expr
        # "in January" in a sentence about the future resolves forward
        future = _is_future(doc, s, e, sent_text)
        r = resolve(expr, published, future=future)
        if r is None:
            continue  # a duration ("11 months") or nothing we can place in time
        out.append(TimeExpression(s, e, expr, r.date, r.granularity, r.how, si))
    return out
