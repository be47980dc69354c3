"""Facts with values: ages, counts, percentages, money, vote tallies, durations, dates.

Every value is normalised so that equal values compare equal ("four decades" == "forty years",
"2.38 million" == 2380000.0) and tied to what it is about:

- ``subject``: who/what it is about (a person's fullest name in the article, or a noun phrase);
- ``attribute``: what about it ("age", "migrants stopped at the US-Mexico border", "vote");
- ``period``: the period a figure covers ("2022-09", "fiscal year ending 2022-09-30", "per month");
- ``approximate``: "around", "nearly", "more than" ...

The compare stage relies on these to tell a real contradiction (61 vs 62 for one person's age)
from figures that describe different things (a monthly vs a fiscal-year count).

Sources: spaCy's CARDINAL/QUANTITY/MONEY/PERCENT/DATE entities and the dependency parse (the
counted noun, its verb, the verb's subject), plus small regexes where the small model is weak
(appositive ages "Magnus, 61,", "61-year-old", vote tallies "50-47", number words).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable

from ..model import Mention, Sentence, TimeExpression, Value
from .entities import antecedent
from .numbers import _NUM_WORD, _SCALES, DAYS_PER, NUMBER_WORDS, _days, parse_number  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_PERSONAL = {"he", "she", "him", "her", "his"}

APPROX_WORDS = (
    "around", "about", "approximately", "roughly", "nearly", "almost", "more than", "over",
    "less than", "fewer than", "at least", "up to", "some", "close to", "upwards of",
    "just under", "just over", "an estimated", "estimated", "under", "as many as", "as much as",
    "at most", "no more than", "some", "approx.", "about", "circa", "more then",
)
_APPROX_RE = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(w) for w in sorted(set(APPROX_WORDS), key=len, reverse=True)) + r"))\s*$",
    re.I,
)
_DURATION_RE = re.compile(
    r"\b(?P<approx>(?:nearly|almost|about|around|roughly|more than|less than|over|under|some|just over|just under|close to)\s+)?"
    r"(?P<num>" + _NUM_WORD + r"|a|an|a few|several|a couple of)\s+(?:full\s+)?"
    r"(?P<unit>years?|months?|weeks?|days?|decades?|centuries|century|hours?)\b(?![- ]old)(?!\s+ago)",
    re.I,
)
_AGE_APPOS = re.compile(r"^,\s*(\d{1,3})(?=\s*[,;)]|\s+(?:was|is|has|had|said|who|and|will|wrote|told)\b)")
_AGE_YEAR_OLD = re.compile(r"\b(" + _NUM_WORD + r")[- ]years?[- ]old\b", re.I)
_AGE_AGED = re.compile(r"\b(?:aged|age of|age)\s+(\d{1,3})\b", re.I)
_TALLY = re.compile(r"\b(\d{1,3})\s?[-–]\s?(\d{1,3})\b")
_TALLY_WORDS = re.compile(r"\bvote[sd]?\b|\bvoting\b|\bballot", re.I)
_VOTE_OF = re.compile(r"\bvote of (\d{1,3}) to (\d{1,3})\b", re.I)
_PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.I)
_MONEY = re.compile(
    r"(?P<cur>US\$|\$|€|£)\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:[\s-]?(?P<scale>million|billion|trillion|bn|mn|m|k)\b)?",
    re.I,
)
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
_PER_PERIOD = re.compile(r"\b(?:per|a|each|every) (day|week|month|year)\b|\b(daily|weekly|monthly|annually|yearly)\b", re.I)
_PER_NORM = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}


class _Ctx:
    """What every extractor needs about one article."""

    def __init__(self, doc: "Doc", text: str, mentions: list[Mention], times: list[TimeExpression],
                 sentences: list[Sentence], sentence_of: Callable[[int], int], canon: dict[str, str]):
        self.doc = doc
        self.text = text
        self.mentions = mentions
        self.times = times
        self.sentences = sentences
        self.sentence_of = sentence_of
        self.canon = canon
        self.claimed: list[tuple[int, int]] = []
        self.people = [m for m in mentions if m.label == "PERSON"]

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.claimed)

    def claim(self, s: int, e: int) -> None:
        self.claimed.append((s, e))

    def name(self, m: Mention) -> str:
        return self.canon.get(m.text, m.text)

    def token_at(self, offset: int) -> "Token | None":
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def span_tokens(self, s: int, e: int):
        return self.doc.char_span(s, e, alignment_mode="expand")

    def entity_for_token(self, tok: "Token") -> str:
        """The mention covering a token (canonical name) or the token's noun phrase."""
        for m in self.mentions:
            if m.start <= tok.idx < m.end:
                return self.name(m)
        if tok.pos_ == "PRON" or tok.lower_ in _PERSONAL:
            if tok.lower_ in _PERSONAL:
                m = antecedent(self.mentions, self.doc, tok.idx, possessive=tok.dep_ == "poss")
                if m is not None:
                    return self.name(m)
            return ""
        left_tok = [t for t in tok.subtree if t.i <= tok.i and (t is tok or t.dep_ in ("amod", "compound", "poss", "nummod", "case", "det"))]
        left_tok = [t for t in left_tok if t.dep_ != "det"]
        if not left_tok:
            return tok.text
        start = min(t.idx for t in left_tok)
        phrase = self.text[start:tok.idx + len(tok.text)].strip()
        first = min(left_tok, key=lambda t: t.i)
        if first.is_sent_start and first.pos_ != "PROPN" and phrase[:1].isupper():
            phrase = phrase[:1].lower() + phrase[1:]  # "Paramedics were sent ...": no name
        return phrase

    def approx_before(self, s: int) -> bool:
        window = self.text[max(0, s - 24):s]
        return bool(_APPROX_RE.search(window))

    def nearest_person(self, s: int, e: int, prefer: str = "before") -> Mention | None:
        si = self.sentence_of(s)
        same = [m for m in self.people if m.sentence == si]
        if not same:
            return None
        before = [m for m in same if m.end <= s]
        after = [m for m in same if m.start >= e]
        if prefer == "before" and before:
            return before[-1]
        if after:
            return after[0]
        return before[-1] if before else None


