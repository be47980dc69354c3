"""reading: shapes, encodings, records, inputs and failure codes (small hand-written inputs)."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from newsprism.errors import InputError
from newsprism.model import RawDocument, ReadFailure
from newsprism.options import Options
from newsprism.reading import detect_shape, iter_documents, parse_bytes, read_bytes

OPTS = Options()

# Fictional prose written for these tests.
P1 = ("The harbour council of Wrenfield voted on Tuesday to close the old ferry pier after "
      "engineers found cracks in two of its supports, the council said in a statement.")
P2 = ("Ferry services will move to the north quay from next month, and the council expects "
      "repairs to take at least a year, according to its chair, Dana Mollow.")
BODY = P1 + "\n\n" + P2


def one(data: bytes, source: str = "t", options: Options = OPTS) -> RawDocument:
    docs = parse_bytes(data, source, options)
    assert len(docs) == 1
    return docs[0]


def code_of(data: bytes, options: Options = OPTS) -> str:
    with pytest.raises(InputError) as info:
        parse_bytes(data, "t", options)
    assert info.value.message  # every failure says something
    return info.value.code


# --- plain text -------------------------------------------------------------------------------

def test_plain_text_paragraphs_and_line_endings():
    doc = one((P1 + "\r\n\r\n" + P2 + "\r\n").encode())
    assert doc.shape == "text"
    assert doc.text == BODY
    assert doc.published is None and doc.removals == []


def test_date_header_on_the_first_line_becomes_published():
    doc = one((" date 2021-03-04 " + P1 + "\n\n" + P2).encode())
    assert doc.published == "2021-03-04"
    assert doc.published_from == "header"
    assert doc.text == BODY
    assert [(r.reason, r.text) for r in doc.removals] == [("date-header", "date 2021-03-04")]


def test_date_header_on_its_own_line():
    doc = one(("date 2020-12-31\n" + BODY).encode())
    assert doc.published == "2020-12-31" and doc.text == BODY


def test_invalid_date_header_is_left_in_the_text():
    doc = one(("date 2021-13-45 " + P1).encode())
    assert doc.published is None
    assert doc.text.startswith("date 2021-13-45")


def test_stray_tags_in_plain_text_are_stripped_and_recorded():
    doc = one(b"The <b>pier</b> shut on Monday, and 3 < 4 said <Ferrymen>.<br>\n\nSecond <i>line</i>.")
    assert doc.shape == "text"
    assert doc.text == "The pier shut on Monday, and 3 < 4 said <Ferrymen>.\n\nSecond line."
    assert [(r.reason, r.where) for r in doc.removals] == [("markup", "paragraph 1"),
                                                           ("markup", "paragraph 2")]


def test_hard_wrapped_lines_are_joined_and_single_lines_become_paragraphs():
    wrapped = P1.replace(" after ", "\nafter ") + "\n\n" + P2
    assert one(wrapped.encode()).text == BODY
    assert one((P1 + "\n" + P2).encode()).text == BODY


# --- lists of paragraphs ----------------------------------------------------------------------

def test_python_literal_list_of_html_paragraphs():
    data = repr([f'<b class="x1">{P1}</b>', P2 + " ", '<a href="https://example.org/x">More</a>'])
    doc = one(data.encode())
    assert doc.shape == "pylist"
    assert doc.text.split("\n\n") == [P1, P2, "More"]
    assert "<" not in doc.text
    markup = [r for r in doc.removals if r.reason == "markup"]
    assert [r.where for r in markup] == ["paragraph 1", "paragraph 3"]
    assert '<b class="x1">' in markup[0].text


def test_python_literal_is_never_evaluated():
    code = "[__import__('os').system('echo hacked')]"
    assert code_of(code.encode()) == "malformed-json"


def test_python_literal_record():
    doc = one(repr({"title": "Pier", "text": BODY, "date": "2021-05-06"}).encode())
    assert (doc.shape, doc.title, doc.text, doc.published) == ("pylist", "Pier", BODY, "2021-05-06")


def test_utf8_with_a_stray_byte_is_not_mojibake():
    data = ACCENTED.encode("utf-8")
    doc = one(data[:20] + b"\xff" + data[20:])
    assert "caf\u00e9" in doc.text and "\ufffd" in doc.text
    assert doc.encoding == "utf-8 (invalid bytes replaced)"


def test_json_list_of_strings_with_entities():
    doc = one(json.dumps([f"<p>{P1}</p>", "Tom &amp; Jerry said the pier was safe."]).encode())
    assert doc.shape == "json"
    assert doc.text.split("\n\n")[1] == "Tom & Jerry said the pier was safe."


# --- JSON records and collections -------------------------------------------------------------

def test_json_record_with_news_fields():
    rec = {"headline": "Pier closed", "articleBody": BODY, "datePublished": "2021-05-06T08:00:00Z",
           "url": "https://www.wrenfield-post.example/pier", "publisher": {"name": "Wrenfield Post"}}
    doc = one(json.dumps(rec).encode())
    assert (doc.shape, doc.title, doc.text) == ("json", "Pier closed", BODY)
    assert (doc.published, doc.published_from) == ("2021-05-06", "field:datePublished")
    assert (doc.outlet, doc.outlet_from) == ("Wrenfield Post", "field:publisher")
    assert doc.url == "https://www.wrenfield-post.example/pier"


@pytest.mark.parametrize("field", ["text", "content", "body", "maintext", "articleBody", "article",
                                   "newBody"])
def test_text_field_names(field):
    assert one(json.dumps({"title": "x", field: BODY}).encode()).text == BODY


@pytest.mark.parametrize("field,value,expected", [
    ("date", "2022-01-02", "2022-01-02"),
    ("published", "2022-01-02T23:00:00+05:00", "2022-01-02"),
    ("date_publish", "2022-01-02 10:11:12", "2022-01-02"),
    ("publish_date", "2022-01-02", "2022-01-02"),
    ("pubDate", "Sun, 02 Jan 2022 10:00:00 GMT", "2022-01-02"),
    ("publishedAt", 1641117600, "2022-01-02"),
    ("date", "not a date at all", None),
])
def test_date_field_names(field, value, expected):
    doc = one(json.dumps({"text": BODY, field: value}).encode())
    assert doc.published == expected
    assert doc.published_from == (f"field:{field}" if expected else None)


@pytest.mark.parametrize("rec,outlet,how", [
    ({"source": "Harbour Times"}, "Harbour Times", "field:source"),
    ({"source": {"id": None, "name": "Harbour Times"}}, "Harbour Times", "field:source"),
    ({"domain": "harbourtimes.example"}, "harbourtimes.example", "field:domain"),
    ({"source_domain": "harbourtimes.example"}, "harbourtimes.example", "field:source_domain"),
    ({"link": "https://www.harbourtimes.example/a/1"}, "harbourtimes.example", "url"),
])
def test_outlet_fields(rec, outlet, how):
    doc = one(json.dumps({"text": BODY, **rec}).encode())
    assert (doc.outlet, doc.outlet_from) == (outlet, how)


def test_paragraph_list_in_a_field_is_joined_with_blank_lines():
    assert one(json.dumps({"body": [P1, f"<p>{P2}</p>"]}).encode()).text == BODY


def test_html_in_a_text_field_is_stripped():
    doc = one(json.dumps({"content": f"<p>{P1}</p><p>{P2}</p>"}).encode())
    assert doc.text == BODY
    assert any(r.reason == "markup" for r in doc.removals)


def test_collection_under_articles_key_and_bad_record_reported():
    data = json.dumps({"articles": [{"title": "a", "text": P1}, {"title": "no body"},
                                    {"title": "b", "text": P2}]}).encode()
    items = read_bytes(data, "coll.json", OPTS)
    assert [type(x).__name__ for x in items] == ["RawDocument", "ReadFailure", "RawDocument"]
    assert [x.source for x in items] == ["coll.json#1", "coll.json#2", "coll.json#3"]
    assert items[1].error == "no-article-text"
    assert [d.text for d in parse_bytes(data, "coll.json", OPTS)] == [P1, P2]


def test_json_list_of_records():
    data = json.dumps([{"text": P1}, {"text": P2}]).encode()
    assert [d.shape for d in parse_bytes(data, "x", OPTS)] == ["json", "json"]


def test_jsonl_records():
    data = (json.dumps({"title": "a", "text": P1}) + "\n\n" + json.dumps({"title": "b", "content": P2})
            + "\n").encode()
    docs = parse_bytes(data, "x.jsonl", OPTS)
    assert [(d.shape, d.source, d.title) for d in docs] == [("jsonl", "x.jsonl#1", "a"),
                                                           ("jsonl", "x.jsonl#2", "b")]


def test_jsonl_bad_line_is_a_failure_not_a_crash():
    data = (json.dumps({"text": P1}) + "\n{broken\n").encode()
    items = read_bytes(data, "x.jsonl", OPTS)
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], ReadFailure) and items[1].error == "malformed-json"


def test_rss_file_is_a_collection_of_entries():
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wrenfield Post</title>
    <item><title>Pier shut</title><link>https://wrenpost.example/pier</link>
    <pubDate>Tue, 04 May 2021 10:00:00 GMT</pubDate><description>&lt;p&gt;{P1}&lt;/p&gt;</description></item>
    <item><title>Only a title</title><link>https://wrenpost.example/e</link></item>
    </channel></rss>"""
    first, second = read_bytes(rss.encode(), "feed.xml", OPTS)
    assert (first.shape, first.title, first.text, first.published) == ("feed", "Pier shut", P1, "2021-05-04")
    assert (first.outlet, first.outlet_from) == ("Wrenfield Post", "field:feed-title")
    assert first.url == "https://wrenpost.example/pier"
    assert isinstance(second, ReadFailure) and "link" in second.message


