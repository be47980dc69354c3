"""Name spellings: a person's name written one way by one outlet and another way by the rest.

``spelling_contradictions(ctx) -> list[Contradiction]`` reads the suspect spellings that the
entity clusters (``entities.resolve_entities``, in ``ctx.entities``) attached to a person: the
form one outlet uses against the form the others use, each side with its own evidence
(kind "name", attribute "spelling").  The entity keeps listing its ``suspect_spellings`` as data;
reports show the finding once, from this contradiction.
"""
from __future__ import annotations

from ..model import Contradiction, ContradictionSide, Evidence
from .context import StoryContext

__all__ = ["spelling_contradictions"]


def spelling_contradictions(ctx: StoryContext) -> list[Contradiction]:
    """One "name" contradiction per suspect spelling: the outlet's form against the form the
    other outlets use, each side with its outlets and evidence.  Reads ``ctx.entities``."""
    entities = ctx.entities
    outlet_of = {an.article.id: an.article.outlet for an in ctx.annotated}
    out: list[Contradiction] = []
    if not hasattr(entities, "entities"):
        return out
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
