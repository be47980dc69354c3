"""reading: bytes / files / URLs -> RawDocument.

Reads:   paths, folders (recursive), globs, "-" (stdin), .gz, http(s) URLs.
Adds:    RawDocument (decoded text with markup stripped, fields the source gives), or a
         ReadFailure for an input that cannot be read.

Public API:
    iter_documents(inputs, options) -> Iterator[RawDocument | ReadFailure]
    parse_bytes(data, source, options) -> list[RawDocument]   (raises InputError)
    read_bytes(data, source, options) -> list[RawDocument | ReadFailure]  (bad records reported)
    read_url(url, options, typed=False) -> list[RawDocument | ReadFailure]  (raises InputError)
    fetch(url, options, typed=False) -> FetchedPage            (raises FetchError)

Hostile input: only regular files are read; URLs from content (typed=False) never reach
loopback/private/link-local/reserved addresses; every fetch has a deadline and a size cap;
records per file, JSON depth and Python-literal size are bounded (Options).

Modules: sources (input expansion, stdin, size limit), decode (encodings, binary), shapes (shape
detection from content, gzip), records (JSON field names), html (trafilatura/htmldate),
text (plain text, date header, English check), markup (tag stripping), fetch (httpx), netguard (address policy, deadline).
"""
from __future__ import annotations

from .fetch import FetchedPage, fetch
from .shapes import detect_shape, parse_bytes, read_bytes
from .sources import iter_documents, read_url

__all__ = ["iter_documents", "read_url", "parse_bytes", "read_bytes", "detect_shape", "fetch", "FetchedPage"]
