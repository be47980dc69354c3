"""The bundled example story is a fixture other tests rely on: check it cannot drift silently.

These tests read the raw files only (no newsprism code), so they hold whatever state the readers
are in: every fact story.expected.json plants must really be in the files it names, and nowhere else
where that matters.
"""
from __future__ import annotations

import ast
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

STORY = Path(__file__).resolve().parent.parent / "examples" / "story"
UNRELATED = STORY.parent / "unrelated"
EXPECTED = json.loads((STORY.parent / "story.expected.json").read_text(encoding="utf-8"))
FILES = EXPECTED["files"]


def _strip_tags(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", s))


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.article: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a["content"]
        elif tag == "title":
            self._in_title = True
        elif tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag):
        if self._in_article and tag in ("p", "figcaption", "h1", "div", "time"):
            self.article.append("\n\n")
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_article:
            self.article.append(data)


def raw(name: str) -> str:
    return (STORY / name).read_text(encoding="utf-8")


def plain(name: str) -> str:
    """The file's text with markup stripped (a crude stand-in for the reader, for checks only)."""
    shape = FILES[name]["shape"]
    text = raw(name)
    if shape == "json":
        return json.loads(text)["text"]
    if shape == "pylist":
        return "\n\n".join(_strip_tags(p).strip() for p in ast.literal_eval(text))
    if shape == "html":
        p = _Meta()
        p.feed(text)
        paras = (" ".join(x.split()) for x in "".join(p.article).split("\n\n"))
        return "\n\n".join(x for x in paras if x)
    return text


def body(name: str) -> str:
    """plain() minus the debris story.expected.json lists, roughly (whole paragraphs holding a fragment)."""
    inline = ("date-header", "ui-word", "related-headline", "markup")
    text = plain(name)
    for d in FILES[name]["debris"]:
        if d["reason"] in inline:
            text = text.replace(d["fragment"], "", 1)
    frags = [d["fragment"] for d in FILES[name]["debris"] if d["reason"] not in inline]
    paras = [p for p in re.split(r"\n\s*\n", text) if not any(f in p for f in frags)]
    return "\n\n".join(paras)


def test_every_file_is_described_and_exists():
    on_disk = {p.name for p in STORY.iterdir() }
    assert on_disk == set(FILES), "story.expected.json and examples/story disagree about the files"
    assert len(FILES) == EXPECTED["outlets"] == 6
    assert {f["shape"] for f in FILES.values()} == {"text", "json", "pylist", "html"}
    assert (UNRELATED / "kestrel_bay_library.txt").is_file()


@pytest.mark.parametrize("name", sorted(FILES))
def test_length_is_news_sized(name):
    words = len(plain(name).split())
    assert 150 <= words <= 450, f"{name}: {words} words"


def test_json_record_fields():
    rec = json.loads(raw("courier_copy.json"))
    exp = FILES["courier_copy.json"]
    assert set(rec) == {"title", "text", "date", "url", "source"}
    assert rec["source"] == exp["outlet"]
    assert rec["date"] == exp["published"]
    assert rec["url"] == exp["url"]
    assert rec["title"] == exp["title"]


def test_pylist_is_a_literal_list_of_html_strings():
    items = ast.literal_eval(raw("eastbridge_paragraphs.txt"))
    assert isinstance(items, list) and all(isinstance(x, str) for x in items)
    assert items[0].startswith("<b") and any("<a href=" in x for x in items)
    assert items[-1].startswith("© 2025 Eastbridge Broadcasting")


def test_html_page_has_metadata_and_furniture():
    text = raw("tarn_times.html")
    p = _Meta()
    p.feed(text)
    exp = FILES["tarn_times.html"]
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert p.meta["og:site_name"] == exp["outlet"]
    assert p.meta["article:published_time"].startswith(exp["published"])
    assert p.meta["og:url"] == exp["url"]
    assert p.title.startswith(exp["title"])
    for part in ("<nav", "cookie", "share-bar", 'class="related"', "<footer", "<script"):
        assert part in text, part


@pytest.mark.parametrize("name", sorted(FILES))
def test_dates_and_outlet_cues(name):
    exp = FILES[name]
    text = raw(name)
    header = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
    if exp["published_from"] == "header":
        assert header and header.group(1) == exp["published"]
    else:
        assert header is None
    if exp["published"] is None:
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an undated file must not carry a date"
    cue = exp["outlet_from"]
    if cue == "copyright":
        assert f"© 2025 {exp['outlet']}" in text
    elif cue == "self-reference":
        assert exp["outlet_cue"] in text and exp["outlet"] in exp["outlet_cue"]
    elif cue == "filename":
        assert Path(name).stem == exp["outlet"]
        assert "©" not in text and "told the" not in text and "http" not in text


