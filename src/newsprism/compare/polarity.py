"""The same event told the other way: negation, opposite words and swapped names between the
best-aligned sentences of two independent sources.

``event_contradictions(ctx) -> list[Contradiction]`` reads ``ctx.refs`` / ``ctx.sim`` (each
sentence's best-aligned sentences of the other sources, ``ctx.sentence_pairs``), ``ctx.roots``,
the nlp entity mentions and values of every article and ``ctx.entities`` (one cluster per
person, however named).  Each finding's two sides carry the sentence as evidence and the exact
compared words as ``anchors`` (the merge pass drops it when a specific detector saw the same
words).

Two sentences of different outlets describe the same event when they are among each other's most
similar sentences (embedding cosine, or tf-idf without embeddings) and share most of their
content words.  Compared at the level of that event, three things contradict:

- **polarity**: a content word both sentences use (the predicate: "pleaded guilty", "was
  arrested") negated in one and not in the other, where the other negates nothing and does not
  put the word after "to" ("he was asked to step down" does not say he stepped down).  A word is
  negated when it is the first content word after "not", "n't", "never", "no" (not across
  punctuation), or after a verb that negates its complement ("refused to", "failed to",
  "declined to", "unlikely to", "denied taking"), skipping auxiliaries and adverbs;
- **opposites**: a word replaced by its opposite ("rose" / "fell", "guilty" / "innocent") in the
  same role (the same word beside it), where neither sentence uses the other's word, with the
  same polarity on both sides ("did not deny" is "confirmed": two negations cancel);
- **swaps**: a named entity (person, organisation, place, nationality; or a run of capitalised
  words the nlp stage did not tag), a figure, a numbered name ("F-16" / "F-35"), an ordinal or a
  colour in the same role (the same word on both sides of it, or the same two words on one
  side) replaced by another of the same type, where neither report mentions the other one
  anywhere; two forms of one name ("Nov." / "November", "CDC" / "Centers for Disease Control",
  one entity cluster), a member of a list ("X and Y"), the source of a statement ("told CNN",
  "the AP reported"), a figure of another noun or period, or figures within rounding or a stated
  approximation never fire.

Guardrails (precision first; each is tested in tests/test_compare_polarity.py): both sentences
come from different independent sources and have at least ``_MIN_CONTENT`` content words, most
of them shared; questions and conditional sentences ("if", "unless", "whether") assert nothing;
"not only" is not a negation; two sentences that are both inside quotation marks are the quotes
stage's business; a negation or an opposite between reports published on different days may be
a status that changed ("refusing to resign", then "resigned"): ``find_developments`` says it.

Hand-written: no library does "the same event with its polarity flipped" between two sentences
without a parser or an inference model, and the word lists below are short and closed.  The
stemmer is a few suffix rules (only to see "pleaded" and "pleads" as one word), not a lemmatiser.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Sequence

from ..model import AnnotatedArticle, Article, Contradiction, ContradictionSide
from ..nlp.entities import PERSON_TITLES
from .context import StoryContext
from .evidence import FUNCTION_WORDS, MONTHS, WEEKDAYS, context_evidence, sentence_span
from .sources import join_names, outlets_of
from .values import compatible

__all__ = ["event_contradictions", "OPPOSITES", "NEGATORS", "stem", "negated_words"]

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*-\d+[A-Za-z]?\b"  # a numbered name: "F-35", "COVID-19"
                   r"|\d+(?:[.,]\d+)*|[A-Za-z]+(?=n['\u2019]t\b)|n['\u2019]t\b"
                   r"|[A-Za-z]+(?:[-'\u2019.][A-Za-z]+)*")

# Negators: the next content word is negated.
NEGATORS = frozenset({"not", "n't", "never", "no", "cannot", "nor", "neither", "none", "nobody",
                      "nothing"})  # not "without": its scope is a whole phrase ("without the need to")
# Verbs that negate their complement ("refused to resign" = did not resign).
_NEGATING_VERBS = frozenset({"refuse", "refused", "refuses", "refusing", "deny", "denied", "denies",
                             "denying", "fail", "failed", "fails", "failing", "decline", "declined",
                             "declines", "declining", "unable", "unlikely"})
# Skipped between a negator and the word it negates: auxiliaries, adverbs of degree or time,
# and the particle of "refused to" / "denied that".
_SKIP = frozenset({"be", "been", "being", "is", "was", "were", "are", "am", "have", "has", "had",
                   "do", "does", "did", "will", "would", "could", "should", "can", "may", "might",
                   "must", "shall", "to", "that", "yet", "ever", "even", "immediately", "also",
                   "so", "too", "very", "really", "actually", "necessarily", "entirely", "fully",
                   "directly", "personally", "publicly", "officially", "a", "an", "the", "any",
                   "having", "get", "got", "getting", "it", "he", "she", "they", "we", "i", "you"})
_NOT_A_NEGATION = {("not", "only"), ("not", "just"), ("no", "matter"), ("no", "doubt"),
                   ("not", "least"), ("without", "doubt")}

# Opposites, both directions.  Hand-written, with this comment saying why: WordNet's data cannot
# be installed offline here (no package on PyPI ships it for this Python), and a general antonym
# resource pairs many words whose swap is a paraphrase.  These are contraries of general English
# (states, outcomes, directions, evaluations); converse pairs whose swap together with the
# subjects is a paraphrase ("before" / "after", "buy" / "sell", "give" / "receive") are left out.
_OPPOSITE_PAIRS = [
    ("rise", "fall"), ("rose", "fell"), ("risen", "fallen"), ("increase", "decrease"),
    ("increase", "decline"), ("increase", "drop"), ("grow", "shrink"), ("growth", "decline"),
    ("gain", "loss"), ("profit", "loss"), ("win", "lose"), ("won", "lost"), ("victory", "defeat"),
    ("success", "failure"), ("successful", "unsuccessful"), ("succeed", "fail"),
    ("approve", "reject"), ("accept", "reject"), ("approval", "rejection"), ("allow", "ban"),
    ("allow", "forbid"), ("permit", "forbid"), ("legal", "illegal"), ("lawful", "unlawful"),
    ("guilty", "innocent"), ("convict", "acquit"), ("conviction", "acquittal"),
    ("confirm", "deny"), ("admit", "deny"), ("agree", "disagree"), ("support", "oppose"),
    ("supporter", "opponent"), ("favor", "oppose"), ("include", "exclude"), ("open", "close"),
    ("opened", "closed"), ("start", "stop"), ("begin", "end"), ("arrive", "depart"),
    ("enter", "exit"), ("hire", "fire"), ("raise", "lower"), ("lift", "impose"),
    ("expand", "reduce"), ("expand", "shrink"), ("strengthen", "weaken"), ("survive", "die"),
    ("alive", "dead"), ("live", "dead"), ("high", "low"), ("higher", "lower"),
    ("highest", "lowest"), ("large", "small"), ("big", "small"), ("larger", "smaller"),
    ("largest", "smallest"), ("long", "short"), ("longer", "shorter"), ("more", "fewer"),
    ("most", "fewest"), ("many", "few"), ("maximum", "minimum"), ("majority", "minority"),
    ("strong", "weak"), ("stronger", "weaker"), ("good", "bad"), ("better", "worse"),
    ("best", "worst"), ("positive", "negative"), ("true", "false"), ("correct", "incorrect"),
    ("right", "wrong"), ("rich", "poor"), ("wealthy", "poor"), ("cheap", "expensive"),
    ("easy", "difficult"), ("easy", "hard"), ("safe", "dangerous"), ("safe", "unsafe"),
    ("public", "private"), ("early", "late"), ("earlier", "later"), ("first", "last"),
    ("old", "new"), ("older", "younger"), ("oldest", "youngest"), ("young", "old"),
    ("male", "female"), ("friend", "enemy"), ("ally", "enemy"), ("peace", "war"),
    ("love", "hate"), ("like", "dislike"), ("happy", "sad"), ("happy", "unhappy"),
    ("possible", "impossible"), ("likely", "unlikely"), ("able", "unable"), ("full", "empty"),
    ("present", "absent"), ("visible", "invisible"), ("known", "unknown"), ("same", "different"),
    ("remember", "forget"), ("always", "never"), ("everyone", "nobody"), ("ahead", "behind"),
    ("forward", "backward"), ("forwards", "backwards"), 
    ("increasing", "decreasing"), ("rising", "falling"), ("growing", "shrinking"),
    ("healthy", "sick"),
    ("healthy", "ill"), ("win", "loss"), ("boost", "cut"), ("inside", "outside"),
    ("upper", "lower"), ("north", "south"), ("east", "west"), ("northern", "southern"),
    ("eastern", "western"), ("domestic", "foreign"), ("local", "national"),
    ("voluntary", "mandatory"), ("temporary", "permanent"), ("partial", "complete"),
    ("accurate", "inaccurate"), ("fair", "unfair"), ("clean", "dirty"), ("wet", "dry"),
    ("hot", "cold"), ("warm", "cold"), ("fast", "slow"), ("quick", "slow"), ("heavy", "light"),
    ("calm", "violent"), ("peaceful", "violent"), ("armed", "unarmed"), ("employed", "unemployed"),
    ("married", "single"), ("legitimate", "illegitimate"), ("valid", "invalid"),
    ("responsible", "irresponsible"), ("victim", "perpetrator"), ("attack", "defend"),
    ("guilt", "innocence"), ("praise", "criticize"), ("praised", "criticized"),
    ("reward", "punish"), ("welcome", "reject"), ("strict", "lenient"), ("rare", "common"),
    ("hope", "fear"), ("optimistic", "pessimistic"), ("continue", "stop"), ("join", "leave"),
    ("add", "remove"), ("gain", "lose"), ("gained", "lost"),
]
# Converse pairs: their swap with the two sides swapped is a paraphrase ("A won against B" /
# "B lost to A"); they count only when the subject before them is the same on both sides.
_CONVERSE = {("win", "lose"), ("won", "lost"), ("victory", "defeat"), ("gain", "loss"),
             ("ahead", "behind"), ("win", "loss"), ("attack", "defend"), ("victim", "perpetrator"),
             ("friend", "enemy"), ("ally", "enemy"), ("gain", "lose"), ("gained", "lost")}


@lru_cache(maxsize=65536)  # the same words recur in every sentence of a story
def stem(word: str) -> str:
    """A light, deterministic suffix stem ("pleaded", "pleads", "pleading" -> "plead";
    "denied", "denies", "deny" -> "deni")."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            w = w[:-len(suf)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    if w.endswith("y") or w.endswith("i"):
        w = w[:-1] + "i"
    elif w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


