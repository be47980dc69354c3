"""A dated timeline of the story, merged across outlets.

Each resolved TimeExpression (nlp resolves "on Wednesday", "last December" against the article's
publication date) makes an event: the sentence that contains it, trimmed to its clause when the
sentence is long.  Events from different outlets with the same date and similar wording (sentence
embeddings when present, else the overlap of content words and resolved entities) are merged into one event carried by
several outlets.  Events are ordered by date; expressions that could not be resolved come last,
each saying why.

A report without a publication date leaves its relative expressions unresolved in nlp.  Here,
where the other reports of the story are at hand, they are dated by inference and say so in
``how``: a weekday from the date a dated report gives the same event (a sentence with the same
weekday and similar wording); otherwise any relative expression against the latest publication
date among the story's dated reports (weekdays within the 7 days up to it).  When no report of
the story is dated, nothing is inferred.

Three rules keep one event at one date, shown once:

- a year or month that is only the baseline of a comparison ("up 18% from the same time in
  2021", "twice as high as 2019", "compared with last year") dates nothing that happened: it
  makes no entry (the clause is dated by its other expressions, if any);
- a sentence with two dates is cut into its clauses, one per date, where a clause boundary
  falls between them; a clause is one entry: of its date expressions the most precise one that
  is not such a baseline dates it (two dates in one clause would show the same words twice);
- a weekday the reports give the same event ("the evacuation on Tuesday") is one date: when the
  outlets' own publication dates place it on different days (a report published a week later,
  or a crawl date), the date most of them give (the earliest on a tie) is used, and the others
  say it was moved and from what.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import numpy as np

from ..lexicon import STOP_WORDS
from ..model import AnnotatedArticle, Evidence, TimelineEvent, outlet_shown
from ..options import Options
from ..disjoint import DisjointSet
from ..nlp.times import WEEKDAYS, resolve, speaks_of_future

__all__ = ["build_timeline", "clause_span", "is_comparison_baseline"]

# Similarity at or above which two same-date sentences from different outlets are one event:
# cosine of the sentence embeddings, or the overlap coefficient of their content words and
# entities (the time expression itself left out: sharing "on Monday" proves nothing).
_SAME_DAY = {"cosine": 0.50, "lexical": 0.34}
_COARSER = {"cosine": 0.65, "lexical": 0.5}
_STOP = STOP_WORDS | {"him", "them", "but", "not", "after", "before", "then", "would", "will", "could",
                      "about", "into", "over", "say", "last", "early", "late", "next", "mid"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")


def _shown(an: AnnotatedArticle) -> str:
    """The outlet as the reasons name it: "unknown (file name)" when nothing named it."""
    return outlet_shown(an.article.outlet, an.article.outlet_from)

def _content(text: str, start: int, end: int, t_start: int, t_end: int) -> set[str]:
    seg = text[start:t_start] + " " + text[t_end:end]
    return {w.lower().rstrip("'\u2019s") for w in _WORD.findall(seg)
            if w.lower() not in _STOP and len(w) > 2} - {""}


# What, right before a time expression, makes it the baseline of a comparison rather than the
# time of an event: "(up 18%) from the same time in", "than (in)", "compared with", "as high as".
_COMPARISON = re.compile(
    r"(?:\bsame (?:time|period|month|week|quarter|day|point)(?: of| in| a| last)?(?: the)?"
    r"|\b(?:(?<!later )(?<!earlier )(?<!sooner )(?<!before )than|compared (?:with|to)|versus|vs\.?|"
    r"relative to|as (?:high|low|many|much|large|big|few|little|great|small) as)(?: (?:in|during|at|for|of))?"
    r"(?: the)?"
    r"|(?:\b(?:up|down|rise|rose|risen|fell|fallen|drop(?:ped)?|jump(?:ed)?|increase[ds]?|decrease[ds]?|"
    r"higher|lower|more|fewer|percent|per cent)\b|%)[^.;:]{0,40}?\bfrom(?: (?:in|during))?(?: the)?"
    r"(?: (?:level|levels|figure|figures|total|number) (?:of|in))?)\s*$", re.I)


def is_comparison_baseline(text: str, start: int, clause_start: int) -> bool:
    """Whether the time expression at ``start`` is the baseline of a comparison ("from the same
    time in 2021", "twice as high as 2019"): a time the figure is measured against, not when
    the event happened."""
    return bool(_COMPARISON.search(text[max(clause_start, start - 80):start]))


_PRECISION = {"day": 0, "month": 1, "year": 2, None: 3}
_LONG_SENTENCE_WORDS = 35
_BOUNDARY = re.compile(r"(?:[;:]\s|\s[\u2014\u2013]\s|,\s(?=(?:but|while|ending|as|after|before|and|who|which|"
                       r"saying|according)\b))")


def clause_span(text: str, start: int, end: int, at: int, split: bool = False) -> tuple[int, int]:
    """The clause of the sentence ``text[start:end]`` containing offset ``at`` when the sentence
    is long (or ``split``: it dates two events); the sentence itself otherwise."""
    seg = text[start:end]
    if not split and len(seg.split()) <= _LONG_SENTENCE_WORDS:
        return start, end
    cuts = [0] + [m.end() for m in _BOUNDARY.finditer(seg)] + [len(seg) + 1]
    for a, b in zip(cuts, cuts[1:]):
        if a <= at - start < b:
            s, e = start + a, start + min(b, len(seg))
            # strip the boundary punctuation and spaces the cut left
            while e > s and text[e - 1] in " ,;:\u2014\u2013":
                e -= 1
            while s < e and text[s] in " ,;:\u2014\u2013":
                s += 1
            # a clause cut after a comma starts at its own words, not at the joining "and (that)"
            m = re.match(r"(?:and|but)\s+(?:that\s+)?", text[s:e])
            if m and a > 0:
                s += m.end()
            if len(text[s:e].split()) >= 6:
                return s, e
            break
    return start, end


def _vec(an: AnnotatedArticle, i: int):
    v = an.vectors
    if v is None:
        return None
    try:
        if i < len(v):
            return np.asarray(v[i], dtype=float)
    except TypeError:
        return None
    return None


def _pub_date(an: AnnotatedArticle) -> dt.date | None:
    try:
        return dt.date.fromisoformat((an.article.published or "")[:10])
    except ValueError:
        return None


def _same_event(a: dict, b: dict, th: dict) -> bool:
    """Whether two candidates (from different articles) tell the same event."""
    va, vb = _vec(a["an"], a["sent"]), _vec(b["an"], b["sent"])
    if va is not None and vb is not None and va.shape == vb.shape:
        na, nb = np.linalg.norm(va), np.linalg.norm(vb)
        if na and nb and float(va @ vb / (na * nb)) >= th["cosine"]:
            return True
    if a["words"] and b["words"]:
        overlap = len(a["words"] & b["words"]) / min(len(a["words"]), len(b["words"]))
        return overlap >= th["lexical"]
    return False


_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)


def _infer_undated(cands: list[dict], annotated: list[AnnotatedArticle]) -> None:
    """Date the relative expressions of undated reports from the story's dated reports (in place).

    Inference is the story's, not nlp's: one report's date says little about another's, but
    reports grouped as one story are written within days of each other, and a weekday another
    report dates for the same event is better evidence still.  Every inferred date says so."""
    pubs = [(p, _shown(an)) for an in annotated if (p := _pub_date(an)) is not None]
    if not pubs:
        return  # no report of the story is dated: nothing to infer from
    latest = max(p for p, _ in pubs)
    anchor_outlets = ", ".join(sorted({o for p, o in pubs if p == latest}))
    dated_days = [c for c in cands if c["date"] and c["gran"] == "day" and c["dated_report"]]
    for c in cands:
        if c["date"] or c["dated_report"]:
            continue
        expr = " ".join(c["expr"].split())
        m = _WEEKDAY_WORD.search(expr)
        if m:
            wd = WEEKDAYS[m.group(1).lower()]
            # the same event, dated by another report: same weekday, similar wording
            for o in sorted(dated_days, key=lambda o: (o["an"].article.outlet, o["an"].article.id, o["span"])):
                if (o["ai"] != c["ai"] and _WEEKDAY_WORD.search(o["expr"])
                        and dt.date.fromisoformat(o["date"]).weekday() == wd and _same_event(c, o, _SAME_DAY)):
                    c.update(date=o["date"], gran="day",
                             how=f"inferred: {_shown(c['an'])}'s report has no date; its '{expr}' is "
                                 f"taken as {o['date']}, the date {_shown(o['an'])} gives the same event")
                    break
            if c["date"]:
                continue
        text = c["an"].article.text
        sents = c["an"].sentences
        sent = text[sents[c["sent"]].start:sents[c["sent"]].end] if 0 <= c["sent"] < len(sents) else expr
        # weekdays look back (news names the coming days as "next Monday", which resolve reads)
        r = resolve(expr, latest.isoformat(), future=not m and speaks_of_future(sent))
        if r is None or not r.date:
            continue
        if m and not expr.lower().startswith("next "):
            placed = f"placed in the week up to {latest.isoformat()}"
        else:
            placed = f"counted from {latest.isoformat()}"
        c.update(date=r.date, gran=r.granularity,
                 how=f"inferred: {_shown(c['an'])}'s report has no date; its '{expr}' is {placed}, "
                     f"the latest date the other reports give ({anchor_outlets})")


def _one_per_clause(cands: list[dict]) -> list[dict]:
    """One candidate per clause: the most precise resolved date that is not a comparison's
    baseline (then the first in the text); a clause dated only by baselines makes none."""
    by_clause: dict[tuple, list[dict]] = defaultdict(list)
    for c in cands:
        by_clause[(c["an"].article.id, *c["span"])].append(c)
    out = []
    for group in by_clause.values():
        group = [c for c in group if not c["baseline"]]
        if group:
            out.append(min(group, key=lambda c: (c["date"] is None, _PRECISION.get(c["gran"], 3),
                                                 c["an"].article.text.find(c["expr"], c["span"][0]))))
    return out


def _reconcile_weekdays(cands: list[dict]) -> None:
    """One date for one weekday event (in place): reports of the same event naming the same
    weekday that their own publication dates place on different days get the date most of them
    give (the earliest on a tie); the moved ones say from what."""
    days = [c for c in cands if c["date"] and c["gran"] == "day" and _WEEKDAY_WORD.search(c["expr"])]
    sets = DisjointSet(range(len(days)))
    for x in range(len(days)):
        for y in range(x + 1, len(days)):
            a, b = days[x], days[y]
            if a["ai"] == b["ai"] or a["date"] == b["date"]:
                continue
            da, db = dt.date.fromisoformat(a["date"]), dt.date.fromisoformat(b["date"])
            if (da.weekday() == db.weekday() and abs((da - db).days) <= 14
                    and _WEEKDAY_WORD.search(a["expr"]).group(1).lower()
                    == _WEEKDAY_WORD.search(b["expr"]).group(1).lower()
                    and _same_event(a, b, _SAME_DAY)):
                sets.union(x, y)
    groups = defaultdict(list)
    for i in range(len(days)):
        groups[sets.find(i)].append(days[i])
    for group in groups.values():
        dates = {c["date"] for c in group}
        if len(dates) < 2:
            continue
        votes = defaultdict(set)
        for c in group:
            votes[c["date"]].add(_shown(c["an"]))
        date = min(votes, key=lambda d: (-len(votes[d]), d))
        givers = ", ".join(sorted(votes[date]))
        for c in group:
            if c["date"] != date:
                expr = " ".join(c["expr"].split())
                c["how"] = (f"inferred: {_shown(c['an'])}'s '{expr}' is taken as {date}, the date "
                            f"{givers} give{'s' if len(votes[date]) == 1 else ''} the same event (counted "
                            f"from its own date it would be {c['date']})")
                c["date"] = date


def _representative(cands: list[dict], idxs: list[int]) -> int:
    """The wording shown for a merged event: a report's own dating before an inferred one, then
    the first report in the story's order (``idxs`` is sorted so)."""
    return min(idxs, key=lambda i: ("inferred" in (cands[i]["how"] or ""), idxs.index(i)))


def build_timeline(annotated: list[AnnotatedArticle], options: Options | None = None,
                   entities=None) -> list[TimelineEvent]:
    """Dated events of the story, merged across outlets, ordered by date (unresolved last).

    ``entities`` (an EntityIndex, optional) lets differently spelt names of the same entity
    count as shared words when deciding whether two sentences tell the same event."""
    options = options or Options()
    cands = []  # dicts: date, gran, how, ai, an, sent index, span, words, expr, dated_report
    for ai, an in enumerate(annotated):
        text = an.article.text
        # a sentence with two dates ("evacuated on Tuesday, and ... by the time the surge eased
        # on Thursday") tells two events: each date gets its own clause where one can be cut
        dates_in: dict[int, int] = defaultdict(int)
        for t in an.times:
            if 0 <= t.sentence < len(an.sentences):
                sent = an.sentences[t.sentence]
                dates_in[t.sentence] += not is_comparison_baseline(text, t.start, sent.start)
        for t in sorted(an.times, key=lambda t: (t.start, t.end)):
            if 0 <= t.sentence < len(an.sentences):
                sent = an.sentences[t.sentence]
                s, e = clause_span(text, sent.start, sent.end, t.start, split=dates_in[t.sentence] > 1)
            else:
                s, e = t.start, t.end
            words = _content(text, s, e, t.start, t.end)
            if entities is not None:
                for m in an.entities:
                    if s <= m.start and m.end <= e:
                        ent = entities.entity_of(an.article.id, m.start, m.end)
                        if ent is not None:
                            words.add("@" + ent.id)
            cands.append(dict(date=t.date, gran=t.granularity if t.date else None, how=t.how, ai=ai, an=an,
                              sent=t.sentence, span=(s, e), words=words, expr=t.text,
                              dated_report=_pub_date(an) is not None,
                              baseline=is_comparison_baseline(text, t.start, s)))
    _infer_undated(cands, annotated)
    cands = _one_per_clause(cands)
    _reconcile_weekdays(cands)

    sets = DisjointSet(range(len(cands)))
    find = sets.find

    by_date = defaultdict(list)
    for i, c in enumerate(cands):
        if c["date"]:
            by_date[(c["date"], c["gran"])].append(i)
    for (date, gran), idxs in by_date.items():
        th = _SAME_DAY if gran == "day" else _COARSER
        for x in range(len(idxs)):
            for y in range(x + 1, len(idxs)):
                a, b = cands[idxs[x]], cands[idxs[y]]
                if a["ai"] == b["ai"]:
                    continue
                if _same_event(a, b, th):
                    sets.union(idxs[x], idxs[y])

    groups = defaultdict(list)
    for i in range(len(cands)):
        groups[find(i)].append(i)
    events = []
    for idxs in groups.values():
        idxs.sort(key=lambda i: (cands[i]["ai"], cands[i]["span"]))
        first = cands[_representative(cands, idxs)]
        arts, outlets, ev = [], [], []
        for i in idxs:
            c = cands[i]
            art = c["an"].article
            if art.id not in arts:
                arts.append(art.id)
            if art.outlet not in outlets:
                outlets.append(art.outlet)
            ev.append(Evidence.of(art, *c["span"]))
        s, e = first["span"]
        hows = sorted({cands[i]["how"] for i in idxs})
        ev_ = TimelineEvent(date=first["date"], granularity=first["gran"],
                            text=first["an"].article.text[s:e], how="; ".join(hows),
                            articles=arts, outlets=sorted(outlets), evidence=ev)
        events.append(((first["date"] is None, first["date"] or "", first["ai"], s), ev_))
    events.sort(key=lambda t: t[0])
    return [e for _, e in events]
