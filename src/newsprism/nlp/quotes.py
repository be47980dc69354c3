"""Quotes over Article.text and who said them.

Spans: “…” and "…" pairs; ‘…’ / '…' only when they are clearly quote marks (an opening mark
before a word, a closing one not inside a word such as "didn’t"); a quote that runs over
several paragraphs (news style: each paragraph reopens with “ and only the last one closes)
is one span per paragraph, each attributed to the same speaker.  Offsets exclude the marks.

Speaker: a speech verb ("said", "told", "wrote", "according to") outside the quote, in the
sentences the quote spans, whose clause governs the quote or sits next to it; its subject is
the speaker.  "he"/"she" resolve to the last person named before in the article.  A speaker
that cannot be found is None, never guessed.  One- or two-word scare quotes ("lying") keep
None unless a speech verb governs them.  Hand-written: spaCy has no quote attribution and the
libraries that do (e.g. textacy's) do not keep offsets into our text.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..model import Mention, Quote, Sentence
from .entities import PERSON_TITLES, antecedent

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

SPEECH_VERBS = {
    "say", "tell", "write", "add", "state", "declare", "explain", "announce", "insist", "note",
    "argue", "claim", "warn", "recall", "comment", "remark", "reply", "respond", "acknowledge",
    "admit", "assert", "ask", "testify", "tweet", "post", "continue", "conclude", "describe",
    "call", "predict", "vow", "urge", "suggest", "confirm", "deny", "complain", "portray",
}
_PRONOUNS = {"he", "she"}
_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "miss", "prof", "sir", "dame"}
_PARA = re.compile(r"\n[ \t]*\n")


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    out, last = [], 0
    for m in _PARA.finditer(text):
        out.append((last, m.start()))
        last = m.end()
    out.append((last, len(text)))
    return out


_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:")


def _double_roles(para: str) -> list[tuple[int, str]]:
    """(offset, "open" | "close") of every double quote mark of a paragraph.  “ opens and ”
    (or '' after an open quote) closes; a straight " opens after a space or an opening bracket/dash and before a word,
    closes after a word; in between it closes an open quote, else opens one."""
    out: list[tuple[int, str]] = []
    is_open = False
    for i, ch in enumerate(para):
        if ch == "\u201c":
            role = "open"
        elif ch == "\u201d":
            role = "close"
        elif ch == "'" and is_open and para[i + 1:i + 2] == "'" and i and not para[i - 1].isspace():
            role = "close"  # '' closing a "-opened quote (wire style: "…,'' she said)
        elif ch == '"':
            before = para[i - 1] if i else " "
            after = para[i + 1] if i + 1 < len(para) else " "
            if before in _OPEN_BEFORE and not after.isspace():
                role = "open"
            elif not before.isspace() and (after.isspace() or not after.isalnum()):
                role = "close"
            else:
                role = "close" if is_open else "open"
        else:
            continue
        out.append((i, role))
        is_open = role == "open"
    return out


def _double_quotes(text: str) -> list[tuple[int, int]]:
    """(content_start, content_end) of every “…” and "…" quote (marks of either style may pair:
    "…” is one quote).  A closing mark with no opening one is not a quote.  A quote opened and
    not closed in its paragraph runs to the paragraph's end (news style: a quote over several
    paragraphs reopens each one and closes only the last)."""
    spans: list[tuple[int, int]] = []
    for ps, pe in _paragraph_bounds(text):
        para = text[ps:pe]
        open_at: int | None = None
        for i, role in _double_roles(para):
            if role == "open":
                open_at = i  # a second opening mark: the first one was stray
            elif open_at is not None:
                spans.append((ps + open_at + 1, ps + i))
                open_at = None
        if open_at is not None and pe - (ps + open_at) > 20:
            spans.append((ps + open_at + 1, pe))
    return spans


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quote in ``text`` (double-quoted, or single-quoted and not inside a
    double-quoted one), marks excluded, sorted; nested quotes belong to the quote around them."""
    spans = _double_quotes(text)
    spans += _single_quotes(text, spans)
    spans = sorted(set(spans))
    spans = [sp for sp in spans if not any(o != sp and o[0] <= sp[0] and sp[1] <= o[1] for o in spans)]
    out: list[tuple[int, int]] = []
    for sp in spans:  # marks that pair up across each other ('a "b' c") make no quote of the later one
        if not out or out[-1][1] <= sp[0]:
            out.append(sp)
    return out


