"""The corpus store: articles, their features, stories and feeds in one SQLite database.

    with Store("corpus.db", options) as store:        # create=False: read-only (mode=ro)
        store.add(articles); store.regroup()          # adding.py
        store.stories(); store.search("words")        # queries.py

- One class, in parts named for what they do: the schema, its migrations and the checks on open
  (schema.py), adding and grouping (adding.py: StoreWriting), reading and search (queries.py:
  StoreReading); this module opens the file and keeps the in-memory story index.
- WAL mode, foreign keys on.  The in-memory story index (grouping.StoryIndex) is rebuilt from the
  database on open, after a failed transaction, and whenever another connection wrote (see
  ``refresh_index``), so it never disagrees with it.
- ``create=False`` opens the file read-only (SQLite ``mode=ro``): commands that only read never
  create or change a schema.
- Story reports (corpus/reports.py) and per-article annotations (corpus/annotations.py) live in
  tables of the same file, written by their own modules.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..options import Options
from .adding import COMMIT_EVERY, LSH_BANDS, LSH_ROWS, AddReport, StoreWriting
from .dbutil import OnFirstUse
from .queries import SearchHit, StoreReading, StoryInfo
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA, check_file, migrate, stored_version, too_new

if TYPE_CHECKING:
    from . import features as feat
    from .grouping import Member, StoryIndex, StoryState, day_number, trusted_outlet
else:
    feat = OnFirstUse(".features")
    _grouping = OnFirstUse(".grouping")
    (Member, StoryIndex, StoryState, day_number, trusted_outlet) = map(
        _grouping.later, ("Member", "StoryIndex", "StoryState", "day_number", "trusted_outlet"))

__all__ = ["Store", "AddReport", "StoryInfo", "SearchHit", "APPLICATION_ID", "SCHEMA", "MIGRATIONS",
           "COMMIT_EVERY", "LSH_BANDS", "LSH_ROWS"]


class Store(StoreWriting, StoreReading):
    """An article corpus in SQLite.  Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, options: Options = Options(), *, create: bool = True,
                 check: bool = True):
        """``check=False`` skips ``PRAGMA quick_check`` (it reads the whole file: ~0.1 s per 20 MB):
        for another connection to a file this process has opened and checked already (the web
        app's reader per thread)."""
        self.path = Path(path)
        self._quick_check = check
        self.options = options
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such corpus database; create it with "
                             f"`newsprism add --db {self.path} PATH...`")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist")
        self.lock = threading.RLock()  # one connection, shared by threads (dbutil.locked)
        self.read_only = not create
        try:
            if self.read_only:
                from urllib.parse import quote

                uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                            check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot be opened ({e}); check the path and its "
                             "permissions") from e
        try:
            self.conn.row_factory = sqlite3.Row
            check_file(self.conn, self.path, read_only=self.read_only, quick_check=self._quick_check)
            self.conn.execute("PRAGMA foreign_keys=ON")
            if not self.read_only:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                migrate(self.conn, self.path)
            else:
                self._check_schema()
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise StoreError(f"{self.path}: cannot be used as a corpus database ({e}); "
                             "is it a newsprism corpus, and is the disk writable?") from e
        self._index: StoryIndex | None = None
        self._data_version: int | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def _check_schema(self) -> None:
        current = stored_version(self.conn)
        if current > SCHEMA:
            raise too_new(self.path, current)
        if current < SCHEMA:
            # an older corpus opened for reading (stories, search, serve): upgrade it in place when
            # this user may write it (migrations only add tables), else say who can
            if not (os.access(self.path, os.W_OK) and os.access(self.path.resolve().parent, os.W_OK)):
                raise StoreError(f"{self.path} has an older schema ({current}) and this user cannot "
                                 f"write it to upgrade it; run `newsprism add --db {self.path} PATH...` "
                                 "once as a user who can (or make the file and its folder writable)")
            Store(self.path, self.options).close()  # migrates (schema.migrate)

    def schema_version(self) -> int:
        return stored_version(self.conn)

    @property
    def index(self) -> StoryIndex:
        if self._index is None:
            self._index = self._load_index()
        return self._index

    def _load_index(self) -> StoryIndex:
        idx = StoryIndex(self.options)
        for r in self.conn.execute("SELECT id, seq, size, first_date, last_date "
                                   "FROM stories WHERE merged_into IS NULL ORDER BY seq"):
            idx.put(StoryState(id=r["id"], seq=r["seq"], size=r["size"],
                               first=day_number(r["first_date"]), last=day_number(r["last_date"])))
        row = self.conn.execute("SELECT max(seq) FROM stories").fetchone()
        idx.next_seq = (row[0] or 0) + 1
        idx.taken.update(r[0] for r in self.conn.execute("SELECT id FROM stories"))
        # grouping verifies against stories' members, weighted by the corpus's document frequencies
        for r in self.conn.execute(
                "SELECT sa.article_id, s.root, f.vec, f.embedding, a.published, a.outlet, "
                "a.outlet_from, a.duplicate_of FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "JOIN article_features f ON f.article_id = sa.article_id "
                "JOIN stories s ON s.id = sa.story_id ORDER BY a.num"):
            fi, fv = feat.unpack_sparse(r["vec"])
            idx.observe(fi)
            idx.add_member(r["root"], Member(r["article_id"], fi, fv, day_number(r["published"]),
                                             trusted_outlet(r["outlet"], r["outlet_from"]),
                                             feat.unpack_array(r["embedding"], "<f4")),
                           keep=r["duplicate_of"] is None)
        return idx

    def refresh_index(self) -> None:
        """Re-read the story index if another connection (a `follow`, the web app, a report
        worker) wrote since it was loaded: ``PRAGMA data_version`` changes exactly then.  Call it
        inside the write transaction, so what it reads stays true until COMMIT."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._index is None or version != self._data_version:
            self._index = self._load_index()
            self._data_version = version

    def forget_index(self) -> None:
        """The in-memory index may disagree with the file (a rolled-back batch): reload it on next use."""
        self._index = None
