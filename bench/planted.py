"""Planted fact edits for bench/contradictions.py: clusters, candidate facts, seeded edits.

Nothing here imports newsprism: candidates are found with regular expressions and small
hand-written lists, so the edit set is the same whichever version of the code is measured.

Clusters (``load_clusters``):
- Multi-News dev: each "Passage N:" of a line is one passage (NEWLINE_CHAR -> paragraph break;
  passages under 40 words dropped), undated.
- AllSides dev: the left, center and right article of a story, text = the ``newBody`` paragraphs,
  title = ``newsTitle``, outlet = ``newsSource``, dated with the story's ``date``.

A fact is a candidate in passage A when the same fact (same key) is also stated in another
passage B of the cluster, as found by the same rules (``candidates``):
- figure: a number written in digits (not a year, day of month, time, age, or part of a
  token such as "COVID-19", "24/7"); key = value, "$" or "%", multiplier word (million...)
  and, when it has neither, the next word ("12 people").  Edit: value +-10..50 % (at least 1).
- age: "N-year-old", "aged N", "age N", "Name, N,"; key = N.  Edit: N +- 1..4.
- surname: a capitalised word after a first name from FIRST_NAMES or a title (Mr., Sen. ...);
  key = the word; B must use the word too.  Edit: every occurrence in A misspelt the same
  plausible way (one inner vowel changed, or one consonant doubled / undoubled).
- place: a name from PLACES (US states and cities, countries, world cities; not part of a longer
  capitalised name); key = the name.  Edit: that occurrence -> another place of the same group
  that the cluster never mentions.
- weekday: Monday..Sunday (not plural, not "Black Friday"-like); key = the day.  Edit: another
  weekday the cluster does not mention (else any other).
- date: "Month D" / "D Month" (key month+day; edit: day +-1..5), a year 1950-2039 (key year;
  edit +-1..3), a month name alone (key month; edit: a neighbouring month).
- quote: a content word (>= 4 letters, lower case, not a stop word or number word) inside a run
  of >= 4 words that two passages both have inside quotation marks (curly quotes, or straight
  quotes opening after a space and closing before a non-word character; one paragraph); key =
  the normalised run.  Edit: the word -> a seeded pick among the substitutes of its ending in
  QUOTE_SUBSTITUTES (-ly, -ing, -ed, -tion, -ment, -al, plural -s, else a bare noun) that
  the cluster does not use.  The substitutes were chosen a priori from a general word list
  (Ogden's Basic English, with regular endings added), not from any dev data, so no edit is
  shaped by what a detector happens to catch.

Each edit changes one fact in one passage (surname: all its occurrences in that passage) and
records cluster, passage, type, original, replacement and the character span(s) in the edited
text.  ``plan_edits``: per cluster and type at most one edit (random candidate, RNG seeded by
seed, dataset, cluster id and type, so --limit does not change the edits of a cluster), then
at most ``per_type`` edits per type, a seeded sample spread over the clusters.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

TYPES = ["figure", "age", "surname", "place", "weekday", "date", "quote"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBR = {"Jan": 0, "Feb": 1, "Mar": 2, "Apr": 3, "Jun": 5, "Jul": 6, "Aug": 7, "Sep": 8,
              "Sept": 8, "Oct": 9, "Nov": 10, "Dec": 11}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Hand-written lists (places by group: a swap stays inside its group).
PLACES = {
    "us-state": ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
                 "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
                 "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
                 "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
                 "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
                 "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
                 "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin",
                 "Wyoming"],
    "us-city": ["Atlanta", "Austin", "Baltimore", "Boston", "Charlotte", "Chicago", "Cleveland",
                "Dallas", "Denver", "Detroit", "El Paso", "Houston", "Indianapolis", "Las Vegas",
                "Los Angeles", "Memphis", "Miami", "Milwaukee", "Minneapolis", "Nashville",
                "New Orleans", "Oakland", "Orlando", "Philadelphia", "Pittsburgh", "Portland",
                "Sacramento", "San Antonio", "San Diego", "San Francisco", "Seattle", "St. Louis",
                "Tampa", "Tucson", "Omaha", "Richmond", "Raleigh", "Kenosha", "Louisville",
                "Minneapolis", "Albuquerque", "Brooklyn", "Manhattan", "Queens"],
    "country": ["Afghanistan", "Argentina", "Australia", "Brazil", "Canada", "China", "Colombia",
                "Cuba", "Egypt", "England", "France", "Germany", "Greece", "Haiti", "India",
                "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Kenya", "Lebanon",
                "Libya", "Mexico", "Nigeria", "North Korea", "Pakistan", "Peru", "Poland", "Russia",
                "Saudi Arabia", "Scotland", "South Africa", "South Korea", "Spain", "Sweden", "Syria",
                "Taiwan", "Turkey", "Ukraine", "Venezuela", "Vietnam", "Yemen", "Honduras",
                "Guatemala", "El Salvador", "Nicaragua", "Belarus", "Myanmar", "Ethiopia", "Qatar"],
    "world-city": ["Baghdad", "Beijing", "Berlin", "Brussels", "Cairo", "Damascus", "Dubai", "Geneva",
                   "Hong Kong", "Istanbul", "Jerusalem", "Kabul", "Kyiv", "Kiev", "London", "Madrid",
                   "Mexico City", "Moscow", "Mumbai", "Paris", "Rome", "Seoul", "Shanghai", "Sydney",
                   "Tehran", "Tel Aviv", "Tokyo", "Toronto", "Vienna", "Havana", "Caracas", "Gaza"],
}
PLACE_GROUP = {p: g for g, ps in PLACES.items() for p in ps}

FIRST_NAMES = set("""
Aaron Adam Adrian Al Alan Albert Alex Alexander Alexandria Alice Alicia Allen Amanda Amy Andrea
Andrew Andy Angela Ann Anna Anne Anthony Antonio Ashley Barack Barbara Ben Benjamin Bernie Beto
Beth Betsy Bill Billy Bob Bobby Brad Brandon Brett Brian Bruce Carl Carlos Carol Caroline Catherine
Chad Charles Charlie Chris Christina Christine Christopher Chuck Cindy Claire Cory Craig Cynthia
Dan Dana Daniel Danielle Dave David Dean Debbie Deborah Dennis Derek Devin Diana Dianne Don Donald Donna
Doug Douglas Ed Eddie Edward Elizabeth Ellen Elon Emily Emma Eric Erin Ethan Frank Fred Gary George
Gavin Gina Glenn Gordon Grace Greg Gregory Hakeem Hannah Harold Harry Heather Heidi Helen Henry
Hillary Howard Hunter Ian Ilhan Ivanka Jack Jacob Jake James Jamie Jan Jane Janet Jared Jason Jay
Jean Jeff Jeffrey Jen Jennifer Jeremy Jerome Jerry Jessica Jill Jim Jimmy Joan Joe Joel John Johnny
Jon Jonathan Jordan Jose Joseph Josh Joshua Joyce Juan Judith Judy Julia Julian Julie Justin Kamala
Karen Kate Katherine Kathleen Kathy Kay Keith Kelly Ken Kenneth Kevin Kim Kimberly Kristen Kyle
Larry Laura Lauren Lawrence Lee Leslie Lindsey Lindsay Linda Lisa Liz Lori Louis Lucy Luis Madison
Marco Margaret Maria Marie Marjorie Mark Martha Martin Mary Matt Matthew Maxine Megan Melania
Melissa Merrick Michael Michelle Mike Mitch Mitt Mohammed Muhammad Nancy Nathan Neil Nicholas
Nicole Nikki Olivia Oliver Pam Pamela Pat Patricia Patrick Paul Pete Peter Phil Philip Rachel
Rand Randy Raphael Ray Rebecca Richard Rick Rob Robert Roger Ron Ronald Ronny Rose Ruth Ryan Sally
Sam Samantha Samuel Sandra Sara Sarah Scott Sean Sergei Sharon Shawn Sheila Sonia Stacey Stephanie
Stephen Steve Steven Susan Susie Tammy Ted Terry Thomas Tim Timothy Tina Todd Tom Tommy Tony Tracy
Valerie Victor Victoria Vladimir Walter Wayne Wendy William Willie Xavier Zach Zachary Andrew
Merrick Xi Boris Emmanuel Angela Justin Recep Benjamin Naftali Volodymyr Alexei Kim Jens Antony
Lloyd Janet Jen Alejandro Pete Gina Deb Marty Kristi Ron Greg Gretchen Andrew Kathy Phil Letitia
Cyrus Rudy Rudolph Michael Kirstjen Rex Reince Sean Kellyanne Sarah Jim Jeff Rod Bret Brett Amy
""".split())
TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Senator", "Rep.", "Representative", "Gov.", "Governor",
          "President", "Secretary", "Judge", "Justice", "Mayor", "Gen.", "General", "Speaker",
          "Officer", "Sgt.", "Lt.", "Capt.", "Det.", "Prof.", "Professor", "Rev.", "Minister",
          "Chancellor", "Attorney", "Commissioner", "Chief", "Sheriff"}
NOT_SURNAMES = {"House", "Department", "Administration", "Office", "Court", "Committee", "Senate",
                "Party", "Republicans", "Democrats", "Republican", "Democrat", "Democratic", "Said",
                "The", "And", "But", "This", "That", "University", "Street", "County", "Center",
                "Foundation", "Institute", "Trust", "Jr", "Sr", "Times", "Post", "News", "Company",
                "Campaign", "Group", "Council", "Board", "Agency", "Service", "Police", "Army",
                "Road", "Avenue", "Street", "Boulevard", "Lane", "Drive", "Park", "Place", "Square", "Hall",
                "Bridge", "Beach", "Airport", "Station", "School", "College", "Hospital", "Church"}
NOT_SURNAMES |= set(MONTHS) | set(WEEKDAYS) | set(PLACE_GROUP)

STOP = set("""
about above after again against also although always among another anyone anything around
because been before being below between both cannot could does doing done down during each
either else enough even ever every from further have having here herself himself into itself
just least less like made make many might more most much must myself neither never none
nothing once only other others ourselves over own rather really said same says shall should
since some something still such than that their theirs them themselves then there these they
thing things this those though through thus till together too under until upon very want
wants were what whatever when where whether which while will with within without would your
yours yourself going gonna know think yeah okay well
""".split())
# Quote-word substitutes, chosen a priori and independently of any dev data: words of
# C. K. Ogden's Basic English list (1930: its "things", "qualities" and the nouns it lets act as
# verbs), with the regular English ending added where the replaced word has one, so that a
# content word is replaced by a content word of the same shape.  The pick among them is seeded
# (see replacement) and never a word the cluster already uses.
QUOTE_SUBSTITUTES = [  # (ending of the replaced word, substitutes with that ending)
    ("ly", ["quickly", "clearly", "deeply", "sharply", "smoothly", "quietly", "warmly", "strongly",
            "wisely", "roughly", "loudly", "slowly", "softly", "strangely", "sadly"]),
    ("ing", ["burning", "covering", "guiding", "jumping", "kicking", "laughing", "looking", "playing",
             "pulling", "pushing", "resting", "rolling", "touching", "turning", "walking", "washing"]),
    ("ed", ["burned", "covered", "guided", "jumped", "kicked", "laughed", "looked", "played", "pulled",
            "pushed", "rested", "rolled", "touched", "turned", "walked", "washed"]),
    ("tion", ["addition", "attention", "connection", "direction", "distribution", "education",
              "invention", "motion", "observation", "operation", "position", "reaction", "relation"]),
    ("ment", ["adjustment", "agreement", "amusement", "arrangement", "development", "measurement",
              "payment", "statement"]),
    ("al", ["natural", "physical", "chemical", "material", "normal", "general", "medical"]),
    ("s", ["answers", "attempts", "balances", "bridges", "colors", "copies", "doubts", "engines",
           "islands", "journeys", "machines", "mountains", "seeds", "signals", "windows"]),
    ("", ["answer", "attempt", "balance", "bridge", "color", "copy", "doubt", "engine", "island",
          "journey", "machine", "mountain", "seed", "signal", "window"]),
]
NUMBER_WORDS = set("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion first second
third fourth fifth once twice half dozen""".split())


