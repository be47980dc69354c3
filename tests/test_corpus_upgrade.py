"""A corpus written by an older newsprism (an earlier schema) opens for reading too."""
from __future__ import annotations

import os

import pytest

from newsprism.corpus import Store
from newsprism.corpus import store as store_module
from newsprism.errors import StoreError

from test_corpus_store import generated


def _downgrade_to_schema_1(db) -> None:
    """What a corpus written before migrations 2 (story_splits) and 3 (articles.label) looks like."""
    with Store(db) as s:
        s.add(generated(2, 2))
        s.conn.execute("DROP TABLE story_splits")
        s.conn.execute("ALTER TABLE articles DROP COLUMN label")
        s.conn.execute("DELETE FROM schema_version WHERE version > 1")


def test_an_older_corpus_is_upgraded_when_opened_for_reading(tmp_path):
    db = tmp_path / "old.db"
    _downgrade_to_schema_1(db)
    with Store(db, create=False) as s:  # as `stories`, `search` and the web app open it
        assert s.schema_version() == store_module.SCHEMA
        assert s.count_articles() == 4
        assert s.story_splits() == []  # the table migration 2 adds is there
        assert len(s.stories()) == 2


def test_an_older_corpus_this_user_cannot_write_gets_a_clear_error(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    _downgrade_to_schema_1(db)
    monkeypatch.setattr(store_module.os, "access", lambda path, mode: mode != os.W_OK)
    with pytest.raises(StoreError, match=r"older schema \(1\).*newsprism add --db"):
        Store(db, create=False)
    monkeypatch.undo()
    with Store(db, create=False) as s:  # nothing was changed by the refusal; now it upgrades
        assert s.schema_version() == store_module.SCHEMA
