"""Per-article annotations and sentence vectors kept in the corpus (issue 12): a story's report made
again after one article joined it annotates and embeds that article only, reads the others back
exactly as they were made, and never uses a row made from another text, date or code."""
from __future__ import annotations

import numpy as np
import pytest

from annotated_builder import mk, val
from newsprism.corpus.annotations import AnnotationCache, annotation_key, decode_annotations, encode_annotations
from newsprism.model import Fact
from newsprism.options import Options

TEXTS = [
    ("Wire", "The Brennock Dam spillway gate failed on Sunday, flooding 40 homes in Lowmere. "
             "\"We had minutes to leave,\" said resident Ada Pryce. The vote to repair it passed 7-2 in May."),
    ("Herald", "Forty homes in Lowmere flooded on Sunday when a gate at Brennock Dam failed. "
               "Engineer Tom Hale said the gate had been flagged twice."),
    ("Gazette", "Lowmere flooded after the Brennock Dam gate gave way on Sunday, officials said."),
]


def _annotated(i: int):
    outlet, text = TEXTS[i]
    ann = mk(text, outlet, ents=[("Brennock Dam", "FAC"), ("Lowmere", "GPE")],
             quotes=[("We had minutes to leave,", "Ada Pryce")] if i == 0 else (),
             times=[("Sunday", "2025-03-16", "day")], aid=f"a{i}")
    if i < 2:
        val(ann, "40" if i == 0 else "Forty", "count", 40.0, unit="homes", subject="Lowmere")
    if i == 0:
        val(ann, "7-2", "tally", (7, 2), attribute="vote")  # a tuple must come back a tuple
        ann.facts = [Fact(kind="tally", value=(7, 2), text="7-2", start=ann.values[-1].start,
                          end=ann.values[-1].end, sentence=2, attribute="vote", context=["vote", "passed"])]
    return ann


class Counting:
    """nlp.annotate_many's stand-in: hand-built annotations, a vector per sentence, and a record
    of which articles it was asked to annotate."""

    def __init__(self):
        self.asked: list[list[str]] = []

    def __call__(self, articles, options, progress=None):
        self.asked.append([a.id for a in articles])
        out = []
        for a in articles:
            ann = _annotated(int(a.id[1:]))
            ann.article = a
            rng = np.random.default_rng(int(a.id[1:]))
            ann.vectors = rng.standard_normal((len(ann.sentences), 8)).astype(np.float32)
            out.append(ann)
        return out


def test_annotations_come_back_exactly_as_they_were_made():
    for i in range(len(TEXTS)):
        ann = _annotated(i)
        back = decode_annotations(encode_annotations(ann), ann.article)
        for name in ("sentences", "entities", "values", "quotes", "times", "facts"):
            assert getattr(back, name) == getattr(ann, name), name
        assert back.article is ann.article
    assert decode_annotations(encode_annotations(_annotated(0)), _annotated(0).article).values[-1].value == (7, 2)


def test_a_story_that_gains_an_article_annotates_that_article_only(tmp_path):
    from newsprism.corpus.store import Store

    db = tmp_path / "c.db"
    Store(db, Options()).close()
    arts = [_annotated(i).article for i in range(3)]
    fn = Counting()
    cache = AnnotationCache(db, Options(), annotate=fn)
    first = cache.annotate_many(arts[:2])
    assert fn.asked == [["a0", "a1"]]
    again = AnnotationCache(db, Options(), annotate=fn)  # another process: read from the file
    second = again.annotate_many(arts)
    assert fn.asked[-1] == ["a2"] and again.hits == 2 and again.misses == 1
    assert [a.article.id for a in second] == ["a0", "a1", "a2"]
    for old, new in zip(first, second):
        assert new.sentences == old.sentences and new.values == old.values and new.facts == old.facts
        assert new.vectors.dtype == np.float32 and np.array_equal(new.vectors, old.vectors)
        assert new.article is arts[int(new.article.id[1:])]  # over the article as given now
    # progress counts the stored articles as done
    seen = []
    AnnotationCache(db, Options(), annotate=fn).annotate_many(arts, progress=lambda *a: seen.append(a))
    assert seen == [("annotate", 3, 3)] and fn.asked[-1] == ["a2"]


