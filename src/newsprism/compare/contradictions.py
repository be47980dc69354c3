"""Contradictions: the same subject and attribute reported with incompatible values.

``find_contradictions(annotated, entities, options) -> (contradictions, differences, developments)``

Five detectors, each built for precision (a false contradiction costs more trust than a missed
one):

- **values** (rules in ``values.py``): ages, counts, percentages, money, tallies, durations and
  dates from the NLP stage, grouped by (canonical subject, attribute, kind); values that cannot
  both be right (``values.compatible``: written precision, "around", "more than", "nearly") from
  different independent sources are a contradiction.  The same measure over different periods is
  a ``Difference("different-period")``; equal-but-differently-rounded values are a
  ``Difference("rounding")``.  If one article itself gives both values, they describe different
  things and nothing is reported.  Figures at the same place of near-identical sentences are
  compared too (``aligned_value_contradictions``).
- **places**: a city qualified with different states ("Richmond, Calif." vs "Richmond, N.D.")
  for the same person across independent sources; and the same wording with a different place
  ("ran the regional office in Dunmore" vs "... in Carrick") when neither article mentions the
  other's place at all.  A city missing from one outlet's list is an omission, never a
  contradiction.
- **dates of events**: the same event (a resignation, a request to resign, ...) about the same
  person dated on different weekdays or days.
- **quotes**: the quotes stage (``quotes.group_quotes``) is the one place statements are grouped;
  ``quote_contradictions`` restates its ``reworded`` groups as ``kind="quote"`` contradictions
  when independent sources carry them and a content word is replaced inside the shared wording
  (an excerpt, a dropped "that" or a plural is not a contradiction).  ``find_contradictions``
  calls both, so the orchestrator must not add quote contradictions again.

Story developments (refusing -> resigned) come from ``developments.find_developments`` and are
never contradictions.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

from ..model import (AnnotatedArticle, Contradiction, ContradictionSide, Development,
                     Difference, Evidence, QuoteGroup)
from ..options import Options
from .claims import source_roots
from .values import (_STOP, _WEEKDAY, _join, _outlets, _value_starts, aligned_value_contradictions,
                     canonical_name, value_contradictions)

__all__ = ["find_contradictions", "value_contradictions", "place_contradictions",
           "context_place_contradictions", "aligned_value_contradictions",
           "date_contradictions", "quote_contradictions", "canonical_name"]


# the single-slot detector of compare/aligned.py is called by find_contradictions when True
_ALIGNED_SLOTS = True


def find_contradictions(annotated: Sequence[AnnotatedArticle], entities: Any = None,
                        options: Options | None = None
                        ) -> tuple[list[Contradiction], list[Difference], list[Development]]:
    options = options or Options()
    from .developments import find_developments

    annotated = list(annotated)
    contradictions: list[Contradiction] = []
    differences: list[Difference] = []
    c, d = value_contradictions(annotated, entities, options)
    contradictions += c
    differences += d
    covered = {(e.article, e.start) for f in c + d for side in f.sides for e in side.evidence}
    covered |= _value_starts(annotated, c + d)
    c, d = aligned_value_contradictions(annotated, entities, options, covered)
    contradictions += c
    differences += d
    contradictions += place_contradictions(annotated, entities, options)
    contradictions += context_place_contradictions(annotated, entities, options)
    contradictions += date_contradictions(annotated, entities, options)
    try:
        from .quotes import group_quotes
    except ImportError:  # the quotes stage is not there (partial install): no quote findings
        groups = []
    else:
        groups = group_quotes(annotated, entities, options)
    contradictions += quote_contradictions(groups, source_roots(a.article for a in annotated))
    # hook (compare/aligned.py): the same sentence in two independent sources with one fact
    # changed (a figure, a weekday/month, a place, a name, a negation), and a surname one letter
    # apart from the one other sources write for the same first name.  Slots inside the evidence
    # of the findings above are skipped there, so nothing is reported twice.
    if _ALIGNED_SLOTS:
        from .aligned import aligned_slot_contradictions, name_variant_contradictions

        c, d = aligned_slot_contradictions(annotated, entities, options, contradictions + differences)
        contradictions += c
        differences += d
        contradictions += name_variant_contradictions(annotated, entities, options, contradictions)
    developments = find_developments(annotated, entities, options)
    return contradictions, differences, developments


# ------------------------------------------------------------------------------------------
# helpers


def _persons_in(ann: AnnotatedArticle, sentence: int, entities: Any) -> list[str]:
    out = []
    for m in ann.entities:
        if m.sentence == sentence and m.label == "PERSON":
            c = canonical_name(m.text, entities)
            if c and c not in out:
                out.append(c)
    return out


# ------------------------------------------------------------------------------------------
# places

# US states (AP abbreviations, postal codes, full names) and D.C.: a "City, State" pair is the
# one place qualifier news style makes explicit.  Hand-written: a fixed, closed list.
_STATES = {
    "Alabama": ("Ala.", "AL"), "Alaska": ("Alaska", "AK"), "Arizona": ("Ariz.", "AZ"),
    "Arkansas": ("Ark.", "AR"), "California": ("Calif.", "CA"), "Colorado": ("Colo.", "CO"),
    "Connecticut": ("Conn.", "CT"), "Delaware": ("Del.", "DE"), "Florida": ("Fla.", "FL"),
    "Georgia": ("Ga.", "GA"), "Hawaii": ("Hawaii", "HI"), "Idaho": ("Idaho", "ID"),
    "Illinois": ("Ill.", "IL"), "Indiana": ("Ind.", "IN"), "Iowa": ("Iowa", "IA"),
    "Kansas": ("Kan.", "KS"), "Kentucky": ("Ky.", "KY"), "Louisiana": ("La.", "LA"),
    "Maine": ("Maine", "ME"), "Maryland": ("Md.", "MD"), "Massachusetts": ("Mass.", "MA"),
    "Michigan": ("Mich.", "MI"), "Minnesota": ("Minn.", "MN"), "Mississippi": ("Miss.", "MS"),
    "Missouri": ("Mo.", "MO"), "Montana": ("Mont.", "MT"), "Nebraska": ("Neb.", "NE"),
    "Nevada": ("Nev.", "NV"), "New Hampshire": ("N.H.", "NH"), "New Jersey": ("N.J.", "NJ"),
    "New Mexico": ("N.M.", "NM"), "New York": ("N.Y.", "NY"), "North Carolina": ("N.C.", "NC"),
    "North Dakota": ("N.D.", "ND"), "Ohio": ("Ohio", "OH"), "Oklahoma": ("Okla.", "OK"),
    "Oregon": ("Ore.", "OR"), "Pennsylvania": ("Pa.", "PA"), "Rhode Island": ("R.I.", "RI"),
    "South Carolina": ("S.C.", "SC"), "South Dakota": ("S.D.", "SD"), "Tennessee": ("Tenn.", "TN"),
    "Texas": ("Texas", "TX"), "Utah": ("Utah", "UT"), "Vermont": ("Vt.", "VT"),
    "Virginia": ("Va.", "VA"), "Washington": ("Wash.", "WA"), "West Virginia": ("W.Va.", "WV"),
    "Wisconsin": ("Wis.", "WI"), "Wyoming": ("Wyo.", "WY"), "District of Columbia": ("D.C.", "DC"),
}
_STATE_FORMS: dict[str, str] = {}
for _name, (_ap, _postal) in _STATES.items():
    for _form in (_name, _ap, _postal, _ap.rstrip(".")):
        _STATE_FORMS.setdefault(_form, _name)
_STATE_FORMS["DC"] = _STATE_FORMS["D.C."] = "District of Columbia"
_STATE_FORMS.pop("Wash", None)  # bare "Wash" is a word more often than a state
_STATE_ALT = "|".join(re.escape(f) for f in sorted(_STATE_FORMS, key=len, reverse=True))
_CITY_STATE = re.compile(
    r"(?<![\w.])((?:St\. |Ft\. )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s+(" + _STATE_ALT + r")(?![\w])")
_ROLES = ("police chief", "chief of police", "police officer", "police commissioner", "sheriff",
          "mayor", "governor", "city manager", "superintendent", "prosecutor", "district attorney",
          "senator", "representative", "coach", "pastor", "teacher", "professor")


def _place_mentions(ann: AnnotatedArticle, entities: Any):
    text = ann.article.text
    out = []
    for si, s in enumerate(ann.sentences):
        sent = text[s.start:s.end]
        for m in _CITY_STATE.finditer(sent):
            city, form = m.group(1), m.group(2)
            if city in _STATES or city in _STATE_FORMS:
                continue  # "Texas, Arizona and Florida": a list of states, not a city
            state = _STATE_FORMS[form]
            persons = _persons_in(ann, si, entities) or (_persons_in(ann, si - 1, entities) if si else [])
            low = sent.lower()
            role = next((r for r in _ROLES if r in low), None)
            out.append({"city": city, "state": state, "form": form, "start": s.start + m.start(1),
                        "end": s.start + m.end(2), "persons": persons, "role": role,
                        "ann": ann, "sentence": si})
    return out


def place_contradictions(annotated: Sequence[AnnotatedArticle], entities: Any,
                         options: Options) -> list[Contradiction]:
    roots = source_roots(a.article for a in annotated)
    by_city: dict[str, list[dict]] = {}
    for ann in annotated:
        for pm in _place_mentions(ann, entities):
            by_city.setdefault(pm["city"], []).append(pm)
    found: list[Contradiction] = []
    for city in sorted(by_city):
        pms = by_city[city]
        states = {p["state"] for p in pms}
        if len(states) < 2:
            continue
        # an article that itself names the city with two states means two different places
        per_article: dict[str, set[str]] = {}
        for p in pms:
            per_article.setdefault(p["ann"].article.id, set()).add(p["state"])
        if any(len(s) > 1 for s in per_article.values()):
            continue
        # the same person on both sides (or nobody named on either side)
        person_sets = [set(p["persons"]) for p in pms]
        shared = set.intersection(*person_sets) if all(person_sets) else set()
        if any(person_sets) and not shared:
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
                value=f"{city}, {form}", normalized=f"{city}, {state}",
                articles=[a.id for a in arts], outlets=_outlets(arts),
                evidence=[Evidence.of(p["ann"].article, p["start"], p["end"]) for p in ps]))
        parts = [f"{_join(s.outlets)}: {s.value}" for s in sides]
        found.append(Contradiction(
            kind="place", subject=subject, attribute=attribute, sides=sides,
            explanation=f"{city} is placed in different states: " + "; ".join(parts) + "."))
    return found


# ------------------------------------------------------------------------------------------
# dates of events

# Small hand-written trigger lexicon: which event a day/weekday in a sentence dates.  Kept short
# on purpose (precision): a date is only compared when it sits right beside one of these.
_EVENTS = (
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
                wd = _WEEKDAY.search(t.text)
                dates.append((t.start, t.end, wd.group(1) if wd else "", t.date))
        for m in _WEEKDAY.finditer(sent):
            a, b = s.start + m.start(), s.start + m.end()
            if not any(d[0] <= a and b <= d[1] for d in dates):
                dates.append((a, b, m.group(1), None))
        if not dates:
            continue
        triggers = []
        for name, rx in _EVENTS:
            for m in rx.finditer(sent):
                a, b = s.start + m.start(), s.start + m.end()
                if _NEGATION.search(text[max(s.start, a - 25):a]) and name != "request to resign":
                    continue
                if name == "request to resign" and not _ABOUT_LEAVING.search(sent):
                    continue  # "a request for comment" is not a request to resign
                triggers.append((a, b, name))
        if not triggers:
            continue
        persons = _persons_in(ann, si, entities) or (_persons_in(ann, si - 1, entities) if si else [])
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


def date_contradictions(annotated: Sequence[AnnotatedArticle], entities: Any,
                        options: Options) -> list[Contradiction]:
    roots = source_roots(a.article for a in annotated)
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
                outlets=_outlets(arts),
                evidence=[Evidence.of(e["ann"].article, e["start"], e["end"]) for e in es]))
        parts = [f"{_join(s.outlets)}: {s.value}" for s in sides]
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


# ------------------------------------------------------------------------------------------
# quotes


def quote_contradictions(groups: Sequence[QuoteGroup], roots: dict[str, str] | None = None
                         ) -> list[Contradiction]:
    """``kind="quote"`` contradictions for statements that outlets quote in different words.

    The finding itself is the quotes stage's ``QuoteGroup(reworded=True)``; this only restates it
    as a contradiction (one per group) so reports list it under "Where they differ".
    """
    out = []
    for g in groups:
        if not g.reworded or len(g.variants) < 2:
            continue
        outlets = {o for v in g.variants for o in v.outlets}
        if len(outlets) < 2:
            continue
        if roots is not None and len({roots.get(a, a) for v in g.variants for a in v.articles}) < 2:
            continue  # every wording comes from one source (a copy quoting itself)
        norms = [_norm_words(v.text) for v in g.variants]
        if any(a != b and (a in b or b in a) for a in norms for b in norms):
            continue  # one outlet quotes only part of the statement: an excerpt, not a rewording
        if not any(_meaningful_rewording(a.text, b.text)
                   for i, a in enumerate(g.variants) for b in g.variants[i + 1:]):
            continue  # "that" dropped, "Days"/"Day", quote marks: not worth a reader's alarm
        sides = [ContradictionSide(value=v.text, normalized=re.sub(r"\W+", " ", v.text.lower()).strip(),
                                   articles=list(v.articles), outlets=list(v.outlets),
                                   evidence=list(v.evidence)) for v in g.variants]
        speaker = g.speaker or "an unnamed speaker"
        out.append(Contradiction(
            kind="quote", subject=g.speaker or "", attribute="wording of a quote", sides=sides,
            explanation=f"The same statement by {speaker} is quoted in different words: "
                        + "; ".join(f"{_join(s.outlets)}: \u201c{s.value}\u201d" for s in sides) + "."))
    return out


_QUOTE_STOP = _STOP | {"i", "me", "my", "we", "our", "you", "your", "it", "is", "was", "are", "be",
                      "that", "this", "these", "those", "so", "just", "very", "really", "s", "t",
                      "m", "re", "ve", "ll", "d"}


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _meaningful_rewording(a: str, b: str) -> bool:
    """True when two wordings are one statement (60% of the words of the stretch they share line
    up, in order) with a content word *replaced* inside that stretch.  Words cut at either end
    are excerpt boundaries, a word only added or dropped ("care" / "care deeply") and stop-word or
    plural changes are not rewordings worth a reader's alarm."""
    from difflib import SequenceMatcher

    wa = re.findall(r"[a-z0-9]+", a.lower().replace("\u2019", "'"))
    wb = re.findall(r"[a-z0-9]+", b.lower().replace("\u2019", "'"))
    if not wa or not wb:
        return False
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return False
    inner = ops[equal[0]:equal[-1] + 1]
    matched = sum(op[2] - op[1] for op in inner if op[0] == "equal")
    span = max(inner[-1][2] - inner[0][1], inner[-1][4] - inner[0][3])
    if matched < 3 or matched < 0.6 * span:
        return False  # different statements grouped together, not one statement reworded
    # a short replacement at either end is a changed word too ("... they deserve" / "... they
    # need"), unlike words present on one side only (where one outlet cut the quote)
    edges = [op for op in (ops[:equal[0]] + ops[equal[-1] + 1:])
             if op[0] == "replace" and op[2] - op[1] <= 3 and op[4] - op[3] <= 3]
    for op in inner + edges:
        if op[0] != "replace":
            continue
        da = {_stem(w) for w in wa[op[1]:op[2]]} - _QUOTE_STOP
        db = {_stem(w) for w in wb[op[3]:op[4]]} - _QUOTE_STOP
        if da and db and da != db and not _same_spelling(da, db):
            return True
    return False


