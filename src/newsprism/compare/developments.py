"""Developments: a story that changed over time, told by reports written at different moments.

An article published while someone was refusing to resign and one published after the
resignation do not contradict each other: the second supersedes the first.  Each article gets the
most advanced *status* of a person it reports (an ordered lifecycle: asked to go -> refusing ->
gone); when independent sources report different statuses, the steps are listed in lifecycle order
with their publication dates, outlets and evidence.

The state lexicon is small and hand-written on purpose: there is no off-the-shelf model that maps
"is staying put" or "would stick around" onto a status lifecycle, and a short, readable list keeps
what is matched predictable (precision over recall).  Each pattern is tested.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from ..model import AnnotatedArticle, Development, DevelopmentStep, Evidence
from .context import StoryContext
from .entities import canonical_name
from .evidence import sentence_evidence

__all__ = ["find_developments", "STATES", "status_of_sentence", "statuses_of_sentence"]

_PRONOUN = r"(?:he|she|they|him|her|them)"
# (rank, label, patterns) in lifecycle order; the highest rank an article reports is its status.
STATES: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (0, "asked to resign", (
        r"\basked\b[^.;:]{0,40}?\bto (?:resign|step down|step aside|leave|quit)\b",
        r"\basked for (?:his|her|their) resignation\b",
        r"\b(?:was|were|been|being) (?:given|issued) an ultimatum\b",
        r"\b(?:call|request|calls|requests) for (?:his|her|their) resignation\b",
        r"\bresignation request\b",
    )),
    (1, "refusing to resign", (
        r"\brefus\w*(?: \w+){0,3}? to (?:step down|resign|go|leave|quit|do so|step aside)\b",
        r"\b(?:has|had) refused\b",
        r"\b(?:won't|wouldn't|will not|would not|isn't going to|is not going to) "
        r"(?:step down|resign|go|leave|quit)\b",
        r"\b(?:is|was) staying put\b|\bstaying put\b",
        r"\b(?:would|will) stick around\b",
        r"\brejected (?:a |the |his |her )?(?:resignation )?request\b",
        r"\bno justification for (?:me|him|her) to resign\b",
        r"\bdefying (?:efforts|calls|attempts) to oust\b",
    )),
    (2, "resigned", (
        r"\b(?:has |had |have )?resigned\b",
        r"\bsubmitted (?:his|her|their|a) (?:resignation|letter of resignation)\b",
        r"\b(?:has |had )?stepped down\b",
        r"\b(?:accepted|announced) (?:[\w'\u2019]+ ){0,2}resignation\b",
        r"\bresignation (?:letter )?(?:was |has been )?accepted\b",
    )),
)
_COMPILED = [(rank, label, [re.compile(p, re.IGNORECASE) for p in pats]) for rank, label, pats in STATES]
# words that make a "resigned" match not about the current status: a former post, a hypothetical
_NOT_NOW = re.compile(r"\b(?:if|would have|previously|had previously|in 20\d\d|from 20\d\d)\b",
                      re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+)?$", re.IGNORECASE)


# cached: the claims pass asks once per sentence, and syndicated copies repeat sentences word for word
@functools.lru_cache(maxsize=8192)
def statuses_of_sentence(sentence: str) -> frozenset[int]:
    """Every lifecycle rank a sentence mentions ("resigned a day after refusing" -> {1, 2})."""
    out = set()
    for rank, _, rxs in _COMPILED:
        for rx in rxs:
            for m in rx.finditer(sentence):
                if rank == 2 and (_NEGATED.search(sentence[max(0, m.start() - 20):m.start()])
                                  or _NOT_NOW.search(sentence)):
                    continue
                out.add(rank)
    return frozenset(out)


def status_of_sentence(sentence: str) -> tuple[int, str, int, int] | None:
    """(rank, label, start, end) of the most advanced status a sentence reports, or None."""
    best = None
    for rank, label, rxs in _COMPILED:
        for rx in rxs:
            for m in rx.finditer(sentence):
                if rank == 2:
                    if _NEGATED.search(sentence[max(0, m.start() - 20):m.start()]):
                        continue
                    if _NOT_NOW.search(sentence):
                        continue
                if best is None or rank > best[0] or (rank == best[0] and m.start() < best[2]):
                    best = (rank, label, m.start(), m.end())
    return best


def _subject(ann: AnnotatedArticle, si: int, entities: Any, match_start: int = 0,
             match_end: int | None = None) -> str | None:
    """The person a status sentence is about: the last person named before the end of the status
    words, not counting possessives ("Biden's border czar has resigned" is not about Biden)."""
    text = ann.article.text
    end = match_end if match_end is not None else ann.sentences[si].end
    best = None
    for m in ann.entities:
        if m.sentence != si or m.label != "PERSON" or m.start >= end:
            continue
        possessive = re.match(r"['\u2019]s?\b", text[m.end:m.end + 2])
        if possessive and not (match_start <= m.start):
            continue
        if best is None or m.start > best.start:
            best = m
    return canonical_name(best.text, entities) if best else None


def find_developments(ctx: StoryContext) -> list[Development]:
    """The main subject's status (asked to go -> refusing -> gone) across independent sources,
    in lifecycle order with publication dates.  Reads each sentence with the status lexicon."""
    annotated, entities, roots = ctx.annotated, ctx.entities, ctx.roots
    # every status sentence: (article, rank, label, evidence, person named in it or None)
    hits: list[tuple[str, int, str, Evidence, str | None]] = []
    for ann in annotated:
        text = ann.article.text
        for si, s in enumerate(ann.sentences):
            hit = status_of_sentence(text[s.start:s.end])
            if hit is None:
                continue
            hits.append((ann.article.id, hit[0], hit[1], sentence_evidence(ann, s.start, s.end),
                         _subject(ann, si, entities, s.start + hit[2], s.start + hit[3])))
    subjects = Counter(h[4] for h in hits if h[4])
    subject = sorted(subjects.items(), key=lambda t: (-t[1], t[0]))[0][0] if subjects else None
    # article -> (rank, label, evidence): the most advanced status of the main subject (sentences
    # naming nobody count for the subject: "he resigned"; sentences naming someone else do not)
    status: dict[str, tuple[int, str, list[Evidence]]] = {}
    for aid, rank, label, ev, subj in hits:
        if subj is not None and subj != subject:
            continue
        cur = status.get(aid)
        if cur is None or rank > cur[0]:
            status[aid] = (rank, label, [ev])
        elif rank == cur[0]:
            cur[2].append(ev)
    ranks = {v[0] for v in status.values()}
    if len(ranks) < 2:
        return []
    if len({roots[a] for a in status}) < 2:
        return []
    by_id = {a.article.id: a.article for a in annotated}
    order = {a.article.id: k for k, a in enumerate(annotated)}
    steps: list[DevelopmentStep] = []
    undated = []
    for rank in sorted(ranks):
        ids = sorted((a for a, v in status.items() if v[0] == rank),
                     key=lambda a: (by_id[a].published or "9999", order[a]))
        label = status[ids[0]][1]
        dates = sorted(by_id[a].published for a in ids if by_id[a].published)
        undated += [by_id[a].outlet for a in ids if not by_id[a].published]
        steps.append(DevelopmentStep(
            published=dates[0] if dates else None, text=label, articles=ids,
            outlets=sorted({by_id[a].outlet for a in ids}),
            evidence=[ev for a in ids for ev in status[a][2][:2]]))
    subject = subject or "the subject"
    parts = []
    for k, st in enumerate(steps):
        when = f"on {st.published}" if st.published else "(publication date unknown)"
        lead = "reported as" if k == 0 else "then"
        parts.append(f"{lead} {st.text} {when} by {', '.join(st.outlets)}")
    explanation = f"{subject}: " + ", ".join(parts) + "."
    explanation += " Later reports supersede earlier ones; this is a development, not a contradiction."
    if undated:
        explanation += (f" Undated report(s) from {', '.join(sorted(set(undated)))} are placed by "
                        "what they report, not by a publication date.")
    dated = [(st.published, k) for k, st in enumerate(steps) if st.published]
    if any(a[0] > b[0] for a, b in zip(dated, dated[1:])):
        explanation += " Note: publication dates do not follow this order; an older status was still being reported later."
    return [Development(subject=subject, attribute="status", steps=steps, explanation=explanation)]

