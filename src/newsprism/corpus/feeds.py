"""RSS and Atom feeds: read a feed, add the articles its new entries link to.

The feed is parsed with feedparser (from bytes we read ourselves, so the fetch obeys Options:
timeout, size limit, user agent).  Each entry is known by its id (else its link); entries
already added are skipped, failed ones are tried again on the next round.  An entry's page is
read through the normal reader; an entry without a link but with inline content is read from
that content.

A feed is content, not a command: an entry's link (or bare guid) is fetched only when it is an
http(s) URL, and never read as a local path, folder, glob or "-"; it is fetched with
``typed=False``, so it cannot reach loopback or private addresses unless the user opted in
(Options.allow_private_addresses).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from ..errors import InputError, NewsprismError
from ..model import ReadFailure, ReadResult
from ..options import Options
from .store import AddReport, Store

Progress = Callable[[str, int, int], None] | None


def _feed_bytes(feed: str, options: Options) -> tuple[bytes, str]:
    if feed.lower().startswith(("http://", "https://")):
        from ..reading import fetch

        page = fetch(feed, options, typed=True)  # the feed's own URL is the user's choice
        return page.body, page.url
    p = Path(feed).expanduser()
    if not p.is_file():
        raise InputError(feed, "no such feed file; check the path", code="not-found")
    if p.stat().st_size > options.max_file_bytes:
        raise InputError(feed, f"the feed is larger than max_file_bytes ({options.max_file_bytes})",
                         code="too-large")
    return p.read_bytes(), str(p.resolve())


def parse_feed(data: bytes, source: str) -> tuple[str | None, list[dict]]:
    """(feed title, entries as dicts with key, link, title, content); raises InputError."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(source, f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})",
                         code="malformed-feed")
    if not parsed.version and not parsed.entries:
        raise InputError(source, "not an RSS or Atom feed (no <rss> or <feed> element)",
                         code="malformed-feed")
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if link and not link.lower().startswith(("http://", "https://")) and source.startswith("http"):
            link = urljoin(source, link)
        content = None
        if e.get("content"):
            content = e["content"][0].get("value")
        key = e.get("id") or link or (e.get("title") or "") + "|" + (e.get("published") or "")
        when = e.get("published_parsed") or e.get("updated_parsed")
        entries.append({"key": key, "link": link, "title": e.get("title"), "content": content,
                        "published": time.strftime("%Y-%m-%d", when) if when else None})
    return parsed.feed.get("title"), entries


def _is_web_link(link: str) -> bool:
    return urlsplit(link).scheme.lower() in ("http", "https") and bool(urlsplit(link).netloc)


def _read_link(link: str, options: Options) -> ReadResult:
    """An entry's page: fetched as content (typed=False), read and cleaned."""
    from ..cleaning import clean
    from ..reading import read_url

    if not _is_web_link(link):
        raise InputError(link, "the feed entry's link is not an http(s) URL; feed entries are "
                               "never read as local files, folders or standard input",
                         code="unsupported-url")
    articles, failures = [], []
    for d in read_url(link, options, typed=False):
        if isinstance(d, ReadFailure):
            failures.append(d)
        else:
            articles.append(clean(d, options))
    return ReadResult(articles, failures)


def _read_content(content: str, source: str, options: Options) -> ReadResult:
    from ..cleaning import clean
    from ..reading import parse_bytes

    return ReadResult([clean(d, options) for d in parse_bytes(content.encode("utf-8"), source, options)], [])


def add_feed(store: Store, feed: str, options: Options, progress: Progress = None) -> AddReport:
    """One round over one feed: add what is new.  Raises InputError if the feed itself fails."""
    data, resolved = _feed_bytes(feed, options)
    title, entries = parse_feed(data, resolved if resolved.startswith("http") else feed)
    if len(entries) > options.max_records_per_file:
        raise InputError(feed, f"the feed has {len(entries):,} entries, over the limit of "
                               f"{options.max_records_per_file:,} per file; raise "
                               "Options.max_records_per_file (--max-records) if it is real",
                         code="too-many-records")
    fid = store.feed_id(feed)
    report = AddReport()
    new = [e for e in entries if not store.feed_entry_done(fid, e["key"])]
    for n, e in enumerate(new, 1):
        if progress:
            progress("feed entries", n - 1, len(new))
        try:
            if e["link"]:
                result = _read_link(e["link"], options)
            elif e["content"]:
                result = _read_content(e["content"], f"{feed}#{e['key']}", options)
            else:
                raise InputError(f"{feed}#{e['key']}", "the entry has neither a link nor content")
        except NewsprismError as err:
            msg = getattr(err, "message", str(err))
            report.failures.append(ReadFailure(e["link"] or e["key"], getattr(err, "code", "error"), msg))
            store.record_feed_entry(fid, e["key"], e["link"], None, "failed", msg)
            continue
        if result.failures and not result.articles:
            f = result.failures[0]
            report.failures.extend(result.failures)
            store.record_feed_entry(fid, e["key"], e["link"], None, "failed", f"{f.error}: {f.message}")
            continue
        for a in result.articles:  # what the page does not say, the feed entry may
            if not a.title and e["title"]:
                a.title = e["title"]
            if not a.published and e["published"]:
                a.published, a.published_from = e["published"], "feed"
        sub = store.add(result.articles)
        report.merge(sub)
        report.failures.extend(result.failures)
        store.record_feed_entry(fid, e["key"], e["link"], sub.ids[0] if sub.ids else None,
                                "added" if sub.added else "duplicate")
    if progress:
        progress("feed entries", len(new), len(new))
    store.record_feed_check(fid, title, f"{len(new)} new of {len(entries)} entries")
    return report


def follow(store: Store, feeds: list[str], options: Options, *, interval: float = 900.0,
           max_rounds: int | None = None, on_round: Callable[[int, AddReport], None] | None = None,
           sleep: Callable[[float], None] = time.sleep) -> AddReport:
    """Re-read ``feeds`` every ``interval`` seconds, adding only new entries.

    Stops after ``max_rounds`` rounds (None: until interrupted).  ``on_round(n, report)`` is
    called after each round (the CLI prints there).  A feed that fails in a round is reported in
    that round's failures and tried again in the next.
    """
    total = AddReport()
    n = 0
    while max_rounds is None or n < max_rounds:
        n += 1
        rnd = AddReport()
        for f in feeds:
            try:
                rnd.merge(add_feed(store, f, options))
            except InputError as e:
                rnd.failures.append(ReadFailure(f, e.code, e.message))
        total.merge(rnd)
        if on_round:
            on_round(n, rnd)
        if max_rounds is not None and n >= max_rounds:
            break
        sleep(interval)
    return total
