"""Facts: the story-wide comparable facts of one article, extracted once from its annotations.

``extract_facts(text, sentences, mentions, values, times) -> list[Fact]``

- every value of the values stage becomes a fact with its subject, attribute (the event or the
  measure: "troops arrived in Texas"), unit, period, the qualifier written before it ("more
  than", "about", "nearly") and the content words around it;
- a weekday ("on Tuesday") is a "weekday" fact, value = the day's name, ``time`` = the day it
  resolves to against the publication date (None for an undated report); other date values are
  "date" facts (``unit`` = their granularity: day, month or year); in an undated report a day
  or month written without a year ("June 12", "in November") is a date fact too, value "--06-12"
  / "--11" (ISO 8601's year-less forms), compared by month and day;
- every place mention (GPE/LOC/FAC) is a "place" fact, except a dateline ("WASHINGTON —",
  "LIMA, Dec 1 (Reuters) -"), which places the reporter, not the event, and a modifier
  ("Dallas-based", "U.S. travelers");
- a count whose words say it is still running ("so far", "death toll", "at least ... killed")
  is ``changing``: a later report may give a higher figure without contradicting an earlier one;
- a figure's ``period`` is the values stage's, plus the period words of its own clause ("from
  May", "over the past year", "daily", "averaging", "since the start");
- an age written as "a 73-year-old senator" (the values stage ties it to the noun) is tied to a
  person named in apposition ("Name, a 73-year-old senator"), "who was 53 years old" to the
  person named just before; an age right after a common noun ("a boy who was 12") is that
  noun's, and a name far from the age is not its holder;
- a bare year's ``attribute`` is the noun it modifies ("the 2020 census"); a weekday's is the
  event it dates (the lower-case words of its clause before it, else after it).

Hand-written rules over the annotations (no model): they only re-label what the values, times
and entities stages already found.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import MONTHS, STOP_WORDS, WEEKDAYS
from ..model import Fact, Mention, Sentence, TimeExpression, Value
from .sentences import is_dateline_at
from .times import partial_date
from .values import opens_sentence

__all__ = ["extract_facts", "CHANGING_WORDS", "period_classes", "figure_period", "clause_words", "place_role",
           "date_qualifier"]

_KINDS = {"age": "age", "count": "count", "number": "count", "money": "amount", "percent": "percent",
          "tally": "tally", "duration": "duration"}
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_QUALIFIER = re.compile(
    r"\b(more than|over|at least|upwards of|nearly|almost|about|around|approximately|roughly|"
    r"some|less than|fewer than|under|up to|at most|close to|as many as|an estimated)\s*$", re.I)
# words that mark a running figure (a toll, a tally so far): hand-written, short on purpose
CHANGING_WORDS = re.compile(
    r"\b(?:so far|toll|at least|rose|risen|climbed|grew|increased|still|continu\w*|killed|dead|"
    r"deaths?|died|injured|wounded|missing|cases|infect\w*|confirmed|evacuated|arrested|"
    r"counted|reported|as of|to date|now|currently|latest)\b", re.I)
_STOP = STOP_WORDS | {"according", "will", "would", "could", "more", "less", "least"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _context(text: str, s_start: int, s_end: int, start: int, end: int, n: int = 3) -> list[str]:
    before = [w.lower() for w in _WORD.findall(text[s_start:start])]
    after = [w.lower() for w in _WORD.findall(text[end:s_end])]
    before = [w for w in before if w not in _STOP][-n:]
    after = [w for w in after if w not in _STOP][:n]
    return before + after


def _person_in(mentions: list[Mention], sentence: int, at: int, end: int, text: str,
               noun: str | None) -> str | None:
    """The person an age belongs to.  Tied by the values stage to a common noun ("a 73-year-old
    senator", "that 10-year-old boy"): only a name in apposition with it ("Name, a 73-year-old
    senator", "the 73-year-old senator Name").  Untied ("at the age of 14", "who was 53 years
    old"): the person named nearest before it within ``_AGE_REACH`` characters (else the first
    one right after); an age far from any name is not that name's age."""
    people = [m for m in mentions if m.sentence == sentence and m.label == "PERSON"]
    if not people:
        return None
    if noun:
        for m in people:
            if m.end <= at and re.fullmatch(r",?\s*(?:a|an|the)?\s*", text[m.end:at]):
                return m.text
            if m.start >= end and re.fullmatch(r"[\s\w-]{0,30}?\b" + re.escape(noun.split()[-1]) + r"\s+",
                                               text[end:m.start], re.I):
                return m.text
        return None
    before = [m for m in people if m.end <= at and at - m.end <= _AGE_REACH]
    after = [m for m in people if m.start >= end and m.start - end <= _AGE_REACH // 2]
    if before:
        return max(before, key=lambda m: m.end).text
    return min(after, key=lambda m: m.start).text if after else None


def _near_name(text: str, name: str, start: int, end: int) -> bool:
    window = text[start:end]
    return any(len(w) > 2 and re.search(r"\b" + re.escape(w) + r"\b", window)
               for w in re.findall(r"[A-Z][\w'\u2019-]+", name))


# an age written right after a common noun is that noun's ("a boy who was 12", "the plaintiff, 14")
_COMMON_HOLDER = re.compile(r"\b(?:a|an|the|that|this|his|her|their)\s+(?:[a-z-]+\s+)?([a-z]+)"
                            r"(?:,\s*|\s+(?:who|that)\s+(?:is|was|were|turned)\s+(?:only\s+|just\s+|now\s+)?)$")
_AGE_REACH = 60  # characters between a name and an untied age ("Name, who was 53 years old")
_MONTHS = "|".join(MONTHS)
_MONTH_WORD = re.compile(r"\b(?:" + _MONTHS + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)")
# the period a figure covers, written right beside it: hand-written (the values stage gives
# "per month" or a date when it finds one; these are the clause words it leaves)
_PERIOD_WORDS = (
    ("day", re.compile(r"\b(?:daily|a day|per day|each day|every day)\b", re.I)),
    ("week", re.compile(r"\b(?:weekly|a week|per week|last week|past week|from the previous week)\b", re.I)),
    ("month", re.compile(r"\b(?:monthly|a month|per month|last month|past month|month-over-month|"
                         r"from (?:the previous month|a month (?:earlier|ago))|from (?:" + _MONTHS + r"))\b", re.I)),
    ("year", re.compile(r"\b(?:annual(?:ly)?|a year|per year|year-over-year|year-on-year|past (?:year|12 months)|"
                        r"last (?:year|12 months)|(?:one|a) year (?:ago|earlier)|from a year)\b", re.I)),
    ("average", re.compile(r"\b(?:averag\w*|on average)\b", re.I)),
    ("total", re.compile(r"\b(?:since the (?:start|beginning|outbreak)|in total|total of|cumulative\w*)\b", re.I)),
)
_CLAUSE_END = re.compile(r"\d|[;,:.!?()]|\s(?:and|but|while|whereas)\s")


def period_classes(period: str | None) -> frozenset[str]:
    """The kinds of period a period text names ("per day" -> {"day"}, "2022-09" -> {"month"})."""
    if not period:
        return frozenset()
    out = {name for name, rx in _PERIOD_WORDS if rx.search(period)}
    if re.fullmatch(r"\d{4}-\d{2}", period.strip()) or re.search(r"\bmonth", period, re.I):
        out.add("month")
    elif re.fullmatch(r"\d{4}", period.strip()) or re.search(r"\byear|\bfiscal", period, re.I):
        out.add("year")
    if re.search(r"\bday\b|\bdaily\b", period, re.I):
        out.add("day")
    if re.search(r"\bweek", period, re.I):
        out.add("week")
    return frozenset(out)


def _join_period(when: str | None, words: str | None) -> str | None:
    """A figure's period as one text: the values stage's time or rate ("2021-07", "this week",
    "per month"), then the period words of its clause in parentheses ("2021-07 (day average)")."""
    if not words:
        return when or None
    return f"{when} ({words})" if when else words


_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_PERIOD_NAMES = {name for name, _ in _PERIOD_WORDS}


def figure_period(period: str | None) -> tuple[frozenset[str], str | None]:
    """(the kinds of period a figure covers, the calendar time it is of).  The kinds ("day",
    "month", "year", "average", "total") come from the period words of its clause ("daily",
    "from May", "over the past year", "averaging", "since the start") and a rate ("per month",
    "fiscal year"); the calendar time is an ISO year, month or day the values stage tied it to
    ("2020": "in 2020", "the 2020 census").  Any other time ("this week", "Monday") says when
    it was reported, not what it covers, and is neither; a calendar month with no period words
    ("in June") is a month's figure."""
    if not period:
        return frozenset(), None
    period = period.strip()
    m = re.fullmatch(r"(.*?)\s*\(([a-z ]+)\)", period)
    if m:
        when, words = m.group(1), m.group(2)
    elif set(period.split()) <= _PERIOD_NAMES:
        when, words = "", period  # period words alone
    else:
        when, words = period, ""
    classes = set(period_classes(words)) if words else set()
    if re.match(r"per\b|fiscal\b", when, re.I):
        classes |= period_classes(when)
    if not classes and re.fullmatch(r"\d{4}-\d{2}", when):
        classes.add("month")  # "prices rose 0.9% in June": the month's change
    # a day ("said Tuesday") dates the report, not what the figure covers
    return frozenset(classes), when if _ISO.fullmatch(when) and len(when) <= 7 else None


def _event_words(text: str, s_start: int, s_end: int, start: int, end: int) -> list[str]:
    """The event a day dates: the lower-case content words of its clause before it ("the storm
    flooded the harbour on Saturday"), else after it ("Gov. Ann Lee on Sunday issued an order")."""
    def words(chunk: str) -> list[str]:
        return [w.lower() for w in _WORD.findall(chunk) if w[:1].islower() and w.lower() not in _STOP]
    before = text[s_start:start]
    cuts = list(re.finditer(r"[;,:()\u2014]|\s(?:and|but|while|after|before|when)\s", before))
    got = words(before[cuts[-1].end():] if cuts else before)[-3:]
    if got:
        return got
    after = text[end:s_end]
    m = re.search(r"[;,:()\u2014]|\s(?:and|but|while|after|before|when)\s", after)
    return words(after[:m.start()] if m else after)[:3]


# a place that says where a person is from, not where the event was: "Sen. Ann Lee of Ohio",
# "an Ohio native", "a resident of Dayton"; a party-state tag "(R-Texas)" is no place at all
_HOME_BEFORE = re.compile(r"(?:\b(?:native|resident|residents|natives|hometown)\s+of|\bborn\s+in|"
                          r"\bgrew\s+up\s+in|\b(?:lives|lived|living)\s+in|\bhails\s+from)\s+(?:the\s+)?$", re.I)
# a place named as a reference point, not where anything happened: "east of Interstate 95"
_REFERENCE_BEFORE = re.compile(r"\b(?:(?:north|south|east|west)(?:east|west)?(?:ern)?)\s+of\s+(?:the\s+)?$", re.I)
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# one end of a range of days: "Friday through Sunday", "June 9 through June 12", "June 9 to 12"
_DAY_END = (r"(?:" + _DAYS + r"|\b(?:" + _MONTHS + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)\s+\d{1,2}"
            r"(?:st|nd|rd|th)?|(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:" + _MONTHS + r"))?(?![\d:%]|\s*[ap]\.?m\b))")