@dataclass
class Passage:
    id: str  # "<dataset>:<cluster>:<index>"
    outlet: str
    text: str
    title: str | None = None
    published: str | None = None


@dataclass
class Cluster:
    dataset: str  # "multinews" | "allsides"
    id: str
    passages: list[Passage]


@dataclass
class Candidate:
    type: str
    passage: int
    start: int
    end: int
    text: str
    key: str
    sub: str = ""  # date: "month-day" | "year" | "month"; place: the group
    spans: list[tuple[int, int]] = field(default_factory=list)  # surname: every occurrence


@dataclass
class Edit:
    dataset: str
    cluster: str
    passage: int
    passage_id: str
    type: str
    sub: str
    original: str
    replacement: str
    start: int  # span of the replacement in the edited text (first occurrence for surnames)
    end: int
    spans: list[list[int]]  # every changed span in the edited text
    context: str  # the edited sentence, for a reader
    edited_text: str

    def summary(self) -> dict:
        d = asdict(self)
        d.pop("edited_text")
        return d


# --- clusters ---------------------------------------------------------------------------------

def load_clusters(shared: Path, datasets: tuple[str, ...] = ("multinews", "allsides")) -> list[Cluster]:
    out: list[Cluster] = []
    if "multinews" in datasets:
        with open(shared / "data/multinews-dev/multi_news_dev.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                parts = re.split(r"Passage \d+:\n", d["context"])[1:]
                ps = []
                for p in parts:
                    t = re.sub(r"\s*NEWLINE_CHAR\s*", "\n\n", p).strip()
                    t = re.sub(r"(\n\n)+", "\n\n", t)
                    if len(t.split()) >= 40:
                        ps.append(t)
                cid = str(d["_id"])
                out.append(Cluster("multinews", cid, [
                    Passage(f"multinews:{cid}:{i}", f"Outlet {i + 1}", t) for i, t in enumerate(ps)]))
    if "allsides" in datasets:
        with open(shared / "data/allsides-dev/stories_dev.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                cid = str(d["id"])
                date = (d.get("date") or "")[:10] or None
                ps = []
                for i, side in enumerate(("left", "center", "right")):
                    n = (d.get("news") or {}).get(side)
                    if not n:
                        continue
                    text = "\n\n".join(p.strip() for p in n.get("newBody") or [] if p.strip())
                    if len(text.split()) < 20:
                        continue
                    ps.append(Passage(f"allsides:{cid}:{i}", n.get("newsSource") or side, text,
                                      n.get("newsTitle"), date))
                out.append(Cluster("allsides", cid, ps))
    return [c for c in out if len(c.passages) >= 2]


# --- candidates -------------------------------------------------------------------------------

_NUM = re.compile(r"(?<![\w/:.,$-])(\$)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:-]|\.\d|,\d)")
_MULT = re.compile(r"\s+(million|billion|trillion|thousand|hundred)\b", re.I)
_PCT = re.compile(r"\s*(%|percent\b|per cent\b)", re.I)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_MONTH_RE = "|".join(MONTHS + sorted(MONTH_ABBR, key=len, reverse=True))
_AGE_PATTERNS = [
    re.compile(r"\b(\d{1,3})-year-old\b"),
    re.compile(r"\b(\d{1,3}) years old\b"),
    re.compile(r"\baged? (\d{1,3})\b"),
    re.compile(r"\b[A-Z][a-z]+, (\d{1,3}), "),
]
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b(?!s\b)")
_MONTH_DAY = re.compile(r"\b(" + _MONTH_RE + r")\.? (\d{1,2})(?:st|nd|rd|th)?\b(?!:|\d)")
_DAY_MONTH = re.compile(r"\b(\d{1,2}) (" + _MONTH_RE + r")\b")
_YEAR = re.compile(r"(?<![\w$.,/-])((?:19[5-9]|20[0-3])\d)(?![\w/%-]|,\d|\.\d)")
_MONTH_ALONE = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_PLACE = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(PLACE_GROUP, key=len, reverse=True)) + r")\b")
_CAP_BEFORE = re.compile(r"([A-Z][\w.'’-]*)\s+$")
_CAP_AFTER = re.compile(r"^\s+[A-Z][a-z]")
_SURNAME = re.compile(r"\b([A-Z][a-z]+\.?|[A-Z]\.)\s+((?:[A-Z]\.\s+)?)((?:Mc|Mac|O')?[A-Z][a-z]{3,})\b(?!\s+[A-Z][a-z])")
_QUOTE = re.compile(r"(?:“([^“”\n]{10,1500})”|(?:(?<=^)|(?<=[\s(\[—-]))\"(?=\S)([^“”\"\n]{10,1500}?)(?<=\S)\"(?![\w]))")
_QWORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _norm_num(digits: str, frac: str | None) -> str:
    v = digits.replace(",", "") + (frac or "")
    return str(float(v)).rstrip("0").rstrip(".") if "." in v else str(int(v))


