"""The dev data readers the benches share (../shared/data; never copied into the project).

    allsides_events(shared)   AllSides-dev events: each event's left, center and right reports
    multinews_events(shared)  multinews-dev clusters: each cluster's passages (undated)

Each event is a list of article dicts ``{"title", "text", "date", "outlet"}`` (``title`` "" when
the data has none, ``date`` an ISO day or None); paragraphs are joined with a blank line and
articles under ``min_words`` words are left out, as are events left with fewer than
``min_articles`` articles.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["allsides_events", "multinews_events"]

ALLSIDES = "data/allsides-dev/stories_dev.jsonl"
MULTINEWS = "data/multinews-dev/multi_news_dev.jsonl"


def allsides_events(shared: Path, min_words: int = 40, min_articles: int = 1) -> list[list[dict]]:
    events: list[list[dict]] = []
    with open(Path(shared) / ALLSIDES, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            ev = []
            for side, a in sorted(r.get("news", {}).items()):
                text = "\n\n".join(p.strip() for p in a.get("newBody", []) if p.strip())
                if len(text.split()) >= min_words:
                    ev.append({"title": a.get("newsTitle") or "", "text": text,
                               "date": (r.get("date") or "")[:10] or None,
                               "outlet": a.get("newsSource") or side})
            if ev and len(ev) >= min_articles:
                events.append(ev)
    return events


def multinews_events(shared: Path, min_words: int = 40, min_articles: int = 1) -> list[list[dict]]:
    events: list[list[dict]] = []
    with open(Path(shared) / MULTINEWS, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            ev = []
            for i, p in enumerate(x for x in re.split(r"Passage \d+:\n", r["context"]) if x.strip()):
                text = re.sub(r"\s*NEWLINE_CHAR\s*", "\n\n", p).strip()
                if len(text.split()) >= min_words:
                    ev.append({"title": "", "text": text, "date": None, "outlet": f"passage {i}"})
            if ev and len(ev) >= min_articles:
                events.append(ev)
    return events
