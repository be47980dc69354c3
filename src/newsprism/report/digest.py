"""What a report shows, each finding once: the title in its latest state, the Key points, and the
finding lists with repeats taken out.  Every format (terminal, Markdown, HTML) reads one Digest.

- Title: when the story developed (``analysis.developments``), the title states the latest step:
  a real headline of a report in that step, else the opening clause of its evidence sentence.
- Key points: what happened (latest state first), each dispute on ONE line with both sides and
  their outlets, and what only one outlet reports.
- Each finding once, decided by evidence: a suspect spelling already shown as a name
  contradiction, a reworded quote already shown as a quote contradiction, an agreement that is a
  summary sentence, a summary sentence that only restates a dispute, and repeated evidence text
  inside one card (wire copies) are shown once.
- Counts match what is listed: ``sources()`` names one outlet per independent source and shows
  syndicated copies as copies beside the outlet they copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import (UNKNOWN_OUTLET_FROM, Citation, Claim, Evidence, StoryAnalysis, Summary, SummarySentence,
                     outlet_shown)
from . import common as c

ONE_REPORT_WARNING = ("Only one independent report: there is nothing to compare. Add reports of the same "
                      "event from other outlets to see where they agree and where they differ.")


# --- sources and copies ------------------------------------------------------------------------


@dataclass
class Sources:
    """Who stands behind a finding: one entry per independent source, copies beside it."""

    groups: list[tuple[str, list[str]]]  # (outlet, [outlets of copies of that report])
    articles: list[str]

    @property
    def count(self) -> int:
        return len(self.groups)

    def phrase(self) -> str:
        parts = []
        for outlet, copies in self.groups:
            copies = [x for x in copies if x != outlet]
            parts.append(outlet + (f" (copied by {', '.join(copies)})" if copies else ""))
        return ", ".join(parts)

    def outlets(self) -> list[str]:
        return [o for o, _ in self.groups]

    def label(self) -> str:
        n = self.count
        return f"{n} source{'s' if n != 1 else ''}"


def sources(analysis: StoryAnalysis, article_ids) -> Sources:
    """The independent sources among ``article_ids``: a copy is listed under the report it copies;
    one outlet is one source."""
    by_id = {a.id: a for a in analysis.articles}
    ids = [a for a in dict.fromkeys(article_ids) if a in by_id]
    groups: dict[str, list[str]] = {}
    for aid in ids:
        art = by_id[aid]
        root = by_id.get(art.duplicate_of) if art.duplicate_of else None
        if root is not None and root.id in ids:
            groups.setdefault(root.outlet, [])
            if art.outlet not in groups[root.outlet]:
                groups[root.outlet].append(art.outlet)
        else:
            groups.setdefault(art.outlet, [])
    # a copy's outlet that is also an original elsewhere in the list is named once, as original
    originals = set(groups)
    out = [(o, sorted(x for x in cp if x not in originals)) for o, cp in sorted(groups.items())]
    return Sources(out, ids)


def summary_sources(analysis: StoryAnalysis, s: SummarySentence, agreed: Claim | None = None) -> Sources:
    """The sources of a summary sentence: the reports it cites (and of its agreement, if any)."""
    ids = [analysis.articles[n - 1].id for n in s.citations if 0 < n <= len(analysis.articles)]
    return sources(analysis, ids + (list(agreed.articles) if agreed else []))


def independent_outlets(analysis: StoryAnalysis) -> int:
    return sources(analysis, [a.id for a in analysis.articles]).count


# --- outlets as people see them -----------------------------------------------------------------

_NAMED_IN = ("explanation", "reason")  # finding texts that may name an outlet


def for_display(analysis: StoryAnalysis) -> StoryAnalysis:
    """The analysis with every outlet named as people see it (``model.outlet_shown``): an outlet
    nothing named is "unknown (file name)" in every finding, picture and list.  Each format renders
    this copy; the analysis itself (and its JSON) keeps the name with ``outlet_from``."""
    import copy
    import dataclasses

    known = {a.outlet for a in analysis.articles if a.outlet_from != UNKNOWN_OUTLET_FROM}
    names = {a.outlet: outlet_shown(a.outlet, a.outlet_from) for a in analysis.articles
             if a.outlet_from == UNKNOWN_OUTLET_FROM and a.outlet not in known}
    names = {k: v for k, v in names.items() if k != v}
    if not names:
        return analysis
    in_text = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
                         + r")(?!\w)")
    shown = copy.deepcopy(analysis)
    seen: set[int] = set()

    def walk(obj) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, list):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, (type, Citation, Evidence)):
            for f in dataclasses.fields(obj):
                v = getattr(obj, f.name)
                if f.name == "outlet" and isinstance(v, str):
                    setattr(obj, f.name, names.get(v, v))
                elif f.name == "outlets" and isinstance(v, list):
                    setattr(obj, f.name, [names.get(x, x) if isinstance(x, str) else x for x in v])
                elif f.name in _NAMED_IN and isinstance(v, str):
                    setattr(obj, f.name, in_text.sub(lambda m: names[m.group(1)], v))
                elif isinstance(v, (list, dict)) or dataclasses.is_dataclass(v):
                    walk(v)

    walk(shown)
    return shown


# --- text helpers -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _ev_keys(evidence: list[Evidence]) -> set[tuple[str, int, int]]:
    return {(e.article, e.start, e.end) for e in evidence}


def _overlaps(a: list[Evidence], b: list[Evidence]) -> bool:
    spans: dict[str, list[tuple[int, int]]] = {}
    for e in b:
        spans.setdefault(e.article, []).append((e.start, e.end))
    return any(e.start < hi and lo < e.end for e in a for lo, hi in spans.get(e.article, ()))


def unique_evidence(analysis: StoryAnalysis, evidence: list[Evidence]) -> list[tuple[Evidence, list[str]]]:
    """Evidence with repeated wording (wire copies) once: (first evidence, ids of the others)."""
    seen: dict[str, tuple[Evidence, list[str]]] = {}
    copies = {a.id for a in analysis.articles if a.duplicate_of}
    for e in sorted(evidence, key=lambda e: e.article in copies):  # an original before its copies
        before, mid, after = c.context(analysis, e)
        key = _norm(before + mid + after)
        if key in seen:
            if e.article != seen[key][0].article:
                seen[key][1].append(e.article)
        else:
            seen[key] = (e, [])
    return list(seen.values())


def title_words(text: str) -> str:
    """A headline from a sentence: its first clause when that is long enough, else its first
    words, cut at a word boundary."""
    s = " ".join(text.split()).strip().rstrip(".")
    if len(s.split()) <= 16:
        return s
    for sep in (" — ", " – ", "; ", ", the ", ", after ", ", as ", ", while ", ", but ", ", "):
        head = s.split(sep)[0]
        if 6 <= len(head.split()) <= 16:
            return head
    return c.clip(s, 110)


def _loaded(text: str) -> bool:
    try:
        from ..summarize.text import loaded_words
    except ImportError:  # pragma: no cover - the summariser ships with the package
        return False
    return bool(loaded_words(text))


def _sentence(analysis: StoryAnalysis, e: Evidence) -> str:
    before, mid, after = c.context(analysis, e, 400)
    return (before + mid + after).strip(" …")


# --- plain-word reasons -------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"\b(?:(?:last|next|this|on|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|today|tonight|tomorrow)\b"
    r"|\b(?:last|next|this|earlier this|later this)\s+(?:week|month|year|spring|summer|autumn|fall|winter)\b"
    r"|\b(?:(?:last|next|this|early|late|mid-?)\s*)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.I)


def accounts_differ(analysis: StoryAnalysis, t) -> list[str]:
    """What the outlets of one timeline event disagree on: the contradictions of which two
    different sides lie in the event's evidence ("1,200 evacuated on Tuesday" and "1,400
    evacuated on Tuesday" are one event, with its count disputed).  The entry names them, so its
    one wording is never taken as what every listed outlet says."""
    out = []
    for c in analysis.contradictions:
        sides = {i for i, side in enumerate(c.sides) for e in side.evidence for x in t.evidence
                 if e.article == x.article and e.start < x.end and x.start < e.end}
        if len(sides) >= 2:
            label = (c.attribute or c.kind or "").strip()
            if label and label not in out:
                out.append(label)
    return out


def shows_reason(t) -> bool:
    """Whether a timeline entry's date needs its reason beside it: undated, or inferred."""
    return not t.date or "inferred:" in (t.how or "")