def _date_context(text: str, s: int, e: int) -> bool:
    """The number is a day of month or sits right next to a month name."""
    before, after = text[max(0, s - 12):s], text[e:e + 12]
    return bool(re.search(r"(" + _MONTH_RE + r")\.?\s+$", before) or re.match(r"\s+(" + _MONTH_RE + r")\b", after)
                or re.match(r"\s*(a\.m\.|p\.m\.|am\b|pm\b)", after, re.I))


def _age_spans(text: str) -> list[tuple[int, int, str]]:
    out = []
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            v = int(m.group(1))
            if 1 <= v <= 120:
                out.append((m.start(1), m.end(1), m.group(1)))
    return out


def figure_candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, digits, key) of plain figures."""
    ages = {(s, e) for s, e, _ in _age_spans(text)}
    out = []
    for m in _NUM.finditer(text):
        s, e = m.start(2), m.end(3) if m.group(3) else m.end(2)
        digits = text[s:e]
        if (s, e) in ages or re.match(r"-year|\s*years? old|\s*(st|nd|rd|th)\b", text[e:e + 9]):
            continue
        if not m.group(3) and "," not in digits and re.fullmatch(r"(?:19[5-9]|20[0-3])\d", digits):
            continue  # a year
        if _date_context(text, s, e):
            continue
        if re.search(r"(No\.|number|#)\s*$", text[max(0, s - 8):s]):
            continue
        val = _norm_num(m.group(2), m.group(3))
        rest = text[e:e + 30]
        unit = ""
        if m.group(1):
            unit = "$"
        pm = _PCT.match(rest)
        mm = _MULT.match(rest)
        if pm:
            unit += "%"
        if mm:
            unit += mm.group(1).lower()
        if not pm and not mm:
            if not m.group(1) and float(val) < 2:
                continue
            nw = _NEXT_WORD.match(rest)
            if not nw:
                continue
            unit += ":" + nw.group(1).lower()
        out.append((s, e, digits, f"{unit}|{val}"))
    return out


def _ok_place(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 30):s]
    cb = _CAP_BEFORE.search(before)
    if cb and not re.search(r"[.!?\n]\s*$", before[:cb.start()] or "\n") and cb.group(1) not in (
            "In", "From", "To", "At", "Of", "And", "The"):
        return False  # part of a longer name ("Kansas City", "West Virginia" for "Virginia")
    if _CAP_AFTER.match(text[e:e + 4]) or text[e:e + 1] == "-":
        return False  # "Texas Rangers", "Paris Agreement", "Texas-based"
    return True


def _ok_weekday(text: str, s: int) -> bool:
    before = text[max(0, s - 20):s]
    cb = _CAP_BEFORE.search(before)
    return not (cb and cb.group(1) in ("Black", "Super", "Good", "Cyber", "Easter", "Ash", "Palm", "Bloody"))


def _quote_tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of every word inside quotation marks."""
    out = []
    for m in _QUOTE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        for w in _QWORD.finditer(m.group(g)):
            out.append((w.group().lower().replace("’", "'"), m.start(g) + w.start(), m.start(g) + w.end()))
        out.append(("\x00", m.end(g), m.end(g)))  # a break between quotes
    return out


