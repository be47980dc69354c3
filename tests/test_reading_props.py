"""reading: Hypothesis property tests (no crash on any input, only clean InputErrors) and seeds."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.errors import InputError
from newsprism.model import RawDocument, ReadFailure
from newsprism.options import Options
from newsprism.reading import iter_documents, parse_bytes

OPTS = Options()
ANY_LANGUAGE = Options(require_english=False)
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes, options: Options) -> None:
    try:
        docs = parse_bytes(data, "prop", options)
    except InputError as exc:
        assert exc.code and exc.message
        return
    assert docs, "parse_bytes returns at least one document or raises"
    for doc in docs:
        assert isinstance(doc, RawDocument)
        assert isinstance(doc.text, str) and doc.text.strip()
        assert "\r" not in doc.text
        assert doc.published is None or len(doc.published) == 10


@PROPS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data):
    _check(data, OPTS)
    _check(data, ANY_LANGUAGE)


@PROPS
@given(st.text(max_size=1500))
def test_arbitrary_text_never_crashes(text):
    for encoding in ("utf-8", "utf-16"):
        _check(text.encode(encoding, "surrogatepass"), ANY_LANGUAGE)


# structured-looking text: brackets, quotes, tags and JSON punctuation in random order
_PIECES = st.sampled_from(["[", "]", "{", "}", "'", '"', ",", ":", "<p>", "</p>", "<b>", "<html>",
                           "date 2020-01-01 ", "\n", "\n\n", " ", "text", "title", "\\", "&amp;",
                           "the pier closed", "null", "1e999", "\x00", "\ufeff"])


@PROPS
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_structured_noise_never_crashes(text):
    _check(text.encode("utf-8", "surrogatepass"), ANY_LANGUAGE)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "date", "url", "source", "body", "articles", "x"]),
        inner, max_size=5),
    max_leaves=20,
)


@PROPS
@given(_JSONISH)
def test_arbitrary_json_never_crashes(obj):
    data = json.dumps(obj).encode()
    _check(data, ANY_LANGUAGE)
    _check(repr(obj).encode(), ANY_LANGUAGE)  # Python literal form


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=3))
def test_iter_documents_never_raises(tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("blobs")
    for i, blob in enumerate(blobs):
        (folder / f"{i}.txt").write_bytes(blob)
    items = list(iter_documents([str(folder), str(folder / "missing")], OPTS))
    assert all(isinstance(x, (RawDocument, ReadFailure)) for x in items)
    assert isinstance(items[-1], ReadFailure) and items[-1].error == "not-found"


# --- the seeds (../shared/seeds; skipped when absent) ---------------------------------------------

def test_seeds(seeds_dir):
    items = list(iter_documents([str(seeds_dir)], OPTS))
    assert len(items) == 4
    assert all(isinstance(x, RawDocument) for x in items)
    by_name = {x.source.rsplit("/", 1)[1][:3]: x for x in items}
    assert by_name["000"].published == "2022-11-12"
    assert by_name["002"].published == "2022-11-12"
    assert by_name["001"].published is None and by_name["003"].published is None
    for key in ("000", "002"):
        assert by_name[key].published_from == "header"
        assert not by_name[key].text.lstrip().lower().startswith("date")
        assert [r.reason for r in by_name[key].removals] == ["date-header"]
    seed3 = by_name["003"]
    assert seed3.shape == "pylist"
    assert "<" not in seed3.text and ">" not in seed3.text
    assert len(seed3.text.split("\n\n")) == 14  # one paragraph per list item
    assert {r.reason for r in seed3.removals} == {"markup"}
    for doc in items:
        assert "Magnus" in doc.text
        assert doc.encoding == "utf-8"
