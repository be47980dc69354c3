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

from typing import TYPE_CHECKING

from ..errors import AnalysisError, NewsprismError
from ..model import StoryAnalysis, Summary
from ..options import Options

if TYPE_CHECKING:  # pragma: no cover
    from .extractive import ExtractiveSummarizer


@runtime_checkable
class Summarizer(Protocol):
    name: str

    def __call__(self, analysis: StoryAnalysis, options: Options) -> Summary: ...


def summarize(analysis: StoryAnalysis, options: Options | None = None,
              summarizer: Summarizer | None = None) -> Summary:
    """A cited neutral summary of ``analysis`` at ``options.summary_length``."""
    if summarizer is None:
        from .extractive import DEFAULT as summarizer
    try:
        return summarizer(analysis, options or Options())
    except (NewsprismError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug reaches the user as a clear message, not a traceback
        raise AnalysisError(
            f"the summary ({getattr(summarizer, 'name', 'summarizer')}) failed on a story of "
            f"{len(analysis.articles)} article(s) ({type(exc).__name__}: {exc}); please report this "
            "with the story's articles") from exc


def __getattr__(name: str):
    # The extractive summariser imports numpy and scikit-learn: loaded on first use, so that
    # ``import newsprism`` (and ``newsprism read``) stays light.
    if name in ("ExtractiveSummarizer", "DEFAULT_SUMMARIZER"):
        from . import extractive

        return extractive.ExtractiveSummarizer if name == "ExtractiveSummarizer" else extractive.DEFAULT
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["summarize", "Summarizer", "ExtractiveSummarizer", "DEFAULT_SUMMARIZER"]