def candidates(texts: list[str]) -> list[Candidate]:
    """Facts of each passage that another passage also states (see the module docstring)."""
    per: list[list[Candidate]] = []
    for k, text in enumerate(texts):
        cs: list[Candidate] = []
        for s, e, digits, key in figure_candidates(text):
            cs.append(Candidate("figure", k, s, e, digits, key))
        for s, e, v in _age_spans(text):
            cs.append(Candidate("age", k, s, e, v, str(int(v))))
        for m in _SURNAME.finditer(text):
            first, sur = m.group(1), m.group(3)
            if (first in FIRST_NAMES or first in TITLES) and sur not in NOT_SURNAMES and sur not in FIRST_NAMES:
                cs.append(Candidate("surname", k, m.start(3), m.end(3), sur, sur))
        for m in _PLACE.finditer(text):
            if _ok_place(text, m.start(), m.end()):
                cs.append(Candidate("place", k, m.start(), m.end(), m.group(), m.group(), PLACE_GROUP[m.group()]))
        for m in _WEEKDAY.finditer(text):
            if _ok_weekday(text, m.start()):
                cs.append(Candidate("weekday", k, m.start(), m.end(), m.group(), m.group()))
        md_spans = []
        for m in _MONTH_DAY.finditer(text):
            month = m.group(1)
            mi = MONTHS.index(month) if month in MONTHS else MONTH_ABBR[month]
            day = int(m.group(2))
            if 1 <= day <= 31:
                cs.append(Candidate("date", k, m.start(2), m.end(2), m.group(2), f"{mi}-{day}", "month-day"))
                md_spans.append((m.start(), m.end()))
        for m in _DAY_MONTH.finditer(text):
            month = m.group(2)
            mi = MONTHS.index(month) if month in MONTHS else MONTH_ABBR[month]
            day = int(m.group(1))
            if 1 <= day <= 31:
                cs.append(Candidate("date", k, m.start(1), m.end(1), m.group(1), f"{mi}-{day}", "month-day"))
                md_spans.append((m.start(), m.end()))
        for m in _YEAR.finditer(text):
            cs.append(Candidate("date", k, m.start(1), m.end(1), m.group(1), m.group(1), "year"))
        for m in _MONTH_ALONE.finditer(text):
            if any(s <= m.start() < e for s, e in md_spans):
                continue
            if m.group() == "May" and not re.match(r"\s+(\d|19|20)", text[m.end():m.end() + 4]) and \
                    not re.search(r"\b(in|of|since|until|early|late|mid|last|next|this)\s+$", text[max(0, m.start() - 8):m.start()]):
                continue  # the verb "may"
            cs.append(Candidate("date", k, m.start(), m.end(), m.group(), m.group(), "month"))
        per.append(cs)
    # quote words: runs of >= 4 words shared by quotes of two passages
    qtok = [_quote_tokens(t) for t in texts]
    grams: list[dict[tuple, list[int]]] = []
    for toks in qtok:
        g: dict[tuple, list[int]] = {}
        for i in range(len(toks) - 3):
            key = tuple(t[0] for t in toks[i:i + 4])
            if "\x00" not in key:
                g.setdefault(key, []).append(i)
        grams.append(g)
    for k, toks in enumerate(qtok):
        shared_pos: set[int] = set()
        for key, starts in grams[k].items():
            if any(key in grams[j] for j in range(len(texts)) if j != k):
                for i in starts:
                    shared_pos.update(range(i, i + 4))
        seen_words = set()
        for i in sorted(shared_pos):
            w, s, e = toks[i]
            orig = texts[k][s:e]
            if len(w) >= 4 and w.isalpha() and orig.islower() and w not in STOP and w not in NUMBER_WORDS \
                    and (s, e) not in seen_words:
                seen_words.add((s, e))
                run = " ".join(t[0] for t in toks[max(0, i - 3):i + 4] if t[0] != "\x00")
                per[k].append(Candidate("quote", k, s, e, orig, run))
    # keep a fact only when another passage states the same one
    keys = [{(c.type, c.key) for c in cs} for cs in per]
    words = [set(re.findall(r"[A-Za-z]+", t)) for t in texts]
    out: list[Candidate] = []
    for k, cs in enumerate(per):
        for c in cs:
            if c.type == "quote":
                out.append(c)
                continue
            others = [j for j in range(len(texts)) if j != k]
            if c.type == "surname":
                ok = any(c.key in words[j] for j in others)
            else:
                ok = any((c.type, c.key) in keys[j] for j in others)
            if ok:
                out.append(c)
    return out


