"""Places, weekdays and dates of one event, paired across independent reports (``event_edges``).

Read by ``facts.fact_contradictions``, which merges these candidate pairs with the figure and
age pairs, drops pairs an article resolves itself, and assembles the findings.
"""
from __future__ import annotations

import datetime as dt
import re

from ..lexicon import MONTHS, WEEKDAYS
from ..model import Fact
from .context import StoryContext, StoryFact
from .fact_pairs import FLOOR, PARAPHRASE, TOP_K, clause_words, fact_family, fact_key, lone_pair, place_key
from . import gazetteer
from .places import STATE_NAMES

__all__ = ["event_edges", "EVENT_FAMILIES"]

EVENT_FAMILIES = {"place", "weekday", "date:day", "date:month", "date:year"}
# similarity from which two dates whose values-stage events agree may be one event's
_EVENT_LOW = {"cosine": 0.45, "tfidf": 0.15}
# similarity from which two sentences that share a name date one event with their weekdays
_NAMED_EVENT = {"cosine": 0.6, "tfidf": 0.45}
# similarity from which two places the gazetteer knows cannot be one may be one event's
_PLACE_LOW = {"cosine": 0.35, "tfidf": 0.15}
# words that say who spoke, or when, not what happened: never what ties two facts to one event
_NOT_EVENT = {"said", "say", "says", "saying", "told", "tell", "tells", "reported", "reports",
              "according", "added", "noted", "wrote", "writes", "week", "weeks", "day", "days",
              "morning", "afternoon", "evening", "night", "early", "late", "last", "next", "earlier",
              "later", "year", "years", "month", "months", "ago", "time", "former", "then", "now",
              "new", "first", "just", "before", "after", "not", "no"}
_SUFFIX = re.compile(r"(?:ations?|ions?|ings?|ments?|ed|es|s|al|ly)$")


def _stem(word: str) -> str:
    """A crude stem, enough to see one event in "resigned" / "resignation", "withdraw" /
    "withdrawal" (hand-written: the nlp stage keeps no lemmas for every word)."""
    w = word.lower().replace("\u2019", "'").split("'")[0]
    base = _SUFFIX.sub("", w)
    return (base if len(base) >= 4 else w)[:5]


def _event_stems(f: Fact) -> set[str]:
    return {_stem(w) for w in f.context if w not in _NOT_EVENT and len(w) > 2}


_SPEAKER = re.compile(r"\s*,?\s*(?:said|says|told|added|wrote)\b")


def _sentence_names(ctx: StoryContext, ai: int, si: int, skip: tuple[int, int]) -> set[str]:
    """The story-wide keys of the names in one sentence (entity clusters), but the fact itself;
    a speaker's name ("Lott said") is marked ("said:" before the key): who spoke, not who acted."""
    out = set()
    text = ctx.annotated[ai].article.text
    for m in ctx.annotated[ai].entities:
        if m.sentence == si and not (m.start < skip[1] and skip[0] < m.end):
            key = ctx.canonical(m.text) or m.text
            out.add(("said:" + key) if _SPEAKER.match(text, m.end) else key)
    return out


def _mentions_place(text: str, place: str) -> bool:
    folded = place_key(text)
    key = place_key(place)
    return bool(key) and re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", folded) is not None


def _place_same(ctx: StoryContext, x: str, y: str) -> bool:
    """One place, or one inside the other: "Iowa" / "Des Moines, Iowa", "Fla." / "Florida",
    "LA County" / "Los Angeles County" (one entity cluster), "Kabul" / "Afghanistan", "Brooklyn" /
    "New York" (the gazetteer)."""
    kx, ky = place_key(STATE_NAMES.get(x, x)), place_key(STATE_NAMES.get(y, y))
    if not kx or not ky or kx in ky or ky in kx:
        return True
    cx, cy = ctx.canonical(x), ctx.canonical(y)
    if cx and cx == cy:
        return True
    return gazetteer.contains(x, y) or gazetteer.contains(y, x)


def _mentions_any(ctx: StoryContext, ai: int, place: str) -> bool:
    """Does article ``ai`` name ``place`` anywhere (or a place of its entity cluster)?"""
    text = ctx.annotated[ai].article.text
    forms = {place, STATE_NAMES.get(place, place)}
    c = ctx.canonical(place)
    for m in ctx.annotated[ai].entities:
        if c and ctx.canonical(m.text) == c:
            return True
    return any(_mentions_place(text, f) for f in forms)


_WEEK = list(WEEKDAYS)


