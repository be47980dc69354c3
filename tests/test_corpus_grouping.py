"""Story grouping: features are pure, story ids are stable, merges are recorded."""
from __future__ import annotations

import random

import numpy as np
import pytest

from newsprism.corpus import Store, article_features, features_many
from newsprism.corpus.features import extract_names, minhash, minhash_similarity
from newsprism.options import Options

from test_corpus_store import art, generated


def groups(part: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for a, s in part.items():
        by.setdefault(s, set()).add(a)
    return {frozenset(v) for v in by.values()}


def test_features_are_pure_and_batch_equals_single():
    arts = generated(3, 2)
    o = Options()
    one = [article_features(a, o) for a in arts]
    many = features_many(arts, o)
    again = features_many(list(reversed(arts)), o)[::-1]
    for x, y, z in zip(one, many, again):
        assert np.array_equal(x.idx, y.idx) and np.allclose(x.val, y.val)
        assert np.array_equal(x.minhash, z.minhash) and x.names == z.names
        assert abs(float(np.linalg.norm(x.val)) - 1.0) < 1e-5
    assert one[0].date == "2024-01-01"


def test_capitalised_names_are_extracted_cheaply():
    names = extract_names("Yesterday the mayor Anna Kessler met officials of the Port of Marlow. "
                          "The U.S. Navy said nothing. However, Kessler left.")
    assert "anna kessler" in names
    assert "port of marlow" in names
    assert "u.s. navy" in names
    assert "yesterday" not in names and "however" not in names


def test_minhash_estimates_jaccard():
    a = " ".join(f"w{i}" for i in range(200))
    b = a.replace("w100 ", "x100 ")
    assert minhash_similarity(minhash(a), minhash(a)) == 1.0
    assert minhash_similarity(minhash(a), minhash(b)) > 0.9
    assert minhash_similarity(minhash(a), minhash(" ".join(f"v{i}" for i in range(200)))) < 0.1


def _partition(tmp_path, name, batches):
    with Store(tmp_path / name) as s:
        for b in batches:
            s.add(b)
    with Store(tmp_path / name) as s:  # reopened: the story index is rebuilt from the database
        return s.partition()


def test_same_partition_in_any_order_or_batches(tmp_path):
    arts = generated(8, 4, seed=3)
    truth = {frozenset(a.id for a in arts if a.id.startswith(f"g{s:04d}-")) for s in range(8)}
    shuffled = arts[:]
    random.Random(1).shuffle(shuffled)
    results = [
        _partition(tmp_path, "a.db", [arts]),
        _partition(tmp_path, "b.db", [list(reversed(arts))]),
        _partition(tmp_path, "c.db", [shuffled]),
        _partition(tmp_path, "d.db", [shuffled[:7], shuffled[7:19], shuffled[19:]]),
    ]
    for part in results:
        assert groups(part) == truth


def test_earlier_story_ids_stay(tmp_path):
    arts = generated(6, 4, seed=5)
    first = [a for a in arts if a.id.endswith(("-0", "-1"))]
    later = [a for a in arts if a not in first]
    with Store(tmp_path / "c.db") as s:
        r1 = s.add(first)
        before = s.partition()
        assert r1.stories_created == 6
    with Store(tmp_path / "c.db") as s:
        r2 = s.add(later)
        after = s.partition()
    assert (r2.stories_created, r2.stories_extended) == (0, 6)
    assert all(after[a] == sid for a, sid in before.items())
    assert set(after.values()) == set(before.values())
    assert all(sid.startswith("s-g") and sid.endswith("-0") for sid in after.values())


def test_window_splits_same_words_far_apart_in_time(tmp_path):
    text = "Marlow river flood evacuation Kessler firefighters pumped water homes streets"
    with Store(tmp_path / "w.db", Options(story_window_days=3)) as s:
        s.add([art("d1", text + " one", day="2024-01-01"), art("d2", text + " two", day="2024-01-03"),
               art("d9", text + " nine", day="2024-02-20")])
        part = s.partition()
    assert part["d1"] == part["d2"] != part["d9"]


def test_undated_article_matches_across_dates_and_says_so(tmp_path):
    text = "Marlow river flood evacuation Kessler firefighters pumped water homes streets"
    with Store(tmp_path / "u.db") as s:
        s.add([art("d1", text + " one", day="2024-01-01"), art("u1", text + " undated", day=None)])
        assert s.article_story("u1") == s.article_story("d1")
        how = s.conn.execute("SELECT how FROM story_articles WHERE article_id='u1'").fetchone()[0]
        assert how.startswith("undated")


def test_bridging_article_merges_and_the_merge_is_recorded(tmp_path):
    text = "Marlow river flood evacuation Kessler firefighters pumped water homes streets"
    o = Options(story_window_days=4)
    with Store(tmp_path / "m.db", o) as s:
        s.add([art("early", text + " first report on the damage overnight", day="2024-01-01")])
        s.add([art("late", text + " clean up continues as residents return", day="2024-01-09")])  # outside the window: new story
        assert s.article_story("early") == "s-early" and s.article_story("late") == "s-late"
        r = s.add([art("middle", text + " insurers count the cost of repairs", day="2024-01-05")])  # within both windows
        assert r.merges == [("s-late", "s-early")]
        assert s.story("s-late").merged_into == "s-early"
        assert s.story("s-early").size == 3
        assert [x.id for x in s.stories()] == ["s-early"]
        assert {a.id for a in s.story_articles("s-late")} == {"early", "late", "middle"}
        assert s.article_story("late") == "s-early"
        # history is kept: the original assignment row still names the merged story
        assert s.conn.execute("SELECT story_id FROM story_articles WHERE article_id='late'"
                              ).fetchone()[0] == "s-late"
        m = s.story_merges()
        assert [(x["merged"], x["survivor"], x["article_id"]) for x in m] == [("s-late", "s-early", "middle")]
    with Store(tmp_path / "m.db", o) as s:  # the index rebuilt from disk knows about the merge
        s.add([art("after", text + " council promises new flood barriers soon", day="2024-01-10")])
        assert s.article_story("after") == "s-early"


def test_unrelated_articles_do_not_group(tmp_path):
    with Store(tmp_path / "x.db") as s:
        s.add([art("a", "Chess prodigy Tomas Varga wins the national title in Kestrel tournament."),
               art("b", "Heavy rain floods Marlow; mayor Anna Kessler orders evacuation of streets.")])
        assert s.article_story("a") != s.article_story("b")


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_threshold_is_validated(threshold):
    from newsprism.errors import OptionsError

    with pytest.raises(OptionsError):
        Options(story_threshold=threshold)


def test_optional_embeddings_are_computed_stored_and_used(tmp_path, monkeypatch):
    import newsprism.nlp.models as models

    def fake_embed(texts, options):  # no model in this test: one fixed direction per topic word
        rows = [np.array([1.0, 0.0]) if "Marlow" in t else np.array([0.0, 1.0]) for t in texts]
        return np.vstack(rows).astype(np.float32)

    monkeypatch.setattr(models, "embed", fake_embed)
    o = Options(story_embeddings=True)
    f = article_features(art("e1", "Flood in Marlow after rain, mayor Kessler said."), o)
    assert f.embedding is not None and f.embedding.tolist() == [1.0, 0.0]
    assert article_features(art("e0", "Flood in Marlow."), Options()).embedding is None
    with Store(tmp_path / "e.db", o) as s:
        s.add([art("e1", "Flood in Marlow after rain, mayor Kessler said, water rising."),
               art("e2", "Marlow flood: mayor Kessler said water is rising after rain.")])
        assert s.article_story("e1") == s.article_story("e2")
        assert s.conn.execute("SELECT count(*) FROM article_features WHERE embedding IS NOT NULL"
                              ).fetchone()[0] == 2
