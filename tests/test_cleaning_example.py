"""Reading + cleaning on the bundled example story, against examples/story.expected.json."""
from __future__ import annotations

from pathlib import Path

import pytest

import newsprism
from newsprism.model import REMOVAL_REASONS


@pytest.fixture(scope="module")
def articles(example_dir, expected):
    files = [str(example_dir / name) for name in sorted(expected["files"])]
    result = newsprism.read(files)
    assert result.failures == []
    return {Path(a.source).name: a for a in result.articles}


def _files(expected):
    return sorted(expected["files"])


def test_all_files_read(articles, expected):
    assert sorted(articles) == _files(expected)


def test_metadata(articles, expected):
    for name, exp in expected["files"].items():
        a = articles[name]
        assert (a.outlet, a.outlet_from) == (exp["outlet"], exp["outlet_from"]), name
        assert (a.published, a.published_from) == (exp["published"], exp["published_from"]), name
        if "title" in exp:
            assert a.title == exp["title"] and a.title_from == "source"


def test_debris_removed_with_its_reason(articles, expected):
    for name, exp in expected["files"].items():
        a = articles[name]
        for d in exp["debris"]:
            assert d["fragment"] not in a.text, (name, d)
            if exp["shape"] == "html":
                continue  # page furniture the HTML extractor drops before cleaning sees it
            holders = [r for r in a.removals if d["fragment"] in r.text]
            assert holders, (name, d)
            assert d["reason"] in {r.reason for r in holders}, (name, d, [(r.reason, r.text) for r in holders])
        assert all(r.reason in REMOVAL_REASONS for r in a.removals)


def test_real_sentences_kept(articles, expected):
    for name, exp in expected["files"].items():
        text = " ".join(articles[name].text.split())
        for sentence in exp["keep"]:
            assert sentence in text, (name, sentence)


def test_syndicated_copy_is_marked(articles, expected):
    for dup in expected["duplicates"]:
        original, copy = articles[dup["original"]], articles[dup["copy"]]
        assert copy.duplicate_of == original.id
        assert original.duplicates == [copy.id]
    linked = {n for n, a in articles.items() if a.duplicate_of or a.duplicates}
    assert linked == {d["original"] for d in expected["duplicates"]} | {d["copy"] for d in expected["duplicates"]}


def test_unrelated_article(example_dir, expected):
    for name, exp in expected.get("unrelated", {}).items():
        path = example_dir.parent / "unrelated" / name
        (a,) = newsprism.read([str(path)]).articles
        assert (a.outlet, a.outlet_from, a.published) == (exp["outlet"], exp["outlet_from"], exp["published"])


def test_same_result_when_flattened_to_one_paragraph(example_dir, expected, articles):
    from newsprism.cleaning import clean
    from newsprism.options import Options
    from newsprism.reading import parse_bytes

    for name, exp in expected["files"].items():
        path = example_dir / name
        (doc,) = parse_bytes(path.read_bytes(), str(path), Options())
        doc.text = " ".join(doc.text.split())
        flat = clean(doc)
        assert flat.text == " ".join(articles[name].text.split()), name
        assert not [d["fragment"] for d in exp["debris"] if d["fragment"] in flat.text]
