"""newsprism: read one news event through many outlets.

Python API (the CLI only translates arguments into these calls)::

    import newsprism
    result = newsprism.read(["examples/story"])          # ReadResult(articles, failures)
    analysis = newsprism.analyze(result)                  # StoryAnalysis
    summary = newsprism.summarize(analysis)               # Summary

Importing newsprism loads no model; models load lazily, once, in ``newsprism.nlp.models``.
"""
from __future__ import annotations

from .errors import NewsprismError
from .options import Options

__version__ = "0.1.0"
__all__ = ["Options", "NewsprismError", "read", "analyze", "summarize", "__version__"]


def read(inputs, options: Options | None = None, progress=None):
    """Read and clean articles from paths, folders, globs, URLs or "-" (stdin)."""
    from .pipeline import read_articles

    return read_articles(inputs, options or Options(), progress=progress)


def analyze(articles, options: Options | None = None, progress=None):
    """Cross-source analysis of one story: a list of Articles, a ReadResult, or input paths."""
    from .analysis import analyze as _analyze

    return _analyze(articles, options or Options(), progress=progress)


# Imported eagerly (it loads no model): importing the subpackage binds the name
# ``newsprism.summarize`` anyway, so the function must be what that name is.
from .summarize import summarize  # noqa: E402
