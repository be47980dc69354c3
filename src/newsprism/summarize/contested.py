"""Sentences that state a contested point as contested, built from the analysis' contradictions.

"Accounts differ on Magnus's age: reported as 61 by one outlet [2] and as 62 by two [1][3]."
Each generated sentence carries the evidence spans of every side, and cites every article behind
any side.
"""
from __future__ import annotations

import re

from ..model import Contradiction, StoryAnalysis, SummarySentence

_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
            9: "nine", 10: "ten"}


def count_words(n: int, noun: str = "outlet") -> str:
    word = _NUMBERS.get(n, str(n))
    return f"{word} {noun}" + ("" if n == 1 else "s")


# Differences in a name's spelling or a quote's wording are shown in the report ("Where they
# differ"), but they are not contested *facts* for the summary.
NOT_IN_SUMMARY = {"name", "spelling", "quote"}


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def topic(c: Contradiction) -> str:
    """What the outlets disagree about, as a noun phrase."""
    subject = (c.subject or "").strip()
    attribute = (c.attribute or "").strip()
    inner = re.search(r"\(([^)]*)\)", attribute)
    if inner:  # "place (regional office in ...)" -> "regional office"
        attribute = re.sub(r"\s*(\.\.\.|…)\s*$", "", inner.group(1)).strip()
        attribute = re.sub(r"\s+(in|at|of|from|to|on)$", "", attribute)
    if c.kind in ("count", "number") and attribute:
        return f"the number of {attribute}"
    if subject and attribute:
        return f"{_possessive(subject)} {attribute}"
    return subject or attribute or c.kind


def contested_sentences(analysis: StoryAnalysis) -> list[tuple[SummarySentence, list[tuple[str, int, int]]]]:
    """One contested sentence per contradiction, most widely reported first.

    Returns (sentence, evidence spans as (article id, start, end)) pairs.
    """
    index = {a.id: i for i, a in enumerate(analysis.articles)}

    def independent(side) -> int:
        """Independent outlets behind a side: a syndicated copy counts as its original."""
        ids = set(side.articles) | {e.article for e in side.evidence}
        roots = {analysis.articles[index[a]].duplicate_of or a for a in ids if a in index}
        return len(roots) or len(set(side.outlets))

    out = []
    for c in analysis.contradictions:
        if c.kind in NOT_IN_SUMMARY or (c.attribute or "") in NOT_IN_SUMMARY:
            continue
        sides = [s for s in c.sides if s.articles or s.evidence]
        if len(sides) < 2:
            continue
        # majority last reads naturally: "61 by one outlet and 62 by three"
        sides = sorted(sides, key=lambda s: (independent(s), str(s.value)))
        parts, cites, evidence = [], set(), []
        for s in sides:
            arts = sorted({index[a] + 1 for a in s.articles if a in index}
                          | {index[e.article] + 1 for e in s.evidence if e.article in index})
            n = independent(s)
            marks = "".join(f"[{k}]" for k in arts)
            parts.append(f"as {s.value} by {count_words(n)} {marks}".rstrip())
            cites.update(arts)
            evidence.extend(s.evidence)
        text = f"Accounts differ on {topic(c)}: reported " + ", ".join(parts[:-1]) + f" and {parts[-1]}."
        if len(parts) == 1:
            text = f"Accounts differ on {topic(c)}: reported {parts[0]}."
        # the [n] marks live in citations; keep the sentence text free of them like extracted ones
        text = _strip_marks(text)
        sentence = SummarySentence(text=text, citations=sorted(cites), evidence=evidence, contested=True)
        weight = sum(independent(s) for s in sides)
        out.append((weight, len(out), sentence, [(e.article, e.start, e.end) for e in evidence]))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [(s, spans) for _, _, s, spans in out]


def _strip_marks(text: str) -> str:
    return re.sub(r"\s*(\[\d+\])+", "", text)
