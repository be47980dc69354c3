"""Detect the shape of a document from its content (never its file extension) and parse it.

Bounded (Options): records per file (``max_records_per_file``, counted before any record is
parsed), nesting depth of JSON and Python literals (``max_json_depth``), and the size of a
Python literal before ``ast.literal_eval`` (``max_literal_bytes``: it expands ~250x in memory).
An XML document that is neither a feed nor a web page (e.g. a feed behind a DOCTYPE that we did
not recognise) is refused, never stored as an article's text.

Shapes: "html" (a web page); "pylist" (a Python literal: a list of paragraph strings, or a
record as a dict, parsed with ``ast.literal_eval``: never ``eval``); "json" (a JSON list of
paragraph strings, a JSON record, or a collection of records); "jsonl" (one JSON record per
line); "feed" (an RSS/Atom file: one record per entry); "text" (plain text).
"""
from __future__ import annotations

import ast
import json
import re
import zlib
from typing import Any

from ..errors import InputError
from ..model import RawDocument, ReadFailure, Removal
from ..options import Options
from .decode import decode
from .markup import strip_markup
from .records import collection_items, looks_like_record, nested_records, parse_record, records_of
from .text import check_english, join_paragraphs, normalize_text, parse_text

_HTML_START = re.compile(
    r"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]"
    r"|<title[\s>]|<article[\s>]|<div[\s>]|<section[\s>]|<main[\s>]|<p[\s>]|<h1[\s>]|<link[\s>]|<script[\s>])",
    re.I | re.S,
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|article|/p|/div)[\s>]", re.I)
_GZIP_MAGIC = b"\x1f\x8b"
_LITERAL_START = re.compile(r"\[\s*[\[{'\"]")  # [ then a string, list or dict: data, not prose


def gunzip(data: bytes, source: str, limit: int) -> bytes:
    """Decompress gzip bytes, refusing output larger than ``limit`` (a gzip bomb guard)."""
    out = bytearray()
    rest = data
    try:
        while rest:  # one pass per gzip member (concatenated members are valid gzip)
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            buf = rest
            while True:
                out += d.decompress(buf, max(1, limit + 1 - len(out)))
                if len(out) > limit:
                    raise InputError(
                        source,
                        f"decompressed it is larger than the {limit:,}-byte limit; split it or "
                        "raise Options.max_file_bytes",
                        code="too-large",
                    )
                if d.eof or not d.unconsumed_tail:
                    break
                buf = d.unconsumed_tail
            if not d.eof:
                raise InputError(source, "the gzip data is truncated; re-download or re-compress it",
                                 code="bad-gzip")
            rest = d.unused_data if d.unused_data.startswith(_GZIP_MAGIC) else b""
    except zlib.error as exc:
        raise InputError(source, f"the gzip data is damaged ({exc}); re-download or re-compress it",
                         code="bad-gzip") from None
    return bytes(out)


