"""Dates of events: the same event about the same person dated differently.

``date_contradictions(ctx) -> list[Contradiction]`` (kind "date") reads the resolved day-level
time expressions and weekday names of each sentence, and a small trigger lexicon of events (a
request to resign, a resignation, a refusal, a confirmation, a firing): a date right beside its
event, about the same person (or nobody named), is compared across independent sources, by
weekday where both give one (a resolved day of a relative weekday depends on which week the
resolver picked), else by resolved day.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import AnnotatedArticle, Contradiction, ContradictionSide, Evidence
from .context import StoryContext
from .entities import persons_in
from .evidence import WEEKDAY_RE
from .sources import join_names, outlets_of

__all__ = ["date_contradictions", "EVENT_TRIGGERS"]


# Small hand-written trigger lexicon: which event a day/weekday in a sentence dates.  Kept short
# on purpose (precision): a date is only compared when it sits right beside one of these.
EVENT_TRIGGERS = (
    ("request to resign", re.compile(
        r"\basked\b[^.;:]{0,40}?\bto (?:resign|step down|step aside|leave|quit)\b|\basked for (?:his|her|their) "
        r"resignation\b|\b(?:request|ultimatum|demand)\w*\b|\bcall(?:ed)? for (?:his|her) resignation",
        re.IGNORECASE)),
    ("resignation", re.compile(
        r"\b(?:resigned|resigns|quit|stepped down|steps down)\b|\bsubmitted (?:his|her|a) "
        r"resignation\b|\bannounced (?:his|her|the) resignation\b", re.IGNORECASE)),
    ("refusal to resign", re.compile(
        r"\b(?:won't|wouldn't|will not|would not|refus\w*|rejected)\b[^.;]{0,30}?\b(?:step down|"
        r"resign|leave|go|request)\w*\b", re.IGNORECASE)),
    ("confirmation", re.compile(r"\b(?:was |were )?confirmed\b", re.IGNORECASE)),
    ("firing", re.compile(r"\b(?:was |were )?(?:fired|ousted|dismissed|sacked)\b", re.IGNORECASE)),
)
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\brefus\w*|\bwould|\bwill|\bto)\s+(?:\w+\s+)?$",
                       re.IGNORECASE)
_ABOUT_LEAVING = re.compile(r"resign|step down|leave|fired|sacked|quit|oust", re.IGNORECASE)
_MAX_GAP = 70
_MAX_GAP_AFTER = 20


def _dated_events(ann: AnnotatedArticle, entities: Any):
    text = ann.article.text
    out = []
    for si, s in enumerate(ann.sentences):
        sent = text[s.start:s.end]
        dates: list[tuple[int, int, str, str | None]] = []  # start, end, weekday, iso day
        for t in ann.times:
            if t.sentence == si and t.granularity == "day" and t.date:
                wd = WEEKDAY_RE.search(t.text)
                dates.append((t.start, t.end, wd.group(1) if wd else "", t.date))
        for m in WEEKDAY_RE.finditer(sent):
            a, b = s.start + m.start(), s.start + m.end()
            if not any(d[0] <= a and b <= d[1] for d in dates):
                dates.append((a, b, m.group(1), None))
        if not dates:
            continue
        triggers = []
        for name, rx in EVENT_TRIGGERS:
            for m in rx.finditer(sent):
                a, b = s.start + m.start(), s.start + m.end()
                if _NEGATION.search(text[max(s.start, a - 25):a]) and name != "request to resign":
                    continue
                if name == "request to resign" and not _ABOUT_LEAVING.search(sent):
                    continue  # "a request for comment" is not a request to resign
                triggers.append((a, b, name))
        if not triggers:
            continue
        persons = persons_in(ann, si, entities) or (persons_in(ann, si - 1, entities) if si else [])
        for d in dates:
            def gap(t):
                return d[0] - t[1] if t[1] <= d[0] else (t[0] - d[1] if t[0] >= d[1] else 0)
            # the date usually follows its event ("resigned late Saturday", "asked him to
            # resign on Wednesday"); a trigger after the date must be right beside it
            near = sorted((t for t in triggers
                           if gap(t) <= (_MAX_GAP if t[1] <= d[0] else _MAX_GAP_AFTER)),
                          key=lambda t: (gap(t), t[0]))
            if not near:
                continue
            # a clause break between trigger and date means they are not about the same thing
            t = near[0]
            between = text[min(t[1], d[1]):max(t[0], d[0])]
            if re.search(r"[;—–]|\.\s", between):
                continue
            out.append({"event": t[2], "weekday": d[2], "iso": d[3], "start": min(t[0], d[0]),
                        "end": max(t[1], d[1]), "persons": persons, "ann": ann, "sentence": si})
    return out


def date_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """The same event about the same person dated on different weekdays or days."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    by_event: dict[str, list[dict]] = {}
    for ann in annotated:
        for ev in _dated_events(ann, entities):
            by_event.setdefault(ev["event"], []).append(ev)
    found = []
    for event in sorted(by_event):
        evs = by_event[event]
        conflicting: list[dict] = []
        for i, a in enumerate(evs):
            for b in evs[i + 1:]:
                if roots[a["ann"].article.id] == roots[b["ann"].article.id]:
                    continue
                if a["persons"] and b["persons"] and not set(a["persons"]) & set(b["persons"]):
                    continue
                if _day_key(a, b) is None:
                    continue
                ka, kb = _day_key(a, b)
                if ka != kb:
                    for e in (a, b):
                        if e not in conflicting:
                            conflicting.append(e)
        if not conflicting:
            continue
        # key every event the same way: the weekday where all have one, else the ISO day
        use_weekday = all(e["weekday"] for e in conflicting) or not all(e["iso"] for e in conflicting)
        by_day: dict[str, list[dict]] = {}
        for e in conflicting:
            by_day.setdefault((e["weekday"] or e["iso"]) if use_weekday else e["iso"], []).append(e)
        if len(by_day) < 2:
            continue
        shared = Counter(p for e in conflicting for p in set(e["persons"]))
        subject = sorted(shared.items(), key=lambda t: (-t[1], t[0]))[0][0] if shared else ""
        sides = []
        for day in sorted(by_day, key=lambda k: (-len(by_day[k]), k)):
            es = sorted(by_day[day], key=lambda e: (e["ann"].article.id, e["start"]))
            arts = []
            for e in es:
                if e["ann"].article not in arts:
                    arts.append(e["ann"].article)
            sides.append(ContradictionSide(
                value=day, normalized=es[0]["iso"] or day, articles=[a.id for a in arts],
                outlets=outlets_of(arts),
                evidence=[Evidence.of(e["ann"].article, e["start"], e["end"]) for e in es]))
        parts = [f"{join_names(s.outlets)}: {s.value}" for s in sides]
        who = f" of {subject}" if subject else ""
        found.append(Contradiction(kind="date", subject=subject or event, attribute=f"day of the {event}",
                                   sides=sides, explanation=f"The {event}{who} is dated differently: "
                                   + "; ".join(parts) + "."))
    return found


def _day_key(a: dict, b: dict) -> tuple[str, str] | None:
    """What to compare: weekday names when both give one (a resolved day of a relative weekday
    depends on which week the resolver picked, so the same weekday is never a conflict), else
    resolved days."""
    if a["weekday"] and b["weekday"]:
        return a["weekday"], b["weekday"]
    if a["iso"] and b["iso"]:
        return a["iso"], b["iso"]
    return None
