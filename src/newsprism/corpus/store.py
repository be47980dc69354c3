"""The corpus store: articles, their features, stories and feeds in one SQLite database.

- WAL mode, foreign keys on, a ``schema_version`` table and ordered migrations.
- Adding is incremental and idempotent: an article already stored (same id, or same
  normalised-content hash) is counted as a duplicate and not stored again.
- Crash-safe and resumable: every small batch of articles is written in ONE transaction together
  with its features, near-duplicate links, story assignment and story rows.  A process
  killed at any point leaves the database as it was after the last committed batch; the next
  run skips what is stored and carries on.  The in-memory story index is rebuilt from the
  database on open (and after a failed transaction), so it never disagrees with it.
- Near-duplicates: MinHash signatures (features.py) in a banded LSH index stored in SQLite.
  Hand-written because datasketch keeps its LSH in memory (or Redis/Cassandra); here the bands
  must live in the same transaction as the article they belong to.
- Full-text search: an FTS5 table with external content over articles(title, text), kept in
  sync by triggers.
- Marked and checked: the file carries ``PRAGMA application_id`` = APPLICATION_ID and
  ``user_version`` = the schema version.  A file with tables but another application's id (or
  no id and none of our tables) is refused, never written to; ``PRAGMA quick_check`` runs on
  open and a damaged file is refused.  ``create=False`` opens the file read-only (SQLite
  ``mode=ro``): commands that only read never create or change a schema.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import NotFoundError, StoreError
from ..model import Article, ReadFailure, Removal
from ..options import Options

if TYPE_CHECKING:
    import numpy as np

    from . import features as feat
    from .grouping import Decision, Member, StoryIndex, StoryState, day_iso, day_number, trusted_outlet


class _OnFirstUse:
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


if not TYPE_CHECKING:
    np = _OnFirstUse("numpy")
    feat = _OnFirstUse(".features")
    _grouping = _OnFirstUse(".grouping")
    (Member, StoryIndex, StoryState, day_iso, day_number, trusted_outlet) = map(
        _grouping.later, ("Member", "StoryIndex", "StoryState", "day_iso", "day_number", "trusted_outlet"))

Progress = Callable[[str, int, int], None] | None

COMMIT_EVERY = 16  # articles per transaction: small enough to lose little, large enough to be fast
LSH_BANDS = 16  # 16 bands x 8 rows of a 128-value MinHash: candidate pairs from Jaccard ~0.7 up
LSH_ROWS = 8  # features.NUM_PERM (128) / LSH_BANDS (a test checks it)
# the words of a search, as the corpus features split words (features.py); kept here so a search
# does not import the feature code
_SEARCH_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
    CREATE TABLE articles (
        num INTEGER PRIMARY KEY AUTOINCREMENT,   -- stable integer key for the FTS5 index
        id TEXT NOT NULL UNIQUE,                  -- Article.id
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT NOT NULL,
        outlet_from TEXT,
        published TEXT,
        published_from TEXT,
        title TEXT,
        text TEXT NOT NULL,
        shape TEXT NOT NULL DEFAULT 'text',
        removals TEXT NOT NULL DEFAULT '[]',      -- JSON list of Removal
        duplicate_of TEXT REFERENCES articles(id),
        duplicates TEXT NOT NULL DEFAULT '[]',    -- JSON list of ids
        content_hash TEXT NOT NULL UNIQUE,        -- sha256 of the normalised text
        added_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vec BLOB NOT NULL,
        names TEXT NOT NULL,
        minhash BLOB NOT NULL,
        embedding BLOB
    );
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_lookup ON lsh_bands(key);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        title TEXT,
        created_at TEXT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        size INTEGER NOT NULL DEFAULT 0,          -- articles, including stories merged into it
        centroid BLOB NOT NULL,
        norm2 REAL NOT NULL,
        emb BLOB,
        merged_into TEXT REFERENCES stories(id),
        root TEXT NOT NULL                        -- the story it resolves to (itself unless merged)
    );
    CREATE INDEX stories_root ON stories(root);
    CREATE INDEX stories_order ON stories(last_date DESC, size DESC);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id),  -- the story it was assigned to; never changed
        similarity REAL NOT NULL,
        how TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE story_merges (
        merged TEXT PRIMARY KEY REFERENCES stories(id),
        survivor TEXT NOT NULL REFERENCES stories(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,
        merged_at TEXT NOT NULL
    );
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        last_checked TEXT,
        last_status TEXT
    );
    CREATE TABLE feed_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,                  -- the entry's id, else its link
        link TEXT,
        article_id TEXT REFERENCES articles(id),
        status TEXT NOT NULL,                     -- 'added' | 'duplicate' | 'failed'
        message TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry_key)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='num', tokenize='porter unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, coalesce(new.title, ''), new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.num, coalesce(old.title, ''), old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.num, coalesce(old.title, ''), old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, coalesce(new.title, ''), new.text);
    END;
    """),
    # 2: reconsolidation (corpus/grouping.py Regrouper): a story that drifted is split; the
    # group that leaves gets a new story and every moved article is listed here, so the old
    # story id and each article's earlier story stay known.
    (2, """
    CREATE TABLE story_splits (
        story TEXT NOT NULL REFERENCES stories(id),      -- the story that was split (keeps its id)
        new_story TEXT NOT NULL REFERENCES stories(id),  -- the story the group left for
        article_id TEXT NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,                        -- mean evidence between the two groups
        split_at TEXT NOT NULL,
        PRIMARY KEY (new_story, article_id)
    );
    CREATE INDEX story_splits_story ON story_splits(story);
    """),
    # 3: the side an input record gives an article (Article.label: left/center/right in
    # AllSides-like records), so story reports made from the corpus can draw the side bar.
    (3, """
    ALTER TABLE articles ADD COLUMN label TEXT;
    """),
]
SCHEMA = MIGRATIONS[-1][0]
APPLICATION_ID = 0x4E505253  # "NPRS": PRAGMA application_id of every newsprism corpus


