"""compare: list[AnnotatedArticle] -> StoryAnalysis.

Reads:   annotated articles of one story.
Adds:    entities resolved across outlets (aliases, suspect spellings), claims aligned across
         outlets, agreements, contradictions, differences that are not contradictions,
         developments over time, exclusives, timeline, quote groups.

Public API:
    compare(annotated, options, progress=None) -> StoryAnalysis
    resolve_entities(annotated, options) -> EntityIndex            (entities.py)
    group_quotes(annotated, entities, options) -> list[QuoteGroup]  (quotes.py)
    build_timeline(annotated, options, entities=None) -> list[TimelineEvent]  (timeline.py)
    find_claims / find_agreements / find_exclusives                  (claims.py)
    find_contradictions(annotated, entities, options)                (contradictions.py)
    spelling_contradictions(entities, outlet_of) -> list[Contradiction]

Who reports what: contradictions of values, places, dates and quote wordings (kind "quote", from
the reworded quote groups) come from contradictions.py; each suspect spelling found by
entities.py becomes one kind "name" contradiction here (and stays listed under its entity's
``suspect_spellings``), so nothing is counted twice.
"""
from __future__ import annotations

from typing import Callable

from ..model import AnnotatedArticle, Contradiction, ContradictionSide, Evidence, StoryAnalysis
from ..options import Options
from .entities import EntityIndex, resolve_entities
from .quotes import group_quotes, quotes_by_speaker
from .timeline import build_timeline

__all__ = ["compare", "resolve_entities", "EntityIndex", "group_quotes", "quotes_by_speaker",
           "build_timeline", "spelling_contradictions"]

Progress = Callable[[str, int, int], None]


def spelling_contradictions(entities: EntityIndex, outlet_of: dict[str, str]) -> list[Contradiction]:
    """One "name" contradiction per suspect spelling: the outlet's form against the form the
    other outlets use, each side with its outlets and evidence.  ``outlet_of``: article id ->
    outlet."""
    out: list[Contradiction] = []
    for ent in entities.entities:
        for sp in ent.suspect_spellings:
            suspect_spans = {(e.article, e.start, e.end) for e in sp.evidence}
            likely_ev: list[Evidence] = []
            for m in ent.mentions:
                if (m.article, m.start, m.end) in suspect_spans:
                    continue
                i = m.text.find(sp.likely)
                if i < 0:
                    continue
                if any(s[0] == m.article and s[1] < m.end and m.start < s[2] for s in suspect_spans):
                    continue
                likely_ev.append(Evidence(m.article, m.start + i, m.start + i + len(sp.likely), sp.likely))
            if not likely_ev:
                continue
            likely_articles = sorted({e.article for e in likely_ev})
            out.append(Contradiction(
                kind="name",
                subject=ent.name,
                attribute="spelling",
                sides=[
                    ContradictionSide(value=sp.likely, normalized=sp.likely, articles=likely_articles,
                                      outlets=sorted({outlet_of.get(a, "") for a in likely_articles} - {""}),
                                      evidence=likely_ev),
                    ContradictionSide(value=sp.form, normalized=sp.form, articles=[sp.article],
                                      outlets=[sp.outlet], evidence=list(sp.evidence)),
                ],
                explanation=f"likely misspelling by {sp.outlet}: {sp.reason}",
            ))
    return out


def compare(annotated: list[AnnotatedArticle], options: Options | None = None,
            progress: Progress | None = None) -> StoryAnalysis:
    """Cross-source analysis of the annotated articles of one story."""
    from .claims import find_agreements, find_claims, find_exclusives
    from .contradictions import find_contradictions

    options = options or Options()
    annotated = list(annotated)
    steps = ["entities", "quotes", "timeline", "claims", "contradictions", "exclusives"]
    total = len(steps)

    def tick(i: int) -> None:
        if progress is not None:
            progress("compare", i, total)

    tick(0)
    entities = resolve_entities(annotated, options)
    tick(1)
    quotes = group_quotes(annotated, entities, options)
    tick(2)
    timeline = build_timeline(annotated, options, entities)
    tick(3)
    claims = find_claims(annotated, options)
    agreements = find_agreements(claims)
    tick(4)
    contradictions, differences, developments = find_contradictions(annotated, entities, options)
    names = spelling_contradictions(entities, {an.article.id: an.article.outlet for an in annotated})
    # a "name" contradiction found elsewhere for the same subject and forms is not repeated
    have = {(c.kind, c.subject, tuple(sorted(s.value for s in c.sides))) for c in contradictions}
    contradictions = list(contradictions) + [
        c for c in names if (c.kind, c.subject, tuple(sorted(s.value for s in c.sides))) not in have]
    tick(5)
    exclusives = find_exclusives(annotated, claims, options)
    tick(6)
    return StoryAnalysis(
        articles=[an.article for an in annotated],
        entities=list(entities.entities),
        quotes=quotes,
        claims=list(claims),
        agreements=list(agreements),
        contradictions=contradictions,
        differences=list(differences),
        developments=list(developments),
        exclusives=list(exclusives),
        timeline=timeline,
        annotated=annotated,
    )
