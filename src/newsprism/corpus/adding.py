"""Adding articles to the store and keeping its stories right (a part of ``Store``).

- Adding is incremental and idempotent: an article already stored (same id, or same
  normalised-content hash) is counted as a duplicate and not stored again.
- Crash-safe and resumable: every small batch of articles (COMMIT_EVERY) is written in ONE
  transaction together with its features, near-duplicate links, story assignment and story rows,
  and the reconsolidation of the stories it touched.  A process killed at any point leaves the
  database as it was after the last committed batch; the next run skips what is stored.
- Near-duplicates: MinHash signatures (features.py) in a banded LSH index stored in SQLite.
  Hand-written because datasketch keeps its LSH in memory (or Redis/Cassandra); here the bands
  must live in the same transaction as the article they belong to.
- Reconsolidation (``regroup``): stories that drifted are split and stories that converged are
  merged (grouping.Regrouper); both are recorded (story_splits, story_merges).

``StoreWriting`` is mixed into ``Store`` (store.py), which gives it ``conn``, ``lock``,
``options``, ``path``, ``index``, ``refresh_index()`` and ``forget_index()``.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import NotFoundError, StoreError
from ..model import Article, ReadFailure
from .dbutil import OnFirstUse, locked, now_iso

if TYPE_CHECKING:
    import numpy as np

    from . import features as feat
    from .grouping import Decision, StoryState, day_iso, trusted_outlet
else:
    np = OnFirstUse("numpy")
    feat = OnFirstUse(".features")
    _grouping = OnFirstUse(".grouping")
    day_iso, trusted_outlet = map(_grouping.later, ("day_iso", "trusted_outlet"))

__all__ = ["StoreWriting", "AddReport", "COMMIT_EVERY", "LSH_BANDS", "LSH_ROWS", "band_keys", "lead_title"]

Progress = Callable[[str, int, int], None] | None

COMMIT_EVERY = 16  # articles per transaction: small enough to lose little, large enough to be fast
LSH_BANDS = 16  # 16 bands x 8 rows of a 128-value MinHash: candidate pairs from Jaccard ~0.7 up
LSH_ROWS = 8  # features.NUM_PERM (128) / LSH_BANDS (a test checks it)


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


def lead_title(text: str, limit: int = 90) -> str | None:
    """A display title for a story whose first article has none: its first sentence, cut."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].strip()
    return None if not first else first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def band_keys(sig: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band (the band number is hashed in, so one lookup finds all)."""
    raw = np.asarray(sig, dtype="<u8").tobytes()
    step = 8 * LSH_ROWS
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + raw[b * step:(b + 1) * step], digest_size=8).digest(),
                           "little", signed=True) for b in range(LSH_BANDS)]


class StoreWriting:
    """Adding, linking near-duplicates, grouping and reconsolidating (see the module docstring)."""

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
        with self.lock:
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
            # another process (a `follow`, the web app) may have added stories since: see refresh_index
            self.refresh_index()
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
            self._roll_back(c)
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
        keys = band_keys(f.minhash)
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
        now = now_iso()
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
                      [(b, k, a.id) for b, k in enumerate(band_keys(f.minhash))])
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
                      (s.id, s.seq, a.title or lead_title(a.text), now, day_iso(s.first), day_iso(s.last), s.size,
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

    def _roll_back(self, c) -> None:
        """Undo the open transaction (if the connection still can) and drop the in-memory index,
        which may hold what was rolled back: the next use reloads it."""
        try:
            c.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.forget_index()

    # -- reconsolidation -------------------------------------------------------------------------
    def regroup(self, story_ids: Iterable[str] | None = None) -> AddReport:
        """Split stories that drifted and merge stories that converged (all active stories, or
        those given); both are recorded (story_splits, story_merges) so old ids stay usable."""
        report = AddReport()
        c = self.conn
        with self.lock:
            try:
                c.execute("BEGIN IMMEDIATE")
                self.refresh_index()
                ids = set(self.index.stories) if story_ids is None else {
                    self._root(x) for x in story_ids}
                self._regroup(ids, report, None)
                c.execute("COMMIT")
            except BaseException as e:
                self._roll_back(c)
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
        now = now_iso()
        splits, merges = Regrouper(self.index).run(sorted(story_ids))
        for sp in splits:
            new = self.index.stories.get(sp.new_story)
            title = c.execute("SELECT title, text FROM articles WHERE id = ?",
                              (sp.article_ids[0],)).fetchone()
            c.execute("INSERT INTO stories(id, seq, title, created_at, first_date, last_date, size, "
                      "centroid, norm2, emb, root) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (sp.new_story, sp.seq, title[0] or lead_title(title[1]), now, None, None, 0,
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

    @locked
    def story_splits(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT story, new_story, article_id, similarity, split_at FROM story_splits "
            "ORDER BY split_at, new_story, article_id")]