def _single_quotes(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(“\"—-]))[‘'](?=[A-Za-z])", text):
        start = m.end()
        if any(a <= start < b for a, b in taken):
            continue
        close_mark = "’" if m.group() == "‘" else "'"
        j = start
        limit = min(len(text), start + 300)
        end = None
        while j < limit:
            k = text.find(close_mark, j, limit)
            if k < 0:
                break
            nxt = text[k + 1:k + 2]
            if (not nxt or not nxt.isalpha()) and k > start and not text[k - 1].isspace():
                if text[k - 1] == "s" and nxt == " " and close_mark == "’" and text[start:k].count(" ") > 12:
                    break
                end = k
                break
            j = k + 1
        if end is not None and "\n\n" not in text[start:end] \
                and not any(a < end and start < b for a, b in taken):  # never across a double quote
            spans.append((start, end))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


_NAME = r"((?:[A-Z][\w.’'-]+)(?:\s+[A-Z][\w.’'-]+){0,3})"
_SAID_AFTER = re.compile(r"^[,.!?]?\s*[”\"]?,?\s+(?:said|says|added|wrote|asked|explained|continued|recalled)\s+" + _NAME)
_NAME_SAID_AFTER = re.compile(
    r"^[,.!?]?\s*[”\"]?,?\s+((?:[A-Z][\w.’'-]+)(?:\s+[A-Z][\w.’'-]+){0,5}),?\s+(?:said|says|added|wrote|told)\b"
)


def _adjacent_name(text: str, qs: int, qe: int, mentions: list[Mention], canon: dict[str, str]) -> tuple[str, int, int] | None:
    """'“…,” said Dave Joyce' and '“…,” Joyce said': the name right after the closing mark,
    when it is a PERSON mention (the parser often makes the quote the subject)."""
    tail = text[qe:qe + 80]
    for rx in (_SAID_AFTER, _NAME_SAID_AFTER):
        m = rx.match(tail)
        if not m:
            continue
        ns = qe + m.start(1)
        for men in mentions:
            if men.label == "PERSON" and ns <= men.start < qe + m.end(1):
                return canon.get(men.text, men.text), men.start, men.end
    return None


def _speaker_of_verb(verb: "Token", doc: "Doc", mentions: list[Mention], canon: dict[str, str],
                     quote_spans: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    subj = [c for c in verb.children if c.dep_ in ("nsubj",)]
    if not subj:
        # "according to X"
        if verb.lower_ == "according":
            for p in verb.children:
                for pobj in p.children:
                    if pobj.dep_ == "pobj":
                        return _describe(pobj, doc, mentions, canon)
        return None
    return _describe(subj[0], doc, mentions, canon)


def _describe(tok: "Token", doc: "Doc", mentions: list[Mention], canon: dict[str, str]) -> tuple[str, int, int] | None:
    for m in mentions:
        if m.start <= tok.idx < m.end:
            return canon.get(m.text, m.text), m.start, m.end
    if tok.lower_ in _PRONOUNS:
        m = antecedent(mentions, doc, tok.idx)
        if m is not None:
            return canon.get(m.text, m.text), m.start, m.end
        return None
    if tok.pos_ == "PRON":
        return None
    # a noun with an entity inside its phrase: "a Politico report" -> Politico
    for child in tok.children:
        if child.dep_ in ("compound", "poss"):
            for m in mentions:
                if m.start <= child.idx < m.end:
                    return canon.get(m.text, m.text), m.start, m.end
    if tok.pos_ in ("NOUN", "PROPN"):
        words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct",)]
        # extend with "of/from ORG" ("an official from the Department of Homeland Security")
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "at", "with"):
                words.extend(t for t in child.subtree)
        words = sorted(set(words), key=lambda t: t.i)
        if not words:
            return None
        while len(words) > 1 and (words[0].text.lower().rstrip(".") in _TITLE_WORDS or (
                words[0].text.lower().rstrip(".") in PERSON_TITLES and words[1].text[:1].isupper()
                and tok.pos_ == "PROPN")):
            words = words[1:]
        s = words[0].idx
        e = words[-1].idx + len(words[-1].text)
        if e - s > 80:
            s, e = tok.idx, tok.idx + len(tok.text)
        return doc.text[s:e], s, e
    return None


def extract_quotes(doc: "Doc", text: str, mentions: list[Mention], sentences: list[Sentence],
                   sentence_of: Callable[[int], int], canon: dict[str, str]) -> list[Quote]:
    """Quotes of one article with their speakers (None when unknown), sorted by offset."""
    spans = quote_spans(text)
    inside = [(s - 1, e + 1) for s, e in spans]

    def in_quote(idx: int) -> bool:
        return any(a <= idx < b for a, b in inside)

    out: list[Quote] = []
    prev_speaker: tuple[str, int, int] | None = None
    prev_end = -1
    for qs, qe in spans:
        s, e = _trim(text, qs, qe)
        if e <= s:
            continue
        words = len(text[s:e].split())
        first_si = sentence_of(s)
        last_si = sentence_of(max(s, e - 1))
        if sentences:
            region = (sentences[first_si].start, sentences[last_si].end)
        else:
            region = (max(0, s - 200), min(len(text), e + 200))
        rspan = doc.char_span(region[0], region[1], alignment_mode="expand")
        speaker = _adjacent_name(text, qs, qe, mentions, canon)
        if speaker is None and rspan is not None:
            q_tokens = {t.i for t in rspan if s <= t.idx < e}
            best = None
            for tok in rspan:
                if in_quote(tok.idx):
                    continue
                is_verb = tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX")
                is_acc = tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"
                if not (is_verb or is_acc):
                    continue
                governs = bool(q_tokens & {t.i for t in tok.subtree})
                dist = min(abs(tok.idx - s), abs(tok.idx - e))
                score = (0 if governs else 1, dist)
                if best is None or score < best[0]:
                    best = (score, tok, governs)
            if best is not None and (best[2] or (words > 3 and best[0][1] <= 40)):
                found = _speaker_of_verb(best[1], doc, mentions, canon, spans)
                if found is None and best[1].lower_ == "according":
                    nxt = doc[best[1].i + 2] if best[1].i + 2 < len(doc) else None
                    if nxt is not None:
                        found = _describe(nxt, doc, mentions, canon)
                speaker = found
        # a paragraph that continues the previous quote (no closing mark before it)
        if speaker is None and prev_speaker is not None and text[qs - 1:qs] == "“" \
                and 0 <= s - prev_end < 8 and words > 2:
            speaker = prev_speaker
        if speaker is None and words > 2 and out and text[qs - 1:qs] in ("“", '"'):
            # "…,” he said. “…”: a second quote right after an attributed one in the same paragraph
            last = out[-1]
            gap = text[last.end:qs]
            if last.speaker and len(gap) < 60 and "\n\n" not in gap and re.search(r"\b(?:said|says|added|wrote)\b", gap):
                speaker = (last.speaker, last.speaker_start, last.speaker_end)
        out.append(Quote(s, e, text[s:e], speaker[0] if speaker else None,
                         speaker[1] if speaker else None, speaker[2] if speaker else None, first_si))
        prev_speaker = speaker
        prev_end = qe
    # an unclosed paragraph of a multi-paragraph quote takes the speaker of its continuation
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        open_ended = text[q.end:q.end + 1] not in ("”", '"') and text[q.end:q.end + 2].strip(" \t") in ("", "\n", "\n\n")
        if q.speaker is None and nxt.speaker and open_ended and len(q.text.split()) > 2 \
                and text[nxt.start - 1:nxt.start] == "“" and not text[q.end:nxt.start - 1].strip():
            out[i] = Quote(q.start, q.end, q.text, nxt.speaker, nxt.speaker_start, nxt.speaker_end, q.sentence)
    return out
