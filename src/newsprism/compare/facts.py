"""Facts aligned across outlets by subject and event, then compared.

``ctx.facts`` (context.py) holds the nlp stage's facts with their subject resolved to the
story's entity cluster ("Jim Mattis", "James Mattis" and "Mattis" are one subject).

``fact_contradictions(ctx) -> list[Contradiction | Development]`` reads ``ctx.facts``,
``ctx.refs``/``ctx.sim`` (sentence neighbours) and ``ctx.roots``:

- **ages** of one subject (entity cluster), wherever they are written ("Mattis, 68," in one
  report, "the 69-year-old Mattis" in another; a bare surname the index left apart because a
  relative shares it is the one full name of that surname whose age is given, ``age_holders``),
  and figures of one subject and counted noun over the same kind of period written near the
  same words;
- **places, weekdays and dates of one event** (``event_edges``): the one fact of its family
  that differs between two alike sentences of independent sources, whose clauses share an
  event word; never a home town, a reference point, a day range, a "since" date, a photo's
  date, "a 2012 decision", or a place either report names anywhere for the other;
- **figures and ages of one event**: the sentences of two independent
  sources that are each other's nearest neighbours (top ``TOP_K`` by rounded similarity, at
  ``FLOOR`` or above) are one event; in such a pair, a fact of one family (a figure of one
  unit, an age) that has no counterpart in the
  other sentence while the other has exactly one of its own, near the same words, is a
  candidate (one lone figure among several of the other sentence: the one that alone names
  the same measure, ``figure_pair``).  This is the one path for "a figure changed in a
  matching sentence".  It is a contradiction only when neither article gives the other's value anywhere
  (an article that gives both is describing two things), the subjects do not differ, and the
  values cannot both be right (``values.compatible``: rounding, "about", "more than").

What may pair at all (``same_event``, also what refuses an agreement in claims.py): figures over the same kinds of period ("from May" /
"over the past year", "daily", "average", "since the start": equal, or absent on both) and of
the same calendar year or month when both have one ("the 2020 census" / "in 2022"; a day that
only dates the report is no period, ``periods_agree``), of the same measure (the noun they
count or qualify with a word around them in common, near-paraphrases, two words in common, or
the one figure of two sentences naming the same person or organisation while no other figure
of theirs differs, ``same_actor_figure``), and not
from two sentences that each name places, none the other's; ages of one named person, never
a named person's with an unnamed "boy"'s; a bare year only with a year of the same noun ("the
2020 census"); a weekday only as the one difference of near-paraphrases, or when the events
before the days share a word.

Values that can change over time are not contradictions between reports of different days: a
running figure (``Fact.changing``: a toll, "so far") becomes a ``Development`` ordered by
publication date; weekdays more than six days apart, and ages months apart, are left alone.
Anchors are the value spans, so the merge pass reports a fact once.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..disjoint import DisjointSet
from ..model import (AnnotatedArticle, Contradiction, ContradictionSide, Development,
                     DevelopmentStep, Fact, Value)
from ..nlp.facts import figure_period
from .context import StoryContext, StoryFact
from .event_facts import EVENT_FAMILIES, event_edges
from .evidence import context_evidence, sentence_span
from .fact_pairs import (FIGURE_KINDS, FLOOR, PARAPHRASE, TOP_K, clause_words, fact_family,
                         fact_key, fact_unit, lone_pair, place_key)
from .sources import join_names, outlets_of
from .values import compatible

__all__ = ["fact_contradictions", "FactValues", "same_event", "anchored_figure"]

_SHARED_WORDS = 2  # context words a subject's figures must share when their sentences differ
class FactValues:
    """The nlp Value behind each figure fact (for ``values.compatible``)."""

    def __init__(self, annotated: list[AnnotatedArticle]):
        self.by_span = [{(v.start, v.end): v for v in ann.values} for ann in annotated]
        self.texts = [ann.article.text for ann in annotated]

    def same(self, a: StoryFact, b: StoryFact) -> bool:
        fa, fb = a.fact, b.fact
        if fa.kind in FIGURE_KINDS or fa.kind == "age":
            va = self.by_span[a.article].get((fa.start, fa.end))
            vb = self.by_span[b.article].get((fb.start, fb.end))
            if isinstance(va, Value) and isinstance(vb, Value):
                return compatible(va, self.texts[a.article], vb, self.texts[b.article])
            return fa.value == fb.value
        if fa.kind == "place":
            return place_key(fa.value) == place_key(fb.value)
        return str(fa.value) == str(fb.value)


def _says(ctx: StoryContext, facts_of: dict[int, list[StoryFact]], ai: int, other: StoryFact, same,
          sim: float) -> bool:
    """Does article ``ai`` give ``other``'s value too?  Figures: anywhere (an article that gives
    both figures is describing two things).  Ages: of the same subject (both unnamed alike), in a
    sentence at least as like ``other``'s as the paired sentence (``sim``): an article whose
    sentence closest to another report's gives a different age than it does elsewhere
    contradicts that report there ("Melquan Robinson, 12, ..." early, "9-year-old Melquan
    Robinson was killed Monday ..." beside "A 12-year-old boy died Monday ..."), while one that
    gives a person's age then and now says the other's age where it says the same thing
    ("was 17 when she was taken" / "now 27, she said").  Weekdays, dates and places recur for
    other events of a story: only near the same words."""
    fam = fact_family(other.fact)
    loose = other.fact.kind in ("weekday", "date", "place")
    for x in facts_of.get(ai, ()):
        if fact_family(x.fact) != fam or not same(x, other):
            continue
        if loose and not _near_same_words(x.fact, other.fact):
            continue
        if fam == "age":
            if x.subject != other.subject:
                continue  # another person's age, or an unnamed one ("a 12-year-old boy")
            near = ctx.similarity(ai, x.fact.sentence, other.article, other.fact.sentence)
            if near is not None and near < sim:
                continue
        return True
    return False


def _near_same_words(a: Fact, b: Fact) -> bool:
    return bool(set(a.context) & set(b.context))


def same_event(a: StoryFact, b: StoryFact, sim: float = 0.0) -> bool:
    """Two facts of one family in aligned sentences are about the same thing: a figure of the
    same counted noun, a weekday near the same word, a date or another figure near two of the
    same words, or the one fact that differs between two near-paraphrases (similarity
    ``PARAPHRASE`` or more; places only then); places that contain each other ("Iowa" /
    "Des Moines, Iowa") are one place, not two."""
    if a.subject and b.subject and a.subject != b.subject:
        return False
    if a.fact.kind in FIGURE_KINDS and not periods_agree(a.fact, b.fact):
        return False  # "0.9% from May" / "5.4% over the past year"; a daily average / a total
    if a.fact.kind == "age" and _named(a.subject) != _named(b.subject):
        return False  # the age of "that boy" is not a named person's age
    if a.fact.kind == "date" and a.fact.unit == "year" and a.fact.attribute != b.fact.attribute:
        return False  # a bare year dates the noun it modifies: "2020 census" / "2022 elections"
    if a.fact.kind == "weekday":
        # weekdays of one story date many events: only the one difference of near-paraphrases,
        # or sentences near the same words whose event (the words before the day: "the storm
        # flooded the harbour on Saturday" / "raised fares on Tuesday") shares a word
        return sim >= PARAPHRASE or (bool(clause_words(a.fact.attribute) & clause_words(b.fact.attribute))
                                      and len(set(a.fact.context) & set(b.fact.context)) >= _SHARED_WORDS)
    if a.fact.kind == "place":
        x, y = place_key(a.fact.value), place_key(b.fact.value)
        if x in y or y in x:
            return False
    if sim >= PARAPHRASE:
        return True
    if a.fact.kind in FIGURE_KINDS and _measure(a.fact) is not None and _measure(a.fact) == _measure(b.fact):
        # the counted noun or the noun qualified names the measure ("1,200 residents", "a $2.4
        # trillion budget" / "a $3.5 trillion budget resolution"), with a word around it in
        # common: "down 6.8 million jobs" / "700,000 jobs would be added" are two measures
        return shared_context(a.fact, b.fact) >= 1
    if a.fact.kind in FIGURE_KINDS or a.fact.kind == "age":
        return shared_context(a.fact, b.fact) >= _SHARED_WORDS
    if a.fact.kind == "place":
        return False  # measured: places near the same words are mostly two places of one story
    shared = len(set(a.fact.context) & set(b.fact.context))
    return shared >= _SHARED_WORDS


def periods_agree(a: Fact, b: Fact) -> bool:
    """Two figures may be one measure only over the same kinds of period (both monthly, both a
    daily average, both totals, or neither said) and, when both are tied to a calendar time,
    the same one ("the 2020 census" / "in 2022": two counts).  A time that only says when a
    figure was reported ("announced this week") is no period (``nlp.facts.figure_period``)."""
    ka, wa = figure_period(a.period)
    kb, wb = figure_period(b.period)
    if ka != kb:
        return False
    if wa and wb:
        n = min(len(wa), len(wb))
        return wa[:n] == wb[:n]
    return True


def _stems(words) -> set[str]:
    """Content words cut to their first five letters: "effect" / "effective", "budget" /
    "budgets" meet."""
    return {w[:5] for w in words if len(w) > 2}


def shared_context(a: Fact, b: Fact) -> int:
    """How many content words around two facts meet (by stem)."""
    return len(_stems(a.context) & _stems(b.context))


def _measure(f: Fact) -> str | None:
    """The noun a figure counts or modifies, when the values stage found one: the counted noun
    of a count ("sandbags"), the noun a sum or a share qualifies ("a $3.5 trillion budget",
    "a 20 percent increase": the attribute when it is one lower-case word)."""
    if f.kind == "count":
        return fact_unit(f) or None
    attr = (f.attribute or "").strip()
    if f.kind in ("amount", "percent", "duration") and re.fullmatch(r"[a-z][a-z-]{3,}", attr) \
            and attr not in _NOT_MEASURES:
        return attr[:5]
    return None


# one-word attributes that name no measure (a verb or preposition the figure hangs on)
_NOT_MEASURES = {"with", "have", "from", "into", "about", "over", "reach", "total", "make",
                 "take", "give", "show", "include", "says", "said"}


def figure_pair(ax: list[StoryFact], by: list[StoryFact], same) -> tuple[StoryFact, StoryFact] | None:
    """``lone_pair`` for figures, and when one sentence has one figure the other lacks while the
    other has several: the one of those several that alone names the same measure ("a $2.4
    trillion budget" / "a $3.5 trillion budget resolution and a $1 trillion bill")."""
    pair = lone_pair(ax, by, same)
    if pair is not None:
        return pair
    lone_x = [a for a in ax if not any(same(a, b) for b in by)]
    lone_y = [b for b in by if not any(same(a, b) for a in ax)]
    if len(lone_x) == 1 and len(lone_y) > 1:
        one, many, flip = lone_x[0], lone_y, False
    elif len(lone_y) == 1 and len(lone_x) > 1:
        one, many, flip = lone_y[0], lone_x, True
    else:
        return None
    m = _measure(one.fact)
    hits = [x for x in many if m is not None and _measure(x.fact) == m]
    if not hits:
        # else the one with clearly the most words around it in common ("include $579
        # billion in new spending" / "about $695 billion in new spending ... $974 billion
        # over five years")
        scored = sorted(((shared_context(one.fact, x.fact), i) for i, x in enumerate(many)), reverse=True)
        if scored[0][0] >= _SHARED_WORDS and scored[0][0] > scored[1][0]:
            hits = [many[scored[0][1]]]
    if len(hits) != 1:
        return None
    return (hits[0], one) if flip else (one, hits[0])


def _places_differ(fx: list[StoryFact], fy: list[StoryFact]) -> bool:
    """Two sentences that each name places, none of them the other's: figures of two places."""
    px = {place_key(f.fact.value) for f in fx if f.fact.kind == "place"}
    py = {place_key(f.fact.value) for f in fy if f.fact.kind == "place"}
    return bool(px) and bool(py) and not any(x in y or y in x for x in px for y in py)


def _named(subject: str | None) -> bool:
    return bool(subject) and subject[:1].isupper()


def fact_contradictions(ctx: StoryContext) -> list[Any]:
    facts = ctx.facts
    if not facts:
        return []
    values = FactValues(ctx.annotated)
    same = values.same
    facts_of: dict[int, list[StoryFact]] = {}
    by_sentence: dict[tuple[int, int], list[StoryFact]] = {}
    for sf in facts:
        facts_of.setdefault(sf.article, []).append(sf)
        by_sentence.setdefault((sf.article, sf.fact.sentence), []).append(sf)
    edges: list[tuple[StoryFact, StoryFact, float]] = []  # (fact, fact, sentence similarity)
    # ages of one subject, wherever written
    ages: dict[str, list[StoryFact]] = {}
    holder = age_holders(facts)
    for sf in facts:
        if sf.fact.kind == "age" and _named(sf.subject):
            ages.setdefault(holder.get(sf.subject, sf.subject), []).append(sf)
    for subject in sorted(ages):
        group = ages[subject]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if ctx.root(a.article) != ctx.root(b.article) and not same(a, b):
                    sim = ctx.similarity(a.article, a.fact.sentence, b.article, b.fact.sentence)
                    edges.append((a, b, sim or 0.0))
    # figures of one named subject and unit, written near the same words, wherever written
    # ("the 4100 block of Harbour Mill Road" / "his house in the 4300 block of Harbour Mill Road")
    figures: dict[tuple[str, str], list[StoryFact]] = {}
    for sf in facts:
        if sf.fact.kind in FIGURE_KINDS and sf.subject and fact_unit(sf.fact):
            figures.setdefault((sf.subject, fact_family(sf.fact)), []).append(sf)
    for key in sorted(figures):
        group = figures[key]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if ctx.root(a.article) != ctx.root(b.article) and not same(a, b) \
                        and periods_agree(a.fact, b.fact) and shared_context(a.fact, b.fact) >= _SHARED_WORDS:
                    sim = ctx.similarity(a.article, a.fact.sentence, b.article, b.fact.sentence)
                    edges.append((a, b, sim or 0.0))
    # facts of one event: neighbouring sentences of independent sources
    floor = FLOOR.get(ctx.measure, 0.6)
    for x, y in ctx.neighbours(TOP_K, floor):
        rx, ry = ctx.refs[x], ctx.refs[y]
        fx = by_sentence.get((rx.article_index, rx.sentence_index), [])
        fy = by_sentence.get((ry.article_index, ry.sentence_index), [])
        if not fx or not fy:
            continue
        for fam in sorted({fact_family(f.fact) for f in fx} & {fact_family(f.fact) for f in fy}
                          - {None} - EVENT_FAMILIES):  # places, days, dates: event_edges below
            ax = [f for f in fx if fact_family(f.fact) == fam]
            by = [f for f in fy if fact_family(f.fact) == fam]
            pair = figure_pair(ax, by, same) if ax[0].fact.kind in FIGURE_KINDS else lone_pair(ax, by, same)
            if pair is None:
                continue  # nothing changed, or too much to tell which is which
            a, b = pair
            if a.fact.kind in FIGURE_KINDS and _places_differ(fx, fy):
                continue  # "469 cases in Barnstable County" / "900 cases in Provincetown"
            # near-paraphrases with one fact of the family each: that fact is the difference
            only = len(ax) == 1 and len(by) == 1
            if not same_event(a, b, float(ctx.sim[x, y]) if only else 0.0) \
                    and not (only and same_actor_figure(ctx, a, b)
                             and not _other_figures_differ(fx, fy, fam, same)) \
                    and not anchored_figure(ctx, a, b, ax, by):
                continue
            edges.append((a, b, float(ctx.sim[x, y])))
    edges += event_edges(ctx, facts, same)
    # an article that gives both values anywhere describes two things
    edges = [(a, b, sim) for a, b, sim in edges
             if not _says(ctx, facts_of, a.article, b, same, sim) and not _says(ctx, facts_of, b.article, a, same, sim)]
    return _assemble(ctx, _mutual_best(edges), same)


_ACTOR_LABELS = ("PERSON", "ORG")


def _actors(ctx: StoryContext, ai: int, si: int) -> set[str]:
    ann = ctx.annotated[ai]
    return {ctx.canonical(m.text) or m.text for m in ann.entities
            if m.sentence == si and m.label in _ACTOR_LABELS}


def same_actor_figure(ctx: StoryContext, a: StoryFact, b: StoryFact) -> bool:
    """The one figure of its family in each of two neighbouring sentences (the caller checks
    both), of the same kind of period, in sentences that name the same person or organisation
    ("BP ... a 16 per cent pay rise for chief executive Bob Dudley" / "BP ... handing Bob Dudley
    a 20 percent increase"): one measure of one actor, said in other words."""
    if a.fact.kind not in FIGURE_KINDS or not periods_agree(a.fact, b.fact):
        return False
    if a.subject and b.subject and a.subject != b.subject:
        return False
    return bool(_actors(ctx, a.article, a.fact.sentence) & _actors(ctx, b.article, b.fact.sentence))


def anchored_figure(ctx: StoryContext, a: StoryFact, b: StoryFact, ax: list[StoryFact],
                    by: list[StoryFact]) -> bool:
    """Two neighbouring sentences give the same number of figures of one family (two or more),
    all equal but this one ("64 percent to 47 percent" / "just over 53 percent ... Wright taking
    46.7 percent"): the figures that agree hold the two sentences' measures in line, so the one
    that differs is the same measure, over the same kind of period, near one word in common or
    in sentences that name the same people and organisations ("Senate Republicans unveiled a
    $568 billion plan ... his $2.25 trillion package" / "Senate Republicans called for spending
    $682 billion ... the $2.25 trillion desired by President Biden").  A figure of a sentence
    with more figures than the other is left to ``figure_pair``."""
    if a.fact.kind not in FIGURE_KINDS or len(ax) < 2 or len(ax) != len(by):
        return False
    if a.subject and b.subject and a.subject != b.subject:
        return False
    if not periods_agree(a.fact, b.fact):
        return False
    if shared_context(a.fact, b.fact) >= 1:
        return True
    xa, xb = _actors(ctx, a.article, a.fact.sentence), _actors(ctx, b.article, b.fact.sentence)
    return bool(xa) and xa == xb


def _other_figures_differ(fx: list[StoryFact], fy: list[StoryFact], fam: str, same) -> bool:
    """Two sentences that also give different figures of another family (a share each, a sum
    each) say two different things, not one thing with one figure changed: "90% effective for at
    least six months" / "below 50 percent after five months"."""
    fams = {fact_family(f.fact) for f in fx if f.fact.kind in FIGURE_KINDS} & \
        {fact_family(f.fact) for f in fy if f.fact.kind in FIGURE_KINDS}
    for other in fams - {fam}:
        ox = [f for f in fx if fact_family(f.fact) == other]
        oy = [f for f in fy if fact_family(f.fact) == other]
        if any(not any(same(x, y) for y in oy) for x in ox):
            return True
    return False


def age_holders(facts: list[StoryFact]) -> dict[str, str]:
    """A bare surname the entity index left on its own (a relative shares it: "Sementilli, who
    was 53" beside "Fabio Sementilli, 49" and "Mirella Rota Sementilli") -> the one full name
    with that surname whose age the story gives.  Two such full names ("Barry Sherman, 75" and
    "Honey Sherman, 66"): the surname stays ambiguous and pairs with neither."""
    full: dict[str, set[str]] = {}
    for sf in facts:
        if sf.fact.kind == "age" and _named(sf.subject) and " " in sf.subject.strip():
            full.setdefault(sf.subject.split()[-1], set()).add(sf.subject)
    out = {}
    for sf in facts:
        s = sf.subject
        if sf.fact.kind == "age" and _named(s) and " " not in s.strip() and len(full.get(s, ())) == 1:
            out[s] = next(iter(full[s]))
    return out


def _mutual_best(edges: list[tuple[StoryFact, StoryFact, float]]) -> list[tuple[StoryFact, StoryFact]]:
    """Each fact keeps, towards each other article, only its best counterpart: one that names
    the same measure ("a 20 percent increase" / "a 16 per cent pay rise", not "59 per cent of
    votes"), then the most similar sentence (ties by position); an edge stays when it is the
    best of both its facts: "Tucson" matched with "Los Angeles" in a near-identical sentence is
    not also matched with "Woodland Hills" in a looser one."""
    best: dict[tuple[tuple[int, int, int], int], tuple[int, float, tuple[int, int, int]]] = {}
    for a, b, sim in edges:
        measure = _measure(a.fact)
        alike = 1 if measure is not None and measure == _measure(b.fact) else 0
        for x, y in ((a, b), (b, a)):
            k = (fact_key(x), y.article)
            cand = (-alike, -sim, fact_key(y))
            if k not in best or cand < best[k]:
                best[k] = cand
    return [(a, b) for a, b, _ in edges
            if best[(fact_key(a), b.article)][2] == fact_key(b) and best[(fact_key(b), a.article)][2] == fact_key(a)]


def _assemble(ctx: StoryContext, edges: list[tuple[StoryFact, StoryFact]], same) -> list[Any]:
    nodes: dict[tuple[int, int, int], StoryFact] = {}
    for a, b in edges:
        nodes[fact_key(a)] = a
        nodes[fact_key(b)] = b
    comps = DisjointSet(sorted(nodes))
    for a, b in edges:
        comps.union(fact_key(a), fact_key(b))
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
    attrs = Counter(f.fact.attribute for f in fs if f.fact.attribute and kind != "weekday")
    attribute = sorted(attrs.items(), key=lambda t: (-t[1], t[0]))[0][0] if attrs else kind
    dates = {ctx.published(f.article) for f in fs}
    dated = None not in dates
    spread = (max(dates) - min(dates)).days if dated and dates else 0
    groups = sorted(groups, key=lambda g: (-len({ctx.root(f.article) for f in g}),
                                           min(fact_key(f) for f in g)))
    if kind in FIGURE_KINDS and dated and spread > 0 and any(f.fact.changing for f in fs):
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