def _date_parts(value) -> tuple[str | None, str | None, str | None]:
    """(year, month, day) of an ISO date, month or year, or of a year-less "--MM-DD" / "--MM"
    (a day or month an undated report writes without a year); None where not given."""
    v = str(value)
    if v.startswith("--"):
        parts = v[2:].split("-")
        return None, parts[0], parts[1] if len(parts) > 1 else None
    parts = v.split("-")
    return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


def _one_noun(a: Fact, b: Fact) -> bool:
    """Do two years date one noun?  The word after each year (its ``attribute``), or the word
    after that, is the other's: "the 2022 elections" / "the 2025 midterm elections"."""
    def nouns(f: Fact) -> set[str]:
        out = {_stem(f.attribute)}
        words = list(f.context)
        for i, w in enumerate(words[:-1]):
            if w == f.attribute:
                out.add(_stem(words[i + 1]))
        return out
    return _stem(a.attribute) in nouns(b) or _stem(b.attribute) in nouns(a)


def _may_differ(a: Fact, b: Fact) -> bool:
    """Can the two values be told apart as written?  Places of one kind of name (a country and
    a building are not one slot); years of one noun ("the 2020 census" / "the 2022 elections"
    are two things, "the 2022 elections" / "the 2025 midterm elections" one); dates with a part in
    common (not "in September" written without a year / "in 2021"); days without a
    written year by month and day (the resolver may have picked another year); weekdays that
    resolve, against each report's date, to days a week or more apart are two events' days;
    "late Thursday" and "early Friday" can be one night."""
    if a.kind == "place":
        return a.unit == b.unit
    if a.kind == "date" and not _comparable(a, b):
        return False  # "in September" (no year written) / "in 2021"
    if a.kind == "date" and a.unit == b.unit == "year" and a.attribute and b.attribute \
            and not _one_noun(a, b):
        return False  # "the 2020 census" / "the 2022 elections": two things
    if a.kind == "date" and a.unit == b.unit == "day" and not re.search(r"\d{4}", a.text + " " + b.text):
        return _date_parts(a.value)[1:] != _date_parts(b.value)[1:]
    if a.kind == "weekday" and a.time and b.time and abs(
            (dt.date.fromisoformat(a.time) - dt.date.fromisoformat(b.time)).days) >= 7:
        return False  # resolved against each report's date: days of two different weeks
    if a.kind == "weekday" and a.value in _WEEK and b.value in _WEEK:
        step = (_WEEK.index(b.value) - _WEEK.index(a.value)) % 7
        if step == 1 and (a.qualifier in ("late", "overnight") or b.qualifier in ("early", "overnight")):
            return False
        if step == 6 and (b.qualifier in ("late", "overnight") or a.qualifier in ("early", "overnight")):
            return False
    return True


_RELATIVE = re.compile(r"\b(?:this|next|last|ago|earlier|later|today|yesterday)\b", re.I)
_PERIOD = re.compile(r"\b(?:year|month|week|weekend)\b", re.I)
_CALENDAR = re.compile(r"\d|\b(?:" + "|".join(MONTHS) + r")\b")


def _relative(text: str) -> bool:
    """Is a date written relative to a day the reader cannot see ("this year", "last December",
    "a week ago")?  A period named by the calendar ("the week ended July 17", "the Fourth of July
    weekend") is not."""
    return bool(_RELATIVE.search(text) or (_PERIOD.search(text) and not _CALENDAR.search(text)))


def _one_event(ctx: StoryContext, a: StoryFact, b: StoryFact, names: dict) -> bool:
    """The words of the two clauses share a stem.  A weekday dates many events of one story:
    the words right before the days (its ``attribute``: "the storm flooded the harbour on
    Saturday" / "raised fares on Tuesday") must share one, or the clauses share one and the
    sentences a name."""
    if a.fact.kind == "weekday":
        if {_stem(w) for w in clause_words(a.fact.attribute)} & {_stem(w) for w in clause_words(b.fact.attribute)}:
            return True
    if a.fact.kind != "weekday":
        return bool(_event_stems(a.fact) & _event_stems(b.fact))
    for f in (a, b):
        if fact_key(f) not in names:
            names[fact_key(f)] = _sentence_names(ctx, f.article, f.fact.sentence, (f.fact.start, f.fact.end))
    shared = names[fact_key(a)] & names[fact_key(b)]
    if not shared:
        return False
    # the sentences share a name: one event when their clauses share a word too, or when they
    # read alike ("Biles withdrew from the team final Monday" / "Biles pulled out of the
    # competition on Tuesday")
    sim = ctx.similarity(a.article, a.fact.sentence, b.article, b.fact.sentence) or 0.0
    return bool(_event_stems(a.fact) & _event_stems(b.fact)) or (
        sim >= _NAMED_EVENT.get(ctx.measure, 1.0) and any(not k.startswith("said:") for k in shared))