def plain_reason(how: str, text: str = "", expression: str | None = None) -> str:
    """How a date was placed (or why not), in words a reader understands."""
    how = (how or "").strip()
    if "inferred:" in how:  # placed from the other reports of the story: say so, and how
        rest = how.split("inferred:", 1)[1]
        return "date inferred: " + re.split(r";\s*(?:relative to published|absolute)\b", rest)[0].strip()
    if not how.startswith("unresolved"):
        if how.startswith("relative to published"):
            return "counted from the report's date, " + how.split("published", 1)[1].strip()
        if how == "absolute":
            return "the date as written"
        return how
    m = None if expression else _RELATIVE.search(text or "")
    expr = expression or (re.sub(r"^on\s+", "", m.group(0), flags=re.I) if m else None)
    what = f"'{expr}'" if expr else "its date words"
    why = how.split(":", 1)[1].strip() if ":" in how else ""
    if "no publication date" in why and "no year" in why:
        return f"no year is given and the report has no date, so {what} can't be placed"
    if "no publication date" in why:
        return f"the report has no date, so {what} can't be placed"
    if "a week is not a single date" in why:
        return f"{what} names a week, not a single day"
    return why or "the date could not be worked out"


# --- the digest ---------------------------------------------------------------------------------


@dataclass
class Dispute:
    """One line of Key points: what is disputed, every side with its sources."""

    about: str
    kind: str
    sides: list[tuple[str, Sources, list[Evidence]]]  # (value, sources, evidence)
    anchor: str  # the finding's id in the report ("x1", "s1")
    leading: int | None = None  # the side most sources give (or the likely spelling), if one

    def __post_init__(self) -> None:
        if self.leading is None:
            counts = [s.count for _, s, _ in self.sides]
            if counts and counts.count(max(counts)) == 1:
                self.leading = counts.index(max(counts))

    def line(self, width: int = 90) -> str:
        return f"{self.about}: " + " vs ".join(f"{c.clip(v, width)} ({s.phrase()})" for v, s, _ in self.sides)

    @property
    def evidence(self) -> list[Evidence]:
        return [e for _, _, ev in self.sides for e in ev]


