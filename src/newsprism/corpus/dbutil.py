"""What the store's modules share: names imported on first use, the connection lock, timestamps."""
from __future__ import annotations

import datetime as dt
import functools
from typing import Callable

__all__ = ["OnFirstUse", "locked", "now_iso"]


class OnFirstUse:
    """A module imported when one of its names is first used.  numpy, the feature code and the
    grouping code (both import numpy) are needed to add and group articles, not to list, search
    or export them: `newsprism stories`, `search` and `export` start without them (see
    tests/test_perf_paths.py)."""

    def __init__(self, name: str):
        self._name = name
        self._module = None

    def __getattr__(self, attr: str):
        if self._module is None:
            import importlib

            self._module = importlib.import_module(self._name, __package__)
        return getattr(self._module, attr)

    def later(self, attr: str) -> Callable:
        """A stand-in for a function or class of the module, called through on each use."""
        return lambda *args, **kwargs: getattr(self, attr)(*args, **kwargs)


def locked(fn):
    """Serialise use of the one connection between threads (the web app shares a Store): the
    method runs holding ``self.lock``."""

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return fn(self, *args, **kwargs)

    return wrapper


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