def _distinct(sentence: list[StoryFact]) -> list[StoryFact]:
    """The facts of one sentence, each value once (its first mention): a value written twice in
    one sentence is one value ("the 2020 election ... late in 2020")."""
    return [x for k, x in enumerate(sentence)
            if all(str(y.fact.value) != str(x.fact.value) for y in sentence[:k])]


def _event_family(f: Fact) -> str | None:
    """Places with places, weekdays with weekdays, dates with dates of any granularity."""
    fam = fact_family(f)
    if fam not in EVENT_FAMILIES:
        return None
    return "date" if f.kind == "date" else fam


def _same_date(a: StoryFact, b: StoryFact) -> bool:
    """Two dates agree at the coarser of their granularities: "in 2016" and "July 31, 2016"
    are one year, "July 2013" and "July 31, 2014" two; a day without a year ("June 12" in an
    undated report) agrees with any year."""
    common = [(p, q) for p, q in zip(_date_parts(a.fact.value), _date_parts(b.fact.value)) if p and q]
    return bool(common) and all(p == q for p, q in common)


def _comparable(a: Fact, b: Fact) -> bool:
    """Do the two dates give a part in common (a year-less "--09" and "2021" do not)?"""
    return any(p and q for p, q in zip(_date_parts(a.value), _date_parts(b.value)))


def _beside(a: Fact, b: Fact) -> bool:
    """The words right beside the two dates name one event (the values stage's event of each:
    "murdered in 1971" / "murdered ... in 1973")."""
    if a.kind == "date":
        return bool(a.attribute) and a.attribute == b.attribute
    return False


def _matched_elsewhere(ctx: StoryContext, mine: StoryFact, other: StoryFact, sim: float, in_sentence: dict) -> bool:
    """Does the article of ``mine`` say the other report's place in another sentence at least as
    like the other report's sentence as its own ("the shooting in El Paso" / "the shooting in
    Dayton" when the first report also has "the shooting in Dayton": two events, each matched)?"""
    row = ctx.row_of.get((other.article, other.fact.sentence))
    if row is None:
        return False
    for si in range(len(ctx.annotated[mine.article].sentences)):
        if si == mine.fact.sentence:
            continue
        r = ctx.row_of.get((mine.article, si))
        if r is not None and ctx.sim[r, row] >= sim and any(
                _place_same(ctx, f.fact.value, other.fact.value)
                for f in in_sentence.get((mine.article, si, "place"), ())):
            return True
    return False


def _places_pair(ctx: StoryContext, a: StoryFact, b: StoryFact, sim: float, floor: float, names: dict,
                 in_sentence: dict) -> bool:
    """Two places of one event.  Alike sentences (``floor``) whose clauses share an event word,
    or near-paraphrases, when neither article names the other's place anywhere (a list, a second
    location).  Two places the gazetteer knows cannot be one (``gazetteer.disjoint``: "Tucson" /
    "Minneapolis", "Egypt" / "Afghanistan"; never "Kabul" / "Afghanistan") pair from
    ``_PLACE_LOW`` when the clauses share an event word, and an article that names the other's
    place elsewhere refuses them only when both do, or when that other mention matches the other
    report's sentence at least as well (it is the counterpart, and this sentence another event)."""
    if a.fact.unit != b.fact.unit:
        return False  # a country and a building are not one slot
    paraphrase = sim >= PARAPHRASE and len(in_sentence[(a.article, a.fact.sentence, "place")]) == 1 \
        == len(in_sentence[(b.article, b.fact.sentence, "place")])
    if gazetteer.disjoint(a.fact.value, b.fact.value):
        if not (paraphrase or _one_event(ctx, a, b, names)):
            return False
        a_knows = _mentions_any(ctx, a.article, b.fact.value)
        b_knows = _mentions_any(ctx, b.article, a.fact.value)
        if a_knows and b_knows:
            return False
        return not ((a_knows and _matched_elsewhere(ctx, a, b, sim, in_sentence))
                    or (b_knows and _matched_elsewhere(ctx, b, a, sim, in_sentence)))
    if sim < floor:
        return False
    if _mentions_any(ctx, a.article, b.fact.value) or _mentions_any(ctx, b.article, a.fact.value):
        return False
    return paraphrase or _one_event(ctx, a, b, names)