OPPOSITES: dict[str, frozenset[str]] = {}
_CONVERSE_STEMS: set[frozenset[str]] = set()


def _build_opposites() -> None:
    acc: dict[str, set[str]] = {}
    for a, b in _OPPOSITE_PAIRS:
        sa, sb = stem(a), stem(b)
        acc.setdefault(sa, set()).add(sb)
        acc.setdefault(sb, set()).add(sa)
    for k, v in acc.items():
        OPPOSITES[k] = frozenset(v - {k})
    for a, b in _CONVERSE:
        _CONVERSE_STEMS.add(frozenset((stem(a), stem(b))))


_build_opposites()

_CONDITIONAL = frozenset({"if", "unless", "whether", "would-be"})
_QUOTE_CHARS = "\"\u201c\u201d"
_ARTICLES = frozenset({"a", "an", "the"})
_MIN_CONTENT = 4  # content words a sentence needs to describe an event
_MIN_SHARED = 3  # content words two aligned sentences must share (besides the compared ones)
_MIN_SHARED_SHARE = 0.5  # ... as a share of the shorter sentence's content words
_TOP_K = 2  # each sentence's best-aligned sentences in the other sources
_FLOOR = {"cosine": 0.6, "tfidf": 0.3}
# A swapped name or figure needs its role to match word for word, so it is looked for in more
# (and less similar) sentences: a summary sentence may join facts of several sentences.
_TOP_K_SWAP = 10
_FLOOR_SWAP = {"cosine": 0.4, "tfidf": 0.2}
_ENTITY_GROUPS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
                  "FAC": "place", "NORP": "nationality"}


