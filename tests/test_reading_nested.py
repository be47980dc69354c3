"""Issue 9: records nested inside records, mixed and wrongly decoded text, and citations that
never become the outlet.  Hand-written (fictional) records and texts."""
from __future__ import annotations

import json

import pytest

import newsprism
from newsprism.cleaning import clean
from newsprism.errors import InputError
from newsprism.model import RawDocument
from newsprism.options import Options
from newsprism.reading import read_bytes
from newsprism.reading.records import nested_records

OPTS = Options(require_english=False)
BODY = ["The council of Fenwick voted on Monday to close the old harbour bridge for repairs.",
        "Repairs are expected to take at least six weeks, the council said on Tuesday."]


def story(n: int) -> dict:
    return {"id": str(n), "issue": f"Fenwick bridge closes ({n})", "date": "2024-03-05",
            "roundup": ["An editors' summary that is not an article of its own."],
            "news": {side: {"newsSource": f"{side.title()} Gazette", "newsTitle": f"Bridge story {n} {side}",
                            "newsLink": f"https://{side}.example.org/{n}", "newBody": BODY}
                     for side in ("left", "center", "right")}}


def test_nested_articles_in_keyed_dicts_of_a_jsonl_file():
    data = "\n".join(json.dumps(story(n)) for n in (1, 2)).encode()
    items = read_bytes(data, "stories.jsonl", OPTS)
    assert len(items) == 6 and all(isinstance(d, RawDocument) for d in items)
    first = items[0]
    assert first.source == "stories.jsonl#1/news.left" and first.label == "left"
    assert (first.title, first.outlet, first.url) == ("Bridge story 1 left", "Left Gazette", "https://left.example.org/1")
    assert first.published == "2024-03-05" and first.published_from == "record:date"
    assert first.text == "\n\n".join(BODY)
    assert clean(first).label == "left"


def test_nested_articles_in_a_list_and_the_file_as_a_whole(tmp_path):
    record = {"event": "bridge", "coverage": [{"headline": "Bridge shuts", "paragraphs": BODY},
                                              {"headline": "Bridge closed for repairs", "content": " ".join(BODY)},
                                              {"note": "not an article"}]}
    (tmp_path / "coverage.json").write_text(json.dumps(record), encoding="utf-8")
    result = newsprism.read([str(tmp_path / "coverage.json")], OPTS)
    assert [a.title for a in result.articles] == ["Bridge shuts", "Bridge closed for repairs"]
    assert [a.label for a in result.articles] == [None, None]
    assert result.articles[0].source.endswith("coverage.json/coverage[1]")


def test_nesting_is_found_a_few_levels_down_but_an_article_is_not_searched_inside():
    inner = {"title": "Inner", "text": " ".join(BODY)}
    record = {"a": {"b": {"c": {"title": "Deep", "body": BODY, "related": [inner]}}}}
    found = nested_records(record)
    assert [(path, label) for path, label, _ in found] == [("a.b.c", "c")]


def test_a_record_with_nothing_article_like_still_fails_clearly():
    with pytest.raises(InputError) as exc:
        read_bytes(b'{"id": 1, "news": {}}\n{"id": 2, "news": {"left": {"newsTitle": "x"}}}\n', "s.jsonl", OPTS)
    assert exc.value.code == "no-article-text"


# --- encodings -------------------------------------------------------------------------------------

def test_mixed_encoding_file_is_repaired_and_the_repair_recorded(tmp_path):
    utf8 = "The ferry from Z\u00fcrich was late, said the caf\u00e9 owner.\n\n".encode("utf-8")
    cp1252 = "Passengers in Z\u00fcrich waited for an hour.\n\n".encode("cp1252")
    mojibake = "The na\u00efve timetable blamed the Gen\u00e8ve line.".encode("utf-8").decode("latin-1").encode("utf-8")
    (tmp_path / "ferry.txt").write_bytes(utf8 + cp1252 + mojibake)
    result = newsprism.read([str(tmp_path / "ferry.txt")], OPTS)
    a = result.articles[0]
    assert "Z\u00c3\u00bc" not in a.text and "\ufffd" not in a.text
    assert a.text.count("Z\u00fcrich") == 2 and "na\u00efve" in a.text and "Gen\u00e8ve" in a.text
    assert a.repairs and all(r.how.startswith("ftfy") for r in a.repairs)
    assert {r.after for r in a.repairs} >= {"na\u00efve", "Gen\u00e8ve"}


def test_clean_text_is_not_touched_by_the_repair():
    text = "\u201cWe will reopen,\u201d said the caf\u00e9 owner \u2014 na\u00efvely \u2026 \ufb01ne."
    a = clean(RawDocument(source="t.txt", shape="text", text=text))
    assert a.text == text and a.repairs == []


# --- citations never become the outlet ------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "An official told the Harbour Times that the bridge was unsafe.",
    "An official told the Harbour Times that the bridge was unsafe. He told the Harbour Times again on Friday.",
    "Plans obtained by the Harbour Times show cracks. A spokesperson told the Harbour Times the plans were old.",
    "The Harbour Times was first to report the closure.",
    "According to the Harbour Times, the bridge was unsafe.",
])
def test_told_x_never_sets_the_outlet_and_is_listed_as_a_citation(sentence):
    text = " ".join(BODY) + " " + sentence
    a = clean(RawDocument(source="fenwick_01.txt", shape="text", text=text))
    assert (a.outlet, a.outlet_from) == ("fenwick_01", "filename")
    assert a.citations and {c.outlet for c in a.citations} == {"Harbour Times"}
    for c in a.citations:
        assert a.text[c.start:c.end] == c.text and "Harbour Times" in c.text


def test_a_strong_self_reference_makes_told_x_support_not_a_citation():
    text = " ".join(BODY) + (" An official told the Harbour Times the bridge was unsafe. The Harbour Times "
                             "could not independently verify the claim. According to the Fenwick Gazette, "
                             "repairs will cost more.")
    a = clean(RawDocument(source="fenwick_01.txt", shape="text", text=text))
    assert (a.outlet, a.outlet_from) == ("Harbour Times", "self-reference")
    assert "could not independently verify" in a.outlet_cue
    assert [(c.outlet, c.cue) for c in a.citations] == [("Fenwick Gazette", "according to")]


def test_page_metadata_names_the_outlet():
    page = ("<html><head><title>Bridge closes</title>"
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            '"headline": "Bridge closes", "publisher": {"@type": "Organization", "name": "Fenwick Gazette"}}</script>'
            "</head><body><article><h1>Bridge closes</h1>"
            + "".join(f"<p>{p} An official told the Harbour Times so.</p>" for p in BODY * 3)
            + "</article></body></html>").encode()
    doc = read_bytes(page, "page.html", OPTS)[0]
    a = clean(doc)
    assert (a.outlet, a.outlet_from) == ("Fenwick Gazette", "html-meta")
    assert {c.outlet for c in a.citations} == {"Harbour Times"}
