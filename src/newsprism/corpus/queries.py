"""Reading the store: articles, stories and their filtered lists, full-text search, feeds (a
part of ``Store``).

- Full-text search: an FTS5 table with external content over articles(title, text), kept in
  sync by triggers (schema.py); a user's words become a quoted FTS5 query (``fts_query``), so
  no input is a syntax error.
- Nothing here imports numpy or the feature code except ``iter_article_features`` (export):
  `newsprism stories`, `search` and `export` start fast.

``StoreReading`` is mixed into ``Store`` (store.py), which gives it ``conn``, ``lock`` and
``path``.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..errors import NotFoundError, StoreError
from ..model import Article, Removal
from .dbutil import OnFirstUse, locked, now_iso

if TYPE_CHECKING:
    import numpy as np

    from . import features as feat
else:
    np = OnFirstUse("numpy")
    feat = OnFirstUse(".features")

__all__ = ["StoreReading", "StoryInfo", "SearchHit", "fts_query"]

# the words of a search, as the corpus features split words (features.py); kept here so a search
# does not import the feature code
_SEARCH_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


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


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must occur (quoted, so no syntax errors)."""
    words = [w for w in _SEARCH_WORD_RE.findall(query) if w.strip("_")]
    if not words:
        raise StoreError(f"search query {query!r} has no words to look for")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class StoreReading:
    """What the store answers (see the module docstring)."""

    @locked
    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    @locked
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

    @locked
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

    @locked
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

    @locked
    def story(self, story_id: str) -> StoryInfo:
        r = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}; `newsprism stories --db "
                                f"{self.path}` lists them")
        return self._info(r)

    @locked
    def stories(self, limit: int = 50, offset: int = 0, query: str | None = None) -> list[StoryInfo]:
        """Stories not merged into another, newest and largest first; ``query`` filters by FTS."""
        order = ("ORDER BY s.last_date IS NULL, s.last_date DESC, s.size DESC, s.seq ASC "
                 "LIMIT ? OFFSET ?")
        if query:
            sql = ("SELECT s.* FROM stories s WHERE s.merged_into IS NULL AND s.id IN ("
                   " SELECT st.root FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid"
                   " JOIN story_articles sa ON sa.article_id = a.id JOIN stories st ON st.id = sa.story_id"
                   " WHERE articles_fts MATCH ?) " + order)
            rows = self.conn.execute(sql, (fts_query(query), limit, offset)).fetchall()
        else:
            rows = self.conn.execute("SELECT s.* FROM stories s WHERE s.merged_into IS NULL " + order,
                                     (limit, offset)).fetchall()
        return [self._info(r) for r in rows]

    # -- issue 13: the web app's filtered story list (one block; the web layer decides what is
    #    shown: a dispute badge only for a report that is up to date, outlets as people see them)
    @locked
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
        have_reports = self._have_reports()
        if disputed and not have_reports:
            return []
        cols = ("r.fingerprint AS r_fp, json_array_length(r.analysis, '$.contradictions') AS r_x"
                if have_reports else "NULL AS r_fp, NULL AS r_x")
        where, args = self._story_filters(have_reports, since=since, until=until, outlet=outlet,
                                          min_size=min_size, disputed=disputed, query=query,
                                          story_id=story_id)
        sql = [f"SELECT s.*, {cols} {where}"]
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

    def _have_reports(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'story_reports'").fetchone() is not None

    @staticmethod
    def _story_filters(have_reports: bool, *, since, until, outlet, min_size, disputed, query,
                       story_id) -> tuple[str, list]:
        """The FROM and WHERE of the story list's filters (``story_rows``), with their arguments."""
        where = ["FROM stories s" + (" LEFT JOIN story_reports r ON r.story_id = s.id" if have_reports else "")
                 + " WHERE s.merged_into IS NULL"]
        args: list = []
        if story_id:
            where.append("AND s.id = ?")
            args.append(story_id)
        if since:
            where.append("AND substr(s.last_date, 1, 10) >= ?")
            args.append(since)
        if until:
            where.append("AND substr(s.first_date, 1, 10) <= ?")
            args.append(until)
        if min_size:
            where.append("AND s.size >= ?")
            args.append(min_size)
        if outlet:
            like = "%" + outlet.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("AND EXISTS (SELECT 1 FROM stories st JOIN story_articles sa ON sa.story_id = st.id "
                       "JOIN articles a ON a.id = sa.article_id WHERE st.root = s.id "
                       "AND a.outlet_from IS NOT 'filename' AND a.outlet LIKE ? ESCAPE '\\')")
            args.append(like)
        if disputed:
            where.append("AND json_array_length(r.analysis, '$.contradictions') > 0")
        if query:
            where.append("AND s.id IN (SELECT st.root FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
                       "JOIN story_articles sa ON sa.article_id = a.id JOIN stories st ON st.id = sa.story_id "
                       "WHERE articles_fts MATCH ?)")
            args.append(fts_query(query))
        return " ".join(where), args

    @locked
    def count_story_rows(self, *, since: str | None = None, until: str | None = None,
                         outlet: str | None = None, min_size: int | None = None, disputed: bool = False,
                         query: str | None = None) -> int:
        """How many stories ``story_rows`` would list with these filters (all pages).  With
        ``disputed``, stories whose stored report lists contradictions, up to date or not."""
        have_reports = self._have_reports()
        if disputed and not have_reports:
            return 0
        where, args = self._story_filters(have_reports, since=since, until=until, outlet=outlet,
                                          min_size=min_size, disputed=disputed, query=query, story_id=None)
        return self.conn.execute(f"SELECT count(*) {where}", args).fetchone()[0]

    @locked
    def unknown_outlet_articles(self, article_ids: Iterable[str]) -> set[str]:
        """The ids among ``article_ids`` whose outlet nothing named (decided from the file name)."""
        ids, out = list(dict.fromkeys(article_ids)), set()
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            out.update(x[0] for x in self.conn.execute(
                f"SELECT id FROM articles WHERE outlet_from = 'filename' AND id IN ({','.join('?' * len(chunk))})",
                chunk))
        return out

    @locked
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

    @locked
    def story_merges(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT merged, survivor, article_id, similarity, merged_at FROM story_merges ORDER BY merged_at, merged")]

    @locked
    def partition(self) -> dict[str, str]:
        """article id -> the story it resolves to (for tests and benchmarks)."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT sa.article_id, s.root FROM story_articles sa JOIN stories s ON s.id = sa.story_id")}

    @locked
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 1, '[', ']', '…', 16) AS snip, s.root AS story "
            "FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id "
            "LEFT JOIN stories s ON s.id = sa.story_id "
            "WHERE articles_fts MATCH ? ORDER BY rank, a.num LIMIT ?",
            (fts_query(query), limit)).fetchall()
        return [SearchHit(article_id=r["id"], title=r["title"], outlet=r["outlet"],
                          published=r["published"], snippet=r["snip"], story_id=r["story"]) for r in rows]

    # -- feeds (used by corpus.feeds) ------------------------------------------------------------
    def feed_id(self, url: str) -> int:
        with self.lock:
            self.conn.execute("INSERT OR IGNORE INTO feeds(url) VALUES (?)", (url,))
            return self.conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]

    def feed_entry_done(self, feed_id: int, entry_key: str) -> bool:
        r = self.conn.execute("SELECT status FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                              (feed_id, entry_key)).fetchone()
        return r is not None and r[0] != "failed"

    def record_feed_entry(self, feed_id: int, entry_key: str, link: str | None,
                          article_id: str | None, status: str, message: str | None = None) -> None:
        with self.lock:
            self.conn.execute(
                "INSERT INTO feed_entries(feed_id, entry_key, link, article_id, status, message, seen_at) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(feed_id, entry_key) DO UPDATE SET "
                "link = excluded.link, article_id = excluded.article_id, status = excluded.status, "
                "message = excluded.message, seen_at = excluded.seen_at",
                (feed_id, entry_key, link, article_id, status, message, now_iso()))

    def record_feed_check(self, feed_id: int, title: str | None, status: str) -> None:
        with self.lock:
            self.conn.execute("UPDATE feeds SET title = coalesce(?, title), last_checked = ?, "
                              "last_status = ? WHERE id = ?", (title, now_iso(), status, feed_id))

    @locked
    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]
