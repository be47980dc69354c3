"""JSON-style records -> RawDocument, with the field names news tools use.

Covers news-please (title, maintext, date_publish, source_domain, url), newspaper
(title, text, publish_date, source_url), schema.org NewsArticle (headline, articleBody,
datePublished, publisher.name), NewsAPI ({"source": {"name": ..}, "content", "publishedAt"}),
RSS-ish exports (link, pubDate, description) and simple hand-made records.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import InputError
from ..model import RawDocument, ReadFailure, Removal
from .markup import has_markup, strip_markup
from .text import iso_date, join_paragraphs, normalize_text, paragraphs_of
from .urls import outlet_from_url

TITLE_FIELDS = ("title", "headline", "name", "heading")
TEXT_FIELDS = ("text", "content", "body", "maintext", "articleBody", "article_body", "article",
               "newBody", "full_text", "fulltext", "story", "paragraphs", "description", "summary")
HTML_FIELDS = ("html", "raw_html", "rawHtml", "page", "source_html")
DATE_FIELDS = ("date", "published", "date_publish", "datePublished", "publish_date", "pubDate",
               "publishedAt", "published_at", "publication_date", "pub_date", "created",
               "date_published", "time", "timestamp", "dateCreated", "dateModified",
               "date_modify", "updated", "modified")
URL_FIELDS = ("url", "link", "source_url", "canonical_url", "uri", "href", "permalink")
OUTLET_FIELDS = ("source", "domain", "site", "outlet", "newsSource", "source_domain", "publisher",
                 "site_name", "sitename", "source_name", "media", "newspaper", "publication")

# Keys under which a file may carry a list of articles.
COLLECTION_KEYS = ("articles", "items", "records", "results", "data", "documents", "docs",
                   "entries", "stories", "news", "posts", "hits")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _lower_map(record: dict) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in record.items()}


def _get(record: dict, names: tuple[str, ...]) -> tuple[str, Any] | tuple[None, None]:
    lowered = _lower_map(record)
    for name in names:
        if name in record and record[name] not in (None, "", [], {}):
            return name, record[name]
        v = lowered.get(name.lower())
        if v not in (None, "", [], {}):
            return name, v
    return None, None


def _get_suffixed(record: dict, suffixes: tuple[str, ...]) -> tuple[str, Any] | tuple[None, None]:
    """A field whose name ends in one of ``suffixes`` ("newsTitle", "storyLink"), for records
    whose producers prefix their field names."""
    for k, v in record.items():
        if isinstance(k, str) and k.lower().endswith(suffixes) and v not in (None, "", [], {}):
            return k, v
    return None, None


def looks_like_record(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    keys = {str(k).lower() for k in obj}
    wanted = {n.lower() for n in TEXT_FIELDS + HTML_FIELDS}
    return bool(keys & wanted)


def normalize_date(value: Any) -> str | None:
    """ISO date from a field value (ISO strings, RFC 822 dates, epoch seconds/ms); else None."""
    if isinstance(value, dict):
        for k in ("$date", "date", "value"):
            if k in value:
                return normalize_date(value[k])
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = _ISO.search(s)
    if m:
        return iso_date(*m.groups())
    try:  # RSS pubDate: "Sat, 12 Nov 2022 18:00:00 GMT"
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        parsed = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first",
                                               "RETURN_AS_TIMEZONE_AWARE": False,
                                               "STRICT_PARSING": True})
    except Exception:  # dateparser raises assorted errors on odd strings
        parsed = None
    return parsed.date().isoformat() if parsed else None


def _outlet_value(value: Any) -> str | None:
    if isinstance(value, dict):
        for k in ("name", "title", "domain", "id"):
            v = value.get(k)
            if isinstance(v, str) and v.strip():
                return v.strip()
        return None
    if isinstance(value, list) and value:
        return _outlet_value(value[0])
    if isinstance(value, str) and value.strip():
        v = value.strip()
        return outlet_from_url(v) if v.startswith(("http://", "https://")) else v
    return None


def _text_value(value: Any, where_prefix: str) -> tuple[list[str], list[Removal]]:
    """Paragraphs of a text field: a string (plain or HTML) or a list of paragraph strings."""
    removals: list[Removal] = []
    if isinstance(value, str):
        if has_markup(value):
            from .html import html_fragment_paragraphs

            paras, rem = html_fragment_paragraphs(value, where_prefix)
            return paras, rem
        return paragraphs_of(normalize_text(value)), removals
    if isinstance(value, list):
        paras: list[str] = []
        for i, item in enumerate(value, 1):
            if isinstance(item, dict):
                item = item.get("text") or item.get("content") or ""
            if not isinstance(item, str):
                continue
            text, rem = strip_markup(normalize_text(item), f"{where_prefix} paragraph {i}")
            removals.extend(rem)
            text = " ".join(text.split())
            if text:
                paras.append(text)
        return paras, removals
    return [], removals


def parse_record(record: dict, source: str, shape: str, encoding: str) -> RawDocument:
    """One record -> RawDocument.  Raises InputError("no-article-text") without a body."""
    title_name, title = _get(record, TITLE_FIELDS)
    if title is None:
        title_name, title = _get_suffixed(record, _TITLE_SUFFIXES)
    text_name, text_value = _get(record, TEXT_FIELDS)
    date_name, date_value = _get(record, DATE_FIELDS)
    url_name, url = _get(record, URL_FIELDS)
    outlet_name, outlet_value = _get(record, OUTLET_FIELDS)
    if url is None:
        url_name, url = _get_suffixed(record, _URL_SUFFIXES)
    url = url if isinstance(url, str) else None

    removals: list[Removal] = []
    paras: list[str] = []
    if text_value is not None:
        paras, removals = _text_value(text_value, f"field {text_name!r}")
    doc_from_html: RawDocument | None = None
    if not paras:
        html_name, html_value = _get(record, HTML_FIELDS)
        if isinstance(html_value, str) and html_value.strip():
            from .html import parse_html

            doc_from_html = parse_html(html_value, source, encoding, url=url)
            paras = doc_from_html.text.split("\n\n")
            removals = doc_from_html.removals
    if not paras:
        fields = ", ".join(sorted(map(str, record))[:12]) or "none"
        raise InputError(
            source,
            f"the record has no article text (fields: {fields}); put the body in one of "
            f"{', '.join(TEXT_FIELDS[:7])}",
            code="no-article-text",
        )

    if isinstance(title, list):
        title = title[0] if title else None
    title = " ".join(strip_markup(title, "title")[0].split()) if isinstance(title, str) else None
    published = normalize_date(date_value) if date_value is not None else None
    published_from = f"field:{date_name}" if published else None
    outlet = _outlet_value(outlet_value) if outlet_value is not None else None
    outlet_from = f"field:{outlet_name}" if outlet else None
    if doc_from_html is not None:
        title = title or doc_from_html.title
        if not published and doc_from_html.published:
            published, published_from = doc_from_html.published, doc_from_html.published_from
        if not outlet and doc_from_html.outlet:
            outlet, outlet_from = doc_from_html.outlet, doc_from_html.outlet_from
    if not outlet and url:
        outlet = outlet_from_url(url)
        outlet_from = "url" if outlet else None
    return RawDocument(source=source, shape=shape, text=join_paragraphs(paras), title=title or None,
                       published=published, published_from=published_from, url=url,
                       outlet=outlet, outlet_from=outlet_from, encoding=encoding,
                       removals=removals)


def collection_items(obj: Any) -> list | None:
    """The list of records a collection holds, or None when ``obj`` is not a collection."""
    if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
        return obj
    if isinstance(obj, dict) and not looks_like_record(obj):
        for key in COLLECTION_KEYS:
            for k, v in obj.items():
                if str(k).lower() == key and isinstance(v, list) and all(isinstance(x, dict) for x in v):
                    return v
    return None


# --- records nested inside records (issue 9) ----------------------------------------------------
# A record may hold several articles: {"news": {"left": {...}, "center": {...}}} or
# {"coverage": [{"headline": ..., "paragraphs": [...]}, ...]}.  An article-like object has a title
# and a body (a text field or a list of paragraph strings).  The walk is breadth-first, bounded in
# depth and in the number of objects looked at, and never descends into an article it found.
_TITLE_SUFFIXES = ("title", "headline")
_URL_SUFFIXES = ("url", "link")
_BODY_SUFFIXES = ("body", "text", "content", "paragraphs")
NESTED_MAX_DEPTH = 4
NESTED_MAX_OBJECTS = 2000


def _body_like(value: Any) -> bool:
    if isinstance(value, str):
        return len(value.split()) >= 8
    return isinstance(value, list) and bool(value) and all(isinstance(x, (str, dict)) for x in value)


def is_article_like(obj: Any) -> bool:
    """A dict with a title field and a body (a text field or a list of paragraphs)."""
    if not isinstance(obj, dict):
        return False
    has_title = any(isinstance(k, str) and (k.lower() in _TITLE_KEYS or k.lower().endswith(_TITLE_SUFFIXES))
                    and isinstance(v, str) and v.strip() for k, v in obj.items())
    has_body = any(isinstance(k, str) and (k.lower() in _TEXT_KEYS or k.lower().endswith(_BODY_SUFFIXES))
                   and _body_like(v) for k, v in obj.items())
    return has_title and has_body


_TITLE_KEYS = frozenset(n.lower() for n in TITLE_FIELDS)
_TEXT_KEYS = frozenset(n.lower() for n in TEXT_FIELDS)


def nested_records(record: dict) -> list[tuple[str, str | None, dict]]:
    """The article-like objects nested inside ``record``, as (path, label, object).

    ``path`` says where the object sat ("news.left", "coverage[2]"); ``label`` is the dict key it
    sat under ("left"), or None for an item of a list.  Empty when there are none."""
    found: list[tuple[str, str | None, dict]] = []
    frontier: list[tuple[str, Any]] = [("", record)]
    seen = 0
    for _depth in range(NESTED_MAX_DEPTH):
        nxt: list[tuple[str, Any]] = []
        for path, obj in frontier:
            if isinstance(obj, dict):
                children = [(f"{path}.{k}" if path else str(k), str(k), v) for k, v in obj.items()]
            else:
                children = [(f"{path}[{i}]", None, v) for i, v in enumerate(obj, 1)]
            for child_path, key, value in children:
                seen += 1
                if seen > NESTED_MAX_OBJECTS:
                    return found
                if is_article_like(value):
                    found.append((child_path, key, value))
                elif isinstance(value, (dict, list)):
                    nxt.append((child_path, value))
        frontier = nxt
        if not frontier:
            break
    return found


def records_of(obj: dict, source: str, shape: str, encoding: str) -> list[RawDocument | ReadFailure]:
    """One JSON record -> its documents: itself when it is an article, else the articles nested
    in it (each with its own source "file#3/news.left" and its label "left"; a date the enclosing
    record gives is used for a nested article without one).  Raises InputError when neither."""
    if looks_like_record(obj):
        return [parse_record(obj, source, shape, encoding)]
    nested = nested_records(obj)
    if not nested:
        try:
            return [parse_record(obj, source, shape, encoding)]
        except InputError as exc:
            if any(isinstance(v, (dict, list)) for v in obj.values()):
                raise InputError(exc.source, exc.message + "; no article (an object with a title and a body) "
                                 "is nested in it either", code=exc.code) from None
            raise
    date_name, date_value = _get(obj, DATE_FIELDS)
    parent_date = normalize_date(date_value) if date_value is not None else None
    out: list[RawDocument | ReadFailure] = []
    for path, label, child in nested:
        child_source = f"{source}/{path}"
        try:
            doc = parse_record(child, child_source, shape, encoding)
        except InputError as exc:
            out.append(ReadFailure(exc.source, exc.code, exc.message))
            continue
        doc.label = label
        if not doc.published and parent_date:
            doc.published, doc.published_from = parent_date, f"record:{date_name}"
        out.append(doc)
    return out