_RANGE_BEFORE = re.compile(_DAY_END + r"\s*(?:(?:through|thru|to|until|till|and)\s+|[-\u2013]\s*)$")
_RANGE_AFTER = re.compile(r"^\s*(?:(?:through|thru|to|until|till|and)\s+|[-\u2013]\s*)" + _DAY_END)
_HOME_AFTER = re.compile(r"^(?:['\u2019]s)?\s+(?:native|natives|resident|residents)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:()\u2014\u2013\"\u201c\u201d]|\s-\s")
_CLAUSE_REACH = 5  # lower-case content words taken on each side of a place, day or date


def clause_words(text: str, s_start: int, s_end: int, start: int, end: int,
                 n: int = _CLAUSE_REACH) -> list[str]:
    """The event a place, day or date belongs to: the lower-case content words of its clause,
    up to ``n`` on each side ("the shooting in El Paso", "El Paso police chief", "the council
    voted on Tuesday to ...").  Names are left out: compare matches them as entities."""
    def words(chunk: str) -> list[str]:
        return [w.lower() for w in _WORD.findall(chunk) if w[:1].islower() and w.lower() not in _STOP]
    before = text[s_start:start]
    cuts = list(_CLAUSE_BREAK.finditer(before))
    after = text[end:s_end]
    cut = _CLAUSE_BREAK.search(after)
    return words(before[cuts[-1].end():] if cuts else before)[-n:] + \
        words(after[:cut.start()] if cut else after)[:n]


