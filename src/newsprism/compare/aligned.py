"""One fact changed: single-slot substitutions between aligned sentences of independent sources.

``aligned_slot_contradictions(ctx) -> list[Contradiction | Difference]`` reads the sentences of
every article, ``ctx.roots`` and ``ctx.sim`` (the rounded sentence similarity gates a pair), the
nlp values, entity mentions and ``ctx.entities``; each finding's side ``anchors`` are the slots.

Two outlets often carry the same sentence (wire copy, a lightly edited rewrite).  When such a
pair differs in exactly ONE place and everything else lines up, that place is the fact the two
reports disagree on:

- a **number** ("1,200 residents were evacuated" / "1,500 residents ..."): kind "count" when the
  NLP stage tied a count to it, else "number"; years are kind "date";
- a **weekday or month** ("on Tuesday" / "on Thursday"): kind "date";
- a **place** (a GPE/LOC/FAC mention on both sides): kind "place";
- a **name** (a PERSON/ORG mention on both sides): kind "name";
- a **negation flip** ("did resign" / "did not resign", "never") or a verb swapped for its
  antonym ("rose" / "fell"; the package's one list of opposites, ``newsprism.lexicon``):
  kind "negation".

Alignment is lexical (difflib over word tokens, with the rest of the sentence required to match
word for word except for stop words, a lead-in or tail of up to three plain words, and a plain
word swapped at least ``_FAR`` tokens away from the slot), gated by the sentence-embedding cosine
when the NLP stage computed vectors.  Hand-written because no library does "the same sentence
with one slot changed" with the guardrails below; difflib does the sequence alignment.

Guardrails (precision first; each is tested in tests/test_compare_aligned.py):

- both sentences come from different independent sources (``ctx.roots``: syndicated
  copies and the same outlet count once); both have at least ``_MIN_TOKENS`` words and share at
  least ``_MIN_SHARED`` content words; exactly one slot differs;
- figures within rounding or a stated approximation (``values.compatible``) are not
  contradictions; figures whose NLP periods differ are a ``Difference("different-period")``;
- a count, a number, a weekday or a relative time ("yesterday", "last year") in reports
  published on different days is a ``Difference("different-time")`` (the story may have moved
  on: a death toll rising between an earlier and a later report), never a contradiction;
- a name the entity index already resolves as the same entity (an alias, a suspect spelling,
  which ``compare.spelling_contradictions`` reports) is not a new finding;
- a place that the other article mentions anywhere is not a contradiction (a list, a second
  location), and neither is a slot that one article itself gives both ways;
- a slot inside a quotation is left to the quotes stage (a quote's wording is reported there);
- a slot already covered by the evidence of another detector's finding is merged into that
  finding by ``merge.merge_findings`` (the aligned detectors run last).

``name_variant_contradictions`` adds one case that needs no aligned sentence: a person written
with the same first name and a surname one letter apart ("Sarah Markham" / "Sarah Mirkham"),
the rare spelling from one independent source only, and not already a suspect spelling of the
entity index: kind "name", attribute "spelling".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Sequence

from ..disjoint import DisjointSet
from ..lexicon import MONTHS, OPPOSITES, STOP_WORDS, WEEKDAYS, are_opposites, stem
from ..model import (AnnotatedArticle, Article, Contradiction, ContradictionSide, Difference, Evidence,
                     Value)
from .context import StoryContext
from .entities import canonical_name
from .evidence import context_evidence, sentence_span
from .sources import join_names, outlets_of
from .values import compatible

__all__ = ["aligned_slot_contradictions", "name_variant_contradictions", "single_slot"]

_TOKEN = re.compile(
    r"\d+(?:,\d{3})*(?:\.\d+)?"  # numbers, with thousands separators and decimals
    r"|[A-Za-z]+(?=n['\u2019]t\b)|n['\u2019]t\b"  # "didn't" -> "did" + "n't"
    r"|[A-Za-z]+(?:[-.'\u2019][A-Za-z]+)*\.?(?<=[A-Z]\.)"  # "U.S." style abbreviations
    r"|[A-Za-z]+(?:[-'\u2019][A-Za-z]+)*")

# Words whose presence or absence does not change what a sentence asserts.
_STOP = STOP_WORDS | {"mr", "mrs", "ms", "dr", "s", "according", "we", "there", "then", "just",
                      "about", "some", "after", "when", "while", "but", "so", "up", "out", "into",
                      "over", "more", "most", "very", "all", "one"}
_NEGATORS = {"not", "n't", "n\u2019t", "never"}
_WEEKDAYS = {d.lower() for d in WEEKDAYS}
_MONTHS = {m.lower() for m in MONTHS} - {"may"}  # "may" is a verb more often than a month
_RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|last|this|next|ago|earlier|later|so far|now|"
    r"currently|recent(?:ly)?)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NUMERIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_QUOTE_CHARS = "\"\u201c\u201d"

_MIN_TOKENS = 8  # shorter sentences line up by chance
_MIN_SHARED = 5  # content words (not stop words, not the slot) both sentences must share
_MIN_RATIO = 0.8  # difflib ratio of the two token sequences
_MIN_COSINE = 0.75  # sentence-vector cosine, when vectors exist
# candidate pairs: each sentence's most similar sentences of other sources (not all pairs)
_TOP_K = 5
_FLOOR = {"cosine": _MIN_COSINE, "tfidf": 0.3}
_MAX_SLOT = 3  # tokens on either side of the changed slot
# Besides the one slot, the sentences may differ in a lead-in or tail of up to 3 plain words,
# or in a word swapped at least _FAR tokens away from the slot (a rewrite's wording).
_EDGE_TOLERANT = True
_FAR = 5
_NAME_LABELS = {"PERSON", "ORG"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class _Tok:
    low: str
    start: int
    end: int


@dataclass
class _Sent:
    ai: int
    si: int
    start: int
    end: int
    toks: list[_Tok]
    low: list[str]
    content: frozenset[str]


@dataclass
class Slot:
    """The one place where two aligned sentences differ (character spans in each article)."""

    kind: str  # "number" | "year" | "weekday" | "month" | "capitalized" | "negation" | "antonym"
    a: tuple[int, int]
    b: tuple[int, int]


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.group().lower().replace("\u2019", "'"), start + m.start(), start + m.end())
            for m in _TOKEN.finditer(text[start:end])]


_SAME = Slot("same", (0, 0), (0, 0))  # the two sentences say the same thing


def single_slot(ta: Sequence[_Tok], tb: Sequence[_Tok], text_a: str, text_b: str) -> Slot | None:
    """The single changed slot between two token sequences, or None when they do not line up
    (ratio), differ in more than one place, or differ only in stop words."""
    slot = _diff(ta, tb, text_a, text_b)
    return None if slot is _SAME else slot


def _diff(ta: Sequence[_Tok], tb: Sequence[_Tok], text_a: str, text_b: str) -> Slot | None:
    """Like ``single_slot``, but ``_SAME`` when the sentences differ only in stop words."""
    la, lb = [t.low for t in ta], [t.low for t in tb]
    sm = SequenceMatcher(None, la, lb, autojunk=False)
    if sm.ratio() < _MIN_RATIO:
        return None
    found: list[tuple[Slot, int, int]] = []  # the slot and its token range in ``ta``
    wording: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        wa, wb = la[i1:i2], lb[j1:j2]
        if set(wa) <= _STOP and set(wb) <= _STOP:
            continue  # "the", "said", "Mr": wording, not a fact
        slot = _classify(op, ta, tb, i1, i2, j1, j2, text_a, text_b)
        if slot is None:
            if not _EDGE_TOLERANT or not _plain_words(ta[i1:i2], text_a, i1) \
                    or not _plain_words(tb[j1:j2], text_b, j1):
                return None  # a content difference that is not one clean slot: a paraphrase
            wording.append((op, i1, i2, j1, j2))
            continue
        found.append((slot, i1, i2))
        if len(found) > 1:
            return None
    if not found:
        return None if wording else _SAME
    slot, s1, s2 = found[0]
    for op, i1, i2, j1, j2 in wording:
        at_edge = (i1 == 0 and j1 == 0) or (i2 == len(ta) and j2 == len(tb))
        if op in ("insert", "delete") and at_edge and max(i2 - i1, j2 - j1) <= 3:
            continue  # a lead-in or a tail ("A convention-goer, ..."; "... the attack")
        if op == "replace" and max(i2 - i1, j2 - j1) <= 2 and (i1 - s2 >= _FAR or s1 - i2 >= _FAR):
            continue  # a word swapped far from the slot ("incident" / "attack")
        return None  # a change near the slot may change what the slot refers to
    return slot


def _plain_words(toks: Sequence[_Tok], text: str, first: int) -> bool:
    """Lower-case words only: no figure, no name, no negation (those are facts, not wording)."""
    for k, t in enumerate(toks):
        raw = text[t.start:t.end]
        if any(ch.isdigit() for ch in raw) or t.low in _NEGATORS or stem(t.low) in OPPOSITES:
            return False
        if raw[:1].isupper() and not (first == 0 and k == 0):
            return False
    return True


def _classify(op: str, ta, tb, i1: int, i2: int, j1: int, j2: int, text_a: str, text_b: str
              ) -> Slot | None:
    wa, wb = [t.low for t in ta[i1:i2]], [t.low for t in tb[j1:j2]]
    span_a = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else None
    span_b = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else None
    # negation inserted or dropped: the slot is the verb next to it
    if op in ("insert", "delete"):
        added = wb if op == "insert" else wa
        if added and set(added) <= _NEGATORS:
            if op == "insert":
                k = min(i1, len(ta) - 1)
                near_a = (ta[max(i1 - 1, 0)].start, ta[k].end)
                return Slot("negation", near_a, (tb[max(j1 - 1, 0)].start, tb[min(j2, len(tb) - 1)].end))
            k = min(j1, len(tb) - 1)
            return Slot("negation", (ta[max(i1 - 1, 0)].start, ta[min(i2, len(ta) - 1)].end),
                        (tb[max(j1 - 1, 0)].start, tb[k].end))
        return None
    if span_a is None or span_b is None or len(wa) > _MAX_SLOT or len(wb) > _MAX_SLOT:
        return None
    if len(wa) == 1 and len(wb) == 1:
        a, b = wa[0], wb[0]
        if _NUMERIC.fullmatch(a) and _NUMERIC.fullmatch(b):
            both_years = _YEAR.fullmatch(a) and _YEAR.fullmatch(b)
            return Slot("year" if both_years else "number", span_a, span_b)
        if a in _WEEKDAYS and b in _WEEKDAYS:
            return Slot("weekday", span_a, span_b)
        if a in _MONTHS and b in _MONTHS:
            return Slot("month", span_a, span_b)
        if are_opposites(a, b):
            return Slot("antonym", span_a, span_b)
        if {a, b} & _NEGATORS:
            return None
    # a changed name: capitalised words on both sides, nothing else
    raw_a = [text_a[t.start:t.end] for t in ta[i1:i2]]
    raw_b = [text_b[t.start:t.end] for t in tb[j1:j2]]
    if all(w[:1].isupper() for w in raw_a + raw_b) and i1 > 0 and j1 > 0:
        return Slot("capitalized", span_a, span_b)
    return None


# ------------------------------------------------------------------------------------------


def _sentences(annotated: Sequence[AnnotatedArticle]) -> list[_Sent]:
    out = []
    for ai, ann in enumerate(annotated):
        text = ann.article.text
        for si, s in enumerate(ann.sentences):
            toks = _tokens(text, s.start, s.end)
            if len(toks) < _MIN_TOKENS:
                continue
            low = [t.low for t in toks]
            out.append(_Sent(ai, si, s.start, s.end, toks, low,
                             frozenset(w for w in low if w not in _STOP)))
    return out


def _label_at(ann: AnnotatedArticle, span: tuple[int, int]) -> str | None:
    for m in ann.entities:
        if m.start < span[1] and span[0] < m.end:
            return m.label
    return None


def _value_at(ann: AnnotatedArticle, span: tuple[int, int]) -> Value | None:
    for v in ann.values:
        if v.start <= span[0] and span[1] <= v.end and v.value is not None:
            return v
    return None


def _in_quote(text: str, sent_start: int, pos: int) -> bool:
    """True when an odd number of quote marks precede ``pos`` within its sentence."""
    before = text[sent_start:pos]
    return sum(before.count(c) for c in _QUOTE_CHARS) % 2 == 1


def _published(a: Article) -> date | None:
    try:
        return date.fromisoformat((a.published or "")[:10])
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _as_value(ann: AnnotatedArticle, span: tuple[int, int], si: int) -> Value:
    v = _value_at(ann, span)
    if v is not None:
        return v
    t = ann.article.text[span[0]:span[1]]
    return Value(span[0], span[1], t, "number", _number(t), None, None, None, None, False, si)


@dataclass
class _Finding:
    kind: str  # Contradiction kind
    label: str  # "different-time" / "different-period" for differences, "" for contradictions
    nodes: tuple[tuple[int, int, int, int], tuple[int, int, int, int]]  # (ai, si, start, end) x2
    norms: tuple[Any, Any]
    subject: str
    attribute: str


def _judge(sa: _Sent, sb: _Sent, slot: Slot, annotated: Sequence[AnnotatedArticle], entities: Any
           ) -> _Finding | None:
    A, B = annotated[sa.ai], annotated[sb.ai]
    ta, tb = A.article.text, B.article.text
    xa, xb = ta[slot.a[0]:slot.a[1]], tb[slot.b[0]:slot.b[1]]
    if _in_quote(ta, sa.start, slot.a[0]) or _in_quote(tb, sb.start, slot.b[0]):
        return None  # a quote's wording is the quotes stage's business
    pa, pb = _published(A.article), _published(B.article)
    different_days = pa is not None and pb is not None and pa != pb
    sent_a, sent_b = ta[sa.start:sa.end], tb[sb.start:sb.end]
    relative = bool(_RELATIVE_TIME.search(sent_a) or _RELATIVE_TIME.search(sent_b))
    label = ""
    norms: tuple[Any, Any] = (xa, xb)
    if slot.kind in ("number", "year"):
        va, vb = _as_value(A, slot.a, sa.si), _as_value(B, slot.b, sb.si)
        if va.value is None or vb.value is None:
            return None
        if va.kind == "date" or vb.kind == "date" or slot.kind == "year":
            kind = "date"
            if slot.kind != "year":
                return None  # a day of the month inside a date: the date rules handle it
        else:
            if compatible(va, ta, vb, tb):
                return None  # within rounding or a stated approximation
            kind = "count" if "count" in (va.kind, vb.kind) else (
                va.kind if va.kind == vb.kind and va.kind in ("age", "percent", "money") else "number")
            if va.period and vb.period and va.period.strip().lower() != vb.period.strip().lower():
                label = "different-period"
            elif different_days and kind != "age":
                label = "different-time"  # a later report may update a figure
        if relative and different_days:
            label = label or "different-time"
        norms = (_number(xa) if _number(xa) is not None else xa,
                 _number(xb) if _number(xb) is not None else xb)
    elif slot.kind in ("weekday", "month"):
        kind = "date"
        if different_days and (slot.kind == "weekday" and abs((pa - pb).days) > 6
                               or slot.kind == "month" and (pa.year, pa.month) != (pb.year, pb.month)):
            label = "different-time"
        norms = (xa.capitalize(), xb.capitalize())
    elif slot.kind == "capitalized":
        la, lb = _label_at(A, slot.a), _label_at(B, slot.b)
        if la is None and lb is None:
            return None  # capitalised words the NLP stage did not take for a name
        lab = la or lb
        if la and lb and ((la in _PLACE_LABELS) != (lb in _PLACE_LABELS)):
            return None  # a place on one side, a person on the other: a different sentence
        if lab in _PLACE_LABELS:
            kind = "place"
            # a place the other article names anywhere: a list or a second location
            if re.search(r"\b" + re.escape(xa) + r"\b", tb) or re.search(r"\b" + re.escape(xb) + r"\b", ta):
                return None
        elif lab in _NAME_LABELS:
            kind = "name"
            if entities is not None:
                ca, cb = canonical_name(xa, entities), canonical_name(xb, entities)
                if ca and cb and ca == cb:
                    return None  # the entity index says it is one entity (alias, suspect spelling)
                forms = {sp.form for e in getattr(entities, "entities", ()) or ()
                         for sp in getattr(e, "suspect_spellings", ()) or ()}
                if any(f and (f in xa or f in xb) for f in forms):
                    return None  # already a suspect spelling: compare.spelling_contradictions says it
            if re.search(r"\b" + re.escape(xa) + r"\b", tb) and re.search(r"\b" + re.escape(xb) + r"\b", ta):
                return None  # both articles name both: two people, not one person spelled twice
        else:
            return None
    elif slot.kind in ("negation", "antonym"):
        kind = "negation"
        if relative and different_days:
            label = "different-time"  # "has not yet" then "has": a development
    else:
        return None
    subject = _subject(A, sa, slot.a, entities)
    context = " ".join(ta[sa.start:slot.a[0]].split()[-4:])
    attribute = {"name": "name", "place": "place", "negation": "what happened"}.get(kind, "")
    va = _value_at(A, slot.a)
    if va is not None and va.attribute:
        attribute = va.attribute
    elif kind in ("count", "number", "date", "age", "percent", "money"):
        attribute = "figure" if kind != "date" else "date"
    attribute = f"{attribute} (\u201c{context} \u2026\u201d)" if context else attribute
    return _Finding(kind, label, ((sa.ai, sa.si, *slot.a), (sb.ai, sb.si, *slot.b)), norms,
                    subject, attribute)


def _subject(ann: AnnotatedArticle, s: _Sent, slot: tuple[int, int], entities: Any) -> str:
    for m in ann.entities:
        if m.sentence == s.si and m.label in ("PERSON", "ORG", "GPE", "NORP") \
                and not (m.start < slot[1] and slot[0] < m.end):
            return canonical_name(m.text, entities) or m.text
    v = _value_at(ann, slot)
    if v is not None and v.subject:
        return canonical_name(v.subject, entities) or v.subject
    words = ann.article.text[s.start:s.end].split()
    return " ".join(words[:4])


# ------------------------------------------------------------------------------------------


def aligned_slot_contradictions(ctx: StoryContext) -> list[Contradiction | Difference]:
    """Contradictions (and labelled differences) from near-identical sentences of independent
    sources that differ in one slot.  Anchors: the slot spans."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    sents = _sentences(annotated)
    gate = ctx.measure == "cosine"
    findings: list[tuple[int, int, _Finding]] = []
    agree: set[tuple[int, int]] = set()  # (sentence, article): the article has that sentence unchanged
    at = {(s.ai, s.si): k for k, s in enumerate(sents)}
    pairs = sorted({tuple(sorted((at[(a, i)], at[(b, j)])))
                    for a, i, b, j in ctx.sentence_pairs(_TOP_K, _FLOOR)
                    if (a, i) in at and (b, j) in at})
    for x, y in pairs:
        sa, sb = sents[x], sents[y]
        shared = sa.content & sb.content
        if len(shared) < _MIN_SHARED or len(shared) < 0.6 * min(len(sa.content), len(sb.content)):
            continue  # cheap filter before difflib
        if gate:
            cos = ctx.similarity(sa.ai, sa.si, sb.ai, sb.si)
            if cos is not None and cos < _MIN_COSINE:
                continue
        slot = _diff(sa.toks, sb.toks, annotated[sa.ai].article.text,
                     annotated[sb.ai].article.text)
        if slot is None:
            continue
        if slot is _SAME:
            agree.add((x, sb.ai))
            agree.add((y, sa.ai))
            continue
        f = _judge(sa, sb, slot, annotated, entities)
        if f is not None:
            findings.append((x, y, f))
    # an article that elsewhere carries the other side's sentence unchanged gives both values:
    # the two sentences describe different things
    kept = [f for x, y, f in findings
            if (x, sents[y].ai) not in agree and (y, sents[x].ai) not in agree]
    return _assemble(kept, annotated, roots)