# --- edits ------------------------------------------------------------------------------------

def misspell(name: str, rng: random.Random, avoid: set[str] = frozenset()) -> str:
    """A plausible misspelling: an inner vowel changed, or a consonant doubled / undoubled."""
    options = []
    for i in range(1, len(name) - 1):
        ch = name[i]
        if ch in "aeiou":
            options += [name[:i] + v + name[i + 1:] for v in "aeiou" if v != ch]
        elif ch.isalpha() and ch.islower():
            if name[i + 1] == ch:
                options.append(name[:i] + name[i + 1:])
            elif name[i - 1] in "aeiou" and name[i + 1] in "aeiou":
                options.append(name[:i] + ch + name[i:])
    options = sorted({o for o in options if o != name and o not in avoid})
    return rng.choice(options)


def _new_number(digits: str, rng: random.Random) -> str:
    has_comma = "," in digits
    plain = digits.replace(",", "")
    if "." in plain:
        n = float(plain)
        places = len(plain.split(".")[1])
        step = max(10 ** -places, round(n * rng.choice([0.1, 0.2, 0.3, 0.5]), places))
        new = n + step * rng.choice([1, -1])
        if new <= 0:
            new = n + step
        return f"{new:.{places}f}"
    n = int(plain)
    step = max(1, round(n * rng.choice([0.1, 0.2, 0.3, 0.5])))
    new = n + step * rng.choice([1, -1])
    if new <= 0:
        new = n + step
    return f"{new:,}" if has_comma or (new >= 10000 and len(plain) < 5 and False) else str(new)