def event_edges(ctx: StoryContext, facts: list[StoryFact], same) -> list[tuple[StoryFact, StoryFact, float]]:
    """Places, weekdays and dates of one event in independent reports (candidate contradictions).

    Candidate sentence pairs are each sentence's ``TOP_K`` nearest neighbours in the other
    sources (``ctx.neighbours``).  Two facts of one family (a place, a weekday, a date of any
    granularity, compared at the coarser one) are of one event when they are the one fact of the
    family that differs between the two sentences and: weekdays and dates, the sentences are
    alike (rounded similarity at ``FLOOR``, or ``_EVENT_LOW`` when the words right beside the
    values agree: "murdered in 1971" / "murdered ... in 1973") and the words of their clauses
    share a stem ("resigned Tuesday" / "his resignation on Thursday"; see ``_one_event``), or
    they are the one fact of the family in two near-paraphrases; places, see ``_places_pair``.
    A place that says where a person is from ("Ann Lee of Ohio") or a reference point ("east of
    X") never pairs, nor two places one of which holds the other (the gazetteer: "Kabul" /
    "Afghanistan") or that are two kinds of name.
    """
    floor = FLOOR.get(ctx.measure, 0.6)
    low = _EVENT_LOW.get(ctx.measure, 0.45)
    place_low = _PLACE_LOW.get(ctx.measure, 0.4)
    pairable: set[tuple[int, int, int]] = set()
    names: dict[tuple[int, int, int], set[str]] = {}
    in_sentence: dict[tuple[int, int, str], list[StoryFact]] = {}
    for sf in facts:
        fam = _event_family(sf.fact)
        if fam is None:
            continue
        in_sentence.setdefault((sf.article, sf.fact.sentence, fam), []).append(sf)
        if sf.fact.kind == "place" and sf.fact.attribute != "place":
            continue  # "Ann Lee of Ohio": where a person is from
        if sf.fact.kind == "date" and (_relative(sf.fact.text) or "photo" in sf.fact.context):
            continue  # "this year", "last December": resolved against a date the reader cannot see;
            # "this Sept. 30, 2003, file photo": the date of a picture
        if sf.fact.qualifier in ("range", "indefinite"):
            continue  # one end of "Friday through Sunday"; "a 2012 decision": one of many
        pairable.add(fact_key(sf))

    place_memo: dict[tuple[str, str], bool] = {}  # few distinct names, many pairs of facts

    def same_place(p: StoryFact, q: StoryFact) -> bool:
        key = (p.fact.value, q.fact.value)
        if key not in place_memo:
            place_memo[key] = _place_same(ctx, *key)
        return place_memo[key]

    edges = []
    # candidate sentence pairs: each sentence's nearest neighbours in the other sources
    for x, y in ctx.neighbours(TOP_K, min(low, floor, place_low)):  # sorted: a stable order
        rx, ry = ctx.refs[x], ctx.refs[y]
        sim = float(ctx.sim[x, y])
        for fam in ("date", "place", "weekday"):
            ax = _distinct(in_sentence.get((rx.article_index, rx.sentence_index, fam), []))
            by = _distinct(in_sentence.get((ry.article_index, ry.sentence_index, fam), []))
            if not ax or not by:
                continue
            equal = same_place if fam == "place" else _same_date if fam == "date" else same
            pair = lone_pair(ax, by, equal)
            if pair is None:
                continue  # the one fact of its kind that differs between the two sentences
            a, b = pair
            if fact_key(a) not in pairable or fact_key(b) not in pairable:
                continue
            if a.subject and b.subject and a.subject != b.subject:
                continue
            if fam == "place":
                if _places_pair(ctx, a, b, sim, floor, names, in_sentence):
                    edges.append((a, b, sim))
                continue
            if sim < (low if _beside(a.fact, b.fact) else floor) or not _may_differ(a.fact, b.fact):
                continue
            if "since" in (a.fact.qualifier, b.fact.qualifier) and not (
                    a.fact.qualifier == b.fact.qualifier and sim >= PARAPHRASE):
                continue  # "the largest rise since 2008": the start of a comparison, not an event
            if not (len(ax) == 1 == len(by) and sim >= PARAPHRASE) \
                    and not _one_event(ctx, a, b, names):
                continue
            edges.append((a, b, sim))
    return edges
