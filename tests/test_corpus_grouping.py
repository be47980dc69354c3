"""Story grouping: features are pure, story ids are stable, merges are recorded."""
from __future__ import annotations

import random
from dataclasses import replace

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


# -- hand-made streams: no chaining, recurring events, reconsolidation ------------------------

LEX = Options(use_embeddings=False)  # words only: these streams are about evidence, not a model
FLOODS = [
    "Heavy rain flooded the river town of Marlow overnight; mayor Anna Kessler ordered the evacuation of riverside streets.",
    "Mayor Anna Kessler evacuated Marlow's riverside streets after the river burst its banks in heavy rain overnight.",
    "Firefighters pumped water from flooded homes in Marlow as mayor Anna Kessler kept riverside streets evacuated.",
]
CHESS = [
    "Chess prodigy Tomas Varga won the national championship in Kestrel after a tense final against Liu Feng.",
    "Tomas Varga, aged 14, beat the defending champion Liu Feng in Kestrel to take the national chess title.",
    "In Kestrel the teenage Tomas Varga became national chess champion, defeating Liu Feng in the final game.",
]
BRIDGE = ("Flooding in Marlow forced mayor Anna Kessler to evacuate streets, and in Kestrel the chess "
          "prodigy Tomas Varga beat Liu Feng to win the national championship final.")


def test_a_bridging_article_does_not_merge_two_stories(tmp_path):
    arts = ([art(f"f{i}", t, outlet=f"o{i}") for i, t in enumerate(FLOODS)]
            + [art(f"c{i}", t, outlet=f"o{i}") for i, t in enumerate(CHESS)])
    with Store(tmp_path / "b.db", LEX) as s:
        s.add(arts)
        assert groups(s.partition()) == {frozenset({"f0", "f1", "f2"}), frozenset({"c0", "c1", "c2"})}
        r = s.add([art("bridge", BRIDGE, outlet="o9")])
        s.regroup()  # reconsolidation does not merge them either
        part = s.partition()
        assert part["f0"] != part["c0"]
        assert part["bridge"] in (part["f0"], part["c0"])
        assert r.merges == [] and s.story_merges() == []


def test_a_weekly_report_on_four_dates_gives_four_stories(tmp_path):
    days = ["2024-01-04", "2024-01-11", "2024-01-18", "2024-01-25"]
    arts = []
    for w, day in enumerate(days):
        claims = 210_000 + 7_000 * w
        arts.append(art(f"w{w}-a", f"Weekly jobless claims rose to {claims:,} last week, the Labor "
                        "Department said on Thursday; economists had expected a smaller number.",
                        day=day, outlet="Wire One", title="Weekly jobless claims rise"))
        arts.append(art(f"w{w}-b", f"The Labor Department said initial jobless claims came in at "
                        f"{claims:,} in the latest week, above what economists expected.",
                        day=day, outlet="Daily Two", title="Jobless claims top forecasts"))
    random.Random(4).shuffle(arts)
    with Store(tmp_path / "r.db", LEX) as s:
        s.add(arts)
        assert groups(s.partition()) == {frozenset({f"w{w}-a", f"w{w}-b"}) for w in range(4)}


