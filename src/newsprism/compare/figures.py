"""Figures: ages, counts, percentages, money, tallies, durations and dates that disagree.

One detector, ``(ctx) -> list[Contradiction | Difference]``:

- ``value_contradictions`` reads the nlp stage's values (subject, attribute, period): values of
  one measure (canonical subject through ``ctx.entities``, attribute, kind) from independent
  sources (``ctx.roots``) that cannot both be right (``values.compatible``) are a contradiction;
  the same measure over different periods is a ``Difference("different-period")``, values equal
  within rounding a ``Difference("rounding")``.  If one article itself gives both values, they
  describe different things and nothing is reported.  The kind of period is the one the
  figure's own clause names (``nlp.facts.figure_period``: "from May" / "over the past year").

A figure changed in a matching sentence (one the nlp stage could not tie to a subject) is the
fact path's (``facts.fact_contradictions``: the facts of one event in neighbouring sentences),
not a second detector here.

Each finding's ``anchors`` are the value spans, so ``merge.merge_findings`` can tell when two
detectors found the same fact.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

from ..disjoint import DisjointSet
from ..model import AnnotatedArticle, Article, Contradiction, ContradictionSide, Difference, Value
from ..nlp.facts import figure_period
from .context import StoryContext
from .entities import canonical_name
from .evidence import STOP_WORDS, WEEKDAY_RE, context_evidence, sentence_span
from .sources import join_names, outlets_of
from .values import PERIOD_BOUND_KINDS, compatible, display, normalized_key

__all__ = ["value_contradictions", "value_subject"]


def _key(name: str | None) -> str:
    return re.sub(r"\W+", " ", (name or "").lower()).strip()


def _attr_key(attr: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", (attr or "").lower())
    out = []
    for w in words:
        if w in STOP_WORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return " ".join(sorted(set(out)))


_Item = tuple[AnnotatedArticle, Value, str]  # (article, value, canonical subject)



_OF_PLACE = re.compile(r"\s+(?:of|in|from)\s+((?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})")


def value_subject(ann: AnnotatedArticle, v: Value, entities: Any) -> str | None:
    if v.subject:
        return canonical_name(v.subject, entities)
    if v.kind == "age":
        # an age with no subject: the person named right before it ("Ruth Calloway, 58")
        best = None
        for m in ann.entities:
            if m.sentence == v.sentence and m.label == "PERSON" and m.end <= v.start \
                    and v.start - m.end <= 4 and (best is None or m.end > best.end):
                best = m
        return canonical_name(best.text, entities) if best else None
    if v.kind in ("count", "number"):
        # "1,200 residents of Lowmere": the counted noun and the place that follows it
        m = _OF_PLACE.match(ann.article.text, v.end)
        noun = re.sub(r"^[\d.,\s]+", "", v.text).strip()
        if m and noun and not re.search(r"\d", noun):
            return f"{noun} of {m.group(1)}"
    return None


def _family(kind: str) -> str:
    return "count" if kind in ("count", "number") else kind


# Date values are compared only for these events (lemma-ish prefixes of the NLP attribute):
# "served from 2016" and "served since 2021" can be two different jobs; a confirmation or an
# appointment happens once.  Weekday dates are left to the event detector below.
_DATE_EVENTS = ("confirm", "appoint", "elect", "born", "die", "died", "resign", "found", "sign",
                "arrest", "hire", "fire", "sworn", "nominat", "launch", "open", "close", "took office")


def _attr_tokens(key: str) -> frozenset[str]:
    return frozenset(key.split())


def _same_measure(a: frozenset[str], b: frozenset[str]) -> bool:
    """Attributes that name the same measure: one's words contain the other's, or they mostly
    overlap ("migrants stopped at the border" ~ "migrants stopped at the US-Mexico border")."""
    if not a or not b:
        return a == b
    if (a <= b or b <= a) and min(len(a), len(b)) >= 3:
        return True
    return len(a & b) / len(a | b) >= 0.6


def value_contradictions(ctx: StoryContext) -> list[Contradiction | Difference]:
    """Values grouped by (canonical subject, attribute, kind) and compared within one period:
    other periods give ``Difference("different-period")``, equal-but-rounded values
    ``Difference("rounding")``, ages in reports months apart ``Difference("different-period")``.
    Anchors: the value spans."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    raw: dict[tuple, list[_Item]] = {}
    for ann in annotated:
        for v in ann.values:
            if v.value is None:
                continue
            subject = value_subject(ann, v, entities)
            fam = _family(v.kind)
            if fam == "age":
                if not subject:
                    continue
                key = (fam, _key(subject), "age", "")
            else:
                attr = _attr_key(v.attribute)
                if not attr and not subject:
                    continue  # nothing tells what the figure measures
                if fam == "date":
                    if not subject or WEEKDAY_RE.search(v.text) or \
                            not any(attr.startswith(e) or f" {e}" in f" {attr}" for e in _DATE_EVENTS):
                        continue
                unit = (v.unit or "").lower() if fam == "money" else ""
                key = (fam, "" if fam in PERIOD_BOUND_KINDS or fam == "count" else _key(subject),
                       attr, unit)
            raw.setdefault(key, []).append((ann, v, subject or ""))
    # merge keys whose attributes name the same measure (same family, subject slot and unit);
    # complete link: a key joins a group only if it names the same measure as every key in it,
    # so "people" cannot chain "people killed" to "people injured"
    keys = sorted(raw, key=lambda k: (-len(raw[k]), k))
    merged: list[list[tuple]] = []
    for k in keys:
        for g in merged:
            if all(k[0] == o[0] and k[1] == o[1] and k[3] == o[3] and k[0] != "age"
                   and _same_measure(_attr_tokens(k[2]), _attr_tokens(o[2])) for o in g):
                g.append(k)
                break
        else:
            merged.append([k])
    groups: dict[tuple, list[_Item]] = {}
    for g in merged:
        groups[min(g)] = [it for k in g for it in raw[k]]
    contradictions: list[Contradiction] = []
    differences: list[Difference] = []
    kinds = {(ctx.article(sf.article).id, sf.fact.start, sf.fact.end):
             " ".join(sorted(figure_period(sf.fact.period)[0])) for sf in ctx.facts}
    for key in sorted(groups):
        items = groups[key]
        if len({a.article.id for a, _, _ in items}) < 2:
            continue
        fam = key[0]
        if fam in PERIOD_BOUND_KINDS or fam == "count":
            differences += _period_differences(items, roots)
            by_sub: dict[tuple, list[_Item]] = {}
            for it in items:
                period = _key(it[1].period)
                subject = _key(it[2])
                if not period and not subject:
                    continue  # neither period nor subject: too vague to call a contradiction
                # and the kind of period its own clause names: "rose 0.9% in June from May" /
                # "5.4 percent in June compared with one year ago" are not one measure
                by_sub.setdefault((subject, period, kinds.get((it[0].article.id, it[1].start, it[1].end), "")),
                                  []).append(it)
            subgroups = [by_sub[k] for k in sorted(by_sub)]
        else:
            subgroups = [items]
        for sub in subgroups:
            c, d = _compare_values(sub, roots)
            contradictions += c
            differences += d
    return [*contradictions, *differences]


