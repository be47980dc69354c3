"""Exact and near-duplicate marking, and the read pipeline (reading -> cleaning -> duplicates)."""
from __future__ import annotations

import gzip

import pytest

from newsprism.cleaning import clean, mark_duplicates, similarity
from newsprism.model import RawDocument
from newsprism.options import Options
from newsprism.pipeline import read_articles

WIRE = """The harbour bridge in Fenwick will stay closed for at least six weeks after engineers found a crack in one of its piers, the town council said on Monday.

The bridge carries about 9,000 vehicles a day between the old town and the ferry terminal. Drivers will be sent on a diversion through Carrick that adds up to twenty minutes to the journey.

Council leader Ruth Morrow said the decision had not been taken lightly. "We cannot ask people to drive over a bridge that our own engineers are worried about," she said.

Traders in the old town said they expected to lose business during the closure. The council said it would waive parking charges in the town centre until the bridge reopens.

The bridge was built in 1961 and was last strengthened in 1998. A full replacement has been discussed for a decade but never funded."""

COPY = (WIRE.replace("at least six weeks", "at least six weeks,")
        .replace("Council leader Ruth Morrow", "Ruth Morrow, the council leader,")
        .replace(" A full replacement has been discussed for a decade but never funded.", ""))

OTHER = """A library in Kestrel Bay reopened on Saturday after an eighteen-month renovation that added a children's wing and a rooftop garden.

The project was paid for largely by a grant, with the rest raised by residents through book sales and quiz nights.

Librarian Owen Pike said the new wing would be open every day of the week. "We want children to feel this is their place," he said."""


def art(text: str, source: str, published: str | None = None):
    return clean(RawDocument(source=source, shape="text", text=text, published=published,
                             published_from="header" if published else None))


def test_similarity():
    assert similarity(WIRE, WIRE.upper().replace("\n\n", "  ")) == 1.0
    assert similarity(WIRE, COPY) >= 0.8
    assert similarity(WIRE, OTHER) < 0.1


def test_near_copy_is_linked_to_the_earliest():
    copy = art(COPY, "courier.txt", "2024-05-03")
    wire = art(WIRE, "wire.txt", "2024-05-02")
    other = art(OTHER, "library.txt", "2024-05-01")
    out = mark_duplicates([copy, other, wire], Options())
    assert [a.source for a in out] == ["courier.txt", "library.txt", "wire.txt"]  # order kept
    c, o, w = out
    assert w.duplicates == [c.id] and w.duplicate_of is None
    assert c.duplicate_of == w.id and c.duplicates == []
    assert o.duplicate_of is None and o.duplicates == []


def test_exact_copies_and_undated_last():
    a = art(WIRE, "a.txt")
    b = art(WIRE, "b.txt", "2024-05-09")
    c = art(WIRE + "\n\nAdvertisement", "c.txt")  # the same text once debris is gone
    out = mark_duplicates([a, b, c])
    assert out[1].duplicates == [out[0].id, out[2].id]  # the dated one heads; then input order
    assert out[0].duplicate_of == out[2].duplicate_of == out[1].id


def test_threshold_is_an_option():
    wire, copy = art(WIRE, "wire.txt"), art(COPY, "courier.txt")
    assert mark_duplicates([wire, copy], Options(near_duplicate_threshold=1.0))[1].duplicate_of is None
    assert mark_duplicates([wire, copy], Options(near_duplicate_threshold=0.8))[1].duplicate_of == wire.id


def test_marking_is_deterministic_and_resets_old_links():
    arts = [art(WIRE, "wire.txt", "2024-05-02"), art(COPY, "courier.txt", "2024-05-03"), art(OTHER, "lib.txt")]
    once = mark_duplicates(arts)
    twice = mark_duplicates(once)
    assert once == twice
    assert arts[0].duplicates == []  # inputs are not mutated


def test_many_articles_scale():
    """A corpus-sized batch: the sketch prefilter keeps this fast (no quadratic Jaccard)."""
    import random
    import time

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(200)) + "." for _ in range(800)]
    arts = [clean(RawDocument(source=f"s{i}.txt", shape="text", text=t)) for i, t in enumerate(texts)]
    arts.append(clean(RawDocument(source="copy.txt", shape="text", text=texts[5])))
    t0 = time.perf_counter()
    out = mark_duplicates(arts)
    assert time.perf_counter() - t0 < 10
    assert out[-1].duplicate_of == out[5].id
    assert sum(1 for a in out if a.duplicate_of) == 1


# --- the pipeline -----------------------------------------------------------------------------------


def test_read_articles_batch_goes_on(tmp_path):
    (tmp_path / "wire.txt").write_text(" date 2024-05-02 " + WIRE, encoding="utf-8")
    (tmp_path / "courier.txt").write_text(" date 2024-05-03 " + COPY, encoding="utf-8")
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "debris.txt").write_text("Advertisement\n\nShare on Facebook\n", encoding="utf-8")
    with gzip.open(tmp_path / "library.txt.gz", "wt", encoding="utf-8") as f:
        f.write(OTHER)
    calls = []
    result = read_articles([str(tmp_path)], Options(), progress=lambda *a: calls.append(a))
    by_name = {a.source.rsplit("/", 1)[-1]: a for a in result.articles}
    assert sorted(by_name) == ["courier.txt", "library.txt.gz", "wire.txt"]
    assert by_name["courier.txt"].duplicate_of == by_name["wire.txt"].id
    assert by_name["wire.txt"].published == "2024-05-02"
    failures = {f.source.rsplit("/", 1)[-1]: f for f in result.failures}
    assert sorted(failures) == ["debris.txt", "junk.bin"]
    assert failures["debris.txt"].error == "empty-after-cleaning"
    assert "ui-word" in failures["debris.txt"].message
    assert calls[-1] == ("duplicates", 1, 1)
    read_calls = [c for c in calls if c[0] == "read"]
    assert len(read_calls) == 5 and read_calls[-1][1] == 5 and all(c[1] <= c[2] for c in read_calls)


def test_read_accepts_one_path_string(tmp_path):
    p = tmp_path / "one.txt"
    p.write_text(WIRE, encoding="utf-8")
    result = read_articles(str(p))
    assert len(result.articles) == 1 and result.failures == []
    assert read_articles(p).articles == result.articles  # a Path works too
    assert result.articles[0].outlet == "one" and result.articles[0].outlet_from == "filename"


def test_no_inputs_is_an_error():
    from newsprism.errors import NoInputError

    with pytest.raises(NoInputError):
        read_articles([])


def test_public_api_read(tmp_path):
    import newsprism

    p = tmp_path / "one.txt"
    p.write_text(WIRE, encoding="utf-8")
    assert [a.words for a in newsprism.read([str(p)]).articles] == [len(WIRE.split())]


def test_a_story_syndicated_many_times():
    texts = [WIRE] + [WIRE.replace("six weeks", f"{n} weeks") for n in range(7, 207)]
    arts = [clean(RawDocument(source=f"s{i}.txt", shape="text", text=t)) for i, t in enumerate(texts)]
    arts.append(clean(RawDocument(source="lib.txt", shape="text", text=OTHER)))
    out = mark_duplicates(arts)
    assert out[0].duplicates == [a.id for a in out[1:-1]]
    assert all(a.duplicate_of == out[0].id for a in out[1:-1])
    assert out[-1].duplicate_of is None
