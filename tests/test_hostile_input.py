"""Issue 10 (input side): hostile files are refused with a clear message, the batch goes on,
and nothing good is lost.  Items 4, 5, 7 here; the fetch guard is in test_reading_guard.py and
the database checks in test_corpus_store_safety.py."""
from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.corpus import Store, add_inputs
from newsprism.model import RawDocument, ReadFailure
from newsprism.options import Options
from newsprism.reading import iter_documents, read_bytes

ROOT = Path(__file__).resolve().parent.parent


def article(n: int, town: str = "Marlow") -> str:
    return (f"Flood wall number {n} approved in {town}\n\n"
            f"The town council of {town} approved flood wall number {n} on Tuesday after a long "
            "debate, the mayor said. Building work is expected to start in the spring and to last "
            "two years, according to the council's engineers, who presented the plan to residents.")


def records(n: int) -> str:
    return "\n".join(json.dumps({"title": f"Story {i}", "text": article(i)}) for i in range(n))


# --- item 4: only regular files; unreadable folders are reported -----------------------------

def _unblock_fifo_after(fifo: Path, stop: threading.Event) -> None:
    """Open the FIFO for writing once a reader waits (so the OLD code, which opens FIFOs,
    gets an empty file after a moment instead of hanging the test run for ever)."""
    while not stop.wait(0.2):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue
        os.close(fd)


def test_a_fifo_in_a_folder_is_reported_and_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article(1))
    fifo = folder / "b-pipe.txt"
    os.mkfifo(fifo)
    stop = threading.Event()
    threading.Thread(target=_unblock_fifo_after, args=(fifo, stop), daemon=True).start()
    try:
        items = list(iter_documents([str(folder)], Options()))
    finally:
        stop.set()
    docs = [x for x in items if isinstance(x, RawDocument)]
    [failure] = [x for x in items if isinstance(x, ReadFailure)]
    assert len(docs) == 1
    assert failure.error == "not-a-file" and "named pipe" in failure.message
    assert failure.source.endswith("b-pipe.txt")


def test_a_device_named_directly_is_refused():
    [failure] = list(iter_documents(["/dev/zero"], Options()))
    assert failure.error == "not-a-file" and "character device" in failure.message


