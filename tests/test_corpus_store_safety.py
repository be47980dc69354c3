"""Issue 10, item 6: the store marks its databases, refuses other applications' files and damaged
ones, and commands that only read never create or change a schema."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.corpus import Store, load_story
from newsprism.corpus.store import APPLICATION_ID, SCHEMA
from newsprism.errors import StoreError
from newsprism.model import Article

READ_ONLY_COMMANDS = [
    ["stories", "--db", "{db}"],
    ["stories", "--db", "{db}", "--json", "-q", "flood"],
    ["search", "--db", "{db}", "flood"],
    ["export", "--db", "{db}", "-o", "{out}"],
    ["analyze", "--db", "{db}", "--story", "s-none", "-o", "{report}"],
]


def _art(n: int) -> Article:
    text = (f"The council of Marlow approved flood wall {n} on Tuesday, the mayor said. Work starts "
            "in the spring and will last two years, according to the engineers.")
    return Article(id=f"a{n}", source=f"f{n}.txt", text=text, title=f"Flood wall {n}", outlet="Gazette",
                   outlet_from="field:source", published="2024-05-0%d" % (n % 9 + 1), published_from="field:date")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def other_app(tmp_path) -> Path:
    """Another application's SQLite file: its own tables, no newsprism id."""
    db = tmp_path / "app.db"
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    c.execute("INSERT INTO users(name) VALUES ('ada')")
    c.commit()
    c.close()
    return db


@pytest.fixture()
def corpus(tmp_path) -> Path:
    db = tmp_path / "corpus.db"
    with Store(db) as s:
        s.add([_art(1), _art(2)])
    return db


def _run(args: list[str], db: Path, tmp_path: Path):
    args = [a.format(db=db, out=tmp_path / "out.jsonl", report=tmp_path / "report.json") for a in args]
    return CliRunner().invoke(main, args)


def test_a_new_corpus_is_marked(corpus):
    c = sqlite3.connect(corpus)
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS + [["add", "--db", "{db}", "{db}"]],
                         ids=lambda a: a[0])
def test_another_applications_database_is_refused_and_left_alone(other_app, tmp_path, args):
    before = _digest(other_app)
    result = _run(args, other_app, tmp_path)
    assert result.exit_code == 4, result.output
    assert "belongs to another application" in result.output
    assert _digest(other_app) == before
    tables = {r[0] for r in sqlite3.connect(other_app).execute("SELECT name FROM sqlite_master")}
    assert tables == {"users"}


def test_a_file_with_another_application_id_is_refused(tmp_path):
    db = tmp_path / "x.db"
    c = sqlite3.connect(db)
    c.execute("PRAGMA application_id = 1234")
    c.execute("CREATE TABLE schema_version (version INTEGER)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="another application"):
        Store(db)


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_commands_that_only_read_never_write(corpus, tmp_path, args):
    before = _digest(corpus)
    result = _run(args, corpus, tmp_path)
    assert result.exit_code in (0, 5), result.output  # 5: the unknown story id
    assert _digest(corpus) == before
    assert not Path(str(corpus) + "-wal").exists() or Path(str(corpus) + "-wal").stat().st_size == 0


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_commands_that_only_read_do_not_create_a_database(tmp_path, args):
    missing = tmp_path / "missing.db"
    result = _run(args, missing, tmp_path)
    assert result.exit_code == 4, result.output
    assert not missing.exists()


def test_an_empty_file_is_not_a_corpus_for_reading(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="not a newsprism corpus"):
        load_story(empty, "s-1")
    assert empty.stat().st_size == 0


def test_a_damaged_database_is_refused(corpus, tmp_path):
    with Store(corpus) as s:
        s.add([_art(n) for n in range(3, 40)])
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = s.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
        page = s.conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(corpus.read_bytes())
    off = (root - 1) * page
    data[off:off + page] = b"\xfe" * page  # the articles table's root page, overwritten
    corpus.write_bytes(bytes(data))
    result = _run(["stories", "--db", "{db}"], corpus, tmp_path)
    assert result.exit_code == 4, result.output
    assert "damaged" in result.output
    with pytest.raises(StoreError, match="damaged"):
        Store(corpus)


def test_an_unmarked_newsprism_corpus_is_adopted(tmp_path):
    """Corpora written before the mark keep working and get marked on their next write."""
    db = tmp_path / "old.db"
    with Store(db) as s:
        s.add([_art(1)])
        s.conn.execute("PRAGMA application_id = 0")
    with Store(db, create=False) as s:
        assert s.count_articles() == 1
    with Store(db) as s:
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