def _same_spelling(a: set[str], b: set[str]) -> bool:
    """Every changed word has a near-identical spelling on the other side ("shining" /
    "shinning"): a typo in one outlet, not a rewording."""
    from rapidfuzz import fuzz

    return all(any(fuzz.ratio(x, y) >= 85 for y in b) for x in a) and \
        all(any(fuzz.ratio(x, y) >= 85 for y in a) for x in b)


def _norm_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))) + " "


# ------------------------------------------------------------------------------------------
# places in the same context ("regional office in Dunmore" vs "regional office in Carrick")

_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
           "Friday", "Saturday", "Sunday", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
           "Sept", "Oct", "Nov", "Dec"}
_CTX_PLACE = re.compile(r"\b(in|at|near|outside)\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,2})\b")
_CTX_STOP = _STOP | {"was", "were", "is", "are", "be", "been", "he", "she", "they", "it", "who",
                     "had", "has", "have", "that", "this", "which", "also", "then", "previously"}


def _context_places(ann: AnnotatedArticle, entities: Any):
    text = ann.article.text
    out = []
    for si, s in enumerate(ann.sentences):
        sent = text[s.start:s.end]
        for m in _CTX_PLACE.finditer(sent):
            place = m.group(2)
            if place.split()[0] in _MONTHS or place in _STATES:
                continue
            before = re.findall(r"[A-Za-z']+", sent[:m.start()])[-2:]
            words = [w.lower() for w in before] + [m.group(1).lower()]
            words = [re.sub(r"'s$", "", w) for w in words]
            content = [w for w in words if w not in _CTX_STOP]
            if len(words) < 3 or len(content) < 2:
                continue  # "he was in X": too little context to tell it is the same thing
            persons = _persons_in(ann, si, entities) or (_persons_in(ann, si - 1, entities) if si else [])
            start = s.start + m.start(2)
            ctx_start = s.start + (sent.rfind(before[0], 0, m.start()) if before else m.start())
            out.append({"key": " ".join(words), "place": place, "persons": persons,
                        "start": start, "end": start + len(place), "ctx_start": ctx_start,
                        "ann": ann})
    return out


def context_place_contradictions(annotated: Sequence[AnnotatedArticle], entities: Any,
                                 options: Options) -> list[Contradiction]:
    """Different places in the same wording about the same person.

    "X previously ran the regional office in Dunmore" vs "... regional office in Carrick": the
    two words before the preposition match, the person matches, and neither article mentions
    the other's place anywhere (so a list with one city missing is an omission, not a conflict).
    """
    roots = source_roots(a.article for a in annotated)
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
                value=place, normalized=place, articles=[a.id for a in arts], outlets=_outlets(arts),
                evidence=[Evidence.of(p["ann"].article, p["ctx_start"], p["end"]) for p in ps]))
        parts = [f"{_join(s.outlets)}: {s.value}" for s in sides]
        found.append(Contradiction(
            kind="place", subject=subject, attribute=f"place ({key} ...)", sides=sides,
            explanation=f"The same detail about {subject} names different places: "
                        + "; ".join(parts) + "."))
    return found
