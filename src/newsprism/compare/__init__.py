"""compare: list[AnnotatedArticle] -> StoryAnalysis.

Reads:   annotated articles of one story.
Builds:  one ``StoryContext`` (context.py): independent sources, entity clusters, quote groups,
         rounded sentence similarities, story facts; computed once and handed to every detector.
Adds:    entities resolved across outlets (aliases, suspect spellings), claims aligned across
         outlets, agreements, contradictions, differences that are not contradictions,
         developments over time, exclusives, timeline, quote groups.

Every detector has one shape, ``(ctx) -> list[finding]``; contradictions.py lists them in
priority order and merge.py merges findings that share evidence, so each fact is reported once.

Module graph (no cycles, no private name across modules; tests/test_compare_imports.py checks it):
    sources, evidence, values, entities, merge  <-  context  <-  places  <-  facts; figures,
    names, quotes, aligned, developments  <-  claims, contradictions  <-  this module

Public API:
    compare(annotated, options, progress=None) -> StoryAnalysis
    build_context(annotated, options, entities=None) -> StoryContext   (context.py)
    resolve_entities(annotated, options) -> EntityIndex                 (entities.py)
    group_quotes(annotated, entities, options) -> list[QuoteGroup]      (quotes.py)
    build_timeline(annotated, options, entities=None) -> list[TimelineEvent]  (timeline.py)
    find_claims(ctx) / find_agreements(claims) / find_exclusives(ctx, claims) (claims.py)
    run_detectors(ctx) / find_contradictions(annotated, entities, options)    (contradictions.py)
"""
from __future__ import annotations

from typing import Callable

from ..model import AnnotatedArticle, StoryAnalysis
from ..options import Options
from .claims import find_agreements, find_claims, find_exclusives
from .context import StoryContext, build_context
from .contradictions import run_detectors, split_findings
from .entities import EntityIndex, resolve_entities
from .names import spelling_contradictions
from .quotes import group_quotes, quotes_by_speaker
from .timeline import build_timeline

__all__ = ["compare", "resolve_entities", "EntityIndex", "group_quotes", "quotes_by_speaker",
           "build_timeline", "spelling_contradictions", "build_context", "StoryContext"]

Progress = Callable[[str, int, int], None]


def compare(annotated: list[AnnotatedArticle], options: Options | None = None,
            progress: Progress | None = None) -> StoryAnalysis:
    """Cross-source analysis of the annotated articles of one story."""
    options = options or Options()
    annotated = list(annotated)
    total = 4

    def tick(i: int) -> None:
        if progress is not None:
            progress("compare", i, total)

    tick(0)
    ctx = build_context(annotated, options)
    tick(1)
    timeline = build_timeline(annotated, options, ctx.entities)
    claims = find_claims(ctx)
    tick(2)
    contradictions, differences, developments = split_findings(run_detectors(ctx))
    # a claim whose sentences take different sides of a contradiction is not an agreement
    agreements = find_agreements(claims, contradictions)
    tick(3)
    exclusives = find_exclusives(ctx, claims)
    tick(4)
    return StoryAnalysis(
        articles=[an.article for an in annotated],
        entities=list(ctx.entities.entities),
        quotes=list(ctx.quotes),
        claims=list(claims),
        agreements=list(agreements),
        contradictions=contradictions,
        differences=list(differences),
        developments=list(developments),
        exclusives=list(exclusives),
        timeline=timeline,
        annotated=annotated,
    )
