"""Quote wording: one statement quoted in different words by independent sources.

``quote_contradictions(groups, roots) -> list[Contradiction]`` restates the quotes stage's
``QuoteGroup(reworded=True)`` (``ctx.quotes``) as kind "quote" contradictions, when independent
sources carry them and a content word is replaced inside the shared wording (an excerpt, a dropped
"that" or a plural is not a contradiction).

Transitional: the quotes stage (``compare/quotes.py``) takes this over as
``quote_wording_contradictions``; ``contradictions.quote_wording`` calls that one when it exists.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..model import Contradiction, ContradictionSide, QuoteGroup
from .evidence import STOP_WORDS
from .sources import join_names

__all__ = ["quote_contradictions", "meaningful_rewording"]


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
        if not any(meaningful_rewording(a.text, b.text)
                   for i, a in enumerate(g.variants) for b in g.variants[i + 1:]):
            continue  # "that" dropped, "Days"/"Day", quote marks: not worth a reader's alarm
        sides = [ContradictionSide(value=v.text, normalized=re.sub(r"\W+", " ", v.text.lower()).strip(),
                                   articles=list(v.articles), outlets=list(v.outlets),
                                   evidence=list(v.evidence)) for v in g.variants]
        speaker = g.speaker or "an unnamed speaker"
        out.append(Contradiction(
            kind="quote", subject=g.speaker or "", attribute="wording of a quote", sides=sides,
            explanation=f"The same statement by {speaker} is quoted in different words: "
                        + "; ".join(f"{join_names(s.outlets)}: \u201c{s.value}\u201d" for s in sides) + "."))
    return out


_QUOTE_STOP = STOP_WORDS | {"i", "me", "my", "we", "our", "you", "your", "it", "is", "was", "are", "be",
                      "that", "this", "these", "those", "so", "just", "very", "really", "s", "t",
                      "m", "re", "ve", "ll", "d"}


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def meaningful_rewording(a: str, b: str) -> bool:
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