def _assemble(findings: list[_Finding], annotated: Sequence[AnnotatedArticle],
              roots: dict[str, str]) -> list[Contradiction | Difference]:
    # components of findings that share a slot (three outlets, one of them different)
    sets = DisjointSet(range(len(findings)))
    find = sets.find

    by_node: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        for n in f.nodes:
            key = (n[0], n[2])
            if key in by_node:
                sets.union(i, by_node[key])
            else:
                by_node[key] = i
    comps: dict[int, list[_Finding]] = {}
    for i, f in enumerate(findings):
        comps.setdefault(find(i), []).append(f)
    contradictions: list[Contradiction] = []
    differences: list[Difference] = []
    for root in sorted(comps):
        fs = comps[root]
        values: dict[tuple, Any] = {}
        for f in fs:
            for n, v in zip(f.nodes, f.norms):
                values.setdefault(n, v)
        nodes = sorted(values)
        by_value: dict[str, list[tuple]] = {}
        for n in nodes:
            by_value.setdefault(str(values[n]).lower(), []).append(n)
        if len(by_value) < 2:
            continue
        owner: dict[str, str] = {}
        if any(owner.setdefault(annotated[n[0]].article.id, k) != k for k, ns in by_value.items() for n in ns):
            continue  # one article gives both: they describe different things
        if len({roots[annotated[n[0]].article.id] for n in nodes}) < 2:
            continue
        groups = sorted(by_value.values(),
                        key=lambda ns: (-len({roots[annotated[n[0]].article.id] for n in ns}), ns))
        sides = []
        for ns in groups:
            arts: list[Article] = []
            evidence = []
            anchors = []
            for ai, si, s, e in ns:
                art = annotated[ai].article
                if art not in arts:
                    arts.append(art)
                evidence.append(context_evidence(art, s, e, sentence_span(annotated[ai], si)))
                anchors.append((art.id, s, e))
            ai, _, s, e = ns[0]
            sides.append(ContradictionSide(value=annotated[ai].article.text[s:e],
                                           normalized=values[ns[0]], articles=[a.id for a in arts],
                                           outlets=outlets_of(arts), evidence=evidence,
                                           anchors=anchors))
        labels = {f.label for f in fs}
        f0 = fs[0]
        parts = "; ".join(f"{join_names(s.outlets)}: \u201c{s.value}\u201d" for s in sides)
        if labels - {""}:
            label = sorted(labels - {""})[0]
            why = ("the reports were published on different days, so the later one may report an "
                   "update" if label == "different-time" else "the figures cover different periods")
            differences.append(Difference(kind=label, subject=f0.subject, attribute=f0.attribute,
                                          sides=sides, explanation=f"The same sentence differs in one "
                                          f"place, but {why}: {parts}."))
            continue
        contradictions.append(Contradiction(
            kind=f0.kind, subject=f0.subject, attribute=f0.attribute, sides=sides,
            explanation=f"Independent reports carry the same sentence with one fact changed: {parts}."))
    return [*contradictions, *differences]