@dataclass
class Happened:
    text: str
    sources: Sources
    evidence: list[Evidence]
    note: str = ""  # "latest", "earlier: ..."


@dataclass
class Digest:
    title: str
    title_from: str  # "summary" | "latest development"
    one_report: bool
    happened: list[Happened]
    disputes: list[Dispute]
    only_one: list[tuple[str, object]]  # (outlet, Exclusive): the most salient per outlet
    summary: list[SummarySentence]  # the summary without sentences that only restate a dispute
    agreements: list[Claim]  # agreements not already a summary sentence
    agreed_in_summary: dict[int, Claim] = field(default_factory=dict)  # summary index -> claim
    spellings: list = field(default_factory=list)  # suspect spellings not shown as contradictions
    reworded: list = field(default_factory=list)  # reworded quotes not shown as contradictions

    def disputed(self, evidence: list[Evidence]) -> Dispute | None:
        """The dispute a finding's evidence takes part in (an agreement on a disputed fact)."""
        # a spelling dispute points at a name, not at what the sentence reports
        return next((d for d in self.disputes if d.kind != "name" and _overlaps(evidence, d.evidence)), None)

    def agreed(self) -> list[tuple[str, Claim]]:
        """Every agreement once, with its anchor ("a1"...): those in the summary first."""
        claims = list(self.agreed_in_summary.values()) + list(self.agreements)
        return [(f"a{i}", a) for i, a in enumerate(claims, start=1)]


def _about(x) -> str:
    attr = (x.attribute or "").strip()
    subj = (x.subject or "").strip()
    if attr and attr.lower() not in subj.lower():
        return f"{subj}, {attr}" if subj else attr
    return subj or attr or x.kind


def _latest_step(analysis: StoryAnalysis):
    best = None
    for d in analysis.developments:
        if not d.steps:
            continue
        st = d.steps[-1]
        key = (st.published or "", len(st.articles))
        if best is None or key > best[0]:
            best = (key, d, st)
    return best


def _title(analysis: StoryAnalysis, summary: Summary) -> tuple[str, str]:
    latest = _latest_step(analysis)
    if latest is None:
        return summary.headline, "summary"
    _, d, st = latest
    by_id = {a.id: a for a in analysis.articles}
    arts = [by_id[a] for a in st.articles if a in by_id]
    real = [a for a in arts if a.title and a.title_from != "first-sentence" and not a.duplicate_of]
    if summary.headline in {a.title.strip() for a in real}:
        return summary.headline, "summary"
    newest = sorted(real, key=lambda a: (a.published or "", -analysis.articles.index(a)), reverse=True)
    for a in newest:
        if not _loaded(a.title):
            return a.title.strip(), "latest development"
    word = (st.text.split() or [""])[-1].lower()
    cands = []
    for i, e in enumerate(st.evidence):
        s = _sentence(analysis, e)
        t = title_words(s)
        art = by_id.get(e.article)
        cands.append(((_loaded(t), word not in t.lower(), -(len((art.published or "") if art else "")),
                       len(t) > 120, i), t))
    if not cands:
        return summary.headline, "summary"
    return min(cands)[1], "latest development"