@dataclass
class StoryInfo:
    id: str
    title: str | None
    size: int
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    merged_into: str | None = None


@dataclass
class SearchHit:
    article_id: str
    title: str | None
    outlet: str
    published: str | None
    snippet: str  # matched words are wrapped in [ and ]
    story_id: str | None


@dataclass
class AddReport:
    added: int = 0
    duplicates: int = 0  # already stored (same id or same normalised text): not stored again
    near_duplicates: int = 0  # stored, linked to the earlier copy (duplicate_of)
    stories_created: int = 0
    stories_extended: int = 0  # stories that existed before this call and received articles
    failures: list[ReadFailure] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the stored id of every input article, in order
    merges: list[tuple[str, str]] = field(default_factory=list)  # (merged, survivor)
    splits: list[tuple[str, str]] = field(default_factory=list)  # (story, new story)

    def merge(self, other: "AddReport") -> None:
        for name in ("added", "duplicates", "near_duplicates", "stories_created", "stories_extended"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)
        self.ids.extend(other.ids)
        self.merges.extend(other.merges)
        self.splits.extend(other.splits)


def _locked(fn):
    """Serialise use of the one connection between threads (the web app shares a Store)."""
    import functools

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return fn(self, *args, **kwargs)

    return wrapper


def _lead(text: str, limit: int = 90) -> str | None:
    """A display title for a story whose first article has none: its first sentence, cut."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].strip()
    return None if not first else first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _band_keys(sig: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band (the band number is hashed in, so one lookup finds all)."""
    raw = np.asarray(sig, dtype="<u8").tobytes()
    step = 8 * LSH_ROWS
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + raw[b * step:(b + 1) * step], digest_size=8).digest(),
                           "little", signed=True) for b in range(LSH_BANDS)]