@pytest.mark.parametrize("name", sorted(FILES))
def test_debris_and_kept_sentences_are_there(name):
    exp = FILES[name]
    text, flat = raw(name), plain(name)
    for d in exp["debris"]:
        assert d["fragment"] in text, (name, d)
    if name == "valley_voice.txt":
        assert text.startswith("Comment ")
    for sentence in exp["keep"]:
        assert sentence in flat, (name, sentence)
        # a kept sentence is not itself debris
        assert not any(d["fragment"] in sentence for d in exp["debris"] if len(d["fragment"]) > 8)


def _has(value: str, name: str) -> bool:
    # whole values only: "200" must not match inside "1,200"
    return re.search(r"(?<!\w)(?<!\d,)" + re.escape(value) + r"(?!\w)(?!,\d)", body(name)) is not None


def test_planted_contradictions_occur_where_expected():
    kinds = {c["kind"] for c in EXPECTED["contradictions"]}
    assert kinds == {"age", "count", "place", "name", "quote"}
    for c in EXPECTED["contradictions"]:
        assert len(c["sides"]) == 2
        values = [s["value"] for s in c["sides"]]
        for side in c["sides"]:
            for name in side["files"]:
                assert _has(side["value"], name), (c["kind"], side["value"], name)
                others = [v for v in values if v != side["value"]]
                assert not any(_has(v, name) for v in others), (c["kind"], name, "holds both sides")


def test_suspect_spelling():
    s = EXPECTED["suspect_spelling"]
    assert len(re.findall(rf"\b{s['form']}\b", raw(s["file"]))) >= 1
    for name in FILES:
        if name != s["file"]:
            assert not re.search(rf"\b{s['form']}\b", raw(name)), name
            assert re.search(rf"\b{s['likely']}\b", raw(name)), name


def test_non_contradictions():
    kinds = {n["kind"] for n in EXPECTED["non_contradictions"]}
    assert kinds == {"different-period", "development", "caption"}
    for n in EXPECTED["non_contradictions"]:
        for side in n["sides"]:
            for name in side["files"]:
                wording = side.get("evidence", {}).get(name, side["value"])
                assert wording in plain(name), (n["kind"], wording, name)
    cap = next(n for n in EXPECTED["non_contradictions"] if n["kind"] == "caption")
    cap_side = next(s for s in cap["sides"] if s.get("in") == "photo caption")
    for name in cap_side["files"]:
        caption = next(p for p in plain(name).split("\n\n") if cap_side["value"] in p)
        assert any(d["fragment"] in caption for d in FILES[name]["debris"] if d["reason"] == "photo-caption")
    dev = next(n for n in EXPECTED["non_contradictions"] if n["kind"] == "development")
    early, late = dev["sides"]
    early_dates = [FILES[f]["published"] for f in early["files"] if FILES[f]["published"]]
    late_dates = [FILES[f]["published"] for f in late["files"] if FILES[f]["published"]]
    assert max(early_dates) < min(late_dates)


def test_duplicate_pair_is_a_near_copy():
    d = EXPECTED["duplicates"][0]
    a, b = body(d["original"]), body(d["copy"])
    assert a != b

    def shingles(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}

    sa, sb = shingles(a), shingles(b)
    jaccard = len(sa & sb) / len(sa | sb)
    assert 0.8 <= jaccard < 1.0, jaccard
    assert EXPECTED["independent_sources"] == len(FILES) - len(EXPECTED["duplicates"])


def test_quotes_and_timeline_anchors():
    for q in EXPECTED["quotes"]:
        for name in q["files"]:
            assert q["text"] in plain(name), (q["speaker"], name)
    for t in EXPECTED["timeline"]:
        assert t["expression"] in body(t["file"]), t
        if t["date"] is None:
            assert FILES[t["file"]]["published"] is None
        else:
            assert FILES[t["file"]]["published"] is not None
            assert t["date"] <= FILES[t["file"]]["published"]


def test_unrelated_article_is_about_something_else():
    text = (UNRELATED / "kestrel_bay_library.txt").read_text(encoding="utf-8")
    assert text.startswith(" date 2025-03-14 ")
    for word in ("Calloway", "Brennock", "Lowmere", "dam"):
        assert not re.search(rf"\b{word}\b", text), word