@dataclass(frozen=True)
class _Tok:
    raw: str
    low: str
    stem: str
    start: int
    end: int
    content: bool


@dataclass
class _Sent:
    ai: int
    si: int
    start: int
    end: int
    toks: list[_Tok]
    negated: dict[int, tuple[int, int]]  # token index -> span from its negator to it
    stems: frozenset[str]  # content stems


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in _WORD.finditer(text, start, end):
        raw = m.group()
        low = raw.lower().replace("\u2019", "'")
        content = (low not in FUNCTION_WORDS and low not in NEGATORS and low not in _SKIP
                   and len(low) > 1 and (low.isalpha() or "-" in low or "." in low))
        out.append(_Tok(raw, low, stem(low), m.start(), m.end(), content))
    return out


_BREAK = re.compile(r"[,;:()\[\]\u2014\u2013\"\u201c\u201d]|\s-\s")


def negated_words(toks: Sequence[_Tok], text: str) -> dict[int, tuple[int, int]]:
    """Token index of each negated word -> (start of its negator, end of the word).  The scope
    of a negator never crosses punctuation ("a decline, reflecting ...")."""
    out: dict[int, tuple[int, int]] = {}
    for i, t in enumerate(toks):
        negating_verb = t.low in _NEGATING_VERBS
        if t.low not in NEGATORS and not negating_verb:
            continue
        nxt = toks[i + 1].low if i + 1 < len(toks) and \
            not _BREAK.search(text, t.end, toks[i + 1].start) else ""
        if (t.low, nxt) in _NOT_A_NEGATION:
            continue
        if negating_verb and (not (nxt == "to" or nxt.endswith("ing")) or i in out):
            # "denied the charges": an object, not a negated event ("deny" is an opposite word);
            # "denied that ...": which word of the clause is its event is unclear; "did not
            # refuse to": two negations cancel
            continue
        for j in range(i + 1, min(len(toks), i + 5)):
            u = toks[j]
            if _BREAK.search(text, toks[j - 1].end, u.start):
                break
            if u.low in _SKIP or (u.low.endswith("ly") and u.low not in OPPOSITES):
                continue
            if u.content:
                out[j] = (t.start, u.end)
            break
    return out