# a DOCTYPE, with an internal subset [ ... ] if any; written so that no two parts can match the
# same characters (linear time even on a hostile "<!DOCTYPE x [" followed by megabytes of "]")
_DOCTYPE = r"<!DOCTYPE\b[^\[>]*(?:\[[^\]]*\][^>]*)?>\s*"
_FEED_START = re.compile(r"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|" + _DOCTYPE + r")*"
                         r"<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S)
_XML_START = re.compile(r"\A(?:<\?xml[\s?]|<!DOCTYPE\s+(?!html\b))", re.I)


def detect_shape(text: str) -> str:
    """'html' | 'feed' | 'list' (JSON or Python literal) | 'json' | 'jsonl' | 'text' from the content."""
    head = text.lstrip()[:4096]
    if not head:
        return "text"
    if head[0] == "<" and _FEED_START.match(text.lstrip()[:200_000]):
        return "feed"
    if head[0] == "<" and _HTML_START.match(head):
        return "html"
    if _XML_START.match(head) and not _HTML_ANYWHERE.search(text[:200_000]):
        return "xml"
    if head[0] == "[":
        return "list"
    if head[0] == "{":
        first_line = text.lstrip().split("\n", 1)[0].strip()
        if first_line.endswith("}") and "\n" in text.strip():
            try:
                json.loads(first_line)
                return "jsonl"
            except ValueError:
                pass
        return "json"
    if head[0] == "<" and _HTML_ANYWHERE.search(text[:200_000]):
        return "html"
    return "text"


def _looks_like_prose(text: str) -> bool:
    """Text that merely starts with a bracket, e.g. "[Updated] The council voted..."."""
    punct = sum(text.count(c) for c in '{}[]":,')
    words = len(text.split())
    return words >= 8 and punct / max(words, 1) < 0.3


def _malformed(source: str, what: str, exc: Exception) -> InputError:
    where = ""
    if isinstance(exc, json.JSONDecodeError):
        where = f" at line {exc.lineno}, column {exc.colno} ({exc.msg})"
    elif isinstance(exc, SyntaxError) and exc.lineno:
        where = f" at line {exc.lineno}"
    return InputError(source, f"the file looks like {what} but cannot be parsed{where}; "
                              "fix the syntax or save the article as plain text",
                      code="malformed-json")


def _too_many(source: str, n: int, options: Options) -> InputError:
    return InputError(source, f"it holds {n:,} records, over the limit of "
                              f"{options.max_records_per_file:,} per file; split it or raise "
                              "Options.max_records_per_file (--max-records)",
                      code="too-many-records")


def _check_depth(obj: Any, source: str, options: Options) -> None:
    """Refuse data nested deeper than Options.max_json_depth (iterative: no recursion)."""
    limit = options.max_json_depth
    stack = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise InputError(source, f"the data is nested more than {limit} levels deep; no article "
                                     "record needs that (raise Options.max_json_depth if it is real)",
                             code="too-deep")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list, tuple)))
        elif isinstance(node, (list, tuple)):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list, tuple)))


def _literal(text: str, source: str, options: Options) -> Any:
    """ast.literal_eval within Options.max_literal_bytes; raises ValueError/SyntaxError as it does."""
    if len(text) > options.max_literal_bytes:
        raise InputError(source, f"it looks like a Python literal of {len(text):,} characters, over "
                                 f"the {options.max_literal_bytes:,} limit (parsing one takes ~250 "
                                 "times its size in memory); save it as JSON (json.dump) instead, "
                                 "or raise Options.max_literal_bytes", code="too-large")
    return ast.literal_eval(text)  # literals only: never eval()


def _paragraph_list(items: list, source: str, shape: str, encoding: str) -> RawDocument:
    paras: list[str] = []
    removals: list[Removal] = []
    for i, item in enumerate(items, 1):
        text, rem = strip_markup(normalize_text(item), f"paragraph {i}")
        removals.extend(rem)
        text = " ".join(text.split())
        if text:
            paras.append(text)
    body = join_paragraphs(paras)
    if not body:
        raise InputError(source, "the list of paragraphs holds no text", code="empty")
    return RawDocument(source=source, shape=shape, text=body, encoding=encoding, removals=removals)


def _from_object(obj: Any, source: str, shape: str, encoding: str,
                 options: Options) -> list[RawDocument | ReadFailure]:
    _check_depth(obj, source, options)
    if isinstance(obj, list) and all(isinstance(x, str) for x in obj):
        if not obj:
            raise InputError(source, "the file holds an empty list", code="empty")
        return [_paragraph_list(obj, source, shape, encoding)]
    items = collection_items(obj)
    if items is not None:
        if len(items) > options.max_records_per_file:
            raise _too_many(source, len(items), options)
        out: list[RawDocument | ReadFailure] = []
        for i, rec in enumerate(items, 1):
            try:
                out.extend(records_of(rec, f"{source}#{i}", shape, encoding))
            except InputError as exc:
                out.append(ReadFailure(exc.source, exc.code, exc.message))
        if not out:
            raise InputError(source, "the collection holds no records", code="empty")
        return out
    if isinstance(obj, dict):
        if looks_like_record(obj) or nested_records(obj):
            return records_of(obj, source, shape, encoding)
        keys = ", ".join(sorted(map(str, obj))[:12]) or "none"
        raise InputError(source, f"the JSON object has no article text (fields: {keys}); expected "
                                 "a record with a text/content/body field or a list of articles",
                         code="no-article-text")
    if isinstance(obj, list) and not obj:
        raise InputError(source, "the file holds an empty list", code="empty")
    raise InputError(source, "the data is neither a list of paragraphs nor article records; "
                             "save the article as text, HTML or JSON", code="unsupported-shape")