def test_split_and_merge_keep_old_ids_reachable(tmp_path):
    tail = " Officials said more details would follow on Monday."  # shared words: retrieval finds both
    arts = ([art(f"f{i}", t + tail, outlet=f"o{i}") for i, t in enumerate(FLOODS)]
            + [art(f"c{i}", t + tail, outlet=f"o{i}") for i, t in enumerate(CHESS)])
    # added with a very low threshold the two events lump into one drifted story ...
    with Store(tmp_path / "s.db", Options(use_embeddings=False, story_threshold=0.01)) as s:
        s.add(arts)
        assert len(set(s.partition().values())) == 1
    # ... which regroup, at the normal threshold, splits; the old id keeps the founding group
    with Store(tmp_path / "s.db", LEX) as s:
        rep = s.regroup()
        assert rep.splits == [("s-f0", "s-c0")]
        assert groups(s.partition()) == {frozenset({"f0", "f1", "f2"}), frozenset({"c0", "c1", "c2"})}
        assert s.article_story("f1") == "s-f0" and s.article_story("c2") == "s-c0"
        assert {x["article_id"] for x in s.story_splits()} == {"c0", "c1", "c2"}
        assert s.story("s-f0").size == 3 and s.story("s-c0").size == 3
    # added (undated: no same-day evidence) with the highest threshold, every article is its
    # own story ...
    undated = [replace(a, published=None, published_from=None) for a in arts]
    with Store(tmp_path / "m.db", Options(use_embeddings=False, story_threshold=1.0)) as s:
        s.add(undated)
        assert len(set(s.partition().values())) >= 4
    # ... and regroup merges the converged ones into the oldest; merged ids redirect
    truth = {frozenset({"f0", "f1", "f2"}), frozenset({"c0", "c1", "c2"})}
    with Store(tmp_path / "m.db", LEX) as s:
        rep = s.regroup()
        assert groups(s.partition()) == truth
        assert {x.id for x in s.stories()} == {"s-f0", "s-c0"}
        assert rep.merges and all(survivor in ("s-f0", "s-c0") for _, survivor in rep.merges)
        for merged, survivor in rep.merges:
            assert s.story(merged).merged_into == survivor
            assert {a.id for a in s.story_articles(merged)} in truth
    with Store(tmp_path / "m.db", LEX) as s:  # the index rebuilt from disk knows the merges
        s.add([art("f9", FLOODS[0] + " Insurers began counting the cost.", day=None, outlet="o7")])
        assert s.article_story("f9") == "s-f0"
        assert s.regroup().merges == [] and s.regroup().splits == []


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
    assert article_features(art("e0", "Flood in Marlow."), Options(story_embeddings=False)).embedding is None
    assert article_features(art("e0", "Flood in Marlow."), Options(use_embeddings=False)).embedding is None
    with Store(tmp_path / "e.db", o) as s:
        s.add([art("e1", "Flood in Marlow after rain, mayor Kessler said, water rising."),
               art("e2", "Marlow flood: mayor Kessler said water is rising after rain.")])
        assert s.article_story("e1") == s.article_story("e2")
        assert s.conn.execute("SELECT count(*) FROM article_features WHERE embedding IS NOT NULL"
                              ).fetchone()[0] == 2


def test_one_pass_scores_equal_story_by_story_scores():
    """Grouping scores an article against all candidate stories at once (their members stacked
    and cached); that must give each story the score it gets alone, also after a story changed."""
    from newsprism.corpus.grouping import StoryIndex

    o = Options(use_embeddings=False)
    arts = generated(6, 3)
    fs = features_many(arts, o)
    rng = np.random.default_rng(0)
    for k, f in enumerate(fs):
        f.date = f"2024-01-0{1 + k % 3}"  # all within the window: words, dates and outlets count
        # headline embeddings of mixed presence (some members have none)
        f.embedding = None if rng.random() < 0.3 else (lambda v: v / np.linalg.norm(v))(
            rng.normal(size=8).astype(np.float32))
    ix = StoryIndex(o)
    for a, f in zip(arts[:-3], fs[:-3]):
        ix.assign(a.id, f, outlet=a.outlet)
    for a, f in zip(arts[-3:], fs[-3:]):  # the last story's articles, checked before each joins
        stories = sorted(ix.stories.values(), key=lambda s: s.seq)
        together = ix.scores(f, stories, a.outlet)
        alone = [ix.scores(f, [s], a.outlet)[0] for s in stories]
        assert together == alone
        assert len(set(together)) > 2  # different evidence for different stories
        ix.assign(a.id, f, outlet=a.outlet)
    assert sum(len(s.members) for s in ix.stories.values()) == len(arts)


def test_a_merged_story_leaves_no_postings_behind():
    """Candidates come from an in-memory index: a story that merges away must leave it, so
    memory holds only live stories' postings."""
    from newsprism.corpus.grouping import StoryIndex

    o = Options(use_embeddings=False)
    arts = generated(2, 2)
    fs = features_many(arts, o)
    ix = StoryIndex(o)
    for a, f in zip(arts, fs):
        ix.assign(a.id, f, outlet=a.outlet)
    a, b = sorted(ix.stories.values(), key=lambda s: s.seq)
    posted_b = set(b.posted)
    ix.merge(b, a)
    assert b.id not in ix.stories
    assert posted_b <= a.posted
    live = {sid for per in ix.postings.values() for ids in per.values() for sid in ids}
    assert live == {a.id}
    assert all(ids for per in ix.postings.values() for ids in per.values())
