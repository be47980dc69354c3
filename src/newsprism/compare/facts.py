"""placeholder"""
from __future__ import annotations

__all__ = ["story_facts", "fact_contradictions"]


def story_facts(ctx) -> list:
    return []


def fact_contradictions(ctx) -> list:
    return []