def _quote_substitute(word: str, rng: random.Random, cluster_words: set[str] = frozenset()) -> str:
    """A seeded pick from QUOTE_SUBSTITUTES of the first ending the word has after a stem of at
    least three letters ("s" not after "s", "u" or "i": "business", "status" are not plurals),
    never a word of the cluster."""
    low = word.lower()
    for suf, words in QUOTE_SUBSTITUTES:
        if suf == "s" and (not low.endswith("s") or low.endswith(("ss", "us", "is"))):
            continue
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            pool = [w for w in words if w != low and w not in cluster_words] or [w for w in words if w != low]
            return rng.choice(pool)
    raise AssertionError("the last ending is empty")  # unreachable: "" matches every word


def replacement(c: Candidate, texts: list[str], rng: random.Random) -> str:
    cluster_text = "\n".join(texts)
    if c.type == "figure":
        return _new_number(c.text, rng)
    if c.type == "age":
        return str(int(c.text) + rng.choice([1, 2, 3, 4]) * rng.choice([1, -1]))
    if c.type == "surname":
        return misspell(c.text, rng, set(re.findall(r"[A-Za-z]+", cluster_text)))
    if c.type == "place":
        pool = [p for p in PLACES[c.sub] if p != c.text and not re.search(r"\b" + re.escape(p) + r"\b", cluster_text)]
        return rng.choice(sorted(set(pool)))
    if c.type == "weekday":
        unused = [d for d in WEEKDAYS if d not in cluster_text]
        return rng.choice(unused or [d for d in WEEKDAYS if d != c.text])
    if c.type == "date":
        if c.sub == "month-day":
            day = int(c.text)
            new = day + rng.choice([1, 2, 3, 4, 5]) * (1 if day <= 20 else -1) * rng.choice([1, -1] if 6 <= day <= 20 else [1])
            return str(min(28, max(1, new)) if new != day else day + 1)
        if c.sub == "year":
            return str(int(c.text) + rng.choice([1, 2, 3]) * rng.choice([1, -1]))
        i = MONTHS.index(c.text)
        return MONTHS[(i + rng.choice([1, -1, 2])) % 12]
    if c.type == "quote":
        return _quote_substitute(c.text, rng, {w.lower() for w in re.findall(r"[A-Za-z]+", cluster_text)})
    raise ValueError(c.type)