# ------------------------------------------------------------------------------------------
# one letter of a surname changed ("Sarah Markham" / "Sarah Mirkham")

_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")


def _one_letter_apart(a: str, b: str) -> bool:
    """The shape of a typo, not of two family names: the same first letter and either exactly
    one other letter substituted (same length), or one letter of a double written once
    ("Sementilli" / "Sementili").  Two family names differ in more letters or in length."""
    if len(a) < 5 or len(b) < 5 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    return any(long_[k] == long_[k + 1] and long_[:k] + long_[k + 1:] == short
               for k in range(len(long_) - 1))


def name_variant_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """A person named with the same first name and a surname one letter apart by independent
    sources, where the rare spelling comes from one source only and no other source ever writes
    it.  Pairs the entity index already treats as one entity (its suspect spellings, reported by
    ``compare.spelling_contradictions``) are left to it."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    # (first, last) -> [(article index, surname start, surname end)]
    forms: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for ai, ann in enumerate(annotated):
        for m in ann.entities:
            words = m.text.split()
            if m.label != "PERSON" or len(words) < 2:
                continue
            first, last = words[0], words[-1]
            if not (_NAME_WORD.fullmatch(first) and _NAME_WORD.fullmatch(last)):
                continue
            start = m.start + m.text.rfind(last)
            forms.setdefault((first, last), []).append((ai, start, start + len(last)))
    suspect = {sp.form for e in getattr(entities, "entities", ()) or ()
               for sp in getattr(e, "suspect_spellings", ()) or ()}

    def users(word: str) -> set[str]:
        rx = re.compile(r"\b" + re.escape(word) + r"\b")
        return {roots[a.article.id] for a in annotated if rx.search(a.article.text)}

    found: list[Contradiction] = []
    done: set[tuple[str, str, str]] = set()
    for (first, la), occ_a in sorted(forms.items()):
        for (first_b, lb), occ_b in sorted(forms.items()):
            if first_b != first or la >= lb or not _one_letter_apart(la, lb):
                continue
            if la in suspect or lb in suspect:
                continue
            if entities is not None:
                ca, cb = canonical_name(f"{first} {la}", entities), canonical_name(f"{first} {lb}", entities)
                if ca and ca == cb:
                    continue
            ua, ub = users(la), users(lb)
            # the rare form: written by one source only, a source the other form also reaches
            for rare, common, occ_r, occ_c, ur, uc in ((la, lb, occ_a, occ_b, ua, ub),
                                                      (lb, la, occ_b, occ_a, ub, ua)):
                if len(ur) != 1 or not (uc - ur) or len(uc) < len(ur):
                    continue
                key = (first, *sorted((la, lb)))
                if key in done:
                    continue
                occ_c = [o for o in occ_c if roots[annotated[o[0]].article.id] not in ur]
                if not occ_c:
                    continue
                done.add(key)
                sides = []
                for form, occ in ((common, occ_c), (rare, occ_r)):
                    arts: list[Article] = []
                    evidence = []
                    for ai, s, e in sorted(occ):
                        art = annotated[ai].article
                        if art not in arts:
                            arts.append(art)
                        evidence.append(Evidence.of(art, s, e))
                    sides.append(ContradictionSide(value=form, normalized=form,
                                                   articles=[a.id for a in arts],
                                                   outlets=outlets_of(arts), evidence=evidence))
                found.append(Contradiction(
                    kind="name", subject=f"{first} {common}", attribute="spelling",
                    sides=sides,
                    explanation=f"{join_names(sides[1].outlets)} spells the surname of {first} {common} "
                                f"\u201c{rare}\u201d; {join_names(sides[0].outlets)} write "
                                f"\u201c{common}\u201d: likely a misspelling."))
    return found
