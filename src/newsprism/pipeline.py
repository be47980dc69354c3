"""The front door: inputs -> reading -> cleaning -> duplicate marking -> ReadResult.

``read_articles`` never raises for a bad input: every document that cannot be read or cleaned
becomes a ``ReadFailure`` with a message that says what to do, and the batch goes on.  It raises
only for bad arguments (``NoInputError`` when no input was given at all).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from .cleaning import clean, mark_duplicates
from .errors import InputError, NoInputError
from .model import Article, ReadFailure, ReadResult
from .options import Options

Progress = Callable[[str, int, int], None]


def _expected_count(inputs: list[str]) -> int:
    """How many files the inputs stand for (best effort, for the progress bar; 0 = unknown)."""
    try:
        from .reading.sources import expand
    except ImportError:
        return 0
    total = 0
    for item in inputs:
        try:
            found = expand(item)
        except Exception:  # progress only: the real read reports any problem
            found = None
        total += len(found) if isinstance(found, list) else 1
    return total


def read_articles(inputs: Iterable[str | os.PathLike] | str | os.PathLike, options: Options | None = None,
                  progress: Progress | None = None, duplicates: bool = True) -> ReadResult:
    """Read and clean articles from paths, folders, globs, URLs or "-" (stdin).

    ``duplicates=False`` leaves copies unmarked: the corpus store finds them itself, with its
    MinHash index, at a cost flat per article.

    progress, if given, is called as ``progress("read", done, total)`` after each document
    (total is an estimate: a file holding a collection yields several documents) and
    ``progress("duplicates", 1, 1)`` when duplicates are marked.
    """
    from .reading import iter_documents  # imported here: reading pulls in trafilatura

    options = options or Options()
    items = [str(inputs)] if isinstance(inputs, (str, os.PathLike)) else [str(i) for i in inputs]
    if not items:
        raise NoInputError("no input given; pass files, folders, globs, URLs or - for stdin")
    total = _expected_count(items) if progress else 0

    articles: list[Article] = []
    failures: list[ReadFailure] = []
    done = 0
    for doc in iter_documents(items, options):
        done += 1
        if isinstance(doc, ReadFailure):
            failures.append(doc)
        else:
            try:
                articles.append(clean(doc, options))
            except InputError as e:
                failures.append(ReadFailure(e.source, e.code, e.message))
            except Exception as e:  # a bug must not sink the batch; it is reported, not hidden
                failures.append(ReadFailure(
                    doc.source, "internal-error",
                    f"cleaning failed unexpectedly ({type(e).__name__}: {e}); the other inputs were "
                    "read; please report this with the file"))
        if progress:
            progress("read", done, max(total, done))
    if duplicates:
        articles = mark_duplicates(articles, options)
    if progress:
        progress("duplicates", 1, 1)
    return ReadResult(articles=articles, failures=failures)
