"""Contradictions, differences and developments of one story: the detectors and their order.

Every detector has one shape, ``(ctx: StoryContext) -> list[finding]``, and says what it reads
(see each module's docstring).  ``DETECTORS`` lists them in priority order: the detectors built
for one kind of fact come first, the generic aligned-sentence detectors last, so that when two
see the same fact (``merge.merge_findings``: shared anchors or evidence) the specific one stays.

==========================  ================  ===========================================
detector                    module            adds
==========================  ================  ===========================================
value_contradictions        figures           figures of one measure (nlp subject/attribute)
fact_contradictions         facts             facts aligned across outlets by subject and
                                              event: ages, counts; a figure changed in a
                                              matching sentence; places, weekdays and dates
                                              of one event; counts that rose between days
                                              -> development
place_contradictions        places            "City, State" for the same person
context_place_contradictions places           same wording, different place
quote_wording               quotes            one statement quoted in different words
spelling_contradictions     names             a suspect spelling of an entity cluster
aligned_slot_contradictions aligned           one slot changed in an aligned sentence
name_variant_contradictions aligned           a surname one letter apart
event_contradictions        polarity          best-aligned sentences: negation, opposite
                                              words, a name or figure swapped in one role
find_developments           developments      statuses that changed over time
==========================  ================  ===========================================

``find_contradictions(annotated, entities=None, options=None)`` builds the context and runs them
all (the convenience entry for callers that have no context yet).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ..model import AnnotatedArticle, Contradiction, Development, Difference
from ..options import Options
from .aligned import aligned_slot_contradictions, name_variant_contradictions
from .context import StoryContext, build_context
from .developments import find_developments
from .facts import fact_contradictions
from .figures import value_contradictions
from .merge import merge_findings
from .names import spelling_contradictions
from .places import context_place_contradictions, place_contradictions
from .polarity import event_contradictions
from .quotes import quote_wording_contradictions

__all__ = ["DETECTORS", "run_detectors", "split_findings", "find_contradictions", "quote_wording"]

Finding = Contradiction | Difference | Development
Detector = Callable[[StoryContext], list]


def quote_wording(ctx: StoryContext) -> list[Contradiction]:
    """One statement quoted in different words by independent sources: the quote groups
    (``ctx.quotes``) aligned word by word in quotes.py, a replaced content word per finding."""
    outlet_of = {an.article.id: an.article.outlet for an in ctx.annotated}
    return quote_wording_contradictions(ctx.quotes, ctx.roots, outlet_of)


DETECTORS: tuple[Detector, ...] = (
    value_contradictions,
    fact_contradictions,
    place_contradictions,
    context_place_contradictions,
    quote_wording,
    spelling_contradictions,
    aligned_slot_contradictions,
    name_variant_contradictions,
    event_contradictions,
    find_developments,
)


def run_detectors(ctx: StoryContext, detectors: Sequence[Detector] = DETECTORS) -> list:
    """Every detector once, then one merge pass: each fact reported once."""
    found: list = []
    for detect in detectors:
        found += detect(ctx)
    return merge_findings(found)


def split_findings(findings: Sequence[Any]
                   ) -> tuple[list[Contradiction], list[Difference], list[Development]]:
    return ([f for f in findings if isinstance(f, Contradiction)],
            [f for f in findings if isinstance(f, Difference)],
            [f for f in findings if isinstance(f, Development)])


def find_contradictions(annotated: Sequence[AnnotatedArticle], entities: Any = None,
                        options: Options | None = None
                        ) -> tuple[list[Contradiction], list[Difference], list[Development]]:
    """(contradictions, differences, developments) of the annotated articles of one story."""
    return split_findings(run_detectors(build_context(annotated, options, entities=entities)))