# --- HTML ---------------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Pier closed after cracks found | Wrenfield Post</title>
<meta property="og:site_name" content="Wrenfield Post">
<meta property="article:published_time" content="2021-05-06T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Pier closed after cracks found</h1><p>{P1}</p><p>{P2}</p>
<p>The council will publish the engineers' report on its website later this week, a spokesperson for the harbour office added.</p>
</article><footer>All rights reserved. Wrenfield Post 2021.</footer></body></html>"""


def test_html_page():
    doc = one(PAGE.encode(), "page.html")
    assert doc.shape == "html"
    assert P1 in doc.text and P2 in doc.text
    assert "Home" not in doc.text and "rights reserved" not in doc.text
    assert doc.title.startswith("Pier closed after cracks found")
    assert (doc.outlet, doc.outlet_from) == ("Wrenfield Post", "html-meta")
    assert (doc.published, doc.published_from) == ("2021-05-06", "html-meta")
    assert "<" not in doc.text


def test_html_detected_by_content_not_extension():
    assert detect_shape(PAGE) == "html"
    assert one(PAGE.encode(), "saved-article.txt").shape == "html"


def test_malformed_html_still_reads_or_fails_cleanly():
    broken = f"<html><body><div><p>{P1}<p>{P2}<div><span>".encode()
    try:
        doc = one(broken)
        assert P1 in doc.text
    except InputError as exc:
        assert exc.code == "no-article-text"


def test_html_without_article_text():
    assert code_of(b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>") == \
        "no-article-text"


# --- encodings -----------------------------------------------------------------------------------

ACCENTED = "\u201cThe caf\u00e9 stays open,\u201d said the owner, Zo\u00eb Marr\u00e9. " + P1


@pytest.mark.parametrize("data,encoding", [
    (ACCENTED.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"), "utf-8-sig"),
    (ACCENTED.encode("utf-16"), "utf-16-le"),
    (ACCENTED.encode("utf-16-be"), "utf-16-be"),
    (ACCENTED.encode("utf-16-le"), "utf-16-le"),
    (ACCENTED.encode("utf-32"), "utf-32-le"),
    (ACCENTED.encode("cp1252"), "cp1252"),
])
def test_encodings(data, encoding):
    doc = one(data)
    assert doc.text == ACCENTED
    assert doc.encoding == encoding


def test_latin1_page_declaring_its_charset():
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Dana Mollow", "Dana M\u00f8llow")
    doc = one(page.encode("latin-1"))
    assert "Dana M\u00f8llow" in doc.text
    assert doc.encoding in ("iso-8859-1", "cp1252")


def test_gzip_bytes_are_read_by_content():
    assert one(gzip.compress(BODY.encode())).text == BODY


# --- failures --------------------------------------------------------------------------------------

@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"  \n\t \r\n", "empty"),
    (b"\xef\xbb\xbf   ", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(256)) * 8, "binary"),
    (b'{"title": "x", "text": "abc",,}', "malformed-json"),
    (b"['unterminated", "malformed-json"),
    (b'{"title": "only a title"}', "no-article-text"),
    (b"[]", "empty"),
    (b"\x1f\x8b\x08\x00garbage", "bad-gzip"),
    (b"[" * 50_000, "malformed-json"),
    (b'["a", 1, null]', "unsupported-shape"),
])
def test_failure_codes(data, code):
    assert code_of(data) == code


def test_too_large_bytes():
    assert code_of(BODY.encode(), Options(max_file_bytes=50)) == "too-large"


def test_gzip_bomb_is_too_large():
    assert code_of(gzip.compress(b"a " * 100_000), Options(max_file_bytes=10_000)) == "too-large"


def test_non_english_text():
    french = ("Le conseil du port de Wrenfield a vot\u00e9 mardi la fermeture de la vieille jet\u00e9e "
              "apr\u00e8s que des ing\u00e9nieurs ont trouv\u00e9 des fissures dans deux de ses piliers, "
              "selon un communiqu\u00e9 publi\u00e9 par la mairie dans la soir\u00e9e.")
    assert code_of(french.encode()) == "not-english"
    assert one(french.encode(), options=Options(require_english=False)).text == french


@pytest.mark.parametrize("text", [
    "Der Hafenrat von Wrenfield hat am Dienstag beschlossen, den alten F\u00e4hranleger zu "
    "schlie\u00dfen, nachdem Ingenieure Risse in zwei seiner St\u00fctzen gefunden hatten, wie "
    "der Rat in einer Mitteilung sagte, die auch auf der Webseite der Stadt steht.",
    "\u0421\u043e\u0432\u0435\u0442 \u043f\u043e\u0440\u0442\u0430 " * 20,
])
def test_other_languages_and_scripts_are_not_english(text):
    assert code_of(text.encode()) == "not-english"


def test_list_heavy_english_is_still_english():
    recipe = "\n".join(["Ingredients:", "2 cups flour", "1 cup sugar", "3 eggs", "butter, softened",
                        "Method:", "Mix flour and sugar.", "Beat eggs into butter.", "Bake twenty minutes.",
                        "Serve warm with cream or fresh berries from the garden.",
                        "Leftovers keep for three days in a sealed tin."])
    assert one(recipe.encode()).text.startswith("Ingredients:")


def test_html_fragment_without_page_furniture():
    doc = one(f"<div><p>{P1}</p></div>".encode())
    assert doc.text == P1 and doc.shape == "html"


def test_bracketed_prose_is_text_not_malformed_json():
    doc = one(("[Updated] " + P1).encode())
    assert doc.shape == "text" and doc.text.startswith("[Updated]")


# --- inputs: files, folders, globs, stdin, gz ----------------------------------------------------

@pytest.fixture()
def story(tmp_path):
    (tmp_path / "b.txt").write_text(P2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(P1, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    (tmp_path / ".hidden.txt").write_text(P1, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(P1, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def test_folder_is_recursive_sorted_and_skips_hidden(story):
    items = list(iter_documents([str(story)], OPTS))
    names = [x.source.replace(str(story), "") for x in items]
    assert names == ["/a.txt", "/b.txt", "/empty.txt", "/sub/c.txt.gz"]
    assert isinstance(items[2], ReadFailure) and items[2].error == "empty"
    assert items[3].text == BODY


def test_glob_and_duplicates_read_once(story):
    items = list(iter_documents([str(story / "*.txt"), str(story / "a.txt")], OPTS))
    assert [x.source.rsplit("/", 1)[1] for x in items] == ["a.txt", "b.txt", "empty.txt"]


def test_missing_path_and_empty_glob_are_failures(story):
    items = list(iter_documents([str(story / "nope.txt"), str(story / "*.xml"), str(story / "a.txt")],
                                OPTS))
    assert [getattr(x, "error", "ok") for x in items] == ["not-found", "not-found", "ok"]
    assert "check" in items[0].message


def test_unsupported_scheme(story):
    [failure] = list(iter_documents(["ftp://example.org/a.txt"], OPTS))
    assert failure.error == "unsupported-url"


def test_file_over_size_limit_is_refused_before_reading(story):
    [failure] = list(iter_documents([str(story / "a.txt")], Options(max_file_bytes=10)))
    assert failure.error == "too-large" and "limit" in failure.message


def test_stdin_parameter_and_monkeypatched_stdin(monkeypatch):
    [doc] = list(iter_documents(["-"], OPTS, stdin=io.BytesIO(("date 2021-01-02 " + P1).encode())))
    assert (doc.source, doc.published, doc.text) == ("-", "2021-01-02", P1)

    class FakeStdin:
        buffer = io.BytesIO(gzip.compress(P2.encode()))

    monkeypatch.setattr("sys.stdin", FakeStdin())
    [doc] = list(iter_documents(["-"], OPTS))
    assert doc.text == P2


def test_batch_goes_on_after_bad_files(story):
    (story / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    items = list(iter_documents([str(story / "bin.dat"), str(story / "a.txt")], OPTS))
    assert items[0].error == "binary" and items[1].text == P1


def test_a_single_path_or_pathlike_is_one_input(story):
    assert [d.text for d in iter_documents(str(story / "a.txt"), OPTS)] == [P1]
    assert [d.text for d in iter_documents([story / "b.txt"], OPTS)] == [P2]