def _sentence_around(text: str, s: int, e: int) -> str:
    a = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
    b_candidates = [x for x in (text.find(". ", e), text.find("\n", e)) if x >= 0]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a + 1:b + 1].strip()[:400]


def apply_edit(cluster: Cluster, c: Candidate, new: str) -> Edit:
    text = cluster.passages[c.passage].text
    if c.type == "surname":
        occ = [(m.start(), m.end()) for m in re.finditer(r"\b" + re.escape(c.text) + r"\b", text)]
    else:
        occ = [(c.start, c.end)]
    pieces, spans, pos, shift = [], [], 0, 0
    for s, e in occ:
        pieces.append(text[pos:s])
        pieces.append(new)
        ns = s + shift
        spans.append([ns, ns + len(new)])
        shift += len(new) - (e - s)
        pos = e
    pieces.append(text[pos:])
    edited = "".join(pieces)
    first = next(sp for sp, (s, _) in zip(spans, occ) if s == c.start) if c.type == "surname" else spans[0]
    return Edit(cluster.dataset, cluster.id, c.passage, cluster.passages[c.passage].id, c.type, c.sub,
                c.text, new, first[0], first[1], spans, _sentence_around(edited, first[0], first[1]), edited)


def _rng(*parts) -> random.Random:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


def plan_edits(clusters: list[Cluster], seed: int = 13, per_type: int = 14) -> list[Edit]:
    """At most one edit per cluster and type, then at most ``per_type`` per type (seeded)."""
    by_type: dict[str, list[Edit]] = {t: [] for t in TYPES}
    for cl in clusters:
        texts = [p.text for p in cl.passages]
        cands = candidates(texts)
        for t in TYPES:
            cs = sorted((c for c in cands if c.type == t), key=lambda c: (c.passage, c.start, c.end))
            if not cs:
                continue
            rng = _rng(seed, cl.dataset, cl.id, t)
            c = rng.choice(cs)
            by_type[t].append(apply_edit(cl, c, replacement(c, texts, rng)))
    out: list[Edit] = []
    for t in TYPES:
        edits = by_type[t]
        if len(edits) > per_type:
            edits = sorted(_rng(seed, "sample", t).sample(edits, per_type),
                           key=lambda e: (e.dataset, e.cluster))
        out += edits
    return out