def _sentences(annotated: Sequence[AnnotatedArticle]) -> dict[tuple[int, int], _Sent]:
    out = {}
    for ai, ann in enumerate(annotated):
        text = ann.article.text
        for si, s in enumerate(ann.sentences):
            toks = _tokens(text, s.start, s.end)
            stems = frozenset(t.stem for t in toks if t.content)
            if len(stems) < _MIN_CONTENT:
                continue
            out[(ai, si)] = _Sent(ai, si, s.start, s.end, toks, negated_words(toks, text), stems)
    return out


def _asserts(text: str, s: _Sent) -> bool:
    """A statement, not a question or a condition."""
    body = text[s.start:s.end].strip()
    if body.endswith("?") or body.endswith("?\"") or body.endswith("?\u201d"):
        return False
    return not any(t.low in _CONDITIONAL for t in s.toks)


def _in_quote(text: str, sent_start: int, pos: int) -> bool:
    before = text[sent_start:pos]
    return sum(before.count(c) for c in _QUOTE_CHARS) % 2 == 1


@lru_cache(maxsize=8192)  # asked again for each aligned pair of the same two reports
def _mentions(text: str, needle: str) -> bool:
    """``needle`` occurs in ``text`` as whole words (any case, any spacing)."""
    body = r"\s+".join(re.escape(w) for w in needle.split())
    return bool(body) and bool(re.search(r"(?<![\w])" + body + r"(?![\w])", text, re.IGNORECASE))


@dataclass
class _Hit:
    kind: str  # Contradiction kind: "negation" | "name" | "place" | "number"
    attribute: str
    a: tuple[int, int]  # compared span in article a
    b: tuple[int, int]
    what: str  # for the explanation


def _polarity(sa: _Sent, sb: _Sent) -> list[_Hit]:
    """A shared content word negated on one side only."""
    hits = []
    idx_a = {}
    for i, t in enumerate(sa.toks):
        if t.content:
            idx_a.setdefault(t.stem, []).append(i)
    idx_b = {}
    for j, t in enumerate(sb.toks):
        if t.content:
            idx_b.setdefault(t.stem, []).append(j)
    for st in sorted(set(idx_a) & set(idx_b)):
        ia, ib = idx_a[st], idx_b[st]
        if len(ia) != 1 or len(ib) != 1:
            continue  # used twice: which one is the predicate is unclear
        i, j = ia[0], ib[0]
        na, nb = i in sa.negated, j in sb.negated
        if na == nb or (sa.negated and sb.negated):
            continue  # both sentences negate something: "has not commented" / "did not respond
            # to a request for comment" say the same
        if sa.toks[i].raw[:1].isupper() and i > 0:
            continue  # a name, not a predicate
        plain, k = (sb, j) if na else (sa, i)
        if "to" in (t.low for t in plain.toks[max(0, k - 2):k]):
            continue  # "asked to step down", "plans to close": wanted, not said to have happened
        if not _same_role(sa, i, sb, j, 4):
            continue  # the same word about something else ("worked in his office" / "did not
            # work for his administration")
        span_a = sa.negated[i] if na else (sa.toks[i].start, sa.toks[i].end)
        span_b = sb.negated[j] if nb else (sb.toks[j].start, sb.toks[j].end)
        neg_side = "a" if na else "b"
        hits.append(_Hit("negation", "what happened", span_a, span_b,
                         f"negated in {'the first' if neg_side == 'a' else 'the second'}"))
    return hits