def _parse_list(text: str, source: str, encoding: str, options: Options) -> list[RawDocument | ReadFailure]:
    stripped = text.strip()
    try:
        obj = json.loads(stripped)
    except ValueError as json_exc:  # JSONDecodeError is a ValueError
        try:
            obj = _literal(stripped, source, options)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError, InputError) as exc:
            if isinstance(exc, InputError) and _LITERAL_START.match(stripped):
                raise  # a list literal over the size limit, not prose that starts with "["
            if _looks_like_prose(stripped):
                return [parse_text(text, source, encoding)]
            if isinstance(exc, InputError):
                raise
            raise _malformed(source, "a JSON or Python list", json_exc) from None
        return _from_object(obj, source, "pylist", encoding, options)
    return _from_object(obj, source, "json", encoding, options)


def _parse_json(text: str, source: str, encoding: str, options: Options) -> list[RawDocument | ReadFailure]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:  # a Python-literal dict (repr of a record): literals only, never eval()
            literal = _literal(text.strip(), source, options)
        except InputError:
            if len(lines) <= 1 and text.lstrip().startswith("{'"):
                raise  # a Python dict repr over the size limit: say so
            literal = None
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            literal = None
        if isinstance(literal, dict):
            return _from_object(literal, source, "pylist", encoding, options)
        if len(lines) > 1:
            try:
                return _parse_jsonl(text, source, encoding, options)
            except InputError as jsonl_exc:
                if jsonl_exc.code == "too-many-records":
                    raise
        if _looks_like_prose(text.strip()) and not text.lstrip().startswith(('{"', "{'", "{\n")):
            return [parse_text(text, source, encoding)]
        raise _malformed(source, "JSON", exc) from None
    except RecursionError:
        raise InputError(source, "the JSON is nested too deeply to read", code="malformed-json") from None
    return _from_object(obj, source, "json", encoding, options)


def _parse_feed(text: str, source: str, encoding: str, options: Options) -> list[RawDocument | ReadFailure]:
    """An RSS/Atom file: each entry with text becomes a record (title, link, date, content)."""
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        raise InputError(source, "the RSS/Atom feed has no entries", code="empty")
    if len(parsed.entries) > options.max_records_per_file:
        raise _too_many(source, len(parsed.entries), options)
    feed_title = parsed.feed.get("title") or None
    out: list[RawDocument | ReadFailure] = []
    for i, entry in enumerate(parsed.entries, 1):
        body = None
        if entry.get("content"):
            body = "\n".join(c.get("value", "") for c in entry["content"])
        body = body or entry.get("summary") or entry.get("description")
        record = {"title": entry.get("title"), "text": body, "link": entry.get("link"),
                  "published": entry.get("published") or entry.get("updated")}
        if feed_title:
            record["site"] = feed_title
        try:
            doc = parse_record({k: v for k, v in record.items() if v}, f"{source}#{i}", "feed", encoding)
        except InputError as exc:
            out.append(ReadFailure(exc.source, exc.code, exc.message + " (feeds often carry only "
                                   "summaries: pass the entry's link to read the full article)"))
            continue
        if doc.outlet_from == "field:site":
            doc.outlet_from = "field:feed-title"
        out.append(doc)
    return out


def jsonl_record(line: str, lineno: int, n: int, source: str, encoding: str,
                 options: Options) -> list[RawDocument | ReadFailure]:
    """Line ``lineno`` (the ``n``-th record) of a JSON Lines input -> its documents (a record may
    hold nested article records) or a failure."""
    rec_source = f"{source}#{n}"
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        err = _malformed(f"{source} line {lineno}", "JSON Lines", exc)
        return [ReadFailure(rec_source, err.code, err.message)]
    if not isinstance(obj, dict):
        return [ReadFailure(rec_source, "malformed-json",
                            f"line {lineno} is not a JSON record; one article object per line")]
    try:
        _check_depth(obj, rec_source, options)
        return list(records_of(obj, rec_source, "jsonl", encoding))
    except InputError as exc:
        return [ReadFailure(exc.source, exc.code, exc.message)]