def test_an_unreadable_folder_is_a_failure_with_exit_code_1(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "c.txt").write_text(article(3))
    (folder / "a.txt").write_text(article(1))
    real = os.scandir

    def scandir(path="."):  # tests run as root, where chmod 000 does not lock anything
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(main, ["read", str(folder), "--json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert len(doc["articles"]) == 1
    [failure] = doc["failures"]
    assert failure["error"] == "unreadable-folder" and failure["source"].endswith("locked")


# --- item 5: bounds ----------------------------------------------------------------------------

def test_records_per_file_are_bounded_and_the_batch_goes_on(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text(records(30))
    small = tmp_path / "small.jsonl"
    small.write_text(records(3))
    items = list(iter_documents([str(big), str(small)], Options(max_records_per_file=20)))
    failures = [x for x in items if isinstance(x, ReadFailure)]
    assert [f.error for f in failures] == ["too-many-records"]
    assert "30 records" in failures[0].message and "--max-records" in failures[0].message
    assert sum(isinstance(x, RawDocument) for x in items) == 3


@pytest.mark.parametrize("shape", ["json-array", "json-collection", "feed"])
def test_records_bound_holds_for_every_collection_shape(shape):
    recs = [{"title": f"Story {i}", "text": article(i)} for i in range(12)]
    if shape == "json-array":
        data = json.dumps(recs)
    elif shape == "json-collection":
        data = json.dumps({"articles": recs})
    else:
        data = ("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
                + "".join(f"<item><title>t{i}</title><description>{article(i)}</description></item>"
                          for i in range(12)) + "</channel></rss>")
    [failure] = list(iter_documents(["-"], Options(max_records_per_file=10),
                                    stdin=_Bytes(data.encode())))
    assert failure.error == "too-many-records"


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, n: int = -1) -> bytes:
        return self.data


def test_json_nesting_depth_is_bounded():
    deep = {"title": "Deep", "text": article(1), "extra": {}}
    node = deep["extra"]
    for _ in range(80):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(Exception) as e:
        read_bytes(json.dumps(deep).encode(), "deep.json", Options())
    assert getattr(e.value, "code", None) == "too-deep" and "64 levels" in e.value.message
    assert read_bytes(json.dumps(deep).encode(), "deep.json", Options(max_json_depth=100))


def test_json_nested_100k_deep_is_a_clear_failure():
    [failure] = list(iter_documents(["-"], Options(), stdin=_Bytes(b"[" * 100_000 + b"]" * 100_000)))
    assert failure.error in ("too-deep", "malformed-json") and "nested" in failure.message


def test_python_literal_size_is_checked_before_parsing():
    literal = repr([{"title": f"Story {i}", "text": article(i)} for i in range(40)]).encode()
    assert len(literal) > 10_000
    [failure] = list(iter_documents(["-"], Options(max_literal_bytes=10_000), stdin=_Bytes(literal)))
    assert failure.error == "too-large" and "save it as JSON" in failure.message
    items = list(iter_documents(["-"], Options(), stdin=_Bytes(literal)))
    assert len(items) == 40 and all(isinstance(x, RawDocument) for x in items)


def test_a_large_jsonl_file_is_refused_before_any_record_is_parsed(tmp_path, monkeypatch):
    from newsprism.reading import shapes

    parsed = []
    real = shapes.parse_record
    monkeypatch.setattr(shapes, "parse_record", lambda *a, **k: parsed.append(1) or real(*a, **k))
    big = tmp_path / "big.jsonl"
    big.write_text(records(50))
    [failure] = list(iter_documents([str(big)], Options(max_records_per_file=49)))
    assert failure.error == "too-many-records" and parsed == []


# --- item 7: a feed with a DOCTYPE; XML that is no feed --------------------------------------

DOCTYPE_FEED = ("<?xml version='1.0'?>\n<!DOCTYPE rss [\n  <!ENTITY org \"Marlow Council\">\n]>\n"
                "<rss version='2.0'><channel><title>Marlow Gazette</title>"
                f"<item><title>Flood wall approved</title><description>{article(1)}</description></item>"
                f"<item><title>Second wall</title><description>{article(2)}</description></item>"
                "</channel></rss>")


def test_read_treats_a_doctype_feed_as_a_feed_not_as_one_article(tmp_path):
    f = tmp_path / "gazette.xml"
    f.write_text(DOCTYPE_FEED)
    items = list(iter_documents([str(f)], Options()))
    assert len(items) == 2 and all(isinstance(x, RawDocument) for x in items)
    assert all(x.shape == "feed" for x in items)
    assert not any("<rss" in x.text or "<!DOCTYPE" in x.text or "<item>" in x.text for x in items)


def test_xml_that_is_no_feed_is_refused_not_stored(tmp_path):
    f = tmp_path / "data.xml"
    f.write_text("<?xml version='1.0'?>\n<!DOCTYPE catalog>\n<catalog><book><title>Flood</title>"
                 f"<summary>{article(1)}</summary></book></catalog>")
    [failure] = list(iter_documents([str(f)], Options()))
    assert failure.error == "unsupported-shape" and "XML" in failure.message


def test_make_browser_waits_for_the_apt_lock():
    out = subprocess.run(["make", "-n", "browser"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    apt_calls = [part for part in out.split("apt-get")[1:]]
    assert len(apt_calls) == 2
    assert all(part.lstrip().startswith("-o DPkg::Lock::Timeout=600") for part in apt_calls)


# --- nothing lost ------------------------------------------------------------------------------

def _corpus(db: Path) -> tuple[set, list]:
    with Store(db, create=False) as s:
        arts = {(a.id, a.text) for a in s.iter_articles()}
        groups = sorted(sorted(a for a, r in s.partition().items() if r == root)
                        for root in set(s.partition().values()))
    return arts, groups


def test_nothing_lost_after_refused_inputs(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(article(11))
    (good / "b.txt").write_text(article(12, "Ostley"))
    (good / "c.jsonl").write_text(records(4))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "many.jsonl").write_text(records(30))
    (bad / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (bad / "literal.txt").write_text(repr([{"n": i, "text": article(i).replace("'", "")}
                                           for i in range(200)]))  # Python, not JSON
    (bad / "catalog.xml").write_text("<?xml version='1.0'?><!DOCTYPE c><c><d>x</d></c>")
    (bad / "local.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>F"
                                   f"</title><item><title>x</title><link>{good}/a.txt</link>"
                                   "</item></channel></rss>")
    os.mkfifo(bad / "pipe")
    opts = Options(max_records_per_file=20, max_literal_bytes=5_000)

    dirty, clean = tmp_path / "dirty.db", tmp_path / "clean.db"
    with Store(dirty, opts) as s:
        rep = add_inputs(s, [str(bad), str(bad / "local.rss"), str(good)], opts)
        assert len(rep.failures) >= 6
        assert rep.added == 6
        again = add_inputs(s, [str(good)], opts)  # re-running the good inputs adds nothing new
        assert (again.added, again.failures) == (0, [])
    with Store(clean, opts) as s:
        assert add_inputs(s, [str(good)], opts).added == 6
    assert _corpus(dirty) == _corpus(clean)


# --- large JSON Lines files stream with bounded memory ------------------------------------------

def test_a_jsonl_file_over_the_size_limit_is_streamed_line_by_line(tmp_path, monkeypatch):
    big = tmp_path / "big.jsonl"
    lines = [json.dumps({"title": f"Story {i}", "text": article(i)}) for i in range(10)]
    lines.insert(4, json.dumps({"title": "huge", "text": "x" * 5000}))  # one line over the limit
    big.write_text("\n".join(lines) + "\n")
    opts = Options(max_file_bytes=2000)
    assert big.stat().st_size > 4 * opts.max_file_bytes
    reads = []
    real_read = read_bytes

    monkeypatch.setattr("newsprism.reading.sources.read_bytes",
                        lambda data, *a, **k: reads.append(len(data)) or real_read(data, *a, **k))
    items = list(iter_documents([str(big)], opts))
    docs = [x for x in items if isinstance(x, RawDocument)]
    failures = [x for x in items if isinstance(x, ReadFailure)]
    assert [d.title for d in docs] == [f"Story {i}" for i in range(10)]
    assert [(f.source.rsplit("#", 1)[1], f.error) for f in failures] == [("5", "too-large")]
    assert reads == []  # never read whole
    other = tmp_path / "big.txt"
    other.write_text(article(1) * 30)
    [refused] = list(iter_documents([str(other)], opts))
    assert refused.error == "too-large"


def test_a_streamed_jsonl_file_still_counts_its_records_first(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text(records(30))
    [failure] = list(iter_documents([str(big)], Options(max_file_bytes=2000, max_records_per_file=20)))
    assert failure.error == "too-many-records"



# --- linear-time markup stripping gives what the (quadratic) regexes gave -----------------------

def _old_strip_markup(text: str, where: str):
    """strip_markup as it was with regexes (quadratic on unclosed comments and scripts)."""
    import html as html_lib
    import re

    import lxml.html

    from newsprism.model import Removal

    tag = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
    block = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^<>]*>", re.I)
    drop = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
    spaces = re.compile(r"[ \t\u00a0]+")
    if not tag.search(text):
        return html_lib.unescape(text) if "&" in text else text, []
    removals = []
    dropped = [m.group(0) for m in drop.finditer(text)]
    if dropped:
        text = drop.sub(" ", text)
        removals.extend(Removal(d, "markup", where) for d in dropped)
    tags = [m.group(0) for m in tag.finditer(text)]
    text = block.sub(lambda m: m.group(0) + "\n", text)
    try:
        visible = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    except Exception:
        visible = html_lib.unescape(tag.sub("", text))
    if tags:
        removals.append(Removal(" ".join(tags), "markup", where))
    lines = [spaces.sub(" ", line).strip() for line in visible.split("\n")]
    return "\n".join(line for line in lines if line), removals


def test_markup_stripping_matches_the_regex_version_on_random_fragments():
    import random
    import re

    OLD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)

    from newsprism.reading.markup import has_markup, strip_markup

    atoms = ["<!--", "-->", "<b>", "</b>", "<script>", "</script>", "<SCRIPT type=x>", "</Script >",
             "<style>", "</style>", "word", " ", ">", "<", "<br/>", "<a href='u'>", "-", "&amp;",
             "<p", "</p>", "\n", "<noscript>", "</noscript>"]
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 16)))
        assert strip_markup(text, "field") == _old_strip_markup(text, "field"), text
        assert has_markup(text) == bool(OLD_TAG.search(text)), text


def test_trailing_spaces_are_removed_line_by_line():
    from newsprism.reading.text import normalize_text

    assert normalize_text("a  \nb\u00a0\t\n\nc  ") == "a\nb\n\nc  "