# ------------------------------------------------------------------------------------------
# ages


def _ages(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    for m in ctx.people:
        am = _AGE_APPOS.match(text[m.end:m.end + 12])
        if am:
            age = int(am.group(1))
            if 0 < age < 125:
                s, e = m.end + am.start(1), m.end + am.end(1)
                person = m
                # "Jane Roe, of Springfield, 83," : the person before ", of PLACE"
                before = text[max(0, m.start - 6):m.start]
                if before.endswith(", of "):
                    prev = [p for p in ctx.people if p.end == m.start - 5]
                    if prev:
                        person = prev[0]
                ctx.claim(s, e)
                yield Value(person.start, e, text[person.start:e], "age", float(age), "years", ctx.name(person),
                            "age", None, False, ctx.sentence_of(s))
    yield from _surname_ages(ctx)
    yield from _age_ranges(ctx)
    for rx in (_AGE_YEAR_OLD, _AGE_AGED):
        for am in rx.finditer(text):
            s, e = am.span()
            if not ctx.free(s, e):
                continue
            age = parse_number(am.group(1))
            if age is None or not 0 < age < 125:
                continue
            if rx is _AGE_YEAR_OLD:
                subject = _year_old_subject(ctx, s, e)
            else:
                person = ctx.nearest_person(s, e, prefer="before")
                subject = ctx.name(person) if person else None
            ctx.claim(s, e)
            yield Value(s, e, text[s:e], "age", float(age), "years", subject, "age", None,
                        ctx.approx_before(s), ctx.sentence_of(s))


# "mother-of-two Saldanha, 42, at ...": an age in apposition with a surname
_SURNAME_AGE = re.compile(r"\b([A-Z][\w'\u2019-]+),\s*(\d{1,3})(?=\s*[,;)])")


def _surname_ages(ctx: _Ctx) -> Iterable[Value]:
    """Ages in apposition with a word the parser did not tag as a person, when that word is the
    surname of a person the article names elsewhere ("Jacintha Saldanha ... mother-of-two
    Saldanha, 42,"): the age is that person's."""
    by_surname: dict[str, Mention] = {}
    for m in ctx.people:
        words = m.text.split()
        if len(words) >= 2:
            best = by_surname.get(words[-1])
            if best is None or len(m.text) > len(best.text):
                by_surname[words[-1]] = m
    if not by_surname:
        return
    text = ctx.text
    for am in _SURNAME_AGE.finditer(text):
        person = by_surname.get(am.group(1))
        s, e = am.span(2)
        if person is None or not ctx.free(am.start(1), e):
            continue
        age = int(am.group(2))
        if not 0 < age < 125:
            continue
        ctx.claim(s, e)
        yield Value(am.start(1), e, text[am.start(1):e], "age", float(age), "years", ctx.name(person),
                    "age", None, False, ctx.sentence_of(s))


# "children ages 5 to 11", "people aged 18-64", "between the ages of 12 and 15"
_AGE_RANGE = re.compile(r"\b(?:ages?|aged|between the ages of)\s+(\d{1,3})\s*(?:to|through|and|-|\u2013)\s*(\d{1,3})\b", re.I)
_GROUP_NOUN = re.compile(r"\b([a-z]+)\s*,?\s*$", re.I)


def _age_ranges(ctx: _Ctx) -> Iterable[Value]:
    """The two ends of an age range of a group ("children ages 5 to 11"): each an age of the
    group noun written before it, so a report that says "ages 6 to 11" differs at one end."""
    text = ctx.text
    for am in _AGE_RANGE.finditer(text):
        lo, hi = int(am.group(1)), int(am.group(2))
        if not (0 < lo < hi < 125) or not ctx.free(am.start(), am.end()):
            continue
        noun = _GROUP_NOUN.search(text[max(0, am.start() - 30):am.start()])
        group = noun.group(1).lower() if noun else None
        ctx.claim(am.start(), am.end())
        for g in (1, 2):
            s, e = am.span(g)
            yield Value(s, e, text[s:e], "age", float(text[s:e]), "years", group, "age", None, False,
                        ctx.sentence_of(s))


def _year_old_subject(ctx: _Ctx, s: int, e: int) -> str | None:
    """Whose age "N-year-old" gives: the name or noun it modifies ("61-year-old Chris Magnus",
    "the 10-year-old girl", "X, a 61-year-old commissioner,"), the subject of "was N years
    old", or, used as a noun ("The 49-year-old suffered ..."), the person last named."""
    doc = ctx.doc
    span = ctx.span_tokens(s, e)
    if span is None or not len(span):
        return None
    last = span[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("\"", "“", "'"):
        nxt = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and not nxt.is_punct:
        for m in ctx.people:
            if m.start <= nxt.idx < m.end:
                return ctx.name(m)
        head = nxt
        while head.dep_ in ("compound", "amod") and head.head is not head and head.head.i > head.i:
            head = head.head
        for m in ctx.people:  # "X, a 61-year-old commissioner" / "the 61-year-old commissioner X"
            ms = ctx.span_tokens(m.start, m.end)
            if ms is None or not len(ms):
                continue
            if head.dep_ == "appos" and ms.root is head.head:
                return ctx.name(m)
            if ms.root.dep_ == "appos" and ms.root.head is head:
                return ctx.name(m)
            if ms[0].i == head.i + 1:
                return ctx.name(m)
        poss = [c for c in head.children if c.dep_ == "poss"]
        if not poss and ctx.sentences and opens_sentence(ctx.text, ctx.sentences[ctx.sentence_of(s)].start, s):
            # "The 19-year-old singer posted a photo ...": a definite description that
            # opens its sentence refers back, like "she", to the person last in focus
            m = antecedent(ctx.mentions, doc, s)
            if m is not None:
                return ctx.name(m)
        noun = head.text.lower()
        if poss:
            owner = ctx.entity_for_token(poss[0])
            return f"{owner}'s {noun}" if owner else noun
        return noun
    # "was 10 years old" / "The 49-year-old suffered ..."
    root = span.root
    verb = root.head if root.head is not root else root
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not (s <= c.idx < e)]
    if subj and verb.lemma_ == "be":
        return ctx.entity_for_token(subj[0]) or None
    m = antecedent(ctx.mentions, doc, s)
    return ctx.name(m) if m else None


_OPENING_THE = re.compile(r"[\s\"'\u201c\u2018(]*The\s+")


def opens_sentence(text: str, sentence_start: int, at: int) -> bool:
    """Is the age at ``at`` the opening "The N-year-old" of its sentence ("The 49-year-old
    suffered ...", "The 19-year-old actress took ...")?"""
    return _OPENING_THE.fullmatch(text, sentence_start, at) is not None


def _noun_after(ctx: _Ctx, e: int) -> str | None:
    tok = ctx.token_at(e + 1) if e + 1 < len(ctx.text) else None
    if tok is not None and tok.pos_ in ("NOUN", "PROPN"):
        return ctx.entity_for_token(tok) or tok.text
    return None


# ------------------------------------------------------------------------------------------
# tallies, percentages, money


def _tallies(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    found: list[tuple[int, int, int, int]] = []
    for m in _VOTE_OF.finditer(text):
        found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
    for m in _TALLY.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        window = text[max(0, m.start() - 30):m.end() + 30]
        if _TALLY_WORDS.search(window) and not (a > 1800 or b > 1800):
            found.append((m.start(), m.end(), a, b))
    for s, e, a, b in found:
        if not ctx.free(s, e):
            continue
        ctx.claim(s, e)
        si = ctx.sentence_of(s)
        body = [m for m in ctx.mentions if m.sentence == si and m.label == "ORG"]
        subject = None
        for m in body:
            if re.search(r"Senate|House|Congress|Parliament|Council|Committee|Assembly|Court|Board|Commons|Lords", m.text):
                subject = m.text
                break
        verb = None
        tok = ctx.token_at(s)
        if tok is not None:
            head = tok
            for _ in range(4):
                head = head.head
                if head.pos_ == "VERB":
                    verb = head.lemma_.lower()
                    break
        attribute = "vote" if not verb else f"vote to {verb}"
        yield Value(s, e, text[s:e], "tally", [a, b], "votes", subject, attribute, None, False, si)


# nouns of a change that a share qualifies, as one measure: "a 16 per cent pay rise" / "a 20
# percent increase" / "a 20% bump" (hand-written: a short closed list)
CHANGE_NOUNS = {w: "increase" for w in ("increase", "rise", "raise", "hike", "jump", "bump", "gain",
                                        "growth", "boost", "surge", "climb", "uptick")}
CHANGE_NOUNS.update({w: "decrease" for w in ("decrease", "drop", "fall", "decline", "cut", "reduction",
                                             "dip", "slump", "plunge", "slide", "downturn")})


def _percents(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    for m in _PERCENT.finditer(text):
        s, e = m.span()
        if not ctx.free(s, e):
            continue
        ctx.claim(s, e)
        attribute = None
        span = ctx.span_tokens(s, e)
        if span is not None and len(span):
            last = span[-1]
            nxt = ctx.doc[last.i + 1] if last.i + 1 < len(ctx.doc) else None
            if nxt is not None and nxt.pos_ == "NOUN":
                if nxt.dep_ == "compound" and nxt.head.i > nxt.i and nxt.head.pos_ == "NOUN":
                    nxt = nxt.head  # "a 16 per cent pay rise": the rise
                attribute = nxt.lemma_.lower()  # "a 37% increase"
            else:
                prev = ctx.doc[span[0].i - 1] if span[0].i > 0 else None
                if prev is not None and prev.lower_ in ("up", "down", "rose", "fell", "increased", "decreased", "dropped", "jumped", "grew"):
                    attribute = {"up": "increase", "rose": "increase", "increased": "increase", "jumped": "increase",
                                 "grew": "increase"}.get(prev.lower_, "decrease")
                else:
                    attribute = span.root.head.lemma_.lower() if span.root.head is not span.root else None
        attribute = CHANGE_NOUNS.get(attribute, attribute) if attribute else attribute
        yield Value(s, e, text[s:e], "percent", float(m.group(1)), "%", None, attribute,
                    _period_for(ctx, s, e), ctx.approx_before(s), ctx.sentence_of(s))


def _money(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    for m in _MONEY.finditer(text):
        s, e = m.span()
        if not ctx.free(s, e):
            continue
        num = parse_number(m.group("num"))
        if num is None:
            continue
        scale = (m.group("scale") or "").lower()
        if scale:
            num *= _SCALES.get(scale, 1)
        ctx.claim(s, e)
        unit = _CURRENCY.get(m.group("cur").lower(), "USD")
        subject, attribute = _about(ctx, s, e, None)
        span = ctx.span_tokens(s, e)
        if span is not None and len(span):
            root = span.root
            if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ == "of" \
                    and root.head.head.pos_ == "NOUN":
                attribute = root.head.head.lemma_.lower()  # "sales of $5bn" -> "sale"
            elif attribute is None or not attribute.strip():
                nxt = ctx.doc[span[-1].i + 1] if span[-1].i + 1 < len(ctx.doc) else None
                if nxt is not None and nxt.pos_ == "NOUN":
                    attribute = nxt.lemma_.lower()  # "a $300 fine" -> "fine"
        yield Value(s, e, text[s:e], "money", num, unit, subject, attribute, _period_for(ctx, s, e),
                    ctx.approx_before(s), ctx.sentence_of(s))


# ------------------------------------------------------------------------------------------
# durations


def _durations(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    for m in _DURATION_RE.finditer(text):
        s, e = m.span()
        if not ctx.free(s, e):
            continue
        raw = m.group("num").lower()
        if raw in ("a few", "several", "a couple of"):
            continue
        num = parse_number(raw)
        if num is None:
            continue
        # "one day after" / "a day after" are points relative to another event, not durations
        after = text[e:e + 8].lower()
        if after.startswith((" after", " before", " later", " earlier")):
            continue
        approx = bool(m.group("approx")) or ctx.approx_before(s)
        vs = s + (len(m.group("approx")) if m.group("approx") else 0)
        ctx.claim(s, e)
        subject, attribute = _duration_about(ctx, vs, e)
        yield Value(vs, e, text[vs:e], "duration", _days(num, m.group("unit")), "days", subject, attribute,
                    None, approx, ctx.sentence_of(s))


_AGO_RE = re.compile(
    r"\b(?P<approx>(?:nearly|almost|about|around|roughly|more than|less than|over|some|just over|close to)\s+)?"
    r"(?P<num>" + _NUM_WORD + r"|a|an)\s+(?P<unit>years?|months?|weeks?|days?|decades?)\s+ago\b",
    re.I,
)


def _elapsed(ctx: _Ctx) -> Iterable[Value]:
    """"the death 35 years ago": the time elapsed since an event, up to publication.  Two reports
    of one story published days apart must agree on it, so it is a duration with attribute
    "time since <event>" (the event is the noun or verb "ago" hangs on)."""
    text = ctx.text
    for m in _AGO_RE.finditer(text):
        s, e = m.span()
        if not ctx.free(s, e):
            continue
        num = 1.0 if m.group("num").lower() in ("a", "an") else parse_number(m.group("num"))
        if num is None:
            continue
        vs = s + (len(m.group("approx")) if m.group("approx") else 0)
        span = ctx.span_tokens(vs, e)
        event = None
        if span is not None and len(span):
            ago = span[-1]
            head = ago.head if ago.head is not ago else None
            while head is not None and head.dep_ == "prep" and head.head is not head:
                head = head.head
            if head is not None and head.pos_ in ("NOUN", "VERB", "PROPN"):
                event = head.lemma_.lower()
            prev = ctx.doc[span[0].i - 1] if span[0].i > 0 else None
            if prev is not None and prev.pos_ == "NOUN":
                event = prev.lemma_.lower()  # "the death 35 years ago": the noun right before
        ctx.claim(s, e)
        # no subject: the clause's subject is often the wrong one ("X pleaded guilty to the death
        # 35 years ago"); the event noun names what the time is counted from
        subject = None
        yield Value(vs, e, text[vs:e], "duration", _days(num, m.group("unit")), "days", subject,
                    f"time since {event}" if event else "time since", None,
                    bool(m.group("approx")) or ctx.approx_before(vs), ctx.sentence_of(s))


def _duration_about(ctx: _Ctx, s: int, e: int) -> tuple[str | None, str | None]:
    span = ctx.span_tokens(s, e)
    if span is None or not len(span):
        return None, None
    head = span[-1]  # "years", "months"
    attribute = None
    subject = None
    # "years of service" -> service
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                attribute = pobj[0].lemma_.lower()
        if child.dep_ == "poss":
            subject = ctx.entity_for_token(child)
    verb = head.head if head.dep_ in ("dobj", "npadvmod", "pobj", "attr", "nsubj") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if subject is None:
        # a possessor just before the span: "Magnus’ nearly forty years"
        for m in ctx.mentions:
            if m.label == "PERSON" and 0 <= s - m.end <= 12 and re.match(r"^['’]s?\s+(?:\w+\s+)?$", ctx.text[m.end:s]):
                subject = ctx.name(m)
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        if attribute is None:
            attribute = verb.lemma_.lower()
            as_ = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("as", "on", "in")]
            for p in as_:
                pobj = [c for c in p.children if c.dep_ == "pobj"]
                if pobj and not any(t.start <= pobj[0].idx < t.end for t in ctx.times):
                    attribute = f"{attribute} {p.lower_} {pobj[0].lemma_.lower()}"
                    break
        if subject is None:
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                subject = ctx.entity_for_token(subj[0]) or None
    return subject, attribute


# ------------------------------------------------------------------------------------------
# counts and other numbers


# "up 18.5% from the same time in 2021": the time after "from"/"than" is the baseline of a
# comparison, not the period the figure covers.
_BASELINE = re.compile(r"\b(?:from|than|compared (?:with|to)|versus|vs\.?)\b[^,;.]{0,30}$", re.I)


def _period_for(ctx: _Ctx, s: int, e: int) -> str | None:
    """The period a figure covers: a time expression of its clause, or "per month" and the like."""
    si = ctx.sentence_of(s)
    sent = ctx.sentences[si] if ctx.sentences else None
    cands = [t for t in ctx.times if t.sentence == si and not (t.start <= s < t.end)
             and not _BASELINE.search(ctx.text[max(0, t.start - 40):t.start])]
    chosen: TimeExpression | None = None
    span = ctx.span_tokens(s, e)
    if cands and span is not None and len(span):
        # prefer a time attached to the same verb as the figure
        anchor = span.root
        verb = anchor
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        for t in cands:
            tspan = ctx.span_tokens(t.start, t.end)
            if tspan is None or not len(tspan):
                continue
            h = tspan.root
            for _ in range(3):
                if h is verb:
                    chosen = t
                    break
                if h.head is h:
                    break
                h = h.head
            if chosen:
                break
    if chosen is None and cands:
        chosen = min(cands, key=lambda t: (abs(t.start - e) if t.start >= e else abs(s - t.end) + 40))
    if chosen is not None:
        label = chosen.date or " ".join(chosen.text.lower().split())
        if re.search(r"fiscal|financial year", chosen.text, re.I):
            return f"fiscal year ending {chosen.date}" if chosen.date else "fiscal year"
        return label
    if sent is not None:
        window = ctx.text[e:min(sent.end, e + 60)]
        pm = _PER_PERIOD.search(window)
        if pm:
            return f"per {pm.group(1) or _PER_NORM[pm.group(2).lower()]}".lower()
    return None


def _counted_noun(ctx: _Ctx, span) -> "Token | None":
    root = span.root
    if root.pos_ in ("NOUN", "PROPN") and not root.like_num and root.lower_ not in NUMBER_WORDS:
        return root
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and head.pos_ in ("NOUN", "PROPN") and head is not root:
        return head
    nxt = ctx.doc[span[-1].i + 1] if span[-1].i + 1 < len(ctx.doc) else None
    if nxt is not None and nxt.pos_ == "NOUN":
        return nxt
    # "A record number of encounters were logged, hitting more than 2 million": the figure is
    # the object of a participle clause whose main clause names what is counted
    verb = root.head
    if root.dep_ in ("dobj", "pobj", "attr") and verb.pos_ == "VERB" and verb.dep_ in ("advcl", "xcomp") \
            and verb.tag_ == "VBG":
        main = verb.head
        subj = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            noun = subj[0]
            if noun.lemma_.lower() in ("number", "total", "count", "tally", "figure"):
                of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
                pobj = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
                noun = pobj[0] if pobj else None
            if noun is not None and noun.pos_ == "NOUN":
                return noun
    return None


def _about(ctx: _Ctx, s: int, e: int, noun: "Token | None") -> tuple[str | None, str | None]:
    """(subject, attribute) for a figure whose counted noun is ``noun``."""
    span = ctx.span_tokens(s, e)
    anchor = noun if noun is not None else (span.root if span is not None and len(span) else None)
    if anchor is None:
        return None, None
    verb = anchor.head
    dep = anchor.dep_
    if dep == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    noun_text = anchor.text.lower() if noun is not None else None
    subject = None
    if verb.pos_ not in ("VERB", "AUX"):
        # "a record number of migrants" / "the 60,000 employees of CBP"
        attribute = noun_text
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "at", "in", "on"):
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                if pobj and ctx.free(pobj[0].idx, pobj[0].idx + 1):
                    subject = ctx.entity_for_token(pobj[0]) or None
        return subject, attribute
    # "medics were called to the 4100 block of Harbour Mill Road": the name the counted noun
    # is of says what the figure is about, not the clause's subject
    named_of = None
    if noun is not None:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                if pobj and (pobj[0].pos_ == "PROPN" or any(m.start <= pobj[0].idx < m.end and m.label in _NAMED_LABELS
                                                            for m in ctx.mentions)):
                    named_of = ctx.entity_for_token(pobj[0]) or None
    preps = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("at", "across", "along", "on", "into", "from", "to", "in"):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and not any(t.start <= pobj[0].idx < t.end for t in ctx.times):
                words = [t.text for t in pobj[0].subtree if not t.is_punct]
                if len(words) <= 5:
                    preps.append(f"{child.lower_} {' '.join(words)}")
                break
    vtext = verb.text.lower()
    if dep in ("nsubj", "nsubjpass"):
        attribute = " ".join([noun_text or "", vtext] + preps[:1]).strip()
    else:
        attribute = " ".join(w for w in [vtext, noun_text] + preps[:1] if w)
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            subject = ctx.entity_for_token(subj[0]) or None
    # (only over a clause subject: a counted noun that is the subject itself, "1,200 residents of
    # Lowmere were evacuated", keeps its "of" place with the noun, ``figures.value_subject``)
    return (named_of if subject and named_of else subject), attribute or None


_NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}


def _counts(ctx: _Ctx) -> Iterable[Value]:
    text = ctx.text
    doc = ctx.doc
    spans = []
    for ent in doc.ents:
        if ent.label_ in ("CARDINAL", "QUANTITY", "MONEY"):
            spans.append((ent.start_char, ent.end_char))
    for tok in doc:
        if tok.like_num and tok.ent_type_ in ("", "CARDINAL") and re.search(r"\d", tok.text):
            spans.append((tok.idx, tok.idx + len(tok.text)))
    seen: set[tuple[int, int]] = set()
    for s, e in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if not ctx.free(s, e) or any(a <= s and e <= b for a, b in seen):
            continue
        if any(t.start <= s < t.end for t in ctx.times):
            continue
        span = ctx.span_tokens(s, e)
        if span is None or not len(span):
            continue
        num_toks = [t for t in span if t.like_num or t.lower_ in _SCALES or t.lower_ in NUMBER_WORDS]
        if not num_toks:
            continue
        ns, ne = num_toks[0].idx, num_toks[-1].idx + len(num_toks[-1].text)
        value = parse_number(text[ns:ne])
        if value is None:
            continue
        # "first", "No. 1", years standing alone are not counts
        if re.fullmatch(r"(?:1[89]|20)\d\d", text[ns:ne]) and span.root.ent_type_ == "DATE":
            continue
        noun = _counted_noun(ctx, span)
        approx = ctx.approx_before(ns) or bool(_APPROX_RE.search(text[s:ns]))
        start = min(s, ns)
        end = max(e, noun.idx + len(noun.text)) if noun is not None and noun.idx >= e and noun.idx - e <= 20 else e
        subject, attribute = _about(ctx, ns, ne, noun)
        kind = "count" if noun is not None else "number"
        unit = noun.lemma_.lower() if noun is not None else None
        raw = text[ns:ne]
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and (noun is None or noun.tag_ != "NNS"):
            continue  # "a 2008 Porsche", "in 2016": a year, not a count
        if unit in ("year", "month", "week", "day", "decade", "hour"):
            # "at least two more years": a duration the duration pattern did not catch
            seen.add((s, e))
            ctx.claim(start, end)
            subject, attribute = _duration_about(ctx, start, end)
            yield Value(start, end, text[start:end], "duration", _days(value, unit), "days", subject, attribute,
                        None, approx, ctx.sentence_of(ns))
            continue
        seen.add((s, e))
        ctx.claim(start, end)
        yield Value(start, end, text[start:end], kind, value, unit, subject, attribute,
                    _period_for(ctx, ns, ne), approx, ctx.sentence_of(ns))


# ------------------------------------------------------------------------------------------
# dates as values ("confirmed in Dec. 2021", "resigned on Saturday")


def _dates(ctx: _Ctx) -> Iterable[Value]:
    for t in ctx.times:
        if t.date is None:
            continue
        span = ctx.span_tokens(t.start, t.end)
        subject = attribute = None
        if span is not None and len(span):
            verb = span.root.head
            if verb.dep_ == "prep":
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                attribute = verb.lemma_.lower()
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    subject = ctx.entity_for_token(subj[0]) or None
        yield Value(t.start, t.end, t.text, "date", t.date, t.granularity, subject, attribute, None, False,
                    t.sentence)


def extract_values(doc: "Doc", text: str, mentions: list[Mention], times: list[TimeExpression],
                   sentences: list[Sentence], sentence_of: Callable[[int], int],
                   canon: dict[str, str]) -> list[Value]:
    """All values of one article, sorted by offset."""
    ctx = _Ctx(doc, text, mentions, times, sentences, sentence_of, canon)
    out: list[Value] = []
    for extractor in (_ages, _tallies, _percents, _money, _elapsed, _durations, _counts, _dates):
        out.extend(extractor(ctx))
    out.sort(key=lambda v: (v.start, v.end, v.kind))
    return out
