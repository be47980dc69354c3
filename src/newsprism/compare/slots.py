"""Roles and slots of a sentence: what fills a role (a name, a figure, a numbered name, an ordinal,
a colour, a measure) and whether two sentences use a word in the same role, for the swap rule of
compare/polarity.py.

``sentence_slots(ann, sentence) -> list[SentenceSlot]`` reads the nlp entity mentions and values of
the sentence and its tokens (``event_sentences``): each slot has a group ("person", "place", ...,
"name" for a run of capitalised words the nlp stage did not tag, "number:<kind>:<unit>", "year",
"code:<prefix>", "ordinal", "colour", "measure" for "one-year"); a slot may be replaced only by
one of the same group.  ``role_match`` says whether two slots sit in the same role (the same
word on both sides, or the same two words on one side), ``same_head`` whether two modifiers
come before the same noun; ``name_variants`` whether two names are forms of one name;
``cited`` whether a name is the source of a statement and ``list_span`` the list a slot is a
member of.

Hand-written: these are the guardrails of a rule no library implements; the lists are closed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import AnnotatedArticle
from ..nlp.entities import PERSON_TITLES
from .event_sentences import EventSentence, in_quote
from .evidence import FUNCTION_WORDS, MONTHS, WEEKDAYS

__all__ = ["SentenceSlot", "sentence_slots", "ENTITY_GROUPS", "NAME_GROUPS", "ARTICLES", "neighbours",
           "same_role", "edge_words", "token_range", "role_match", "name_variants", "in_list_or_cited",
           "cited", "list_span", "same_head", "MODIFIER_GROUPS",
           "same_group", "value_at", "same_measure", "value_in"]

ARTICLES = frozenset({"a", "an", "the"})
ENTITY_GROUPS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
                  "FAC": "place", "NORP": "nationality"}


def neighbours(s: EventSentence, i: int, span: int = 3) -> set[str]:
    """Content stems within ``span`` tokens of token i (either side)."""
    lo, hi = max(0, i - span), min(len(s.toks), i + span + 1)
    return {t.stem for k, t in enumerate(s.toks[lo:hi], lo) if k != i and t.content}


def same_role(sa: EventSentence, i: int, sb: EventSentence, j: int, span: int) -> bool:
    """The compared words have a content word within ``span`` tokens in common."""
    return bool(neighbours(sa, i, span) & neighbours(sb, j, span))


def edge_words(s: EventSentence, first: int, last: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two words right before and right after tokens [first, last] (articles skipped),
    nearest first."""
    left: list[str] = []
    k = first - 1
    while k >= 0 and len(left) < 2:
        if s.toks[k].low not in ARTICLES:
            left.append(s.toks[k].stem)
        k -= 1
    right: list[str] = []
    k = last + 1
    while k < len(s.toks) and len(right) < 2:
        if s.toks[k].low not in ARTICLES:
            right.append(s.toks[k].stem)
        k += 1
    return tuple(left), tuple(right)


def token_range(s: EventSentence, start: int, end: int) -> tuple[int, int] | None:
    ks = [k for k, t in enumerate(s.toks) if t.start < end and start < t.end]
    return (ks[0], ks[-1]) if ks else None


def role_match(sa: EventSentence, ra: tuple[int, int], sb: EventSentence, rb: tuple[int, int]) -> bool:
    """The same role: the same word right before and right after ("in London on" / "in Paris
    on"), or the same two words on one side with a content word among them ("invasion of
    Ukraine" / "invasion of Poland"; "the London Russian embassy" / "the Moscow Russian embassy")."""
    la, ra_ = edge_words(sa, *ra)
    lb, rb_ = edge_words(sb, *rb)
    if la[:1] and la[:1] == lb[:1] and ra_[:1] and ra_[:1] == rb_[:1]:
        return True
    content = {t.stem for t in sa.toks + sb.toks if t.content}
    return any(len(x) == 2 and x == y and any(w in content for w in x) for x, y in ((la, lb), (ra_, rb_)))


_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth", "eleventh", "twelfth"})
_COLOURS = frozenset({"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black",
                      "white", "grey", "gray", "violet"})
