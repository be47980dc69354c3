"""The corpus database's schema: ordered migrations, the file's marks, and the checks on open.

- A ``schema_version`` table and ordered migrations (``MIGRATIONS``); each runs in one
  transaction.  Migrations only add: an older corpus is upgraded in place.
- Marked and checked: the file carries ``PRAGMA application_id`` = APPLICATION_ID and
  ``user_version`` = the schema version.  A file with tables but another application's id (or
  no id and none of our tables) is refused, never written to; ``PRAGMA quick_check`` runs on
  open and a damaged file is refused.
- Tables kept beside the schema and made when first written (so a read-only corpus needs no
  upgrade for them): ``story_reports`` (corpus/reports.py) and ``article_annotations``
  (corpus/annotations.py).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import StoreError

__all__ = ["MIGRATIONS", "SCHEMA", "APPLICATION_ID", "check_file", "migrate", "split_sql"]

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


def check_file(conn: sqlite3.Connection, path: Path, *, read_only: bool, quick_check: bool = True) -> None:
    """Refuse another application's database and a damaged one (before anything is written)."""
    c = conn
    app_id = c.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = {"schema_version", "articles", "stories"} <= tables
    if app_id != APPLICATION_ID and (app_id != 0 or (tables and not ours)):
        owner = f"application id {app_id:#x}" if app_id else "tables " + ", ".join(sorted(tables)[:6])
        raise StoreError(f"{path} belongs to another application ({owner}), not to "
                         "newsprism; it was not changed. Give --db a new file name")
    if not tables and read_only:
        raise StoreError(f"{path}: an empty database, not a newsprism corpus; create one "
                         f"with `newsprism add --db {path} PATH...`")
    problems = [r[0] for r in c.execute("PRAGMA quick_check(5)")] if quick_check else ["ok"]
    if problems != ["ok"]:
        raise StoreError(f"{path} is damaged (SQLite quick_check: {'; '.join(problems)[:300]}); "
                         "restore it from a backup, or rebuild it by adding the inputs to a "
                         "new database")


def stored_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def too_new(path: Path, current: int) -> StoreError:
    return StoreError(f"{path} was written by a newer newsprism (schema {current}, "
                      f"this one knows {SCHEMA}); upgrade newsprism")


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the file to SCHEMA, one migration per transaction, and mark it."""
    c = conn
    c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    current = stored_version(c)
    if current > SCHEMA:
        raise too_new(path, current)
    for version, sql in MIGRATIONS:
        if version <= current:
            continue
        c.execute("BEGIN IMMEDIATE")
        try:
            for stmt in split_sql(sql):
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


def split_sql(script: str) -> list[str]:
    """Statements of a migration script (triggers hold ';' inside BEGIN...END)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        stmt = "\n".join(buf)
        if sqlite3.complete_statement(stmt):
            out.append(stmt.strip())
            buf = []
    return [s for s in out if s]