def place_role(text: str, mentions: list[Mention], m: Mention, s_start: int) -> str | None:
    """"home" for a place that says where a person is from ("Ann Lee of Ohio", "an Ohio native",
    "born in Dayton"); None for a party-state tag ("R-Texas", "D-Calif."), which is no place of
    anything; else "place"."""
    if re.search(r"\b[RDI]-\s*$", text[max(s_start, m.start - 3):m.start]):
        return None
    if _HOME_BEFORE.search(text[max(s_start, m.start - 30):m.start]) or _HOME_AFTER.match(text[m.end:m.end + 12]):
        return "home"
    if _REFERENCE_BEFORE.search(text[max(s_start, m.start - 25):m.start]):
        return "reference"
    of = re.search(r",?\s+of\s+$", text[max(s_start, m.start - 6):m.start])
    if of:
        at = m.start - len(of.group())
        if any(p.label == "PERSON" and p.end == at for p in mentions if p.sentence == m.sentence):
            return "home"  # "Sen. Ann Lee of Ohio"
    return "place"


def date_qualifier(text: str, s_start: int, start: int, end: int, s_end: int) -> str | None:
    """How a day or date is written, where that changes what it can contradict: "since" (the
    start of a comparison: "the largest rise since 2008"), "range" (one end of "Friday through
    Sunday"), "indefinite" (one of many: "a 2012 decision"; a bare year only), "late" / "early" ("late Thursday"
    and "early Friday" can be one night)."""
    before = text[max(s_start, start - 25):start]
    if re.search(r"\bsince\s+(?:the\s+)?(?:\w+\s+)?$", before, re.I):
        return "since"
    if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(text[end:min(s_end, end + 25)]) \
            or re.search(r"\d\s*(?:(?:to|through|thru|until)\s+|[-\u2013]\s*)\d", text[start:end]):
        return "range"  # "June 9 through 12", "from July 3 to 17" (one expression)
    if re.search(r"\b(?:a|an|another)\s+$", before) and re.match(r"\s+[a-z]", text[end:end + 2]) \
            and re.fullmatch(r"\d{4}", text[start:end]):
        return "indefinite"  # "a 2012 decision"; "a Jan. 6 commission" names its day
    edge = re.search(r"\b(late|early|overnight)\s+(?:on\s+)?$", before, re.I)
    return edge.group(1).lower() if edge else None


