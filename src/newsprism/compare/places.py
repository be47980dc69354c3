"""Places: the same person or detail placed in different places by independent sources.

Two detectors, each ``(ctx) -> list[Contradiction]`` (kind "place"):

- ``place_contradictions`` reads "City, State" pairs (AP, postal or full state names) with the
  people named in or just before their sentence: a city qualified with different states
  ("Richmond, Calif." vs "Richmond, N.D.") for the same person.
- ``context_place_contradictions`` reads "<two words> in|at|near <Place>": the same wording about
  the same person with a different place ("ran the regional office in Dunmore" vs "... in
  Carrick"), when neither article mentions the other's place at all.

A city missing from one outlet's list is an omission, never a contradiction.  An article that
itself names both places means two places, not a conflict.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..lexicon import MONTH_ABBREVIATIONS, MONTHS, US_STATES, WEEKDAYS
from ..model import AnnotatedArticle, Contradiction, ContradictionSide, Evidence
from . import gazetteer
from .context import StoryContext
from .entities import persons_in
from .evidence import STOP_WORDS
from .sources import join_names, outlets_of

__all__ = ["place_contradictions", "context_place_contradictions", "STATE_NAMES"]


# US states (AP abbreviations, postal codes, full names) and D.C.: the shared list.
_STATE_FORMS: dict[str, str] = {}
for _name, (_ap, _postal) in US_STATES.items():
    for _form in (_name, _ap, _postal, _ap.rstrip(".")):
        _STATE_FORMS.setdefault(_form, _name)
_STATE_FORMS["DC"] = _STATE_FORMS["D.C."] = "District of Columbia"
_STATE_FORMS.pop("Wash", None)  # bare "Wash" is a word more often than a state
STATE_NAMES = dict(_STATE_FORMS)  # every written form of a state -> its full name
_STATE_ALT = "|".join(re.escape(f) for f in sorted(_STATE_FORMS, key=len, reverse=True))
_CITY_STATE = re.compile(
    r"(?<![\w.])((?:St\. |Ft\. )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s+(" + _STATE_ALT + r")(?![\w])")
_ROLES = ("police chief", "chief of police", "police officer", "police commissioner", "sheriff",
          "mayor", "governor", "city manager", "superintendent", "prosecutor", "district attorney",
          "senator", "representative", "coach", "pastor", "teacher", "professor")


@lru_cache(maxsize=1)
def _city_country() -> re.Pattern:
    """"Kabul, Afghanistan", "Cornwall, England": a place qualified with a country (compiled once,
    on first use: the names come from the gazetteer)."""
    alt = "|".join(re.escape(n) for n in gazetteer.country_names())
    return re.compile(r"(?<![\w.])((?:St\. |Ft\. )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s+(" + alt + r")(?![\w])")


def _place_mentions(ann: AnnotatedArticle, entities: Any):
    text = ann.article.text
    out = []
    for si, s in enumerate(ann.sentences):
        sent = text[s.start:s.end]
        found = [(m, _STATE_FORMS[m.group(2)]) for m in _CITY_STATE.finditer(sent)]
        found += [(m, m.group(2)) for m in _city_country().finditer(sent)]
        for m, state in found:
            city, form = m.group(1), m.group(2)
            if city in US_STATES or city in _STATE_FORMS or gazetteer.level(city) == "country":
                continue  # "Texas, Arizona and Florida", "France, Italy": a list, not a city
            persons = persons_in(ann, si, entities) or (persons_in(ann, si - 1, entities) if si else [])
            low = sent.lower()
            role = next((r for r in _ROLES if r in low), None)
            out.append({"city": city, "state": state, "form": form, "start": s.start + m.start(1),
                        "end": s.start + m.end(2), "persons": persons, "role": role,
                        "ann": ann, "sentence": si, "written": True})
    return out


# a city the gazetteer places on its own must be this big: a well-known place ("Kabul"), not a
# town whose name a region elsewhere also bears ("Cornwall", Ontario / Cornwall, England)
_KNOWN_CITY = 100_000


def _placed_by_gazetteer(ctx: StoryContext, city: str, wrong: set[str], skip: set[str]) -> list[dict]:
    """Where the other reports put ``city`` when the gazetteer says no reading of it lies in any
    of ``wrong`` (the qualifiers one report wrote: "Kabul, Canada"): a report that names the
    city and a country or state holding a well-known city of that name, which cannot be any of
    ``wrong`` ("... left Kabul on Monday", "... remain in Afghanistan"); its evidence is that
    region's mention, in the sentence naming the city when there is one."""
    if not gazetteer.readings(city) or any(gazetteer.contains(w, city) for w in wrong):
        return []
    near = re.compile(r"(?<!\w)" + re.escape(city) + r"(?!\w)")
    out = []
    for ann in ctx.annotated:
        text = ann.article.text
        if ann.article.id in skip or not near.search(text):
            continue
        best = None
        for m in ann.entities:
            if m.label != "GPE" or m.text == city or not (0 <= m.sentence < len(ann.sentences)):
                continue
            if gazetteer.level(m.text) not in ("country", "state") \
                    or not gazetteer.contains(m.text, city, _KNOWN_CITY) \
                    or not all(gazetteer.disjoint(m.text, w) for w in wrong):
                continue
            s = ann.sentences[m.sentence]
            rank = (0 if near.search(text[s.start:s.end]) else 1, m.start)
            if best is None or rank < best[0]:
                best = (rank, m)
        if best is not None:
            m = best[1]
            out.append({"city": city, "state": STATE_NAMES.get(m.text, m.text), "form": m.text,
                        "start": m.start, "end": m.end, "persons": [], "role": None, "ann": ann,
                        "sentence": m.sentence, "written": False})
    return out