def build(analysis: StoryAnalysis, summary: Summary, *, max_only_one: int = 5) -> Digest:
    title, title_from = _title(analysis, summary)
    one = independent_outlets(analysis) < 2

    # disputes: contradictions, then suspect spellings no contradiction already shows
    disputes: list[Dispute] = []
    shown: list[Evidence] = []
    for i, x in enumerate(analysis.contradictions, start=1):
        quote = x.kind == "quote"
        sides = [(f"\u201c{s.value}\u201d" if quote else str(s.value), sources(analysis, s.articles), list(s.evidence))
                 for s in x.sides]
        disputes.append(Dispute(_about(x), x.kind, sides, f"x{i}"))
        shown += [e for s in x.sides for e in s.evidence]
    name_values = {(_norm(str(s.value))) for x in analysis.contradictions if x.kind == "name" for s in x.sides}
    spellings = []
    for s in c.suspect_spellings(analysis):
        if _overlaps(s.evidence, shown) or (_norm(s.form) in name_values and _norm(s.likely) in name_values):
            continue
        spellings.append(s)
    for i, s in enumerate(spellings, start=1):
        likely = [e for e in analysis.entities if s in e.suspect_spellings]
        others = [o for o in (likely[0].outlets if likely else []) if o != s.outlet]
        by_outlet = [a.id for a in analysis.articles if a.outlet in others]
        disputes.append(Dispute(f"spelling of {s.likely}", "name",
                                [(s.likely, sources(analysis, by_outlet), []),
                                 (s.form, sources(analysis, [s.article]), list(s.evidence))], f"s{i}",
                                leading=0))
    quote_ev = [e for x in analysis.contradictions if x.kind == "quote" for s in x.sides for e in s.evidence]
    reworded = [q for q in c.reworded_quotes(analysis)
                if not _overlaps([e for v in q.variants for e in v.evidence], quote_ev)]

    # the summary without sentences that only restate a dispute (Key points list each dispute)
    dispute_ev = [e for d in disputes for e in d.evidence]
    kept = [s for s in summary.sentences
            if not (s.contested and s.text.startswith("Accounts differ")
                    and (not s.evidence or _overlaps(s.evidence, dispute_ev)))]

    # agreements that are a summary sentence are shown once, in the summary, with their sources
    agreements, in_summary = [], {}
    for a in sorted(analysis.agreements, key=lambda a: (-a.sources, a.text)):
        # the same sentence: the summary sentence IS the claim's wording or one of its evidence
        # sentences (a summary sentence that merely cites the claim's evidence may say more)
        said = {_norm(a.text)} | {_norm(_sentence(analysis, e)) for e in a.evidence}
        hit = next((i for i, s in enumerate(kept) if _norm(s.text) in said), None)
        if hit is not None and hit not in in_summary:
            in_summary[hit] = a
        elif hit is None:
            agreements.append(a)

    happened: list[Happened] = []
    latest = _latest_step(analysis)
    if latest is not None:
        _, d, st = latest
        prev = d.steps[-2] if len(d.steps) > 1 else None
        note = "latest" + (f"; earlier: {prev.text} ({sources(analysis, prev.articles).phrase()})"
                           if prev else "")
        happened.append(Happened(f"{d.subject}: {st.text}" + (f" (reported {st.published})" if st.published else ""),
                                 sources(analysis, st.articles), list(st.evidence), note))
    for s in kept:
        if s.contested:
            continue
        if happened and _norm(s.text) == _norm(title):
            continue
        ids = [analysis.articles[n - 1].id for n in s.citations if 0 < n <= len(analysis.articles)]
        happened.append(Happened(s.text, sources(analysis, ids), list(s.evidence)))
        if len(happened) >= 2:
            break

    only_one = []
    for outlet, items in c.exclusives_by_outlet(analysis):
        if items:
            only_one.append((outlet, items[0]))
    only_one = sorted(only_one, key=lambda p: (-p[1].salience, p[0]))[:max_only_one]
    return Digest(title, title_from, one, happened, disputes, only_one, kept, agreements, in_summary,
                  spellings, reworded)