# an aside inside a clause: "(called Level I, II and III)", "— which he referred to as ... —"
_ASIDE = re.compile(r"\([^()]*\)|\s[\u2014\u2013]\s[^\u2014\u2013]*\s[\u2014\u2013](?=\s)|\s--?\s[^-]*?\s--?(?=\s)")


def _date_sentence(text: str, s_start: int, s_end: int, start: int, end: int) -> str:
    """The sentence of a day or date with its asides blanked out (same length, so offsets hold):
    "first proposed these phases (called Level I and II) of expansion — which he named ... —
    in 1962" reads as "first proposed these phases of expansion in 1962".  An aside that holds
    the date itself stays."""
    sent = text[s_start:s_end]
    a, b = start - s_start, end - s_start
    return _ASIDE.sub(lambda m: m.group() if m.start() < b and a < m.end() else " " * len(m.group()), sent)


def date_words(text: str, s_start: int, s_end: int, start: int, end: int) -> list[str]:
    """``clause_words`` of a day or date, read past the asides of its clause."""
    sent = _date_sentence(text, s_start, s_end, start, end)
    return clause_words(sent, 0, len(sent), start - s_start, end - s_start)


def _period_words(text: str, s_start: int, s_end: int, start: int, end: int) -> str | None:
    """The period words of the value's own clause: up to the next figure or clause break after
    it ("0.9% from May and 5.4% over the past year": "from May" is the first figure's), and back
    to the previous one before it ("is averaging 137,000")."""
    after = text[end:min(s_end, end + 45)]
    m = _CLAUSE_END.search(after)
    after = after[:m.start()] if m else after
    before = text[max(s_start, start - 30):start]
    cuts = list(_CLAUSE_END.finditer(before))
    before = before[cuts[-1].end():] if cuts else before
    found = [name for name, rx in _PERIOD_WORDS
             if rx.search(after) or rx.search(before) or rx.search(text[start:end])]
    return " ".join(found) or None


