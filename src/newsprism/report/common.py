"""What every report format shares: article numbers, section data, small formatting helpers.

The renderers (terminal, Markdown, JSON, HTML) differ only in presentation; what goes into each
section is decided here once, so the formats never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, Evidence, StoryAnalysis, Summary

SECTIONS = (
    ("key", "Key points"),
    ("summary", "What happened"),
    ("agree", "Where the reports agree"),
    ("differ", "Where they differ"),
    ("exclusive", "Only in one report"),
    ("timeline", "Timeline"),
    ("quotes", "Who said what"),
    ("coverage", "Coverage"),
    ("removed", "What was removed while cleaning"),
)

DIFFERENCE_LABELS = {
    "different-period": "not a contradiction: different periods",
    "different-referent": "not a contradiction: about different things",
    "rounding": "not a contradiction: rounding",
    "caption-vs-body": "not a contradiction: photo caption vs body",
}


def numbers(analysis: StoryAnalysis) -> dict[str, int]:
    """Article id -> its 1-based number, as printed in citations."""
    return {a.id: i for i, a in enumerate(analysis.articles, start=1)}


def cite(nums: list[int] | set[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(nums)))


def cite_ids(analysis: StoryAnalysis, article_ids) -> str:
    nums = numbers(analysis)
    return cite({nums[a] for a in article_ids if a in nums})


def outlets_phrase(outlets: list[str]) -> str:
    return ", ".join(sorted(dict.fromkeys(outlets)))


def date_or_unknown(value: str | None) -> str:
    return value or "date unknown"


def clip(text: str, n: int = 160) -> str:
    """``text`` on one line, at most ``n`` characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n].rfind(" ")
    head = text[: cut if cut > n // 2 else n - 1]
    return head.rstrip(" ,;:-–—") + "…"


def context(analysis: StoryAnalysis, e: Evidence, limit: int = 200) -> tuple[str, str, str]:
    """(before, evidence, after): the evidence inside its sentence, for short values such as "61"."""
    try:
        text = analysis.article(e.article).text
    except KeyError:
        return "", e.text, ""
    lo = max(0, e.start - limit)
    before = text[lo:e.start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    before = before[cut + 1:] if cut >= 0 else ("…" if lo > 0 else "") + before
    after = text[e.end:e.end + limit]
    ends = [i for i in (after.find(". "), after.find("\n"), after.find("? "), after.find("! ")) if i >= 0]
    if ends:
        after = after[: min(ends) + 1]
    elif e.end + limit < len(text):
        after += "…"
    pre = " ".join(before.split())
    if pre and before[-1:].isspace():
        pre += " "
    post = " ".join(after.split())
    if post and after[:1].isspace():
        post = " " + post
    return pre, e.text, post


def independent_count(analysis: StoryAnalysis, article_ids) -> int:
    """Independent sources among ``article_ids``: a copy counts as its original."""
    ids = {a.id for a in analysis.articles}
    roots = set()
    for aid in article_ids:
        try:
            art = analysis.article(aid)
        except KeyError:
            continue
        roots.add(art.duplicate_of if art.duplicate_of in ids else aid)
    return len(roots)


@dataclass
class Coverage:
    number: int
    article: Article
    words: int
    exclusives: list[str] = field(default_factory=list)
    only_entities: list[str] = field(default_factory=list)
    cited_in_summary: int = 0


def coverage(analysis: StoryAnalysis, summary: Summary) -> list[Coverage]:
    """Per article: date, length, what it reports that no other outlet does."""
    out = []
    nums = numbers(analysis)
    for a in analysis.articles:
        c = Coverage(nums[a.id], a, a.words)
        c.exclusives = [clip(x.text, 120) for x in sorted(analysis.exclusives, key=lambda x: -x.salience)
                        if x.article == a.id][:3]
        c.only_entities = sorted({e.name for e in analysis.entities
                                  if set(e.outlets) == {a.outlet} and len(analysis.articles) > 1})[:5]
        c.cited_in_summary = sum(1 for s in summary.sentences if nums[a.id] in s.citations)
        out.append(c)
    return out


def exclusives_by_outlet(analysis: StoryAnalysis) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for x in analysis.exclusives:
        groups.setdefault(x.outlet, []).append(x)
    return [(o, sorted(v, key=lambda x: (-x.salience, x.text))) for o, v in sorted(groups.items())]


def timeline_sorted(analysis: StoryAnalysis) -> list:
    dated = sorted((t for t in analysis.timeline if t.date), key=lambda t: (t.date, t.text))
    return dated + [t for t in analysis.timeline if not t.date]


def _contested_spans(analysis: StoryAnalysis) -> set[tuple[str, int, int]]:
    return {(e.article, e.start, e.end) for x in analysis.contradictions for s in x.sides for e in s.evidence}


def _within(ev, spans: set[tuple[str, int, int]]) -> bool:
    return any(a == ev.article and s <= ev.start and ev.end <= e for a, s, e in spans)


def suspect_spellings(analysis: StoryAnalysis) -> list:
    """Suspect spellings that no contradiction already shows (each finding once: compare turns
    every suspect spelling it can evidence into a "name" contradiction)."""
    spans = _contested_spans(analysis)
    return [s for e in analysis.entities for s in e.suspect_spellings
            if not (s.evidence and all(_within(ev, spans) for ev in s.evidence))]


def reworded_quotes(analysis: StoryAnalysis) -> list:
    """Reworded quote groups that no "quote" contradiction already shows."""
    spans = _contested_spans(analysis)
    return [q for q in analysis.quotes if q.reworded and len(q.variants) > 1
            and not all(_within(ev, spans) for v in q.variants for ev in v.evidence)]


def quotes_by_speaker(analysis: StoryAnalysis) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for q in analysis.quotes:
        groups.setdefault(q.speaker or "Unattributed", []).append(q)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "Unattributed", kv[0]))


def removals(analysis: StoryAnalysis) -> list[tuple[int, Article]]:
    nums = numbers(analysis)
    return [(nums[a.id], a) for a in analysis.articles if a.removals]


class EvidenceIndex:
    """Gives every distinct evidence span a stable key ("e1", "e2"...) for anchors and highlights."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, int, int], str] = {}
        self.kinds: dict[str, set[str]] = {}

    def key(self, e: Evidence, kind: str = "cited") -> str:
        k = (e.article, e.start, e.end)
        if k not in self.keys:
            self.keys[k] = f"e{len(self.keys) + 1}"
        key = self.keys[k]
        self.kinds.setdefault(key, set()).add(kind)
        return key

    def keys_for(self, evidence: list[Evidence], kind: str = "cited") -> list[str]:
        return [self.key(e, kind) for e in evidence]

    def spans(self, article_id: str) -> list[tuple[int, int, str, set[str]]]:
        return sorted((s, e, key, self.kinds[key]) for (a, s, e), key in self.keys.items() if a == article_id)
