"""Facts aligned across outlets by subject and event, then compared.

``ctx.facts`` (context.py) holds the nlp stage's facts with their subject resolved to the
story's entity cluster ("Jim Mattis", "James Mattis" and "Mattis" are one subject).

``fact_contradictions(ctx) -> list[Contradiction | Development]`` reads ``ctx.facts``,
``ctx.refs``/``ctx.sim`` (sentence neighbours) and ``ctx.roots``:

- **ages** of one subject (entity cluster), wherever they are written ("Mattis, 68," in one
  report, "the 69-year-old Mattis" in another);
- **figures, ages, weekdays, dates and places of one event**: the sentences of two independent
  sources that are each other's nearest neighbours (top ``_TOP_K`` by rounded similarity, at
  ``_FLOOR`` or above) are one event; in such a pair, a fact of one family (a figure of one
  unit, an age, a weekday, a date of one granularity, a place) that has no counterpart in the
  other sentence while the other has exactly one of its own, near the same words, is a
  candidate.  It is a contradiction only when neither article gives the other's value anywhere
  (an article that gives both is describing two things), the subjects do not differ, and the
  values cannot both be right (``values.compatible``: rounding, "about", "more than").

Values that can change over time are not contradictions between reports of different days: a
running figure (``Fact.changing``: a toll, "so far") becomes a ``Development`` ordered by
publication date; weekdays more than six days apart, and ages months apart, are left alone.
Anchors are the value spans, so the merge pass reports a fact once.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..disjoint import DisjointSet
from ..model import (AnnotatedArticle, Contradiction, ContradictionSide, Development,
                     DevelopmentStep, Fact, Value)
from .context import StoryContext, StoryFact
from .evidence import context_evidence, sentence_span
from .sources import join_names, outlets_of
from .values import compatible, normalized_key

__all__ = ["fact_contradictions"]

_TOP_K = 3  # neighbours per sentence taken as candidate pairs
_FLOOR = {"cosine": 0.6, "tfidf": 0.3}  # rounded similarity at which two sentences may be one event
_FIGURES = {"count": "count", "amount": "money", "percent": "percent", "duration": "duration",
            "tally": "tally"}


def _unit(f: Fact) -> str:
    u = (f.unit or "").lower()
    return u[:-1] if len(u) > 3 and u.endswith("s") and not u.endswith("ss") else u


def _family(f: Fact) -> str | None:
    if f.kind in _FIGURES:
        return f"{f.kind}:{_unit(f)}"
    if f.kind == "age":
        return "age"
    if f.kind == "weekday":
        return "weekday"
    if f.kind == "date":
        return f"date:{f.unit}"
    if f.kind == "place":
        return "place"
    return None


class _Values:
    """The nlp Value behind each figure fact (for ``values.compatible``)."""

    def __init__(self, annotated: list[AnnotatedArticle]):
        self.by_span = [{(v.start, v.end): v for v in ann.values} for ann in annotated]
        self.texts = [ann.article.text for ann in annotated]

    def same(self, a: StoryFact, b: StoryFact) -> bool:
        fa, fb = a.fact, b.fact
        if fa.kind in _FIGURES or fa.kind == "age":
            va = self.by_span[a.article].get((fa.start, fa.end))
            vb = self.by_span[b.article].get((fb.start, fb.end))
            if isinstance(va, Value) and isinstance(vb, Value):
                return compatible(va, self.texts[a.article], vb, self.texts[b.article])
            return fa.value == fb.value
        if fa.kind == "place":
            return fa.value.lower() == fb.value.lower()
        return str(fa.value) == str(fb.value)


def _says(ctx: StoryContext, facts_of: dict[int, list[StoryFact]], ai: int, other: StoryFact,
          same) -> bool:
    """Does article ``ai`` give ``other``'s value anywhere (same family)?"""
    if other.fact.kind == "place":
        import re

        return re.search(r"(?<!\w)" + re.escape(other.fact.value) + r"(?!\w)",
                         ctx.annotated[ai].article.text) is not None
    fam = _family(other.fact)
    return any(_family(x.fact) == fam and same(x, other) for x in facts_of.get(ai, ()))