def _subject_before(s: _Sent, i: int) -> str | None:
    for k in range(i - 1, -1, -1):
        t = s.toks[k]
        if t.raw[:1].isupper() and k > 0 or t.content and k == 0:
            return t.stem
    return None


def _opposites(sa: _Sent, sb: _Sent) -> list[_Hit]:
    """A word replaced by its opposite, the same polarity on both sides."""
    hits = []
    for i, ta in enumerate(sa.toks):
        opp = OPPOSITES.get(ta.stem)
        if not opp or ta.stem in sb.stems or (ta.raw[:1].isupper() and i > 0):
            continue
        for j, tb in enumerate(sb.toks):
            if tb.stem not in opp or tb.stem in sa.stems or (tb.raw[:1].isupper() and j > 0):
                continue
            if (i in sa.negated) != (j in sb.negated):
                continue  # "did not deny" / "confirmed": two negations cancel
            if frozenset((ta.stem, tb.stem)) in _CONVERSE_STEMS:
                subj_a, subj_b = _subject_before(sa, i), _subject_before(sb, j)
                if subj_a is None or subj_a != subj_b:
                    continue
            if not _role_match(sa, (i, i), sb, (j, j)):
                continue  # "the first recall election" / "sparked last year"
            hits.append(_Hit("negation", "what happened", (ta.start, ta.end), (tb.start, tb.end),
                             "opposite words"))
    return hits


def _neighbours(s: _Sent, i: int, span: int = 3) -> set[str]:
    """Content stems within ``span`` tokens of token i (either side)."""
    lo, hi = max(0, i - span), min(len(s.toks), i + span + 1)
    return {t.stem for k, t in enumerate(s.toks[lo:hi], lo) if k != i and t.content}


def _same_role(sa: _Sent, i: int, sb: _Sent, j: int, span: int) -> bool:
    """The compared words have a content word within ``span`` tokens in common."""
    return bool(_neighbours(sa, i, span) & _neighbours(sb, j, span))


