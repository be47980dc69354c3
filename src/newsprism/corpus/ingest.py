"""Reading inputs into the store: paths and URLs read and cleaned as a stream, feeds through feeds.py.

Documents go into the store in batches of STREAM_BATCH as they are read, so memory stays bounded
however many files (or records in a JSONL file) the inputs hold, and an interrupted `add` keeps
every batch stored before it.  Copies are found by one mechanism, the store's near-duplicate
(MinHash) index, inside a batch, across batches and across runs alike, at a flat cost per article.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import ReadFailure
from ..options import Options
from .store import AddReport, Store

Progress = Callable[[str, int, int], None] | None
STREAM_BATCH = 256  # articles read, cleaned and stored together

_FEED_URL = re.compile(r"(?:^|/)(?:feed|feeds|rss|atom)(?:/|\.xml)?$|\.(?:rss|atom|rdf)$", re.I)
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


def is_feed(item: str) -> bool:
    """Whether an input names an RSS/Atom feed: by URL shape, or by a file's first bytes."""
    if item.lower().startswith(("http://", "https://")):
        return bool(_FEED_URL.search(urlsplit(item).path.rstrip("/") or "/"))
    p = Path(item).expanduser()
    if not p.is_file():
        return False
    if p.suffix.lower() in (".rss", ".atom", ".rdf"):
        return True
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return bool(_FEED_SNIFF.search(head))


def _expected(items: list[str]) -> int:
    """How many files the inputs stand for (for the progress bar only)."""
    from ..reading.sources import expand

    total = 0
    for item in items:
        found = expand(item)
        total += len(found) if isinstance(found, list) else 1
    return total


def _add_stream(store: Store, items: list[str], options: Options, progress: Progress,
                report: AddReport) -> None:
    from ..cleaning import clean
    from ..reading import iter_documents

    total = _expected(items) if progress else 0
    batch: list = []

    def flush() -> None:
        if batch:
            report.merge(store.add(batch))
            batch.clear()

    for done, doc in enumerate(iter_documents(items, options), 1):
        if isinstance(doc, ReadFailure):
            report.failures.append(doc)
        else:
            try:
                batch.append(clean(doc, options))
            except InputError as e:
                report.failures.append(ReadFailure(e.source, e.code, e.message))
            except Exception as e:  # a bug must not sink the batch; it is reported, not hidden
                report.failures.append(ReadFailure(
                    doc.source, "internal-error",
                    f"cleaning failed unexpectedly ({type(e).__name__}: {e}); the other inputs "
                    "were read; please report this with the file"))
        if len(batch) >= STREAM_BATCH:
            flush()
        if progress:
            progress("read", done, max(total, done))
    flush()


def add_inputs(store: Store, inputs: Iterable[str], options: Options,
               progress: Progress = None, feeds: Iterable[str] = ()) -> AddReport:
    """Read paths/URLs/feeds and add what they hold to ``store``.

    Feeds are recognised by ``is_feed`` (or passed in ``feeds``); their entries' pages are read
    and only entries not seen before are added.  Failures are returned in the report, never
    raised, except when the store itself cannot be used.
    """
    from .feeds import add_feed

    items = list(inputs)
    feed_items = list(feeds) + [i for i in items if is_feed(i)]
    plain = [i for i in items if i not in feed_items]
    report = AddReport()
    if plain:
        _add_stream(store, plain, options, progress, report)
    for f in feed_items:
        try:
            report.merge(add_feed(store, f, options, progress=progress))
        except InputError as e:
            report.failures.append(ReadFailure(f, e.code, e.message))
    return report