def _near_same_words(a: Fact, b: Fact) -> bool:
    return bool(set(a.context) & set(b.context))


def fact_contradictions(ctx: StoryContext) -> list[Any]:
    facts = ctx.facts
    if not facts:
        return []
    values = _Values(ctx.annotated)
    same = values.same
    facts_of: dict[int, list[StoryFact]] = {}
    by_sentence: dict[tuple[int, int], list[StoryFact]] = {}
    for sf in facts:
        facts_of.setdefault(sf.article, []).append(sf)
        by_sentence.setdefault((sf.article, sf.fact.sentence), []).append(sf)
    edges: list[tuple[StoryFact, StoryFact]] = []
    # ages of one subject, wherever written
    ages: dict[str, list[StoryFact]] = {}
    for sf in facts:
        if sf.fact.kind == "age" and sf.subject:
            ages.setdefault(sf.subject, []).append(sf)
    for subject in sorted(ages):
        group = ages[subject]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if ctx.root(a.article) != ctx.root(b.article) and not same(a, b):
                    edges.append((a, b))
    # facts of one event: neighbouring sentences of independent sources
    floor = _FLOOR.get(ctx.measure, 0.6)
    for x, y in ctx.neighbours(_TOP_K, floor):
        rx, ry = ctx.refs[x], ctx.refs[y]
        fx = by_sentence.get((rx.article_index, rx.sentence_index), [])
        fy = by_sentence.get((ry.article_index, ry.sentence_index), [])
        if not fx or not fy:
            continue
        for fam in sorted({_family(f.fact) for f in fx} & {_family(f.fact) for f in fy} - {None}):
            ax = [f for f in fx if _family(f.fact) == fam]
            by = [f for f in fy if _family(f.fact) == fam]
            lone_x = [a for a in ax if not any(same(a, b) for b in by)]
            lone_y = [b for b in by if not any(same(a, b) for a in ax)]
            if len(lone_x) != 1 or len(lone_y) != 1:
                continue  # nothing changed, or too much to tell which is which
            a, b = lone_x[0], lone_y[0]
            if a.subject and b.subject and a.subject != b.subject:
                continue
            if fam != "weekday" and not _near_same_words(a.fact, b.fact) and \
                    not (fam.startswith(("count:", "money:", "percent:")) and _unit(a.fact)):
                continue
            if fam == "place" and (a.fact.value.lower() in b.fact.value.lower()
                                   or b.fact.value.lower() in a.fact.value.lower()):
                continue  # "Iowa" / "Des Moines, Iowa"
            edges.append((a, b))
    # an article that gives both values anywhere describes two things
    edges = [(a, b) for a, b in edges
             if not _says(ctx, facts_of, a.article, b, same) and not _says(ctx, facts_of, b.article, a, same)]
    return _assemble(ctx, edges, same)


def _key(sf: StoryFact) -> tuple[int, int, int]:
    return (sf.article, sf.fact.start, sf.fact.end)


def _assemble(ctx: StoryContext, edges: list[tuple[StoryFact, StoryFact]], same) -> list[Any]:
    nodes: dict[tuple[int, int, int], StoryFact] = {}
    for a, b in edges:
        nodes[_key(a)] = a
        nodes[_key(b)] = b
    comps = DisjointSet(sorted(nodes))
    for a, b in edges:
        comps.union(_key(a), _key(b))
    members: dict[Any, list[tuple[int, int, int]]] = {}
    for k in sorted(nodes):
        members.setdefault(comps.find(k), []).append(k)
    out: list[Any] = []
    for root in sorted(members, key=lambda r: members[r][0]):
        fs = [nodes[k] for k in members[root]]
        # sides: facts with compatible values (single link)
        sides_ = DisjointSet(range(len(fs)))
        for i in range(len(fs)):
            for j in range(i + 1, len(fs)):
                if same(fs[i], fs[j]):
                    sides_.union(i, j)
        groups: dict[int, list[StoryFact]] = {}
        for i in range(len(fs)):
            groups.setdefault(sides_.find(i), []).append(fs[i])
        groups_l = list(groups.values())
        if len(groups_l) < 2:
            continue
        owner: dict[str, int] = {}
        if any(owner.setdefault(ctx.article(f.article).id, gi) != gi
               for gi, g in enumerate(groups_l) for f in g):
            continue  # one article on two sides: two different things
        if len({ctx.root(f.article) for f in fs}) < 2:
            continue
        finding = _finding(ctx, fs, groups_l)
        if finding is not None:
            out.append(finding)
    return out