def _edge_words(s: _Sent, first: int, last: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two words right before and right after tokens [first, last] (articles skipped),
    nearest first."""
    left: list[str] = []
    k = first - 1
    while k >= 0 and len(left) < 2:
        if s.toks[k].low not in _ARTICLES:
            left.append(s.toks[k].stem)
        k -= 1
    right: list[str] = []
    k = last + 1
    while k < len(s.toks) and len(right) < 2:
        if s.toks[k].low not in _ARTICLES:
            right.append(s.toks[k].stem)
        k += 1
    return tuple(left), tuple(right)


def _tok_range(s: _Sent, start: int, end: int) -> tuple[int, int] | None:
    ks = [k for k, t in enumerate(s.toks) if t.start < end and start < t.end]
    return (ks[0], ks[-1]) if ks else None


def _role_match(sa: _Sent, ra: tuple[int, int], sb: _Sent, rb: tuple[int, int]) -> bool:
    """The same role: the same word right before and right after ("in London on" / "in Paris
    on"), or the same two words on one side with a content word among them ("invasion of
    Ukraine" / "invasion of Poland"; "the London Russian embassy" / "the Moscow Russian embassy")."""
    la, ra_ = _edge_words(sa, *ra)
    lb, rb_ = _edge_words(sb, *rb)
    if la[:1] and la[:1] == lb[:1] and ra_[:1] and ra_[:1] == rb_[:1]:
        return True
    content = {t.stem for t in sa.toks + sb.toks if t.content}
    return any(len(x) == 2 and x == y and any(w in content for w in x) for x, y in ((la, lb), (ra_, rb_)))


_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth", "eleventh", "twelfth"})
_COLOURS = frozenset({"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black",
                      "white", "grey", "gray", "violet"})
_CODE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*-?\d+[A-Za-z]?")  # "COVID-19", "F-35", "SARS-CoV-2"
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class _Slot:
    start: int
    end: int
    group: str  # what may replace it: "person", "place", ..., "name" (any name), "number:...", ...
    text: str


_NAME_GROUPS = frozenset(_ENTITY_GROUPS.values()) | {"name"}
# Dates are the date detectors' business; a capitalised month or weekday is not a name here.
_CALENDAR = frozenset(w.lower() for w in MONTHS + WEEKDAYS) | {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# A name right after these is the source of a statement ("told CNN"), not a part of the event.
_ATTRIBUTION = frozenset({"told", "tells", "telling", "according", "interview", "reported", "via"})
# ... and a name right before these is the one who speaks ("the Associated Press reported").
_SPEAKING = frozenset({"said", "says", "reported", "reports", "told", "tells", "wrote", "writes",
                       "tweeted", "stated"})
_LIST_WORDS = frozenset({"and", "or", "nor", ",", "&"})


def _name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", name.lower()) if w not in PERSON_TITLES]


def _variants(x: str, y: str) -> bool:
    """Two forms of one name: a shared word ("Broward Sheriff's Office" / "Broward County"), an
    abbreviation ("Nov." / "November", "D-Calif." / "D-CA") or an acronym ("CDC" / "Centers
    for Disease Control")."""
    wx, wy = _name_words(x), _name_words(y)
    if {w for w in wx if len(w) >= 3} & {w for w in wy if len(w) >= 3}:
        return True  # also "Acme Media" / "Ozy Media": a shared word may be the name itself
        # ("Storm Grace" / "Depression Grace"), so precision first
    for a in wx:
        for b in wy:
            short, long_ = sorted((a, b), key=len)
            if 2 <= len(short) < len(long_) and long_.startswith(short):
                return True
    for short, long_ in ((x, y), (y, x)):
        letters = re.sub(r"[^A-Za-z]", "", short)
        if 2 <= len(letters) <= 6 and letters.isupper():
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", long_) if w[0].isupper())
            it = iter(initials)
            if all(ch in it for ch in letters):
                return True
    return False


def _in_list_or_cited(s: _Sent, r: tuple[int, int]) -> bool:
    """A member of a list ("X and Y") or the source of a statement ("told X", "X reported")."""
    before = [t.low for t in s.toks[max(0, r[0] - 2):r[0]] if t.low not in _ARTICLES]
    after = s.toks[r[1] + 1].low if r[1] + 1 < len(s.toks) else ""
    if any(w in _ATTRIBUTION for w in before) or after in _SPEAKING:
        return True
    return (before[-1:] and before[-1] in _LIST_WORDS) or after in _LIST_WORDS


def _slots(ann: AnnotatedArticle, s: _Sent) -> list[_Slot]:
    """The names, figures, codes, ordinals and colours of a sentence (each a slot of a type)."""
    text = ann.article.text
    out: list[_Slot] = []
    taken: list[tuple[int, int]] = []
    for m in ann.entities:
        if m.sentence == s.si and m.label in _ENTITY_GROUPS \
                and not any(w in _CALENDAR for w in m.text.lower().rstrip(".").split()):
            out.append(_Slot(m.start, m.end, _ENTITY_GROUPS[m.label], m.text))
            taken.append((m.start, m.end))
    for v in ann.values:
        if v.sentence != s.si or not isinstance(v.value, (int, float)) or v.kind == "date":
            continue
        out.append(_Slot(v.start, v.end, f"number:{v.kind}:{v.unit or ''}", v.text))
        taken.append((v.start, v.end))
    k = 0
    while k < len(s.toks):
        t = s.toks[k]
        if any(x < t.end and t.start < y for x, y in taken):
            k += 1
            continue
        if _CODE.fullmatch(t.raw) and any(ch.isalpha() for ch in t.raw):
            out.append(_Slot(t.start, t.end, "code:" + re.sub(r"\d+[A-Za-z]?$", "", t.raw).lower(), t.raw))
        elif _YEAR.fullmatch(t.raw):
            out.append(_Slot(t.start, t.end, "year", t.raw))
        elif t.low in _ORDINALS:
            out.append(_Slot(t.start, t.end, "ordinal", t.raw))
        elif t.low in _COLOURS:
            out.append(_Slot(t.start, t.end, "colour", t.raw))
        elif k > 0 and t.raw[:1].isupper() and t.raw.rstrip(".").lower() not in PERSON_TITLES \
                and t.low not in FUNCTION_WORDS and t.low.rstrip(".") not in _CALENDAR \
                and not _in_quote(text, s.start, t.start):
            j = k  # a run of capitalised words the nlp stage did not take for a name
            while j + 1 < len(s.toks) and s.toks[j + 1].raw[:1].isupper():
                j += 1
            out.append(_Slot(t.start, s.toks[j].end, "name", text[t.start:s.toks[j].end]))
            k = j
        k += 1
    return out


def _same_group(x: str, y: str) -> bool:
    return x == y or (x in _NAME_GROUPS and y in _NAME_GROUPS and "name" in (x, y))


@dataclass
class _Story:
    """What the swap rules read of every article, computed once per story."""

    names: list[set[str]]  # per article: the canonical names of its entity mentions
    outlets: set[str]
    annotated: Sequence[AnnotatedArticle]
    slot_cache: dict[tuple[int, int], list[_Slot]] = field(default_factory=dict)

    def slots(self, s: _Sent) -> list[_Slot]:
        """The sentence's slots, computed the first time a pair asks (most sentences are in none)."""
        key = (s.ai, s.si)
        if key not in self.slot_cache:
            self.slot_cache[key] = _slots(self.annotated[s.ai], s)
        return self.slot_cache[key]


def _story(ctx: StoryContext) -> _Story:
    return _Story(names=[{ctx.canonical(m.text) or m.text for m in an.entities} for an in ctx.annotated],
                  outlets={an.article.outlet.lower() for an in ctx.annotated if an.article.outlet},
                  annotated=ctx.annotated)


def _swaps(ctx: StoryContext, story: _Story, sa: _Sent, sb: _Sent) -> list[_Hit]:
    """A name, figure, code, ordinal or colour of ``sb`` in the role one of ``sa`` has, which
    report A never mentions, while ``sb`` does not have the one of ``sa`` (both directions)."""
    return _swaps_one_way(ctx, story, sa, sb) + [_Hit(h.kind, h.attribute, h.b, h.a, h.what)
                                                  for h in _swaps_one_way(ctx, story, sb, sa)]


def _swaps_one_way(ctx: StoryContext, story: _Story, sa: _Sent, sb: _Sent) -> list[_Hit]:
    A, B = ctx.annotated[sa.ai], ctx.annotated[sb.ai]
    ta, tb = A.article.text, B.article.text
    names_a, names_b, outlets = story.names[sa.ai], story.names[sb.ai], story.outlets
    hits = []
    slots_a = story.slots(sa)
    for xb in story.slots(sb):
        if _in_quote(tb, sb.start, xb.start):
            continue
        if _mentions(ta, xb.text) or (xb.group in _NAME_GROUPS and (ctx.canonical(xb.text) or xb.text) in names_a):
            continue  # report A mentions it too
        if xb.group.startswith("number:") and _value_in(A, _value_at(B, xb)):
            continue
        rb = _tok_range(sb, xb.start, xb.end)
        if rb is None or _in_list_or_cited(sb, rb) or xb.text.lower() in outlets:
            continue
        for xa in slots_a:
            if not _same_group(xa.group, xb.group) or _mentions(tb, xa.text):
                continue  # report B mentions the other one too: a list, a second place
            if xa.group in _NAME_GROUPS and (ctx.canonical(xa.text) or xa.text) in names_b:
                continue
            if xa.group.startswith("number:") and _value_in(B, _value_at(A, xa)):
                continue
            if xa.group in _NAME_GROUPS and ctx.canonical(xa.text) and \
                    ctx.canonical(xa.text) == ctx.canonical(xb.text):
                continue
            if _in_quote(ta, sa.start, xa.start):
                continue
            if xa.text.lower() == xb.text.lower():
                continue
            if xa.group.startswith("number:"):
                va, vb = _value_at(A, xa), _value_at(B, xb)
                if va is None or vb is None or compatible(va, ta, vb, tb) or not _same_measure(va, vb):
                    continue
            if xa.group in _NAME_GROUPS and _variants(xa.text, xb.text):
                continue
            ra = _tok_range(sa, xa.start, xa.end)
            if ra is None or _in_list_or_cited(sa, ra) or xa.text.lower() in outlets \
                    or not _role_match(sa, ra, sb, rb):
                continue
            if xa.group.startswith("number:") and _edge_words(sa, *ra)[1][:1] != _edge_words(sb, *rb)[1][:1]:
                continue  # a figure of another noun ("a $6 trillion budget" / "$5 trillion in ...")
            group = xa.group if xa.group != "name" else xb.group
            kind = "place" if group == "place" else "name" if group in _NAME_GROUPS else "number"
            what = group.split(":")[0]
            hits.append(_Hit(kind, what, (xa.start, xa.end), (xb.start, xb.end), f"another {what}"))
    return hits


def _value_at(ann: AnnotatedArticle, x: _Slot):
    return next((v for v in ann.values if v.start == x.start and v.end == x.end), None)


def _same_measure(va, vb) -> bool:
    """Both written in digits (not "four decades") and of the same period when both have one."""
    if not any(ch.isdigit() for ch in va.text) or not any(ch.isdigit() for ch in vb.text):
        return False
    return not (va.period and vb.period and va.period != vb.period)


def _value_in(ann: AnnotatedArticle, value) -> bool:
    """``value`` (of the other report) is among the figures of ``ann``."""
    return value is not None and any(isinstance(v.value, (int, float)) and v.value == value.value
                                     for v in ann.values)


def _describes_same_event(sa: _Sent, sb: _Sent) -> bool:
    shared = sa.stems & sb.stems
    return len(shared) >= _MIN_SHARED and \
        len(shared) >= _MIN_SHARED_SHARE * min(len(sa.stems), len(sb.stems))


def event_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """Negation, opposite words and swapped names or figures between best-aligned sentences of
    independent sources (see the module docstring).  Anchors: the compared words."""
    sents = _sentences(ctx.annotated)
    story = _story(ctx)
    close = set(ctx.sentence_pairs(_TOP_K, _FLOOR))
    found: list[Contradiction] = []
    seen: set[tuple] = set()
    for a, i, b, j in ctx.sentence_pairs(_TOP_K_SWAP, _FLOOR_SWAP):
        sa, sb = sents.get((a, i)), sents.get((b, j))
        if sa is None or sb is None or len(sa.stems & sb.stems) < _MIN_SHARED:
            continue
        A, B = ctx.annotated[a].article, ctx.annotated[b].article
        ta, tb = A.text, B.text
        if not (_asserts(ta, sa) and _asserts(tb, sb)):
            continue
        hits = _swaps(ctx, story, sa, sb)
        if (a, i, b, j) in close and _describes_same_event(sa, sb):
            pa, pb = ctx.published(a), ctx.published(b)
            if pa is None or pb is None or pa == pb:  # else a status may have changed between
                # the days: "refusing to resign" then "resigned" is find_developments' business
                hits = _polarity(sa, sb) + _opposites(sa, sb) + hits
        for h in hits:
            if _in_quote(ta, sa.start, h.a[0]) and _in_quote(tb, sb.start, h.b[0]):
                continue  # two quotes: their wording is the quotes stage's business
            key = (A.id, h.a, B.id, h.b)
            if key in seen:
                continue
            seen.add(key)
            found.append(_finding(ctx, h, sa, sb))
    return found


def _finding(ctx: StoryContext, h: _Hit, sa: _Sent, sb: _Sent) -> Contradiction:
    sides = []
    for s, span in ((sa, h.a), (sb, h.b)):
        ann = ctx.annotated[s.ai]
        art: Article = ann.article
        sides.append(ContradictionSide(
            value=art.text[span[0]:span[1]], normalized=art.text[span[0]:span[1]].lower(),
            articles=[art.id], outlets=outlets_of([art]),
            evidence=[context_evidence(art, span[0], span[1], sentence_span(ann, s.si))],
            anchors=[(art.id, span[0], span[1])]))
    subject = _subject(ctx, sa, h.a)
    parts = "; ".join(f"{join_names(s.outlets)}: \u201c{s.value}\u201d" for s in sides)
    return Contradiction(kind=h.kind, subject=subject, attribute=h.attribute, sides=sides,
                         explanation=f"The best-aligned sentences of independent reports tell the "
                                     f"same event differently ({h.what}): {parts}.")


def _subject(ctx: StoryContext, s: _Sent, span: tuple[int, int]) -> str:
    ann = ctx.annotated[s.ai]
    for m in ann.entities:
        if m.sentence == s.si and m.label in ("PERSON", "ORG", "GPE", "NORP") \
                and not (m.start < span[1] and span[0] < m.end):
            return ctx.canonical(m.text) or m.text
    return " ".join(ann.article.text[s.start:s.end].split()[:4])