def _age_holder(text: str, sentences: list[Sentence], v: Value, mentions: list[Mention]) -> tuple[str | None, bool]:
    """Whose age ``v`` is.  Written in apposition ("Honey Sherman, 66,"): the name the values
    stage tied it to, whatever is written before that name ("his wife, Honey Sherman, 66").
    Otherwise a name far from the age is not its holder; an age right after a common noun ("a
    boy who was 12") is that noun's; an untied one ("a 73-year-old senator", "who was 53 years
    old") is the person named beside it (``_person_in``); one that opens its sentence ("A
    12-year-old boy died ...") is the person the next sentence introduces (``_introduced_next``).
    Second item: whether the holder is such an introduced name."""
    s = sentences[v.sentence]
    subject = v.subject
    if subject and subject[:1].isupper() and _APPOSITIVE_AGE.fullmatch(v.text):
        return _full_name(mentions, subject, v.start), False  # "Name, 61": the values stage's own apposition
    if subject and subject[:1].isupper() and opens_sentence(text, s.start, v.start):
        # "The 19-year-old actress took ...": the values stage resolved the opening definite
        # description like a pronoun, to the person named before
        return _full_name(mentions, subject, v.start), False
    if subject and subject[:1].isupper() and not _near_name(
            text, subject, max(s.start, v.start - _AGE_REACH), min(s.end, v.end + _AGE_REACH // 2)):
        # "Herman supplied photos with the plaintiff's face ... he was shirtless at the age
        # of 14": a name far from the age is not whose age it is
        subject = None
    own = _COMMON_HOLDER.search(text[max(s.start, v.start - 40):v.start])
    if own:
        subject = own.group(1)  # "a boy who was 12", "the plaintiff, 14,": the noun's age
    if not subject or subject[:1].islower():
        # "a 73-year-old senator", "who was 53 years old": the person named in the sentence
        subject = _person_in(mentions, v.sentence, v.start, v.end, text, subject) or subject
    if not subject or subject[:1].islower():
        introduced = _introduced_next(text, sentences, mentions, v)
        if introduced:
            return introduced, True
    return (_full_name(mentions, subject, v.start) if subject and subject[:1].isupper() else subject), False


# "A 12-year-old boy died ...": an indefinite age opening its sentence
_INDEFINITE_OPENING = re.compile(r"[\s\"'\u201c\u2018(]*An?\s+")
# a name right after one of these is an official who speaks about the event, not its protagonist
_OFFICIAL_BEFORE = re.compile(
    r"\b(?:police|chief|sgt|sergeant|officers?|sheriff|deputy|coroner|detective|lt|lieutenant|capt|"
    r"captain|spokes(?:man|woman|person)|mayor|gov|governor|sen|senator|rep|president|attorney|"
    r"prosecutor|judge|dr|prof|professor|director|commissioner|minister|secretary)\.?\s*$", re.I)
_SPEECH_AFTER = re.compile(r"^[^.;:]{0,40}?\b(?:said|says|told|tells|added|explained|according)\b")
_INTRO_REACH = 4  # words before the name in the next sentence ("Long Beach resident Christian Barnes")


def _introduced_next(text: str, sentences: list[Sentence], mentions: list[Mention], v: Value) -> str | None:
    """News style names the person of an unnamed lede in the next sentence: "A 12-year-old boy
    died Monday after ... / Melquan Robinson, of ..., was at football practice ...".  The age
    opens its sentence as "A/An N-year-old ...", that sentence names nobody, and the next one
    opens (within a few words) with a person the article has not named before, who is not an
    official speaking about it ("Police Chief Ann Lee said ...")."""
    si = v.sentence
    s = sentences[si]
    if si + 1 >= len(sentences) or not _INDEFINITE_OPENING.fullmatch(text, s.start, v.start):
        return None
    people = [m for m in mentions if m.label == "PERSON"]
    if any(m.sentence == si for m in people):
        return None
    nxt = sentences[si + 1]
    first = min((m for m in people if m.sentence == si + 1), key=lambda m: m.start, default=None)
    if first is None or len(text[nxt.start:first.start].split()) > _INTRO_REACH:
        return None
    if _OFFICIAL_BEFORE.search(text[nxt.start:first.start]) or _SPEECH_AFTER.match(text[first.end:nxt.end]):
        return None
    words = set(first.text.split())
    if any(m.end <= s.start and words & set(m.text.split()) for m in people):
        return None  # named before: not the one the lede introduces
    return first.text


def _full_name(mentions: list[Mention], name: str, at: int) -> str:
    """A one-word name ("Middleton", "Pippa", "Honey") -> the full name of the article it stands
    for: the person named in full before ``at`` with that word as first or last name; of several
    ("Pippa Middleton" then "Kate Middleton"), the one the article introduced first, whom news
    style goes on calling by the bare name.  A name with no full form before it stays as it is
    (a full name written only later may be a relative's: "Renti ... his wife Mirella Renti")."""
    word = re.sub(r"['\u2019]s?$", "", name.strip())
    if " " in word:
        return name
    first: dict[str, int] = {}
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and m.end <= at and len(words) > 1 and word in (words[0], words[-1]):
            first.setdefault(m.text, m.start)
            first[m.text] = min(first[m.text], m.start)
    if not first:
        return name
    return min(first, key=lambda t: (first[t], t))


_APPOSITIVE_AGE = re.compile(r"[A-Z][\w.'\u2019 -]*,\s*\d{1,3}")


def extract_facts(text: str, sentences: list[Sentence], mentions: list[Mention],
                  values: list[Value], times: list[TimeExpression] = ()) -> list[Fact]:
    facts: list[Fact] = []
    introduced_ages: list[tuple[int, str | None]] = []  # ages tied to the person the next sentence introduces
    for v in values:
        if v.value is None or not (0 <= v.sentence < len(sentences)):
            continue
        s = sentences[v.sentence]
        sentence = text[s.start:s.end]
        before = text[max(s.start, v.start - 30):v.start]
        q = _QUALIFIER.search(before)
        ctx = _context(text, s.start, s.end, v.start, v.end)
        if v.kind == "date":
            if _WEEKDAY.search(v.text) and not _MONTH_WORD.search(v.text):
                continue  # weekdays: below, resolved or not ("Friday, June 12": the date too)
            unit = "day" if len(str(v.value)) == 10 else "month" if len(str(v.value)) == 7 else "year"
            attribute = v.attribute
            if unit == "year" and not attribute:
                # a bare year dates the noun it modifies: "the 2020 census", "the 2022 elections"
                n = re.match(r"\s+([a-z][a-z-]+)", text[v.end:s.end])
                if n and n.group(1) not in _STOP:
                    attribute = n.group(1)
            # whose event it is, when a name says so ("Federal officers", a sentence's first
            # words, is no name: a paraphrase may say "Park Police")
            subject = v.subject if v.subject and any(
                m.text in v.subject or v.subject in m.text for m in mentions if m.sentence == v.sentence) else None
            facts.append(Fact(kind="date", value=v.value, text=v.text, start=v.start, end=v.end,
                              sentence=v.sentence, subject=subject, attribute=attribute, unit=unit,
                              qualifier=date_qualifier(text, s.start, v.start, v.end, s.end),
                              time=v.value if isinstance(v.value, str) else None,
                              context=date_words(text, s.start, s.end, v.start, v.end)))
            continue
        kind = _KINDS.get(v.kind)
        if kind is None:
            continue
        subject, introduced = _age_holder(text, sentences, v, mentions) if kind == "age" else (v.subject, False)
        if introduced:
            introduced_ages.append((len(facts), v.subject))
        changing = kind == "count" and bool(CHANGING_WORDS.search(sentence))
        facts.append(Fact(kind=kind, value=v.value, text=v.text, start=v.start, end=v.end,
                          sentence=v.sentence, subject=subject, attribute=v.attribute, unit=v.unit,
                          qualifier=q.group(1).lower() if q else ("about" if v.approximate else None),
                          period=_join_period(v.period, _period_words(text, s.start, s.end, v.start, v.end)),
                          changing=changing, context=ctx))
    # a day or month written without a year in a report without a date ("on June 12", "in
    # November"): compared by what is written, month and day ("--06-12", ISO 8601's year-less form)
    for t in times:
        if t.date is not None or not (0 <= t.sentence < len(sentences)):
            continue
        partial = partial_date(t.text)
        if partial is None:
            continue
        s = sentences[t.sentence]
        facts.append(Fact(kind="date", value=partial[0], text=t.text, start=t.start, end=t.end,
                          sentence=t.sentence, unit=partial[1],
                          qualifier=date_qualifier(text, s.start, t.start, t.end, s.end),
                          context=date_words(text, s.start, s.end, t.start, t.end)))
    for i, noun in introduced_ages:
        # the article gives that person another age: the lede's was someone else's
        f = facts[i]
        if any(g.kind == "age" and g.subject == f.subject and g.value != f.value for g in facts):
            facts[i] = replace(f, subject=noun)
    # weekdays, resolved against the publication date or not ("on Tuesday"), not inside a name
    # ("Saturday Night Live", "Black Friday")
    resolved = {(t.start, t.end): t for t in times}
    for si, s in enumerate(sentences):
        for m in _WEEKDAY.finditer(text, s.start, s.end):
            a, b = m.span()
            if re.match(r"\s+[A-Z]", text[b:b + 2]) or re.search(r"[A-Z][a-z]+\s+$", text[max(s.start, a - 20):a]) \
                    and not re.search(r"\b(?:On|Since|Until|By|Last|Next|Early|Late|And|Or)\s+$", text[max(s.start, a - 8):a]):
                continue
            t = next((t for (ts, te), t in resolved.items() if ts <= a and b <= te), None)
            # the event it dates: the words before it ("the council voted on Tuesday"), else after
            event = _event_words(text, s.start, s.end, a, b)
            facts.append(Fact(kind="weekday", value=m.group(1), text=m.group(1), start=a, end=b,
                              sentence=si, attribute=" ".join(event) or None,
                              qualifier=date_qualifier(text, s.start, a, b, s.end), time=t.date if t is not None and t.granularity == "day" else None,
                              context=clause_words(text, s.start, s.end, a, b)))
    for m in mentions:
        if m.label not in _PLACE_LABELS or not (0 <= m.sentence < len(sentences)):
            continue
        s = sentences[m.sentence]
        if is_dateline_at(text, s.start, m.start, m.end):
            continue
        if text[m.end:m.end + 1] in "-\u2010\u2011" or re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,3}", m.text):
            continue  # "Dallas-based", "U.S. travelers": a modifier, not the place of an event
        role = place_role(text, mentions, m, s.start)
        if role is None:
            continue
        facts.append(Fact(kind="place", value=m.text, text=m.text, start=m.start, end=m.end,
                          sentence=m.sentence, attribute=role, unit=m.label,
                          context=clause_words(text, s.start, s.end, m.start, m.end)))
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return facts
