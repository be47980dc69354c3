"""The corpus store: idempotent adds, duplicates, crash safety (a real SIGKILL), search, export."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsprism.corpus import Store, export_jsonl, export_parquet, load_story
from newsprism.errors import NotFoundError, StoreError
from newsprism.model import Article, Removal
from newsprism.options import Options

# A generator of many small, clearly separated stories, shared (as source) with the subprocess
# that gets killed, so both sides build exactly the same articles.
GENERATOR = textwrap.dedent('''
    import datetime, random
    from newsprism.model import Article

    def generated(n_stories, per_story, seed=7):
        rng = random.Random(seed)
        syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "qua", "del", "bran", "tor"]
        def word():
            return "".join(rng.choice(syll) for _ in range(3))
        common = ["officials", "said", "report", "city", "week", "people", "government", "news"]
        out = []
        base = datetime.date(2024, 1, 1)
        for s in range(n_stories):
            topic = [word() for _ in range(25)]
            name = word().capitalize() + " " + word().capitalize()
            day = base + datetime.timedelta(days=10 * s)
            for k in range(per_story):
                words = rng.sample(topic, 16) + rng.sample(common, 4)
                rng.shuffle(words)
                text = f"{name} {' '.join(words[:10])}. {' '.join(words[10:])} {name}."
                out.append(Article(id=f"g{s:04d}-{k}", source=f"gen:{s}:{k}", text=text,
                                   title=f"{name} {topic[0]}", outlet=f"outlet{k % 3}",
                                   outlet_from="field", published=day.isoformat(),
                                   published_from="field"))
        return out
''')
_ns: dict = {}
exec(GENERATOR, _ns)
generated = _ns["generated"]


def art(aid: str, text: str, day: str | None = "2024-03-01", outlet: str = "Example Daily",
        title: str | None = None, **kw) -> Article:
    return Article(id=aid, source=f"test:{aid}", text=text, title=title, outlet=outlet,
                   outlet_from="field", published=day, published_from="field" if day else None, **kw)


FLOOD_A = ("Heavy rain flooded the river town of Marlow on Monday, and the mayor Anna Kessler "
           "ordered the evacuation of three riverside streets while firefighters pumped water.")
FLOOD_B = ("The mayor of Marlow, Anna Kessler, evacuated riverside streets after the river burst "
           "its banks in heavy rain; firefighters pumped water from flooded homes on Monday.")
CHESS_A = ("The chess prodigy Tomas Varga, aged 14, won the national championship in Kestrel "
           "after a tense final game against the defending champion Liu Feng.")


@pytest.fixture()
def db(tmp_path) -> Path:
    return tmp_path / "corpus.db"


def test_store_creates_schema_wal_and_fk(db):
    with Store(db) as s:
        assert s.schema_version() >= 1
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.count_articles() == 0
        assert s.stories() == []


def test_add_is_idempotent(db):
    arts = [art("f1", FLOOD_A, title="Flood in Marlow"), art("f2", FLOOD_B), art("c1", CHESS_A)]
    with Store(db) as s:
        r1 = s.add(arts)
        assert (r1.added, r1.duplicates) == (3, 0)
        part1 = s.partition()
    with Store(db) as s:  # a later run, a fresh process state
        r2 = s.add(arts)
        assert (r2.added, r2.duplicates, r2.stories_created) == (0, 3, 0)
        assert r2.ids == ["f1", "f2", "c1"]
        assert s.count_articles() == 3
        assert s.partition() == part1
        assert s.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 3


def test_same_text_under_another_id_is_stored_once(db):
    with Store(db) as s:
        s.add([art("f1", FLOOD_A)])
        r = s.add([art("f1-copy", "  " + FLOOD_A.upper().replace(" ", "   ") + "\n", outlet="Other")])
        assert (r.added, r.duplicates, r.ids) == (0, 1, ["f1"])
        assert s.count_articles() == 1


def test_near_duplicate_is_stored_and_linked(db):
    body = " ".join([FLOOD_A, FLOOD_B, CHESS_A, FLOOD_A.replace("Monday", "Sunday")])
    near = body.replace("three riverside streets", "three streets by the river")
    with Store(db) as s:
        s.add([art("orig", body, outlet="Wire")])
        r = s.add([art("copy", near, outlet="Local Paper")])
        assert (r.added, r.near_duplicates) == (1, 1)
        copy = s.article("copy")
        assert copy.duplicate_of == "orig"
        assert "copy" in s.article("orig").duplicates
        assert s.article_story("copy") == s.article_story("orig")


def test_article_round_trip_keeps_every_field(db):
    a = art("r1", FLOOD_A, title="Flood", url="https://example.invalid/flood", shape="html",
            removals=[Removal("Read more", "ui-word", "start of text")])
    with Store(db) as s:
        s.add([a])
        assert s.article("r1") == a


def test_unknown_ids_raise_not_found(db):
    with Store(db) as s:
        with pytest.raises(NotFoundError):
            s.article("nope")
        with pytest.raises(NotFoundError):
            s.story("s-nope")
        assert s.article_story("nope") is None
    with pytest.raises(NotFoundError):
        load_story(db, "s-nope", Options())


def test_load_story_of_missing_db_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="newsprism add"):
        load_story(tmp_path / "absent.db", "s-x", Options())


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        Store(bad)


def test_fts_search_finds_a_word_and_tolerates_syntax(db):
    with Store(db) as s:
        s.add([art("f1", FLOOD_A, title="Flood"), art("c1", CHESS_A, title="Chess")])
        hits = s.search("prodigy")
        assert [h.article_id for h in hits] == ["c1"]
        assert "[prodigy]" in hits[0].snippet
        assert hits[0].story_id == s.article_story("c1")
        assert [h.article_id for h in s.search("firefighters Marlow")] == ["f1"]
        assert s.search('"unbalanced AND (') == []  # quoted, never an FTS syntax error
        with pytest.raises(StoreError):
            s.search("  ")
        assert [x.id for x in s.stories(query="prodigy")] == [s.article_story("c1")]


def test_story_listing_and_load_story(db):
    arts = generated(3, 3)
    with Store(db) as s:
        s.add(arts)
        infos = s.stories()
        assert len(infos) == 3
        assert [i.last_date for i in infos] == sorted((i.last_date for i in infos), reverse=True)
        top = infos[0]
        assert top.size == 3 and top.outlets == ["outlet0", "outlet1", "outlet2"]
        assert top.id == "s-g0002-0"
    got = load_story(db, top.id, Options())
    assert sorted(a.id for a in got) == ["g0002-0", "g0002-1", "g0002-2"]


def test_export_round_trip(db, tmp_path):
    import pyarrow.parquet as pq

    arts = generated(4, 3)
    with Store(db) as s:
        s.add(arts)
        n = export_jsonl(s, tmp_path / "a.jsonl", "articles")
        rows = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
        assert n == len(rows) == 12
        assert {r["id"] for r in rows} == {a.id for a in arts}
        assert all(r["story_id"] for r in rows)
        assert export_jsonl(s, tmp_path / "s.jsonl", "stories") == 4
        assert export_parquet(s, tmp_path / "a.parquet", "articles") == 12
        t = pq.read_table(tmp_path / "a.parquet")
        assert t.num_rows == 12 and set(t.column("id").to_pylist()) == {a.id for a in arts}
        st = pq.read_table(tmp_path / "s.parquet") if export_parquet(s, tmp_path / "s.parquet", "stories") else None
        assert sorted(len(x) for x in st.column("articles").to_pylist()) == [3, 3, 3, 3]
        with pytest.raises(StoreError):
            export_jsonl(s, tmp_path / "x.jsonl", "bananas")


def test_failed_transaction_rolls_back_whole_batch(db, monkeypatch):
    arts = generated(2, 2)
    with Store(db) as s:
        s.add(arts[:1])
        orig = s._write_story
        calls = {"n": 0}

        def boom(*a, **k):
            calls["n"] += 1
            if calls["n"] == 2:
                raise sqlite3.OperationalError("disk I/O error (simulated)")
            return orig(*a, **k)

        monkeypatch.setattr(s, "_write_story", boom)
        with pytest.raises(StoreError, match="nothing of this batch"):
            s.add(arts[1:])
        monkeypatch.setattr(s, "_write_story", orig)
        assert s.count_articles() == 1  # the partial batch is gone, the earlier one kept
        r = s.add(arts)
        assert (r.added, r.duplicates) == (3, 1)
        assert s.integrity_check() == "ok"


KILL_SCRIPT = GENERATOR + textwrap.dedent('''
    import sys
    from newsprism.corpus import Store
    with Store(sys.argv[1]) as s:
        s.add(generated(int(sys.argv[2]), int(sys.argv[3])))
''')


def _run_add(db: Path, n_stories: int, per: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db), str(n_stories), str(per)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _state(db: Path) -> tuple[list[str], dict[str, str], list[tuple]]:
    with Store(db) as s:
        assert s.integrity_check() == "ok"
        ids = sorted(r[0] for r in s.conn.execute("SELECT id FROM articles"))
        stories = sorted(tuple(r) for r in s.conn.execute(
            "SELECT id, size, first_date, last_date, merged_into FROM stories"))
        return ids, s.partition(), stories


def test_sigkill_mid_add_leaves_consistent_db_and_resumes(tmp_path):
    n_stories, per = 300, 5  # 1500 small articles: a few seconds of work
    killed = tmp_path / "killed.db"
    proc = _run_add(killed, n_stories, per)
    deadline = time.time() + 60
    count = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(killed, timeout=1)
            count = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            continue
        if count >= 150:
            break
    assert proc.poll() is None, f"add finished before it could be killed: {proc.stderr.read()[-500:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(killed)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 150 <= stored < n_stories * per
    # every stored article is grouped (article, features and story commit together)
    assert con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == stored
    assert con.execute("SELECT count(*) FROM article_features").fetchone()[0] == stored
    assert con.execute("SELECT sum(size) FROM stories WHERE merged_into IS NULL").fetchone()[0] == stored
    con.close()

    resumed = _run_add(killed, n_stories, per)
    assert resumed.wait(timeout=120) == 0, resumed.stderr.read()[-800:]
    clean = tmp_path / "clean.db"
    full = _run_add(clean, n_stories, per)
    assert full.wait(timeout=120) == 0, full.stderr.read()[-800:]

    ids_k, part_k, stories_k = _state(killed)
    ids_c, part_c, stories_c = _state(clean)
    assert len(ids_k) == n_stories * per
    assert ids_k == ids_c
    assert part_k == part_c  # same story ids, same partition
    assert stories_k == stories_c
    assert len({v for v in part_c.values()}) == n_stories  # and the generated stories are found


def test_database_from_a_newer_newsprism_is_refused(db):
    with Store(db) as s:
        s.conn.execute("INSERT INTO schema_version(version) VALUES (999)")
    with pytest.raises(StoreError, match="newer newsprism"):
        Store(db)


def test_store_is_usable_from_several_threads(db):
    from concurrent.futures import ThreadPoolExecutor

    arts = generated(6, 3)
    with Store(db) as s:
        s.add(arts[:9])

        def work(i):
            if i == 0:
                return s.add(arts[9:]).added
            return len(s.stories()) + len(s.search("officials")) + s.count_articles()

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(work, range(12)))
        assert results[0] == 9 and s.count_articles() == 18
        assert s.integrity_check() == "ok"


def test_two_writers_on_one_database_do_not_lose_updates(db):
    arts = generated(1, 4)
    with Store(db) as a, Store(db) as b:
        a.add(arts[:1])
        b.add(arts[1:2])  # b's index is read after a's commit
        a.add(arts[2:3])  # a must see b's change before extending the story
        b.add(arts[3:])
        assert a.story("s-g0000-0").size == 4
        assert set(a.partition().values()) == {"s-g0000-0"}
        assert a.count_stories() == 1
