"""corpus: an incremental SQLite article store, and online grouping of articles into stories.

Public API::

    from newsprism.corpus import Store, add_inputs, load_story
    with Store("corpus.db", options) as store:
        report = add_inputs(store, ["folder/", "feed.rss"], options)   # AddReport
        store.stories(); store.story_articles(story_id); store.search("words")
        store.regroup()                        # split drifted stories, merge converged ones
        arts, fs = read_features("f.parquet"); store.add(arts, features=fs)  # prepared elsewhere
    articles = load_story("corpus.db", story_id, options)               # list[Article]
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Article
from ..options import Options

# Names are imported from their modules when first used (PEP 562), so a command that only reads
# the store (stories, search, export) does not import the feature and grouping code and numpy.
_WHERE = {"export_features": ".export", "export_jsonl": ".export", "export_parquet": ".export",
          "read_features": ".export", "write_features": ".export", "Features": ".features",
          "article_features": ".features", "features_many": ".features", "add_feed": ".feeds",
          "follow": ".feeds", "add_inputs": ".ingest", "is_feed": ".ingest", "AddReport": ".store",
          "SearchHit": ".store", "Store": ".store", "StoryInfo": ".store"}

if TYPE_CHECKING:
    from .export import export_features, export_jsonl, export_parquet, read_features, write_features
    from .features import Features, article_features, features_many
    from .feeds import add_feed, follow
    from .ingest import add_inputs, is_feed
    from .store import AddReport, SearchHit, Store, StoryInfo

__all__ = ["Store", "StoryInfo", "SearchHit", "AddReport", "add_inputs", "add_feed", "follow",
           "is_feed", "load_story", "export_jsonl", "export_parquet", "article_features",
           "features_many", "Features", "export_features", "read_features", "write_features"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


def load_story(db_path: str | Path, story_id: str, options: Options | None = None) -> list[Article]:
    """The articles of one story (including stories merged into it), oldest first.

    Raises StoreError when the database does not exist or cannot be used, NotFoundError for an
    unknown story id.
    """
    from .store import Store

    with Store(db_path, options or Options(), create=False) as store:
        return store.story_articles(story_id)