def test_a_row_is_used_only_for_the_same_text_date_and_settings(tmp_path):
    import dataclasses

    from newsprism.corpus.store import Store

    db = tmp_path / "c.db"
    Store(db, Options()).close()
    a = _annotated(1).article
    fn = Counting()
    AnnotationCache(db, Options(), annotate=fn).annotate_many([a])
    for changed in (dataclasses.replace(a, text=a.text + " More later."),
                    dataclasses.replace(a, published="2025-03-20")):
        assert annotation_key(changed, Options()) != annotation_key(a, Options())
    assert annotation_key(a, Options(embedding_runtime="torch")) != annotation_key(a, Options())
    assert annotation_key(dataclasses.replace(a, title="Another title", outlet="X"), Options()) == \
        annotation_key(a, Options())  # what the nlp stage does not read does not matter
    moved = dataclasses.replace(a, published="2025-03-20")
    AnnotationCache(db, Options(), annotate=fn).annotate_many([moved])
    assert fn.asked == [["a1"], ["a1"]]
    # made without vectors, asked with them: made again
    no_vec = AnnotationCache(db, Options(use_embeddings=False), annotate=fn)
    c = no_vec.conn
    c.execute("UPDATE article_annotations SET vectors = NULL, dim = NULL")
    assert no_vec.annotate_many([moved])[0].vectors is None and len(fn.asked) == 2
    AnnotationCache(db, Options(), annotate=fn).annotate_many([moved])
    assert len(fn.asked) == 3


def test_a_damaged_row_is_made_again_not_trusted(tmp_path):
    from newsprism.corpus.store import Store

    db = tmp_path / "c.db"
    Store(db, Options()).close()
    a = _annotated(2).article
    fn = Counting()
    cache = AnnotationCache(db, Options(), annotate=fn)
    cache.annotate_many([a])
    cache.conn.execute("UPDATE article_annotations SET annotations = x'00ff'")
    out = AnnotationCache(db, Options(), annotate=fn).annotate_many([a])
    assert fn.asked == [["a2"], ["a2"]] and out[0].sentences
    cache.conn.execute("""UPDATE article_annotations SET annotations = ? """,
                       (encode_annotations(_annotated(2)).replace(b"x", b"y"),))  # not zlib any more
    assert AnnotationCache(db, Options(), annotate=fn).annotate_many([a])[0].sentences


@pytest.mark.slow
def test_a_report_from_stored_annotations_is_the_report_made_from_scratch(tmp_path, example_dir):
    """With the real models: the example story analysed with every annotation read back from the
    store finds exactly what a fresh analysis finds."""
    from newsprism.analysis import analyze
    from newsprism.corpus.store import Store
    from newsprism.pipeline import read_articles
    from newsprism.serialize import analysis_to_dict

    try:
        from newsprism.nlp import models

        models.spacy_pipeline(Options())
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"models not installed: {e}")
    arts = read_articles([str(example_dir)], Options()).articles
    db = tmp_path / "c.db"
    Store(db, Options()).close()
    fresh = analysis_to_dict(analyze(arts, Options()))
    cache = AnnotationCache(db, Options())
    cache.annotate_many(arts[1:])  # all but one stored, as after an earlier report
    cached = analysis_to_dict(analyze(arts, Options(), annotate=AnnotationCache(db, Options()).annotate_many))
    assert cached == fresh
    again = AnnotationCache(db, Options())
    assert analysis_to_dict(analyze(arts, Options(), annotate=again.annotate_many)) == fresh
    assert again.hits == len(arts) and again.misses == 0


def test_an_unusable_cache_costs_time_never_the_annotations(tmp_path):
    fn = Counting()
    cache = AnnotationCache(tmp_path, Options(), annotate=fn)  # a folder: SQLite cannot open it
    out = cache.annotate_many([_annotated(0).article])
    assert fn.asked == [["a0"]] and out[0].sentences and out[0].vectors is not None