def _parse_jsonl(text: str, source: str, encoding: str, options: Options) -> list[RawDocument | ReadFailure]:
    lines = text.splitlines()
    count = sum(1 for line in lines if line.strip())
    if count > options.max_records_per_file:  # counted before any record is parsed
        raise _too_many(source, count, options)
    out: list[RawDocument | ReadFailure] = []
    n = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        n += 1
        out.extend(jsonl_record(line, lineno, n, source, encoding, options))
    if not any(isinstance(x, RawDocument) for x in out):
        if out:
            first = out[0]
            raise InputError(source, f"no line holds a readable article (first: {first.message})",
                             code=first.error)
        raise InputError(source, "the file holds no records", code="empty")
    return out


def looks_like_jsonl(head: bytes) -> bool:
    """Do the first bytes of a file start JSON Lines (a complete JSON object on its first line)?"""
    text = head.decode("utf-8", errors="ignore").lstrip()
    if not text.startswith("{") or "\n" not in text:
        return False
    return detect_shape(text) == "jsonl"


def check_language(item: RawDocument | ReadFailure, options: Options) -> RawDocument | ReadFailure:
    """The item, or a ReadFailure when Options.require_english and it is not English."""
    if options.require_english and isinstance(item, RawDocument):
        try:
            check_english(item.text, item.source)
        except InputError as exc:
            return ReadFailure(item.source, exc.code, exc.message)
    return item


def read_bytes(data: bytes, source: str, options: Options | None = None, *,
               url: str | None = None) -> list[RawDocument | ReadFailure]:
    """Bytes of one input -> its documents, and a ReadFailure for each bad record of a collection.

    ``url``: the address the bytes were fetched from (helps HTML metadata).
    Raises InputError when the input as a whole cannot be read.
    """
    options = options or Options()
    if len(data) > options.max_file_bytes:
        raise InputError(source, f"it is {len(data):,} bytes, over the {options.max_file_bytes:,}-byte "
                                 "limit; split it or raise Options.max_file_bytes", code="too-large")
    if data.startswith(_GZIP_MAGIC):
        data = gunzip(data, source, options.max_file_bytes)
    if not data.strip():
        raise InputError(source, "the file is empty; nothing to read", code="empty")
    text, encoding = decode(data, source)
    if not encoding.startswith("utf") and data.lstrip()[:1] == b"<":
        # a legacy-encoded web page: the charset it declares beats a statistical guess
        from .html import declared_charset

        declared = declared_charset(data)
        if declared and not declared.startswith("utf"):
            try:
                text, encoding = data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass
    if not text.strip():
        raise InputError(source, "the file holds only whitespace; nothing to read", code="empty")
    shape = detect_shape(text)
    items: list[RawDocument | ReadFailure]
    try:
        if shape == "html":
            from .html import parse_html

            items = [parse_html(text, source, encoding, url=url)]
        elif shape == "feed":
            items = _parse_feed(text, source, encoding, options)
        elif shape == "xml":
            raise InputError(source, "it is an XML document but neither an RSS/Atom feed nor a web "
                                     "page; newsprism reads feeds, HTML, JSON and text (convert it, "
                                     "or pass the feed's address)", code="unsupported-shape")
        elif shape == "list":
            items = _parse_list(text, source, encoding, options)
        elif shape == "jsonl":
            items = _parse_jsonl(text, source, encoding, options)
        elif shape == "json":
            items = _parse_json(text, source, encoding, options)
        else:
            items = [parse_text(text, source, encoding)]
    except RecursionError:
        raise InputError(source, "the data is nested too deeply to read; is it really an article?",
                         code="malformed-json" if shape != "html" else "no-article-text") from None
    items = [check_language(item, options) for item in items]
    if len(items) == 1 and isinstance(items[0], ReadFailure):
        f = items[0]
        raise InputError(source, f.message, code=f.error)
    return items


def parse_bytes(data: bytes, source: str, options: Options | None = None) -> list[RawDocument]:
    """Bytes of one input -> its documents (several for a collection).  Raises InputError.

    Bad records inside a collection are skipped here; ``read_bytes`` (and ``iter_documents``)
    report them as ReadFailures.  When no record is readable, the first failure is raised.
    """
    items = read_bytes(data, source, options)
    docs = [x for x in items if isinstance(x, RawDocument)]
    if not docs:
        first = items[0]
        raise InputError(source, first.message, code=first.error)
    return docs
