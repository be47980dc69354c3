"""Reading inputs into the store: paths and URLs through the pipeline, feeds through feeds.py."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from ..errors import InputError, NewsprismError
from ..model import ReadFailure, ReadResult
from ..options import Options
from .store import AddReport, Store

Progress = Callable[[str, int, int], None] | None

_FEED_URL = re.compile(r"(?:^|/)(?:feed|feeds|rss|atom)(?:/|\.xml)?$|\.(?:rss|atom|rdf)$", re.I)
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


def read_articles(inputs: list[str], options: Options, progress: Progress = None) -> ReadResult:
    """The pipeline's reader (reading -> cleaning), without its batch-wide near-duplicate pass:
    the store links copies itself (its MinHash index, the one mechanism for a corpus)."""
    from ..pipeline import read_articles as _read

    return _read(inputs, options, progress=progress, duplicates=False)


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
        try:
            result = read_articles(plain, options, progress)
        except NewsprismError as e:
            # NoInputError (nothing readable) is one failure of this call, not of the store.
            report.failures.append(ReadFailure(", ".join(plain), getattr(e, "code", "error"), str(e)))
        else:
            report.failures.extend(result.failures)
            report.merge(store.add(result.articles, progress=progress))
    for f in feed_items:
        try:
            report.merge(add_feed(store, f, options, progress=progress))
        except InputError as e:
            report.failures.append(ReadFailure(f, e.code, e.message))
    return report
