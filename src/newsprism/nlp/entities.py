"""Named-entity mentions over Article.text: spaCy's NER plus fixes for its common news slips.

spaCy's small English model finds most names but (a) keeps a possessive ("Donald Trump’s",
"Magnus’") or an agency credit ("Rod Lamkey/AP") inside the span, (b) sometimes pulls a verb or a
title into it ("impeach Mr Mayorkas"), and (c) labels a bare surname inconsistently within one
article ("Magnus" as a place right after "Chris Magnus" as a person).  The fixes here are
per-article and deterministic:

- spans are trimmed: leading "the"/titles/verbs, trailing possessives, "/AGENCY" credits and
  punctuation; titles (Mr, Ms, Dr, Gov., Sen. ...) are never inside a name span;
- a name preceded by a personal title is a PERSON;
- a mention whose last word is the surname of a PERSON named in the same article is a PERSON;
- an unlabelled or ORG/GPE single proper noun that is the subject of a verb only people do
  ("asked", "said", "resigned") is a PERSON.

Cross-article resolution (aliases, suspect spellings) belongs to compare/.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from .. import lexicon
from ..model import Mention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")

PERSON_TITLES = lexicon.HONORIFICS | lexicon.TITLE_ABBREVIATIONS | lexicon.TITLE_WORDS
# Honorifics that mark the next name as a person (a subset: "President" may precede a country).
_HONORIFICS = lexicon.HONORIFICS | {"gov", "sen", "rep"}
# Nouns naming a person by role ("the governor", "a spokesman").
_ROLE_NOUNS = PERSON_TITLES | {
    "official", "spokesman", "spokeswoman", "spokesperson", "director", "leader", "lawyer",
    "attorney", "officer", "agent", "witness", "resident", "manager", "executive", "ceo",
    "founder", "chairman", "chairwoman", "chair", "head", "aide", "adviser", "advisor", "source",
    "premier", "prosecutor", "coach", "player", "author", "analyst", "expert", "doctor", "nurse",
    "teacher", "student", "woman", "man", "father", "mother", "wife", "husband", "son", "daughter",
}
# Verbs whose subject is (almost always) a person.
PERSON_VERBS = {
    "say", "tell", "ask", "resign", "refuse", "write", "insist", "travel", "admit", "deny",
    "announce", "testify", "argue", "add", "explain", "claim", "thank", "serve", "lead", "die",
    "marry", "defend", "blame", "recall", "urge", "warn", "vow", "decline", "step",
}
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_CREDIT = re.compile(r"\s*/\s*[A-Z][A-Za-z .]*$")  # "Rod Lamkey/AP", "Jane Doe / Reuters"
_LEADING_WORDS = {"the", "a", "an", "by", "of", "and"}


def _clean_span(doc: "Doc", start_tok: int, end_tok: int, text: str, label: str = "PERSON") -> tuple[int, int] | None:
    """Character span of the name inside tokens [start_tok, end_tok), trimmed."""
    i, j = start_tok, end_tok
    titles = PERSON_TITLES if label == "PERSON" else _HONORIFICS
    while i < j:
        tok = doc[i]
        low = tok.text.lower().rstrip(".")
        if tok.is_punct or tok.is_space or ((low in _LEADING_WORDS or tok.tag_.startswith("VB")) and i + 1 < j):
            i += 1
        elif low in titles and i + 1 < j and doc[i + 1].text[:1].isupper():
            i += 1
        else:
            break
    while j > i and (doc[j - 1].is_punct or doc[j - 1].is_space or doc[j - 1].text in ("'s", "’s", "'", "’")):
        j -= 1
    if j <= i:
        return None
    s = doc[i].idx
    e = doc[j - 1].idx + len(doc[j - 1].text)
    span = text[s:e]
    m = _CREDIT.search(span)
    if m and "/" in span:
        e = s + m.start()
        span = text[s:e]
    m = _POSSESSIVE.search(span)
    if m and (len(span) - len(m.group()) >= 2):
        # "Magnus’" -> "Magnus", "Trump’s" -> "Trump"; keep "Martha’s Vineyard" (inner ’s)
        if m.group() in ("s'", "s’"):
            e -= 1  # "Agents'" -> "Agents"
        else:
            e -= len(m.group())
    while e > s and not text[e - 1].isalnum() and text[e - 1] not in ".)":
        e -= 1
    # a single trailing dot belongs to an abbreviation ("N.D.", "Calif.") only
    if e > s and text[e - 1] == "." and not re.search(r"(?:\b[A-Z]\.){1,}$|\b[A-Z][a-z]{1,4}\.$", text[s:e]):
        e -= 1
    if e <= s or text[s:e].isspace():
        return None
    return s, e


def _title_before(doc: "Doc", tok_i: int) -> bool:
    if tok_i <= 0:
        return False
    prev = doc[tok_i - 1]
    return prev.text.lower().rstrip(".") in _HONORIFICS and prev.text[:1].isupper()


def extract_mentions(doc: "Doc", text: str, sentence_of: Callable[[int], int]) -> list[Mention]:
    """Mentions of people, organisations and places, with per-article label fixes."""
    raw: list[tuple[int, int, str, int]] = []  # start, end, label, first token index
    covered: set[int] = set()
    for ent in doc.ents:
        label = ent.label_
        if label not in LABELS:
            continue
        if "\n\n" in ent.text:
            continue
        span = _clean_span(doc, ent.start, ent.end, text, label)
        if span is None:
            continue
        s, e = span
        first_tok = next((t.i for t in ent if t.idx >= s), ent.start)
        if any(_title_before(doc, t.i) for t in ent if t.idx == s) or _title_before(doc, first_tok):
            label = "PERSON"
        raw.append((s, e, label, first_tok))
        covered.update(range(ent.start, ent.end))

    # proper nouns spaCy left out, acting as the subject of a verb only people do
    for tok in doc:
        if tok.i in covered or tok.tag_ not in ("NNP",) or not tok.text[:1].isupper():
            continue
        if tok.dep_ in ("nsubj",) and tok.head.lemma_ in PERSON_VERBS and len(tok.text) > 2:
            # the whole name: proper-noun compounds right before it ("Mayor Ilse Brandt said")
            first = tok.i
            while first > 0 and doc[first - 1].tag_ == "NNP" and doc[first - 1].dep_ == "compound" \
                    and doc[first - 1].head.i == tok.i and (first - 1) not in covered:
                first -= 1
            if first > 0 and doc[first - 1].tag_ == "NNP" and (first - 1) not in covered:
                continue  # an odd parse of a longer name; leave it
            span = _clean_span(doc, first, tok.i + 1, text)
            if span and span[1] - span[0] > 2:
                raw.append((span[0], span[1], "PERSON", tok.i))

    # surnames of people named in this article
    surnames: set[str] = set()
    for s, e, label, _ in raw:
        if label == "PERSON":
            surnames.add(text[s:e].split()[-1])
    fixed: list[tuple[int, int, str]] = []
    for s, e, label, tok_i in raw:
        words = text[s:e].split()
        if label in ("ORG", "GPE", "LOC", "FAC") and words and words[-1] in surnames \
                and all(w[:1].isupper() for w in words) and len(words) <= 3:
            label = "PERSON"
        elif label in ("ORG", "GPE") and len(words) == 1 and tok_i < len(doc):
            tok = doc[tok_i]
            if tok.dep_ == "nsubj" and tok.head.lemma_ in PERSON_VERBS and tok.tag_ == "NNP" \
                    and not text[s:e].isupper():
                label = "PERSON"
        fixed.append((s, e, label))

    fixed = _merge_and_orgs(sorted(fixed), text)
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for s, e, label in fixed:
        if label == "PERSON":
            # a title left in front after relabelling ("Mayor Ilse Brandt" seen as an ORG first)
            while True:
                m = re.match(r"([A-Za-z]+)\.?\s+(?=[A-Z])", text[s:e])
                if not m or m.group(1).lower() not in PERSON_TITLES or m.end() >= e - s:
                    break
                s += m.end()
        if (s, e) in seen:
            continue
        seen.add((s, e))
        out.append(Mention(s, e, text[s:e], label, sentence_of(s)))
    return out


_ROLE_AFTER = re.compile(
    r"^\s+(?:head|chief|commissioner|director|official|officials|agency|agent|agents|officer|officers|"
    r"spokesman|spokeswoman|spokesperson|secretary|deputy|acting|staff|employees|Commissioner|"
    r"Director|Chief|Secretary|Deputy|Acting)\b"
)


def _merge_and_orgs(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """"US Customs" + "and" + "Border Protection" used before a role word ("... head Chris
    Magnus") is one agency name, which spaCy's small model splits in two."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if out and label == "ORG" and out[-1][2] == "ORG" and text[out[-1][1]:s] == " and " \
                and _ROLE_AFTER.match(text[e:e + 20]):
            out[-1] = (out[-1][0], e, "ORG")
            continue
        out.append((s, e, label))
    return out


def canonical_names(mentions: list[Mention]) -> dict[str, str]:
    """Within one article, map a bare surname to the one full name that ends with it:
    "Magnus" -> "Chris Magnus".  A surname shared by two full names ("Barry Sherman",
    "Honey Sherman") stays as written; a full name always maps to itself."""
    people = sorted({m.text for m in mentions if m.label == "PERSON"})
    out: dict[str, str] = {}
    for name in people:
        words = name.split()
        if len(words) == 1:
            full = [p for p in people if len(p.split()) > 1 and p.split()[-1] == name]
            shortest = min(full, key=lambda p: (len(p.split()), p)) if full else None
            # "Jacintha Saldanha" and "Nurse Jacintha Saldanha" are one person
            if shortest and all(p.endswith(" " + shortest) or p == shortest for p in full):
                out[name] = shortest
            else:
                out[name] = name
        else:
            out[name] = name
    return out


def antecedent(mentions: list[Mention], doc: "Doc", offset: int, possessive: bool = False) -> Mention | None:
    """The person a "he"/"she"/"his"/"her" at ``offset`` most likely refers to.

    The last PERSON named before it that was the subject of its clause (the salient one: in
    "Magnus blamed governors ... for trips to Martha’s Vineyard. He said ..." it is Magnus),
    else the last PERSON named before it; None when no person was named yet.  A possessive
    ("his") takes the last person named ("Biden accepted Magnus’ resignation and appreciated
    his service": Magnus).
    """
    before = [m for m in mentions if m.label == "PERSON" and m.end <= offset]
    if not before:
        return None
    if possessive:
        return before[-1]
    chosen = before[-1]
    for m in reversed(before[-6:]):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span) and span.root.dep_ in ("nsubj", "nsubjpass"):
            chosen = m
            break
    # "The governor praised Whitfield. He said ...": a person described by a role, not a name,
    # is the subject nearer to the pronoun; we cannot name them, so we do not guess.
    between = doc.char_span(chosen.end, offset, alignment_mode="contract")
    if between is not None:
        for tok in between:
            # singular only: "residents deserved answers" does not stand between "Venn" and "she"
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NN" and tok.lemma_.lower() in _ROLE_NOUNS:
                return None
    return chosen
