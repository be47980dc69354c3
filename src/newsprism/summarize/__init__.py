"""summarize: StoryAnalysis -> Summary (headline + sentences, each citing its sources).

Public API:
    summarize(analysis, options, summarizer=None) -> Summary
    Summarizer            the protocol every summariser implements
    ExtractiveSummarizer  the default: extractive consensus, no LLM, no network

Extending: a summariser is any callable ``(analysis, options) -> Summary`` with a ``name``.  An
LLM rewrite behind an OpenAI-compatible endpoint would be a ``Summarizer`` that first runs the
extractive one, then asks the model to rewrite each sentence while keeping its ``citations`` and
``evidence`` (and falls back to the extractive text when the rewrite drops a cited fact).  It is
deliberately not built yet; pass it as ``summarizer=`` when it exists.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..model import StoryAnalysis, Summary
from ..options import Options
from .extractive import ExtractiveSummarizer


@runtime_checkable
class Summarizer(Protocol):
    name: str

    def __call__(self, analysis: StoryAnalysis, options: Options) -> Summary: ...


DEFAULT_SUMMARIZER: Summarizer = ExtractiveSummarizer()


def summarize(analysis: StoryAnalysis, options: Options | None = None,
              summarizer: Summarizer | None = None) -> Summary:
    """A cited neutral summary of ``analysis`` at ``options.summary_length``."""
    return (summarizer or DEFAULT_SUMMARIZER)(analysis, options or Options())


__all__ = ["summarize", "Summarizer", "ExtractiveSummarizer", "DEFAULT_SUMMARIZER"]
