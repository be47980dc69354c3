"""The story list of the web app and of ``GET /api/stories``: filters, dispute badges, outlet names.

- Filters (GET query parameters, the same on the page and in the API; they read, never write):
  ``since`` / ``until`` (ISO days: stories whose dates overlap the range), ``outlet`` (part of an
  outlet's name, any case), ``min_size`` (at least this many articles) and ``disputed`` (only
  stories whose report lists contradictions).  Every value is bounded and checked here, and a bad
  one is refused with a message that says what to send (``FilterError``, answered with 400).
- Dispute badges come from the report kept in the store (corpus/reports.py) and only when it is
  up to date (its fingerprint matches the story as it is now).  A story without one shows no
  badge, and listing never asks for a report to be made: reports are made when a story is added
  or opened.
- Outlets are named as people see them (``model.outlet_shown``): one nothing named is
  "unknown (file name)".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from ..corpus.reports import fingerprint, story_members
from ..model import UNKNOWN_OUTLET_FROM, outlet_shown

if TYPE_CHECKING:  # the store pulls numpy: imported when the app is built
    from ..corpus.store import StoryInfo

MAX_OUTLET_CHARS = 100
MAX_MIN_SIZE = 1_000_000
MIN_DAY, MAX_DAY = dt.date(1800, 1, 1), dt.date(2200, 12, 31)
SCAN_BATCH = 200  # disputed stories checked per query while filling a page
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YES = {"1", "true", "yes", "on"}
_NO = {"", "0", "false", "no", "off"}


class FilterError(ValueError):
    """A filter value the list cannot use; the message says what to send instead."""


@dataclass(frozen=True)
class StoryFilters:
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    min_size: int | None = None
    disputed: bool = False

    @property
    def active(self) -> bool:
        return any((self.since, self.until, self.outlet, self.min_size, self.disputed))

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them, e.g. the pager)."""
        out = {"since": self.since, "until": self.until, "outlet": self.outlet,
               "min_size": str(self.min_size) if self.min_size else None, "disputed": "1" if self.disputed else None}
        return {k: v for k, v in out.items() if v}

    def query(self, **more) -> str:
        return urlencode({**self.params(), **{k: str(v) for k, v in more.items()}})


LABELS = {"since": "From date (since)", "until": "To date (until)", "outlet": "Outlet (outlet)",
          "min_size": "Min. articles (min_size)", "disputed": "Disputed (disputed)"}  # the page's words


def _day(param: str, value: str | None) -> str | None:
    name = LABELS[param]
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 10 or not _DAY.match(value):
        raise FilterError(f"{name} must be a date written YYYY-MM-DD, e.g. 2022-11-09; got {value[:40]!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"{name} {value!r} is not a day of the calendar; write YYYY-MM-DD, e.g. 2022-11-09") from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise FilterError(f"{name} {value!r} is out of range: give a day between {MIN_DAY} and {MAX_DAY}")
    return value


def parse_filters(since: str | None = None, until: str | None = None, outlet: str | None = None,
                  min_size: str | None = None, disputed: str | None = None) -> StoryFilters:
    """Check the list's query parameters (as sent: strings or None); raises FilterError."""
    lo, hi = _day("since", since), _day("until", until)
    if lo and hi and lo > hi:
        raise FilterError(f"{LABELS['since']} {lo} is after {LABELS['until']} {hi}; swap them, or leave one empty")
    name = " ".join((outlet or "").split())
    if len(name) > MAX_OUTLET_CHARS:
        raise FilterError(f"{LABELS['outlet']} is {len(name)} characters long; give at most {MAX_OUTLET_CHARS} "
                          "(part of the outlet's name is enough)")
    size = None
    raw = (min_size or "").strip()
    if raw:
        if not raw.isdigit() or len(raw) > 7:
            raise FilterError(f"{LABELS['min_size']} must be a whole number of articles from 1 to {MAX_MIN_SIZE:,}; "
                              f"got {raw[:40]!r}")
        size = int(raw)
        if not 1 <= size <= MAX_MIN_SIZE:
            raise FilterError(f"{LABELS['min_size']} must be from 1 to {MAX_MIN_SIZE:,} articles; got {size}")
    flag = (disputed or "").strip().lower()
    if flag not in _YES | _NO:
        raise FilterError(f"{LABELS['disputed']} must be 1 (only stories with contradictions) or 0; got {flag[:40]!r}")
    return StoryFilters(since=lo, until=hi, outlet=name or None, min_size=size if size and size > 1 else None,
                        disputed=flag in _YES)


@dataclass
class StoryRow:
    """One story as the list shows it."""

    info: "StoryInfo"
    outlets: list[str]  # as shown: an outlet nothing named is "unknown (file name)"
    contradictions: int | None  # from its up-to-date stored report; None when there is none


def _row(store, options, raw: dict) -> StoryRow:
    info = raw["info"]
    count = None
    if raw["report_fingerprint"] is not None:
        members = story_members(store.conn, info.id)
        if fingerprint(members, options) == raw["report_fingerprint"]:
            count = int(raw["contradictions"] or 0)
    shown = sorted({outlet_shown(o, UNKNOWN_OUTLET_FROM if o in raw["unknown"] else None) for o in info.outlets})
    return StoryRow(info, shown, count)


def ready_contradictions(store, options, story_id: str) -> int | None:
    """The contradictions one story's up-to-date stored report lists; None without one (never makes it)."""
    rows = store.story_rows(story_id=story_id, limit=1)
    return _row(store, options, rows[0]).contradictions if rows else None


def list_stories(store, options, filters: StoryFilters, *, limit: int, offset: int = 0,
                 query: str | None = None) -> list[StoryRow]:
    """Up to ``limit`` stories after ``offset`` that pass ``filters`` (a reader ``Store``)."""
    args = dict(since=filters.since, until=filters.until, outlet=filters.outlet, min_size=filters.min_size,
                query=query)
    if not filters.disputed:
        return [_row(store, options, r) for r in store.story_rows(limit=limit, offset=offset, **args)]
    # disputed: only stories whose report is up to date count, so pages are filled in Python
    out: list[StoryRow] = []
    skipped = at = 0
    while len(out) < limit:
        batch = store.story_rows(limit=SCAN_BATCH, offset=at, disputed=True, **args)
        at += len(batch)
        for raw in batch:
            row = _row(store, options, raw)
            if not row.contradictions:
                continue
            if skipped < offset:
                skipped += 1
            elif len(out) < limit:
                out.append(row)
        if len(batch) < SCAN_BATCH:
            break
    return out


def count_stories(store, options, filters: StoryFilters, *, query: str | None = None) -> int:
    """How many stories pass ``filters`` over all pages (the list's ``total``).  With
    ``disputed``, only stories whose report is up to date count, as in ``list_stories``."""
    args = dict(since=filters.since, until=filters.until, outlet=filters.outlet, min_size=filters.min_size,
                query=query)
    if not filters.disputed:
        return store.count_story_rows(**args)
    total = at = 0
    while True:
        batch = store.story_rows(limit=SCAN_BATCH, offset=at, disputed=True, **args)
        at += len(batch)
        total += sum(1 for raw in batch if _row(store, options, raw).contradictions)
        if len(batch) < SCAN_BATCH:
            return total
