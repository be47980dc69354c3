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
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import numpy as np

from ..lexicon import STOP_WORDS
from ..model import AnnotatedArticle, Evidence, TimelineEvent
from ..options import Options
from ..disjoint import DisjointSet
from ..nlp.times import WEEKDAYS, resolve, speaks_of_future

__all__ = ["build_timeline", "clause_span"]

# Similarity at or above which two same-date sentences from different outlets are one event:
# cosine of the sentence embeddings, or the overlap coefficient of their content words and
# entities (the time expression itself left out: sharing "on Monday" proves nothing).
_SAME_DAY = {"cosine": 0.50, "lexical": 0.34}
_COARSER = {"cosine": 0.65, "lexical": 0.5}
_STOP = STOP_WORDS | {"him", "them", "but", "not", "after", "before", "then", "would", "will", "could",
                      "about", "into", "over", "say", "last", "early", "late", "next", "mid"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")


def _content(text: str, start: int, end: int, t_start: int, t_end: int) -> set[str]:
    seg = text[start:t_start] + " " + text[t_end:end]
    return {w.lower().rstrip("'\u2019s") for w in _WORD.findall(seg)
            if w.lower() not in _STOP and len(w) > 2} - {""}
_LONG_SENTENCE_WORDS = 35
_BOUNDARY = re.compile(r"(?:[;:]\s|\s[\u2014\u2013]\s|,\s(?=(?:but|while|ending|as|after|before|and|who|which|"
                       r"saying|according)\b))")


def clause_span(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The clause of the sentence ``text[start:end]`` containing offset ``at`` when the sentence
    is long; the sentence itself otherwise."""
    seg = text[start:end]
    if len(seg.split()) <= _LONG_SENTENCE_WORDS:
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
    pubs = [(p, an.article.outlet) for an in annotated if (p := _pub_date(an)) is not None]
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
                             how=f"inferred: the report has no date; '{expr}' taken as {o['date']}, the date "
                                 f"{o['an'].article.outlet} gives the same event")
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
            placed = f"placed in the 7 days up to the other reports' date {latest.isoformat()}"
        else:
            placed = f"read against the other reports' date {latest.isoformat()}"
        c.update(date=r.date, gran=r.granularity,
                 how=f"inferred: the report has no date; '{expr}' {placed} ({anchor_outlets})")


def build_timeline(annotated: list[AnnotatedArticle], options: Options | None = None,
                   entities=None) -> list[TimelineEvent]:
    """Dated events of the story, merged across outlets, ordered by date (unresolved last).

    ``entities`` (an EntityIndex, optional) lets differently spelt names of the same entity
    count as shared words when deciding whether two sentences tell the same event."""
    options = options or Options()
    cands = []  # dicts: date, gran, how, ai, an, sent index, span, words, expr, dated_report
    for ai, an in enumerate(annotated):
        text = an.article.text
        for t in sorted(an.times, key=lambda t: (t.start, t.end)):
            if 0 <= t.sentence < len(an.sentences):
                sent = an.sentences[t.sentence]
                s, e = clause_span(text, sent.start, sent.end, t.start)
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
                              dated_report=_pub_date(an) is not None))
    _infer_undated(cands, annotated)
    # one candidate per clause and date (after inference: two weekdays of one undated clause
    # may now stand at two dates)
    seen, unique = set(), []
    for c in cands:
        key = (c["an"].article.id, *c["span"], c["date"])
        if key not in seen:
            seen.add(key)
            unique.append(c)
    cands = unique

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
        first = cands[idxs[0]]
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
