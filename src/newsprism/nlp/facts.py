"""Facts: the story-wide comparable facts of one article, extracted once from its annotations.

``extract_facts(text, sentences, mentions, values) -> list[Fact]``

- every value of the values stage becomes a fact with its subject, attribute (the event or the
  measure: "troops arrived in Texas"), unit, period, the qualifier written before it ("more
  than", "about", "nearly") and the content words around it;
- a date value is a "weekday" fact when written as a weekday ("on Tuesday", value = the day's
  name, ``time`` = the day it resolves to against the publication date), else a "date" fact
  (``unit`` = its granularity: day, month or year);
- every place mention (GPE/LOC/FAC) is a "place" fact, except a dateline ("WASHINGTON —",
  "LIMA, Dec 1 (Reuters) -"), which places the reporter, not the event;
- a count whose words say it is still running ("so far", "death toll", "at least ... killed")
  is ``changing``: a later report may give a higher figure without contradicting an earlier one;
- an age written as "a 73-year-old senator" (the values stage ties it to the noun) is tied to the
  person named in that sentence.

Hand-written rules over the annotations (no model): they only re-label what the values, times
and entities stages already found.
"""
from __future__ import annotations

import re

from ..model import Fact, Mention, Sentence, Value
from .sentences import is_dateline_at

__all__ = ["extract_facts", "CHANGING_WORDS"]

_KINDS = {"age": "age", "count": "count", "number": "count", "money": "amount", "percent": "percent",
          "tally": "tally", "duration": "duration"}
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_QUALIFIER = re.compile(
    r"\b(more than|over|at least|upwards of|nearly|almost|about|around|approximately|roughly|"
    r"some|less than|fewer than|under|up to|at most|close to|as many as|an estimated)\s*$", re.I)
# words that mark a running figure (a toll, a tally so far): hand-written, short on purpose
CHANGING_WORDS = re.compile(
    r"\b(?:so far|toll|at least|rose|risen|climbed|grew|increased|still|continu\w*|killed|dead|"
    r"deaths?|died|injured|wounded|missing|cases|infect\w*|confirmed|evacuated|arrested|"
    r"counted|reported|as of|to date|now|currently|latest)\b", re.I)
_STOP = {"the", "a", "an", "of", "in", "on", "at", "for", "to", "by", "with", "and", "or", "as",
         "is", "was", "were", "are", "be", "been", "has", "have", "had", "that", "this", "it",
         "he", "she", "they", "his", "her", "their", "its", "said", "says", "who", "which", "from"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _context(text: str, s_start: int, s_end: int, start: int, end: int, n: int = 3) -> list[str]:
    before = [w.lower() for w in _WORD.findall(text[s_start:start])]
    after = [w.lower() for w in _WORD.findall(text[end:s_end])]
    before = [w for w in before if w not in _STOP][-n:]
    after = [w for w in after if w not in _STOP][:n]
    return before + after


def _person_in(mentions: list[Mention], sentence: int) -> str | None:
    people = [m for m in mentions if m.sentence == sentence and m.label == "PERSON"]
    if not people:
        return None
    return max(people, key=lambda m: (len(m.text.split()), -m.start)).text


def extract_facts(text: str, sentences: list[Sentence], mentions: list[Mention],
                  values: list[Value]) -> list[Fact]:
    facts: list[Fact] = []
    for v in values:
        if v.value is None or not (0 <= v.sentence < len(sentences)):
            continue
        s = sentences[v.sentence]
        sentence = text[s.start:s.end]
        before = text[max(s.start, v.start - 30):v.start]
        q = _QUALIFIER.search(before)
        ctx = _context(text, s.start, s.end, v.start, v.end)
        if v.kind == "date":
            wd = _WEEKDAY.search(v.text)
            kind = "weekday" if wd else "date"
            value = wd.group(1) if wd else v.value
            time = v.value if isinstance(v.value, str) else None
            unit = None if wd else ("day" if len(str(v.value)) == 10 else
                                    "month" if len(str(v.value)) == 7 else "year")
            facts.append(Fact(kind=kind, value=value, text=v.text, start=v.start, end=v.end,
                              sentence=v.sentence, subject=v.subject, attribute=v.attribute, unit=unit,
                              time=time, context=ctx))
            continue
        kind = _KINDS.get(v.kind)
        if kind is None:
            continue
        subject = v.subject
        if kind == "age" and subject and subject[:1].islower():
            # "a 73-year-old senator": the noun stands for the person named in the sentence
            subject = _person_in(mentions, v.sentence) or subject
        changing = kind == "count" and bool(CHANGING_WORDS.search(sentence))
        facts.append(Fact(kind=kind, value=v.value, text=v.text, start=v.start, end=v.end,
                          sentence=v.sentence, subject=subject, attribute=v.attribute, unit=v.unit,
                          qualifier=q.group(1).lower() if q else ("about" if v.approximate else None),
                          period=v.period, changing=changing, context=ctx))
    for m in mentions:
        if m.label not in _PLACE_LABELS or not (0 <= m.sentence < len(sentences)):
            continue
        s = sentences[m.sentence]
        if is_dateline_at(text, s.start, m.start, m.end):
            continue
        facts.append(Fact(kind="place", value=m.text, text=m.text, start=m.start, end=m.end,
                          sentence=m.sentence, attribute="place",
                          context=_context(text, s.start, s.end, m.start, m.end)))
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return facts
