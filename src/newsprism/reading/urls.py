"""What a URL tells about an article without fetching it: the outlet's domain.

A module of its own so that both readers of pages (html.py) and of records (records.py) use it
without importing each other."""
from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["outlet_from_url"]


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.lower()
    for prefix in ("www.", "www2.", "m.", "amp.", "edition.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None