def _fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must occur (quoted, so no syntax errors)."""
    words = [w for w in _SEARCH_WORD_RE.findall(query) if w.strip("_")]
    if not words:
        raise StoreError(f"search query {query!r} has no words to look for")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class Store:
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
        self._lock = threading.RLock()
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
            self._check_file()
            self.conn.execute("PRAGMA foreign_keys=ON")
            if not self.read_only:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
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

    def _check_file(self) -> None:
        """Refuse another application's database and a damaged one (before anything is written)."""
        c = self.conn
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        ours = {"schema_version", "articles", "stories"} <= tables
        if app_id != APPLICATION_ID and (app_id != 0 or (tables and not ours)):
            owner = f"application id {app_id:#x}" if app_id else "tables " + ", ".join(sorted(tables)[:6])
            raise StoreError(f"{self.path} belongs to another application ({owner}), not to "
                             "newsprism; it was not changed. Give --db a new file name")
        if not tables and self.read_only:
            raise StoreError(f"{self.path}: an empty database, not a newsprism corpus; create one "
                             f"with `newsprism add --db {self.path} PATH...`")
        problems = [r[0] for r in c.execute("PRAGMA quick_check(5)")] if self._quick_check else ["ok"]
        if problems != ["ok"]:
            raise StoreError(f"{self.path} is damaged (SQLite quick_check: {'; '.join(problems)[:300]}); "
                             "restore it from a backup, or rebuild it by adding the inputs to a "
                             "new database")

    def _check_schema(self) -> None:
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA:
            raise StoreError(f"{self.path} was written by a newer newsprism (schema {current}, "
                             f"this one knows {SCHEMA}); upgrade newsprism")
        if current < SCHEMA:
            # an older corpus opened for reading (stories, search, serve): upgrade it in place when
            # this user may write it (migrations only add tables), else say who can
            if not (os.access(self.path, os.W_OK) and os.access(self.path.resolve().parent, os.W_OK)):
                raise StoreError(f"{self.path} has an older schema ({current}) and this user cannot "
                                 f"write it to upgrade it; run `newsprism add --db {self.path} PATH...` "
                                 "once as a user who can (or make the file and its folder writable)")
            Store(self.path, self.options).close()  # migrates (see _migrate)

    def _migrate(self) -> None:
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = c.execute("SELECT max(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA:
            raise StoreError(f"{self.path} was written by a newer newsprism (schema {current}, "
                             f"this one knows {SCHEMA}); upgrade newsprism")
        for version, sql in MIGRATIONS:
            if version <= current:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                for stmt in _split_sql(sql):
                    c.execute(stmt)
                c.execute("INSERT INTO schema_version(version) VALUES (?)", (version,))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
        if c.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # also marks older corpora
        if c.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            c.execute(f"PRAGMA user_version = {SCHEMA}")

    def schema_version(self) -> int:
        return self.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]

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

    # -- adding ----------------------------------------------------------------------------------
    def add(self, articles: Iterable[Article], progress: Progress = None,
            features: list[feat.Features] | None = None) -> AddReport:
        """Store articles and group them into stories; see the module docstring for guarantees.

        ``features`` may carry precomputed ``article_features`` (same order), e.g. from a
        parallel batch engine.
        """
        items = list(articles)
        report = AddReport()
        total = len(items)
        extended: set[str] = set()
        created: set[str] = set()
        with self._lock:
            for start in range(0, total, COMMIT_EVERY):
                batch = items[start:start + COMMIT_EVERY]
                fbatch = features[start:start + COMMIT_EVERY] if features is not None else None
                self._add_batch(batch, fbatch, report, created, extended)
                if progress:
                    progress("store", min(start + COMMIT_EVERY, total), total)
        report.stories_created = len(created)
        report.stories_extended = len(extended - created)
        return report

    def _add_batch(self, batch: list[Article], fbatch, report: AddReport,
                   created: set[str], extended: set[str]) -> None:
        c = self.conn
        hashes = [feat.content_hash(a.text) for a in batch]
        # which articles are new (checked again inside the transaction, which is what counts)
        ids = [a.id for a in batch]
        marks = ",".join("?" * len(batch))
        seen = {r[0] for r in self.conn.execute(
            f"SELECT id FROM articles WHERE id IN ({marks}) UNION "
            f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", ids + hashes)}
        todo = [i for i, a in enumerate(batch) if a.id not in seen and hashes[i] not in seen]
        if fbatch is None:
            fs = feat.features_many([batch[i] for i in todo], self.options)
            fmap = dict(zip(todo, fs))
        else:
            fmap = {i: fbatch[i] for i in todo}
        local = AddReport()
        local_created: set[str] = set()
        local_extended: set[str] = set()
        try:
            c.execute("BEGIN IMMEDIATE")  # the write lock: no other writer until COMMIT
            # Another process (a `follow`, the web app) may have added stories since we loaded
            # the index: data_version changes exactly then, and the index is re-read under the lock.
            version = c.execute("PRAGMA data_version").fetchone()[0]
            if self._index is None or version != self._data_version:
                self._index = self._load_index()
                self._data_version = version
            for i, a in enumerate(batch):
                known = self._known(a.id, hashes[i])
                if known is not None:
                    local.duplicates += 1
                    local.ids.append(known)
                    continue
                f = fmap.get(i) or feat.article_features(a, self.options)
                decision, near = self._insert(a, hashes[i], f)
                local.added += 1
                local.ids.append(a.id)
                if near:
                    local.near_duplicates += 1
                (local_created if decision.created else local_extended).add(decision.story_id)
                local.merges.extend((m, s) for m, s, _ in decision.merged)
            # reconsolidate what this batch touched, in the same transaction (see regroup)
            self._regroup(local_created | local_extended, local, None)
            c.execute("COMMIT")
        except BaseException as e:
            try:
                c.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._index = None  # the in-memory index may hold the rolled-back batch: reload it
            if isinstance(e, sqlite3.Error):
                raise StoreError(f"{self.path}: could not store articles ({e}); nothing of this "
                                 "batch was written, earlier batches are kept") from e
            raise
        report.merge(local)
        created |= local_created
        extended |= local_extended

    def _known(self, article_id: str, chash: str) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
                                (article_id, chash)).fetchone()
        return row[0] if row else None

    def _near_duplicate(self, a: Article, f: feat.Features) -> str | None:
        if a.duplicate_of:
            row = self.conn.execute("SELECT id, duplicate_of FROM articles WHERE id = ?",
                                    (a.duplicate_of,)).fetchone()
            if row:
                return row["duplicate_of"] or row["id"]
        keys = _band_keys(f.minhash)
        cands = {aid for (aid,) in self.conn.execute(
            f"SELECT article_id FROM lsh_bands WHERE key IN ({','.join('?' * len(keys))})", keys)}
        best, best_sim = None, 0.0
        for aid in sorted(cands):
            row = self.conn.execute(
                "SELECT f.minhash, a.duplicate_of, a.num FROM article_features f "
                "JOIN articles a ON a.id = f.article_id WHERE f.article_id = ?", (aid,)).fetchone()
            sim = feat.minhash_similarity(f.minhash, np.frombuffer(row[0], dtype=np.uint64))
            if sim >= self.options.near_duplicate_threshold and sim > best_sim:
                best, best_sim = (row[1] or aid), sim
        return best

    def _insert(self, a: Article, chash: str, f: feat.Features) -> tuple[Decision, bool]:
        c = self.conn
        now = _now()
        original = self._near_duplicate(a, f)
        c.execute(
            "INSERT INTO articles(id, source, url, outlet, outlet_from, published, published_from, "
            "title, text, shape, removals, duplicate_of, duplicates, content_hash, added_at, label) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.source, a.url, a.outlet, a.outlet_from, a.published, a.published_from, a.title,
             a.text, a.shape, json.dumps([r.__dict__ for r in a.removals], ensure_ascii=False),
             original, json.dumps(list(a.duplicates)), chash, now, a.label))
        if original:
            row = c.execute("SELECT duplicates FROM articles WHERE id = ?", (original,)).fetchone()
            dups = json.loads(row[0])
            if a.id not in dups:
                dups.append(a.id)
                c.execute("UPDATE articles SET duplicates = ? WHERE id = ?", (json.dumps(dups), original))
        c.execute("INSERT INTO article_features(article_id, vec, names, minhash, embedding) "
                  "VALUES (?,?,?,?,?)",
                  (a.id, feat.pack_sparse(f.idx, f.val), json.dumps(f.names),
                   np.asarray(f.minhash, dtype="<u8").tobytes(), feat.pack_array(f.embedding, "<f4")))
        c.executemany("INSERT INTO lsh_bands(band, key, article_id) VALUES (?,?,?)",
                      [(b, k, a.id) for b, k in enumerate(_band_keys(f.minhash))])
        join = None
        if original:
            row = c.execute("SELECT s.root FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
                            "WHERE sa.article_id = ?", (original,)).fetchone()
            join = row[0] if row else None
        d = self.index.assign(a.id, f, join_only=join, outlet=trusted_outlet(a.outlet, a.outlet_from))
        self._write_story(d, a, now)
        return d, original is not None

    def _write_story(self, d: Decision, a: Article, now: str) -> None:
        c = self.conn
        s = self.index.stories[d.story_id]
        if d.created:
            # centroid/norm2/emb: no longer kept (grouping compares with members): empty
            c.execute("INSERT INTO stories(id, seq, title, created_at, first_date, last_date, size, "
                      "centroid, norm2, emb, root) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (s.id, s.seq, a.title or _lead(a.text), now, day_iso(s.first), day_iso(s.last), s.size,
                       b"", 0.0, None, s.id))
        else:
            c.execute("UPDATE stories SET first_date = ?, last_date = ?, size = ?, "
                      "title = coalesce(title, ?) WHERE id = ?",
                      (day_iso(s.first), day_iso(s.last), s.size, a.title, s.id))
        for merged, survivor, sim in d.merged:
            c.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (survivor, merged))
            c.execute("UPDATE stories SET root = ? WHERE root = ?", (survivor, merged))
            c.execute("INSERT INTO story_merges(merged, survivor, article_id, similarity, merged_at) "
                      "VALUES (?,?,?,?,?)", (merged, survivor, a.id, sim, now))
        c.execute("INSERT INTO story_articles(article_id, story_id, similarity, how, added_at) "
                  "VALUES (?,?,?,?,?)", (a.id, d.story_id, round(d.similarity, 6), d.how, now))

    # -- reconsolidation -------------------------------------------------------------------------
    def regroup(self, story_ids: Iterable[str] | None = None) -> AddReport:
        """Split stories that drifted and merge stories that converged (all active stories, or
        those given); both are recorded (story_splits, story_merges) so old ids stay usable."""
        report = AddReport()
        c = self.conn
        with self._lock:
            try:
                c.execute("BEGIN IMMEDIATE")
                version = c.execute("PRAGMA data_version").fetchone()[0]
                if self._index is None or version != self._data_version:
                    self._index = self._load_index()
                    self._data_version = version
                ids = set(self.index.stories) if story_ids is None else {
                    self._root(x) for x in story_ids}
                self._regroup(ids, report, None)
                c.execute("COMMIT")
            except BaseException as e:
                try:
                    c.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                self._index = None
                if isinstance(e, sqlite3.Error):
                    raise StoreError(f"{self.path}: could not regroup ({e}); nothing was changed") from e
                raise
        return report

    def _root(self, story_id: str) -> str:
        r = self.conn.execute("SELECT root FROM stories WHERE id = ?", (story_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}; `newsprism stories --db "
                                f"{self.path}` lists them")
        return r[0]

    def _regroup(self, story_ids: set[str], report: AddReport, article_id: str | None) -> None:
        """Run the Regrouper on ``story_ids`` and write what it did (inside a transaction)."""
        from .grouping import Regrouper

        if not story_ids:
            return
        c = self.conn
        now = _now()
        splits, merges = Regrouper(self.index).run(sorted(story_ids))
        for sp in splits:
            new = self.index.stories.get(sp.new_story)
            title = c.execute("SELECT title, text FROM articles WHERE id = ?",
                              (sp.article_ids[0],)).fetchone()
            c.execute("INSERT INTO stories(id, seq, title, created_at, first_date, last_date, size, "
                      "centroid, norm2, emb, root) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (sp.new_story, sp.seq, title[0] or _lead(title[1]), now, None, None, 0,
                       b"", 0.0, None, sp.new_story))
            marks = ",".join("?" * len(sp.article_ids))
            c.execute(f"UPDATE story_articles SET story_id = ? WHERE article_id IN ({marks})",
                      [sp.new_story, *sp.article_ids])
            c.executemany("INSERT INTO story_splits(story, new_story, article_id, similarity, split_at) "
                          "VALUES (?,?,?,?,?)",
                          [(sp.story_id, sp.new_story, a, sp.mean, now) for a in sp.article_ids])
            report.splits.append((sp.story_id, sp.new_story))
            for sid in (sp.story_id, sp.new_story):
                if new is not None and sid in self.index.stories:
                    self._update_story(self.index.stories[sid])
        for merged, survivor, sim in merges:
            first = c.execute("SELECT article_id FROM story_articles sa JOIN stories s ON "
                              "s.id = sa.story_id WHERE s.root = ? ORDER BY sa.added_at, "
                              "sa.article_id LIMIT 1", (merged,)).fetchone()
            c.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (survivor, merged))
            c.execute("UPDATE stories SET root = ? WHERE root = ?", (survivor, merged))
            c.execute("INSERT INTO story_merges(merged, survivor, article_id, similarity, merged_at) "
                      "VALUES (?,?,?,?,?)", (merged, survivor, article_id or first[0], sim, now))
            report.merges.append((merged, survivor))
        for _, survivor, _ in merges:
            if survivor in self.index.stories:
                self._update_story(self.index.stories[survivor])

    def _update_story(self, s: StoryState) -> None:
        self.conn.execute("UPDATE stories SET first_date = ?, last_date = ?, size = ? WHERE id = ?",
                          (day_iso(s.first), day_iso(s.last), s.size, s.id))

    @_locked
    def story_splits(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT story, new_story, article_id, similarity, split_at FROM story_splits "
            "ORDER BY split_at, new_story, article_id")]

    # -- reading ---------------------------------------------------------------------------------
    @_locked
    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    @_locked
    def count_stories(self, include_merged: bool = False) -> int:
        sql = "SELECT count(*) FROM stories" + ("" if include_merged else " WHERE merged_into IS NULL")
        return self.conn.execute(sql).fetchone()[0]

    @staticmethod
    def _article(r: sqlite3.Row) -> Article:
        return Article(id=r["id"], source=r["source"], text=r["text"], title=r["title"],
                       outlet=r["outlet"], outlet_from=r["outlet_from"], published=r["published"],
                       published_from=r["published_from"], url=r["url"], shape=r["shape"],
                       removals=[Removal(**x) for x in json.loads(r["removals"])],
                       duplicate_of=r["duplicate_of"], duplicates=json.loads(r["duplicates"]),
                       label=r["label"] if "label" in r.keys() else None)

    @_locked
    def article(self, article_id: str) -> Article:
        r = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no article {article_id!r} in {self.path}; "
                                "`newsprism search --db DB WORDS` finds ids")
        return self._article(r)

    def iter_articles(self, batch: int = 500):
        """Every stored article, in the order added."""
        last = 0
        while True:
            rows = self.conn.execute("SELECT * FROM articles WHERE num > ? ORDER BY num LIMIT ?",
                                     (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                yield self._article(r)
            last = rows[-1]["num"]

    def iter_article_features(self, batch: int = 500):
        """(Article, Features) of every stored article, in the order added (for export)."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT a.*, f.vec, f.names AS f_names, f.minhash, f.embedding FROM articles a "
                "JOIN article_features f ON f.article_id = a.id WHERE a.num > ? ORDER BY a.num LIMIT ?",
                (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                fi, fv = feat.unpack_sparse(r["vec"])
                yield self._article(r), feat.Features(
                    idx=fi, val=fv, names=json.loads(r["f_names"]),
                    minhash=np.frombuffer(r["minhash"], dtype="<u8").astype(np.uint64),
                    date=(r["published"] or None) and r["published"][:10],
                    embedding=feat.unpack_array(r["embedding"], "<f4"))
            last = rows[-1]["num"]

    @_locked
    def article_story(self, article_id: str) -> str | None:
        r = self.conn.execute("SELECT s.root FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
                              "WHERE sa.article_id = ?", (article_id,)).fetchone()
        return r[0] if r else None

    def _info(self, r: sqlite3.Row) -> StoryInfo:
        outlets = [x[0] for x in self.conn.execute(
            "SELECT DISTINCT a.outlet FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
            "JOIN articles a ON a.id = sa.article_id WHERE s.root = ? ORDER BY a.outlet", (r["root"],))]
        return StoryInfo(id=r["id"], title=r["title"], size=r["size"], outlets=outlets,
                         first_date=r["first_date"], last_date=r["last_date"],
                         merged_into=r["merged_into"])

    @_locked
    def story(self, story_id: str) -> StoryInfo:
        r = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}; `newsprism stories --db "
                                f"{self.path}` lists them")
        return self._info(r)

    @_locked
    def stories(self, limit: int = 50, offset: int = 0, query: str | None = None) -> list[StoryInfo]:
        """Stories not merged into another, newest and largest first; ``query`` filters by FTS."""
        order = ("ORDER BY s.last_date IS NULL, s.last_date DESC, s.size DESC, s.seq ASC "
                 "LIMIT ? OFFSET ?")
        if query:
            sql = ("SELECT s.* FROM stories s WHERE s.merged_into IS NULL AND s.id IN ("
                   " SELECT st.root FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid"
                   " JOIN story_articles sa ON sa.article_id = a.id JOIN stories st ON st.id = sa.story_id"
                   " WHERE articles_fts MATCH ?) " + order)
            rows = self.conn.execute(sql, (_fts_query(query), limit, offset)).fetchall()
        else:
            rows = self.conn.execute("SELECT s.* FROM stories s WHERE s.merged_into IS NULL " + order,
                                     (limit, offset)).fetchall()
        return [self._info(r) for r in rows]

    # -- issue 13: the web app's filtered story list (one block; the web layer decides what is
    #    shown: a dispute badge only for a report that is up to date, outlets as people see them)
    @_locked
    def story_rows(self, *, limit: int = 50, offset: int = 0, since: str | None = None,
                   until: str | None = None, outlet: str | None = None, min_size: int | None = None,
                   disputed: bool = False, query: str | None = None, story_id: str | None = None) -> list[dict]:
        """Stories not merged into another, newest and largest first, filtered: dates overlapping
        [since, until] (ISO days), an outlet whose name contains ``outlet`` (case-insensitive; an
        outlet known only by its file name never matches), at least ``min_size`` articles, and
        with ``disputed`` only those whose stored report lists contradictions.  Each row:
        {"info": StoryInfo, "unknown": outlets known only by a file name, "report_fingerprint":
        the stored report's fingerprint or None, "contradictions": its count or None}.  Reads
        the stored report (story_reports, see corpus/reports.py); never makes one.  ``story_id``:
        only that story."""
        have_reports = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                         "AND name = 'story_reports'").fetchone() is not None
        if disputed and not have_reports:
            return []
        cols = ("r.fingerprint AS r_fp, json_array_length(r.analysis, '$.contradictions') AS r_x"
                if have_reports else "NULL AS r_fp, NULL AS r_x")
        sql = [f"SELECT s.*, {cols} FROM stories s"
               + (" LEFT JOIN story_reports r ON r.story_id = s.id" if have_reports else "")
               + " WHERE s.merged_into IS NULL"]
        args: list = []
        if story_id:
            sql.append("AND s.id = ?")
            args.append(story_id)
        if since:
            sql.append("AND substr(s.last_date, 1, 10) >= ?")
            args.append(since)
        if until:
            sql.append("AND substr(s.first_date, 1, 10) <= ?")
            args.append(until)
        if min_size:
            sql.append("AND s.size >= ?")
            args.append(min_size)
        if outlet:
            like = "%" + outlet.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql.append("AND EXISTS (SELECT 1 FROM stories st JOIN story_articles sa ON sa.story_id = st.id "
                       "JOIN articles a ON a.id = sa.article_id WHERE st.root = s.id "
                       "AND a.outlet_from IS NOT 'filename' AND a.outlet LIKE ? ESCAPE '\\')")
            args.append(like)
        if disputed:
            sql.append("AND json_array_length(r.analysis, '$.contradictions') > 0")
        if query:
            sql.append("AND s.id IN (SELECT st.root FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
                       "JOIN story_articles sa ON sa.article_id = a.id JOIN stories st ON st.id = sa.story_id "
                       "WHERE articles_fts MATCH ?)")
            args.append(_fts_query(query))
        sql.append("ORDER BY s.last_date IS NULL, s.last_date DESC, s.size DESC, s.seq ASC LIMIT ? OFFSET ?")
        rows = self.conn.execute(" ".join(sql), (*args, limit, offset)).fetchall()
        out = []
        for r in rows:
            names = self.conn.execute(
                "SELECT a.outlet, min(coalesce(a.outlet_from, '') = 'filename') FROM stories s "
                "JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id "
                "WHERE s.root = ? GROUP BY a.outlet ORDER BY a.outlet", (r["root"],)).fetchall()
            info = StoryInfo(id=r["id"], title=r["title"], size=r["size"], outlets=[n[0] for n in names],
                             first_date=r["first_date"], last_date=r["last_date"], merged_into=r["merged_into"])
            out.append({"info": info, "unknown": {n[0] for n in names if n[1]},
                        "report_fingerprint": r["r_fp"], "contradictions": r["r_x"]})
        return out

    @_locked
    def unknown_outlet_articles(self, article_ids: Iterable[str]) -> set[str]:
        """The ids among ``article_ids`` whose outlet nothing named (decided from the file name)."""
        ids, out = list(dict.fromkeys(article_ids)), set()
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            out.update(x[0] for x in self.conn.execute(
                f"SELECT id FROM articles WHERE outlet_from = 'filename' AND id IN ({','.join('?' * len(chunk))})",
                chunk))
        return out

    @_locked
    def story_articles(self, story_id: str) -> list[Article]:
        """The articles of a story (and of stories merged into it), oldest first."""
        info = self.story(story_id)
        root = self.conn.execute("SELECT root FROM stories WHERE id = ?", (story_id,)).fetchone()[0]
        if info.merged_into is None:
            root = story_id
        rows = self.conn.execute(
            "SELECT a.* FROM articles a JOIN story_articles sa ON sa.article_id = a.id "
            "JOIN stories s ON s.id = sa.story_id WHERE s.root = ? "
            "ORDER BY a.published IS NULL, a.published, a.num", (root,)).fetchall()
        return [self._article(r) for r in rows]

    @_locked
    def story_merges(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT merged, survivor, article_id, similarity, merged_at FROM story_merges ORDER BY merged_at, merged")]

    @_locked
    def partition(self) -> dict[str, str]:
        """article id -> the story it resolves to (for tests and benchmarks)."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT sa.article_id, s.root FROM story_articles sa JOIN stories s ON s.id = sa.story_id")}

    @_locked
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 1, '[', ']', '…', 16) AS snip, s.root AS story "
            "FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id "
            "LEFT JOIN stories s ON s.id = sa.story_id "
            "WHERE articles_fts MATCH ? ORDER BY rank, a.num LIMIT ?",
            (_fts_query(query), limit)).fetchall()
        return [SearchHit(article_id=r["id"], title=r["title"], outlet=r["outlet"],
                          published=r["published"], snippet=r["snip"], story_id=r["story"]) for r in rows]

    # -- feeds (used by corpus.feeds) ------------------------------------------------------------
    def feed_id(self, url: str) -> int:
        with self._lock:
            self.conn.execute("INSERT OR IGNORE INTO feeds(url) VALUES (?)", (url,))
            return self.conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]

    def feed_entry_done(self, feed_id: int, entry_key: str) -> bool:
        r = self.conn.execute("SELECT status FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                              (feed_id, entry_key)).fetchone()
        return r is not None and r[0] != "failed"

    def record_feed_entry(self, feed_id: int, entry_key: str, link: str | None,
                          article_id: str | None, status: str, message: str | None = None) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT INTO feed_entries(feed_id, entry_key, link, article_id, status, message, seen_at) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(feed_id, entry_key) DO UPDATE SET "
                "link = excluded.link, article_id = excluded.article_id, status = excluded.status, "
                "message = excluded.message, seen_at = excluded.seen_at",
                (feed_id, entry_key, link, article_id, status, message, _now()))

    def record_feed_check(self, feed_id: int, title: str | None, status: str) -> None:
        with self._lock:
            self.conn.execute("UPDATE feeds SET title = coalesce(?, title), last_checked = ?, "
                              "last_status = ? WHERE id = ?", (title, _now(), status, feed_id))

    @_locked
    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (triggers hold ';' inside BEGIN...END)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        stmt = "\n".join(buf)
        if sqlite3.complete_statement(stmt):
            out.append(stmt.strip())
            buf = []
    return [s for s in out if s]