# A measure written as one word before its noun ("a one-year anniversary", "a two-day visit");
# figures in digits ("10-year") are the nlp stage's values.
_MEASURE = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                      r"forty|fifty|hundred)-(?:year|month|week|day|hour|minute|mile|point|game|seat|"
                      r"member|stor[ey]y?)s?")
_CODE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*-?\d+[A-Za-z]?")  # "COVID-19", "F-35", "SARS-CoV-2"
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class SentenceSlot:
    start: int
    end: int
    group: str  # what may replace it: "person", "place", ..., "name" (any name), "number:...", ...
    text: str


NAME_GROUPS = frozenset(ENTITY_GROUPS.values()) | {"name"}
# Slots that modify the noun after them: one of them replaced is a swap when the noun is the same.
MODIFIER_GROUPS = frozenset({"nationality", "ordinal", "colour", "measure"})
# Dates are the date detectors' business; a capitalised month or weekday is not a name here.
_CALENDAR = frozenset(w.lower() for w in MONTHS + WEEKDAYS) | {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# A name right after these is the source of a statement ("told CNN"), not a part of the event.
_ATTRIBUTION = frozenset({"told", "tells", "telling", "according", "interview", "reported", "via"})
# ... and a name right before these is the one who speaks ("the Associated Press reported").
_SPEAKING = frozenset({"said", "says", "reported", "reports", "told", "tells", "wrote", "writes",
                       "tweeted", "stated"})
_LIST_WORDS = frozenset({"and", "or", "nor", ",", "&"})


def _name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", name.lower()) if w not in PERSON_TITLES]


def name_variants(x: str, y: str) -> bool:
    """Two forms of one name: a shared word ("Broward Sheriff's Office" / "Broward County"), an
    abbreviation ("Nov." / "November", "D-Calif." / "D-CA") or an acronym ("CDC" / "Centers
    for Disease Control")."""
    wx, wy = _name_words(x), _name_words(y)
    if {w for w in wx if len(w) >= 3} & {w for w in wy if len(w) >= 3}:
        return True  # also "Acme Media" / "Ozy Media": a shared word may be the name itself
        # ("Storm Grace" / "Depression Grace"), so precision first
    for a in wx:
        for b in wy:
            short, long_ = sorted((a, b), key=len)
            if 2 <= len(short) < len(long_) and long_.startswith(short):
                return True
    for short, long_ in ((x, y), (y, x)):
        letters = re.sub(r"[^A-Za-z]", "", short)
        if 2 <= len(letters) <= 6 and letters.isupper():
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", long_) if w[0].isupper())
            it = iter(initials)
            if all(ch in it for ch in letters):
                return True
    return False


def cited(s: EventSentence, r: tuple[int, int]) -> bool:
    """The source of a statement ("told X", "according to X", "X reported")."""
    before = [t.low for t in s.toks[max(0, r[0] - 2):r[0]] if t.low not in ARTICLES]
    after = s.toks[r[1] + 1].low if r[1] + 1 < len(s.toks) else ""
    return any(w in _ATTRIBUTION for w in before) or after in _SPEAKING


def _member_end(s: EventSentence, k: int, step: int) -> int:
    """The far token of a list member that starts at token ``k`` (a run of capitalised words is
    one member: "Carlos Watson and Samir Rao")."""
    if not s.toks[k].raw[:1].isupper():
        return k
    while 0 < k + step < len(s.toks) and s.toks[k + step].raw[:1].isupper():
        k += step
    return k


def list_span(s: EventSentence, r: tuple[int, int]) -> tuple[int, int] | None:
    """The token range of the whole list when tokens ``r`` are a member of one ("yellow and
    blue", "Paris or the Lyon suburbs"), else None."""
    first, last = r
    while True:
        k = first - 1
        if k >= 1 and s.toks[k].low in ARTICLES:
            k -= 1  # "lawyers and the FBI"
        if k < 1 or s.toks[k].low not in _LIST_WORDS:
            break
        first = _member_end(s, k - 1, -1)
    while True:
        k = last + 1
        if k >= len(s.toks) or s.toks[k].low not in _LIST_WORDS:
            break
        k += 1
        if k < len(s.toks) and s.toks[k].low in ARTICLES:
            k += 1
        if k >= len(s.toks):
            break
        last = _member_end(s, k, 1)
    return None if (first, last) == r else (first, last)


def in_list_or_cited(s: EventSentence, r: tuple[int, int]) -> bool:
    """A member of a list ("X and Y") or the source of a statement ("told X", "X reported")."""
    return cited(s, r) or list_span(s, r) is not None


def same_head(sa: EventSentence, ra: tuple[int, int], sb: EventSentence, rb: tuple[int, int]) -> bool:
    """Both modify the same noun: the word right after is the same content word ("the Russian
    embassy" / "the Mexican embassy", "fourth quarter" / "fifth quarter")."""
    na = sa.toks[ra[1] + 1] if ra[1] + 1 < len(sa.toks) else None
    nb = sb.toks[rb[1] + 1] if rb[1] + 1 < len(sb.toks) else None
    return na is not None and nb is not None and na.content and nb.content and na.stem == nb.stem \
        and not na.raw[:1].isupper()


def sentence_slots(ann: AnnotatedArticle, s: EventSentence) -> list[SentenceSlot]:
    """The names, figures, codes, ordinals and colours of a sentence (each a slot of a type)."""
    text = ann.article.text
    out: list[SentenceSlot] = []
    taken: list[tuple[int, int]] = []
    for m in ann.entities:
        if m.sentence == s.si and m.label in ENTITY_GROUPS \
                and not any(w in _CALENDAR for w in m.text.lower().rstrip(".").split()):
            out.append(SentenceSlot(m.start, m.end, ENTITY_GROUPS[m.label], m.text))
            taken.append((m.start, m.end))
    for v in ann.values:
        if v.sentence != s.si or not isinstance(v.value, (int, float)) or v.kind == "date":
            continue
        out.append(SentenceSlot(v.start, v.end, f"number:{v.kind}:{v.unit or ''}", v.text))
        taken.append((v.start, v.end))
    k = 0
    while k < len(s.toks):
        t = s.toks[k]
        if any(x < t.end and t.start < y for x, y in taken):
            k += 1
            continue
        if _CODE.fullmatch(t.raw) and any(ch.isalpha() for ch in t.raw):
            out.append(SentenceSlot(t.start, t.end, "code:" + re.sub(r"\d+[A-Za-z]?$", "", t.raw).lower(), t.raw))
        elif _YEAR.fullmatch(t.raw):
            out.append(SentenceSlot(t.start, t.end, "year", t.raw))
        elif t.low in _ORDINALS:
            out.append(SentenceSlot(t.start, t.end, "ordinal", t.raw))
        elif t.low in _COLOURS:
            out.append(SentenceSlot(t.start, t.end, "colour", t.raw))
        elif _MEASURE.fullmatch(t.low):
            out.append(SentenceSlot(t.start, t.end, "measure", t.raw))
        elif k > 0 and t.raw[:1].isupper() and t.raw.rstrip(".").lower() not in PERSON_TITLES \
                and t.low not in FUNCTION_WORDS and t.low.rstrip(".") not in _CALENDAR \
                and not in_quote(text, s.start, t.start):
            j = k  # a run of capitalised words the nlp stage did not take for a name
            while j + 1 < len(s.toks) and s.toks[j + 1].raw[:1].isupper():
                j += 1
            out.append(SentenceSlot(t.start, s.toks[j].end, "name", text[t.start:s.toks[j].end]))
            k = j
        k += 1
    return out


def same_group(x: str, y: str) -> bool:
    return x == y or (x in NAME_GROUPS and y in NAME_GROUPS and "name" in (x, y))


def value_at(ann: AnnotatedArticle, x: SentenceSlot):
    return next((v for v in ann.values if v.start == x.start and v.end == x.end), None)


def same_measure(va, vb) -> bool:
    """Both written in digits (not "four decades") and of the same period when both have one."""
    if not any(ch.isdigit() for ch in va.text) or not any(ch.isdigit() for ch in vb.text):
        return False
    return not (va.period and vb.period and va.period != vb.period)


def value_in(ann: AnnotatedArticle, value) -> bool:
    """``value`` (of the other report) is among the figures of ``ann``."""
    return value is not None and any(isinstance(v.value, (int, float)) and v.value == value.value
                                     for v in ann.values)
