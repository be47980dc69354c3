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
  same polarity on both sides ("did not deny" is "confirmed": two negations cancel).  A sentence
  that joins facts of several sentences (a summary, a lede) is not among the closest of any one
  of them; in such less similar pairs the opposite words need the same word right before or
  after them and ``_MIN_NEAR`` content words in common within ``_NEAR`` tokens ("an increase
  in vaccine sales" / "a steep drop in coronavirus vaccine sales");
- **swaps**: a named entity (person, organisation, place, nationality; or a run of capitalised
  words the nlp stage did not tag), a figure, a numbered name ("F-16" / "F-35"), an ordinal or a
  colour in the same role (the same word on both sides of it, or the same two words on one
  side; for a nationality, an ordinal, a colour or a numbered name, the same noun right after
  it: "the Russian embassy" / "the Mexican embassy") replaced by another of the same type, where
  neither report mentions the other one anywhere; two forms of one name ("Nov." / "November",
  "CDC" / "Centers for Disease Control", one entity cluster), a member of a list of names ("X
  and Y": a report may name part of a set), the source of a statement ("told CNN", "the AP
  reported"), a figure of another noun or period, or figures within rounding or a stated
  approximation never fire.  A list of modifiers ("yellow and blue paint") describes its one
  noun: it is compared as a whole, with a list in the same role.

Guardrails (precision first; each is tested in tests/test_compare_polarity.py): both sentences
come from different independent sources and have at least ``MIN_CONTENT`` content words, most
of them shared; questions and conditional sentences ("if", "unless", "whether") assert nothing;
"not only" is not a negation; two sentences that are both inside quotation marks are the quotes
stage's business; a negation or an opposite between reports published on different days may be
a status that changed ("refusing to resign", then "resigned"): ``find_developments`` says it.

Hand-written: no library does "the same event with its polarity flipped" between two sentences
without a parser or an inference model.  The sentences' tokens and negation scopes come from
compare/event_sentences.py, the slots and roles from compare/slots.py, the opposite words and the
stem from newsprism/lexicon.py (the package's one list of opposites).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..lexicon import CONVERSE_STEMS, OPPOSITES, RELATION_WORDS
from ..model import AnnotatedArticle, Article, Contradiction, ContradictionSide
from .context import StoryContext
from .event_sentences import EventSentence, asserts, event_sentences, in_quote, mentions
from .evidence import context_evidence, sentence_span
from .slots import (MODIFIER_GROUPS, NAME_GROUPS, SentenceSlot, cited, edge_words, list_span, name_variants,
                    neighbours, role_match, same_group, same_head, same_measure, same_role, sentence_slots,
                    token_range, value_at, value_in)
from .sources import join_names, outlets_of
from .values import compatible

__all__ = ["event_contradictions"]

_MIN_SHARED = 3  # content words two aligned sentences must share (besides the compared ones)
_MIN_SHARED_SHARE = 0.5  # ... as a share of the shorter sentence's content words
_TOP_K = 2  # each sentence's best-aligned sentences in the other sources
_FLOOR = {"cosine": 0.6, "tfidf": 0.3}
# A swapped name or figure needs its role to match word for word, so it is looked for in more
# (and less similar) sentences: a summary sentence may join facts of several sentences.
_TOP_K_SWAP = 10
_FLOOR_SWAP = {"cosine": 0.4, "tfidf": 0.2}
# ... and so are opposite words, with content words in common within _NEAR tokens of them.
_NEAR = 4
_MIN_NEAR = 2


@dataclass
class _Hit:
    kind: str  # Contradiction kind: "negation" | "name" | "place" | "number"
    attribute: str
    a: tuple[int, int]  # compared span in article a
    b: tuple[int, int]
    what: str  # for the explanation


def _polarity(sa: EventSentence, sb: EventSentence) -> list[_Hit]:
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
        if not same_role(sa, i, sb, j, 4):
            continue  # the same word about something else ("worked in his office" / "did not
            # work for his administration")
        span_a = sa.negated[i] if na else (sa.toks[i].start, sa.toks[i].end)
        span_b = sb.negated[j] if nb else (sb.toks[j].start, sb.toks[j].end)
        neg_side = "a" if na else "b"
        hits.append(_Hit("negation", "what happened", span_a, span_b,
                         f"negated in {'the first' if neg_side == 'a' else 'the second'}"))
    return hits


def _subject_before(s: EventSentence, i: int) -> str | None:
    for k in range(i - 1, -1, -1):
        t = s.toks[k]
        if t.raw[:1].isupper() and k > 0 or t.content and k == 0:
            return t.stem
    return None


def _opposites(sa: EventSentence, sb: EventSentence, close: bool = True) -> list[_Hit]:
    """A word replaced by its opposite, the same polarity on both sides.  In two sentences that
    are not each other's closest (a summary sentence joins facts of several sentences), the
    opposite words must be in the same role by ``_near_role``."""
    hits = []
    for i, ta in enumerate(sa.toks):
        opp = OPPOSITES.get(ta.stem)
        if not opp or ta.stem in sb.stems or (ta.raw[:1].isupper() and i > 0) or ta.low in RELATION_WORDS:
            continue  # "before" / "after": a relation, not the event; only a sentence otherwise
            # word for word the same shows it (compare/aligned.py)
        for j, tb in enumerate(sb.toks):
            if tb.stem not in opp or tb.stem in sa.stems or (tb.raw[:1].isupper() and j > 0):
                continue
            if (i in sa.negated) != (j in sb.negated):
                continue  # "did not deny" / "confirmed": two negations cancel
            if frozenset((ta.stem, tb.stem)) in CONVERSE_STEMS:
                subj_a, subj_b = _subject_before(sa, i), _subject_before(sb, j)
                if subj_a is None or subj_a != subj_b:
                    continue
            if close and not role_match(sa, (i, i), sb, (j, j)):
                continue  # "the first recall election" / "sparked last year"
            if not close and not _near_role(sa, i, sb, j):
                continue
            hits.append(_Hit("negation", "what happened", (ta.start, ta.end), (tb.start, tb.end),
                             "opposite words"))
    return hits


def _near_role(sa: EventSentence, i: int, sb: EventSentence, j: int) -> bool:
    """Opposite words of two less similar sentences in the same role: the same word right before
    or right after them, and ``_MIN_NEAR`` content words in common within ``_NEAR`` tokens ("an
    increase in vaccine sales" / "a steep drop in coronavirus vaccine sales"; not "last year" /
    "the first 27 years")."""
    (la, ra), (lb, rb) = edge_words(sa, i, i), edge_words(sb, j, j)
    if not ((la[:1] and la[:1] == lb[:1]) or (ra[:1] and ra[:1] == rb[:1])):
        return False
    return len(neighbours(sa, i, _NEAR) & neighbours(sb, j, _NEAR)) >= _MIN_NEAR


@dataclass
class _Story:
    """What the swap rules read of every article, computed once per story."""

    names: list[set[str]]  # per article: the canonical names of its entity mentions
    outlets: set[str]
    annotated: Sequence[AnnotatedArticle]
    slot_cache: dict[tuple[int, int], list[SentenceSlot]] = field(default_factory=dict)

    def slots(self, s: EventSentence) -> list[SentenceSlot]:
        """The sentence's slots, computed the first time a pair asks (most sentences are in none)."""
        key = (s.ai, s.si)
        if key not in self.slot_cache:
            self.slot_cache[key] = sentence_slots(self.annotated[s.ai], s)
        return self.slot_cache[key]


def _story(ctx: StoryContext) -> _Story:
    return _Story(names=[{ctx.canonical(m.text) or m.text for m in an.entities} for an in ctx.annotated],
                  outlets={an.article.outlet.lower() for an in ctx.annotated if an.article.outlet},
                  annotated=ctx.annotated)


def _swaps(ctx: StoryContext, story: _Story, sa: EventSentence, sb: EventSentence) -> list[_Hit]:
    """A name, figure, code, ordinal or colour of ``sb`` in the role one of ``sa`` has, which
    report A never mentions, while ``sb`` does not have the one of ``sa`` (both directions)."""
    return _swaps_one_way(ctx, story, sa, sb) + [_Hit(h.kind, h.attribute, h.b, h.a, h.what)
                                                  for h in _swaps_one_way(ctx, story, sb, sa)]


def _swaps_one_way(ctx: StoryContext, story: _Story, sa: EventSentence, sb: EventSentence) -> list[_Hit]:
    A, B = ctx.annotated[sa.ai], ctx.annotated[sb.ai]
    ta, tb = A.article.text, B.article.text
    names_a, names_b, outlets = story.names[sa.ai], story.names[sb.ai], story.outlets
    hits = []
    slots_a = story.slots(sa)
    for xb in story.slots(sb):
        if in_quote(tb, sb.start, xb.start):
            continue
        if mentions(ta, xb.text) or (xb.group in NAME_GROUPS and (ctx.canonical(xb.text) or xb.text) in names_a):
            continue  # report A mentions it too
        if xb.group.startswith("number:") and value_in(A, value_at(B, xb)):
            continue
        rb = token_range(sb, xb.start, xb.end)
        if rb is None or (xb.group in NAME_GROUPS and cited(sb, rb)) or xb.text.lower() in outlets:
            continue
        list_b = list_span(sb, rb)
        for xa in slots_a:
            if not same_group(xa.group, xb.group) or mentions(tb, xa.text):
                continue  # report B mentions the other one too: a list, a second place
            if xa.group in NAME_GROUPS and (ctx.canonical(xa.text) or xa.text) in names_b:
                continue
            if xa.group.startswith("number:") and value_in(B, value_at(A, xa)):
                continue
            if xa.group in NAME_GROUPS and ctx.canonical(xa.text) and \
                    ctx.canonical(xa.text) == ctx.canonical(xb.text):
                continue
            if in_quote(ta, sa.start, xa.start):
                continue
            if xa.text.lower() == xb.text.lower():
                continue
            if xa.group.startswith("number:"):
                va, vb = value_at(A, xa), value_at(B, xb)
                if va is None or vb is None or compatible(va, ta, vb, tb) or not same_measure(va, vb):
                    continue
            if xa.group in NAME_GROUPS and name_variants(xa.text, xb.text):
                continue
            ra = token_range(sa, xa.start, xa.end)
            if ra is None or (xa.group in NAME_GROUPS and cited(sa, ra)) or xa.text.lower() in outlets:
                continue  # the source of a statement ("told CNN") is a name; a figure never is
            if not _same_slot_role(sa, ra, sb, rb, list_b, xa.group if xa.group != "name" else xb.group):
                continue
            if xa.group.startswith("number:") and edge_words(sa, *ra)[1][:1] != edge_words(sb, *rb)[1][:1]:
                continue  # a figure of another noun ("a $6 trillion budget" / "$5 trillion in ...")
            group = xa.group if xa.group != "name" else xb.group
            kind = "place" if group == "place" else "name" if group in NAME_GROUPS else "number"
            what = group.split(":")[0]
            hits.append(_Hit(kind, what, (xa.start, xa.end), (xb.start, xb.end), f"another {what}"))
    return hits


def _same_slot_role(sa: EventSentence, ra: tuple[int, int], sb: EventSentence, rb: tuple[int, int],
                    list_b: tuple[int, int] | None, group: str) -> bool:
    """Two slots in the same role: the same words around them (``role_match``), or, for a word
    that modifies a noun (a nationality, an ordinal, a colour, a numbered name), the same noun
    after it.  A list
    of names is a set a report may give in part ("piers in Lisbon and Faro" / "in Porto and
    Faro"), so its members are never swaps; a list of modifiers describes its one noun ("yellow
    and blue paint"), so it is compared as a whole, and only with a list."""
    list_a = list_span(sa, ra)
    if list_a is not None or list_b is not None:
        if group not in MODIFIER_GROUPS or list_a is None or list_b is None:
            return False
        ra, rb = list_a, list_b
    modifier = group in MODIFIER_GROUPS or group.startswith("code:")  # "F-35 jets"
    return role_match(sa, ra, sb, rb) or (modifier and same_head(sa, ra, sb, rb))


def _describes_same_event(sa: EventSentence, sb: EventSentence) -> bool:
    shared = sa.stems & sb.stems
    return len(shared) >= _MIN_SHARED and \
        len(shared) >= _MIN_SHARED_SHARE * min(len(sa.stems), len(sb.stems))


def event_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """Negation, opposite words and swapped names or figures between best-aligned sentences of
    independent sources (see the module docstring).  Anchors: the compared words."""
    sents = event_sentences(ctx.annotated)
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
        if not (asserts(ta, sa) and asserts(tb, sb)):
            continue
        hits = _swaps(ctx, story, sa, sb)
        pa, pb = ctx.published(a), ctx.published(b)
        if pa is None or pb is None or pa == pb:  # else a status may have changed between the
            # days: "refusing to resign" then "resigned" is find_developments' business
            if (a, i, b, j) in close and _describes_same_event(sa, sb):
                hits = _polarity(sa, sb) + _opposites(sa, sb) + hits
            else:
                hits = _opposites(sa, sb, close=False) + hits
        for h in hits:
            if in_quote(ta, sa.start, h.a[0]) and in_quote(tb, sb.start, h.b[0]):
                continue  # two quotes: their wording is the quotes stage's business
            key = (A.id, h.a, B.id, h.b)
            if key in seen:
                continue
            seen.add(key)
            found.append(_finding(ctx, h, sa, sb))
    return found


def _finding(ctx: StoryContext, h: _Hit, sa: EventSentence, sb: EventSentence) -> Contradiction:
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


def _subject(ctx: StoryContext, s: EventSentence, span: tuple[int, int]) -> str:
    ann = ctx.annotated[s.ai]
    for m in ann.entities:
        if m.sentence == s.si and m.label in ("PERSON", "ORG", "GPE", "NORP") \
                and not (m.start < span[1] and span[0] < m.end):
            return ctx.canonical(m.text) or m.text
    return " ".join(ann.article.text[s.start:s.end].split()[:4])