def _side(ctx: StoryContext, g: list[StoryFact]) -> ContradictionSide:
    g = sorted(g, key=lambda f: (ctx.article(f.article).id, f.fact.start))
    written = Counter(f.fact.text for f in g)
    top = sorted(written.items(), key=lambda t: (-t[1], t[0]))[0][0]
    arts = []
    for f in g:
        if ctx.article(f.article) not in arts:
            arts.append(ctx.article(f.article))
    norm = g[0].fact.value
    if isinstance(norm, float) and norm.is_integer():
        norm = int(norm)
    return ContradictionSide(
        value=top, normalized=norm, articles=[a.id for a in arts], outlets=outlets_of(arts),
        evidence=[context_evidence(ctx.article(f.article), f.fact.start, f.fact.end,
                                   sentence_span(ctx.annotated[f.article], f.fact.sentence)) for f in g],
        anchors=[(ctx.article(f.article).id, f.fact.start, f.fact.end) for f in g])


def _finding(ctx: StoryContext, fs: list[StoryFact], groups: list[list[StoryFact]]) -> Any:
    f0 = fs[0].fact
    kind = f0.kind
    subjects = Counter(f.subject for f in fs if f.subject)
    subject = sorted(subjects.items(), key=lambda t: (-t[1], t[0]))[0][0] if subjects else ""
    attrs = Counter(f.fact.attribute for f in fs if f.fact.attribute)
    attribute = sorted(attrs.items(), key=lambda t: (-t[1], t[0]))[0][0] if attrs else kind
    dates = {ctx.published(f.article) for f in fs}
    dated = None not in dates
    spread = (max(dates) - min(dates)).days if dated and dates else 0
    groups = sorted(groups, key=lambda g: (-len({ctx.root(f.article) for f in g}),
                                           min(_key(f) for f in g)))
    if kind in _FIGURES and dated and spread > 0 and any(f.fact.changing for f in fs):
        return _development(ctx, subject or attribute, attribute, groups)
    if kind == "weekday" and dated and spread > 6:
        return None
    if kind == "age" and dated and spread > 180:
        return None
    sides = [_side(ctx, g) for g in groups]
    ckind = {"weekday": "date", "amount": "money"}.get(kind, kind)
    what = {"weekday": "day", "date": "date", "place": "place", "age": "age"}.get(kind, "figure")
    parts = "; ".join(f"{join_names(s.outlets)}: {s.value}" for s in sides)
    who = f" about {subject}" if subject else ""
    return Contradiction(kind=ckind, subject=subject or attribute, attribute=attribute, sides=sides,
                         explanation=f"Reports of the same event{who} give a different {what}: "
                                     f"{parts}.")


def _development(ctx: StoryContext, subject: str, attribute: str,
                 groups: list[list[StoryFact]]) -> Development:
    steps = []
    for g in groups:
        side = _side(ctx, g)
        published = sorted(ctx.article(f.article).published or "" for f in g)[0] or None
        steps.append(DevelopmentStep(published=published, text=side.value, articles=side.articles,
                                     outlets=side.outlets, evidence=side.evidence,
                                     anchors=side.anchors))
    steps.sort(key=lambda st: (st.published or "", st.articles))
    parts = ", then ".join(f"{st.text} on {st.published} ({join_names(st.outlets)})" for st in steps)
    return Development(subject=subject, attribute=attribute, steps=steps,
                       explanation=f"{subject}: {parts}. A running figure updated by a later report: "
                                   "a development, not a contradiction.")