def _side(items: Sequence[_Item], label: str | None = None) -> ContradictionSide:
    written = Counter(display(v) for _, v, _ in items)
    top = sorted(written.items(), key=lambda t: (-t[1], t[0]))[0][0]
    norm = next(normalized_key(v) for _, v, _ in items if display(v) == top)
    arts: list[Article] = []
    evidence = []
    anchors = []
    for ann, v, _ in sorted(items, key=lambda t: (t[0].article.id, t[1].start)):
        if ann.article not in arts:
            arts.append(ann.article)
        evidence.append(context_evidence(ann.article, v.start, v.end, sentence_span(ann, v.sentence)))
        anchors.append((ann.article.id, v.start, v.end))
    if isinstance(norm, tuple):
        norm = list(norm)
    return ContradictionSide(value=label or top, normalized=norm, articles=[a.id for a in arts],
                             outlets=outlets_of(arts), evidence=evidence, anchors=anchors)


def _clusters(items: Sequence[_Item]) -> list[list[_Item]]:
    """Single-link clusters of mutually compatible values, ordered by first appearance."""
    n = len(items)
    sets = DisjointSet(range(n))
    find = sets.find
    for i in range(n):
        for j in range(i + 1, n):
            a, b = items[i], items[j]
            if compatible(a[1], a[0].article.text, b[1], b[0].article.text):
                sets.union(i, j)
    out: dict[int, list[_Item]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(items[i])
    return [out[k] for k in sorted(out)]


def _subject_attr(items: Sequence[_Item]) -> tuple[str, str]:
    subjects = Counter(s for _, _, s in items if s)
    subject = sorted(subjects.items(), key=lambda t: (-t[1], t[0]))[0][0] if subjects else ""
    attrs = Counter((v.attribute or v.kind) for _, v, _ in items)
    attribute = sorted(attrs.items(), key=lambda t: (-t[1], t[0]))[0][0]
    return subject, attribute


def _compare_values(items: Sequence[_Item], roots: dict[str, str]
                    ) -> tuple[list[Contradiction], list[Difference]]:
    if len({roots[a.article.id] for a, _, _ in items}) < 2:
        return [], []
    clusters = _clusters(items)
    subject, attribute = _subject_attr(items)
    kind = items[0][1].kind
    if len(clusters) == 1:
        keys = {normalized_key(v) for _, v, _ in items}
        if len(keys) < 2:
            return [], []
        by_key: dict[Any, list[_Item]] = {}
        for it in items:
            by_key.setdefault(normalized_key(it[1]), []).append(it)
        sides = [_side(by_key[k]) for k in sorted(by_key, key=str)]
        return [], [Difference(
            kind="rounding", subject=subject, attribute=attribute, sides=sides,
            explanation=(f"{join_names([s.value for s in sides])} differ only within rounding or the "
                         f"approximation the reports state; they can all be right."))]
    # one article on two incompatible sides: the values describe different things
    seen: dict[str, int] = {}
    for ci, cl in enumerate(clusters):
        for ann, _, _ in cl:
            if seen.setdefault(ann.article.id, ci) != ci:
                return [], []
    cluster_roots = [{roots[a.article.id] for a, _, _ in cl} for cl in clusters]
    if len(set().union(*cluster_roots)) < 2:
        return [], []
    clusters.sort(key=lambda cl: (-len({roots[a.article.id] for a, _, _ in cl}),
                                  min(display(v) for _, v, _ in cl)))
    sides = [_side(cl) for cl in clusters]
    if kind in ("age", "duration") and _months_apart(items):
        return [], [Difference(
            kind="different-period", subject=subject, attribute=attribute, sides=sides,
            explanation=f"{join_names([s.value for s in sides])}: the reports were published months "
                        "apart, and an age or a length of time grows in between.")]
    parts = [f"{join_names(s.outlets)} report{'s' if len(s.outlets) == 1 else ''} {s.value}" for s in sides]
    who = f"{subject}'s " if subject else ""
    return [Contradiction(kind=kind if kind in ("age", "count", "number", "date", "percent", "money",
                                                "tally", "duration") else "number",
                          subject=subject, attribute=attribute, sides=sides,
                          explanation=f"{who}{attribute}: " + "; ".join(parts)
                          + ". These values cannot all be right.")], []


def _months_apart(items: Sequence[_Item], days: int = 180) -> bool:
    from datetime import date

    dates = []
    for ann, _, _ in items:
        try:
            dates.append(date.fromisoformat((ann.article.published or "")[:10]))
        except ValueError:
            continue
    return len(dates) >= 2 and (max(dates) - min(dates)).days > days


# a time that only dates the report ("said Thursday", "told the BBC today"), not a period a
# figure covers
_REPORT_DAY = re.compile(r"\d{4}-\d{2}-\d{2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight|"
                         r"this (?:morning|afternoon|evening)", re.I)


def _period_differences(items: Sequence[_Item], roots: dict[str, str]) -> list[Difference]:
    """Figures of one measure over different periods; a figure whose "period" only dates the
    report (``_REPORT_DAY``) covers no period of its own and is left out."""
    by_period: dict[str, list[_Item]] = {}
    for it in items:
        if it[1].period and not _REPORT_DAY.fullmatch(it[1].period.strip()):
            by_period.setdefault(it[1].period.strip(), []).append(it)
    if len(by_period) < 2:
        return []
    periods = sorted(by_period)
    if len({normalized_key(it[1]) for p in periods for it in by_period[p]}) < 2:
        return []
    sides = [_side(by_period[p], label=f"{display(by_period[p][0][1])} ({p})") for p in periods]
    subject, attribute = _subject_attr(items)
    units = Counter(v.unit for _, v, _ in items if v.unit and v.unit not in ("%", "USD", "days", "years"))
    unit = sorted(units.items(), key=lambda t: (-t[1], t[0]))[0][0] if units else ""
    subject = subject or unit or attribute
    parts = [f"{join_names(s.outlets)}: {s.value}" for s in sides]
    return [Difference(kind="different-period", subject=subject, attribute=attribute, sides=sides,
                       explanation="The figures cover different periods, so they do not "
                                   "contradict each other: " + "; ".join(parts) + ".")]