def place_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """A city qualified with different states or countries for the same person across
    independent sources ("Richmond, Calif." / "Richmond, N.D."); or qualified by one report with a
    region the gazetteer says holds no place of that name ("Kabul, Canada") while another report
    names it in one sentence with a region that does hold it ("Kabul ... Afghanistan")."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    by_city: dict[str, list[dict]] = {}
    for ann in annotated:
        for pm in _place_mentions(ann, entities):
            by_city.setdefault(pm["city"], []).append(pm)
    found: list[Contradiction] = []
    for city in sorted(by_city):
        written = by_city[city]
        # an article that itself names the city with two states means two different places
        per_article: dict[str, set[str]] = {}
        for p in written:
            per_article.setdefault(p["ann"].article.id, set()).add(p["state"])
        if any(len(s) > 1 for s in per_article.values()):
            continue
        pms = written + _placed_by_gazetteer(ctx, city, {p["state"] for p in written}, set(per_article))
        states = sorted({p["state"] for p in pms})
        if len(states) < 2 or not all(gazetteer.disjoint(x, y) or (x in US_STATES and y in US_STATES)
                                      for i, x in enumerate(states) for y in states[i + 1:]):
            continue  # "Cornwall, England" / "Cornwall, Britain": one place
        # the same person wherever people are named (a sentence that names nobody does not
        # make it another city: the state belongs to the city, not to the person)
        person_sets = [set(p["persons"]) for p in written if p["persons"]]
        shared = set.intersection(*person_sets) if person_sets else set()
        if len(person_sets) > 1 and not shared:
            continue
        by_state: dict[str, list[dict]] = {}
        for p in pms:
            by_state.setdefault(p["state"], []).append(p)
        if len({roots[p["ann"].article.id] for p in pms}) < 2:
            continue
        subject = sorted(shared)[0] if shared else city
        roles = sorted({p["role"] for p in pms if p["role"]})
        attribute = f"state of {city}" + (f" ({roles[0]} posting)" if roles else "")
        sides = []
        for state in sorted(by_state, key=lambda s: (-len(by_state[s]), s)):
            ps = sorted(by_state[state], key=lambda p: (p["ann"].article.id, p["start"]))
            arts = []
            for p in ps:
                if p["ann"].article not in arts:
                    arts.append(p["ann"].article)
            forms = Counter(p["form"] for p in ps)
            form = sorted(forms.items(), key=lambda t: (-t[1], t[0]))[0][0]
            sides.append(ContradictionSide(
                value=f"{city}, {form}" if any(p["written"] for p in ps) else form,
                normalized=f"{city}, {state}",
                articles=[a.id for a in arts], outlets=outlets_of(arts),
                evidence=[Evidence.of(p["ann"].article, p["start"], p["end"]) for p in ps]))
        parts = [f"{join_names(s.outlets)}: {s.value}" for s in sides]
        found.append(Contradiction(
            kind="place", subject=subject, attribute=attribute, sides=sides,
            explanation=f"{city} is placed in different "
                        f"{'states' if all(x in US_STATES for x in states) else 'places'}: " + "; ".join(parts) + "."))
    return found



_MONTHS = {*MONTHS, *WEEKDAYS, *(a.capitalize() for a in MONTH_ABBREVIATIONS)}
_CTX_PLACE = re.compile(r"\b(in|at|near|outside)\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,2})\b")
_CTX_STOP = STOP_WORDS | {"was", "were", "is", "are", "be", "been", "he", "she", "they", "it", "who",
                     "had", "has", "have", "that", "this", "which", "also", "then", "previously"}


def _context_places(ann: AnnotatedArticle, entities: Any):
    text = ann.article.text
    out = []
    for si, s in enumerate(ann.sentences):
        sent = text[s.start:s.end]
        for m in _CTX_PLACE.finditer(sent):
            place = m.group(2)
            if place.split()[0] in _MONTHS or place in US_STATES:
                continue
            before = re.findall(r"[A-Za-z']+", sent[:m.start()])[-2:]
            words = [w.lower() for w in before] + [m.group(1).lower()]
            words = [re.sub(r"'s$", "", w) for w in words]
            content = [w for w in words if w not in _CTX_STOP]
            if len(words) < 3 or len(content) < 2:
                continue  # "he was in X": too little context to tell it is the same thing
            persons = persons_in(ann, si, entities) or (persons_in(ann, si - 1, entities) if si else [])
            start = s.start + m.start(2)
            ctx_start = s.start + (sent.rfind(before[0], 0, m.start()) if before else m.start())
            out.append({"key": " ".join(words), "place": place, "persons": persons,
                        "start": start, "end": start + len(place), "ctx_start": ctx_start,
                        "ann": ann})
    return out


def context_place_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """Different places in the same wording about the same person.

    "X previously ran the regional office in Dunmore" vs "... regional office in Carrick": the
    two words before the preposition match, the person matches, and neither article mentions
    the other's place anywhere (so a list with one city missing is an omission, not a conflict).
    """
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    texts = {a.article.id: a.article.text for a in annotated}
    by_key: dict[str, list[dict]] = {}
    for ann in annotated:
        for pm in _context_places(ann, entities):
            by_key.setdefault(pm["key"], []).append(pm)
    found = []
    for key in sorted(by_key):
        pms = by_key[key]
        places = sorted({p["place"] for p in pms})
        if len(places) < 2:
            continue
        by_place: dict[str, list[dict]] = {}
        for p in pms:
            by_place.setdefault(p["place"], []).append(p)
        # keep places that no article of another place mentions at all
        def absent_elsewhere(place: str) -> bool:
            others = {q["ann"].article.id for q in pms if q["place"] != place}
            return not any(re.search(r"\b" + re.escape(place) + r"\b", texts[a]) for a in others)
        if not all(absent_elsewhere(pl) for pl in places):
            continue
        person_sets = [set(p["persons"]) for p in pms]
        shared = set.intersection(*person_sets) if all(person_sets) else set()
        if any(person_sets) and not shared:
            continue
        if len({roots[p["ann"].article.id] for p in pms}) < 2:
            continue
        subject = sorted(shared)[0] if shared else places[0]
        sides = []
        for place in sorted(by_place, key=lambda pl: (-len({roots[p["ann"].article.id] for p in by_place[pl]}), pl)):
            ps = sorted(by_place[place], key=lambda p: (p["ann"].article.id, p["start"]))
            arts = []
            for p in ps:
                if p["ann"].article not in arts:
                    arts.append(p["ann"].article)
            sides.append(ContradictionSide(
                value=place, normalized=place, articles=[a.id for a in arts], outlets=outlets_of(arts),
                evidence=[Evidence.of(p["ann"].article, p["ctx_start"], p["end"]) for p in ps]))
        parts = [f"{join_names(s.outlets)}: {s.value}" for s in sides]
        found.append(Contradiction(
            kind="place", subject=subject, attribute=f"place ({key} ...)", sides=sides,
            explanation=f"The same detail about {subject} names different places: "
                        + "; ".join(parts) + "."))
    return found
