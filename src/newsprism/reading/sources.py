"""Expand inputs (files, folders, globs, "-", URLs) and read each into documents or failures.

Never raises for a bad input: every problem becomes a ReadFailure whose message says what to do.
"""
from __future__ import annotations

import glob
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import RawDocument, ReadFailure
from ..options import Options
from .shapes import read_bytes

_GLOB_CHARS = set("*?[")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _is_hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(p.startswith(".") for p in parts)


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, recursive, sorted, hidden files and folders skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not name.endswith("~"):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand(item: str) -> list[str] | ReadFailure:
    """One command-line input -> the file paths / URLs / "-" it stands for."""
    if item == "-" or item.lower().startswith(("http://", "https://")):
        return [item]
    if _SCHEME.match(item) and not os.path.exists(item):
        scheme = item.split("://", 1)[0]
        return ReadFailure(item, "unsupported-url",
                           f"only http:// and https:// URLs can be read, not {scheme}://; "
                           "download the page and pass the file instead")
    path = Path(os.path.expanduser(item))
    if path.is_dir():
        files = _walk(path)
        if not files:
            return ReadFailure(item, "empty-folder", "the folder holds no (non-hidden) files; "
                                                     "check the path")
        return [str(p) for p in files]
    if path.exists():
        return [str(path)]
    if _GLOB_CHARS & set(item):
        out: list[str] = []
        for match in sorted(glob.glob(os.path.expanduser(item), recursive=True)):
            p = Path(match)
            if p.is_dir():
                out.extend(str(f) for f in _walk(p))
            elif p.is_file() and not p.name.startswith("."):
                out.append(match)
        if not out:
            return ReadFailure(item, "not-found", "the pattern matches no files; check the "
                                                  "pattern (quote it so your shell does not expand it)")
        return out
    return ReadFailure(item, "not-found", "no such file or folder; check the path")


def read_file(path: str, options: Options) -> list[RawDocument | ReadFailure]:
    """Read one file; raises InputError."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror}); check it exists and "
                               "is readable", code="unreadable") from None
    if size > options.max_file_bytes:
        raise InputError(path, f"it is {size:,} bytes, over the {options.max_file_bytes:,}-byte "
                               "limit; split it or raise Options.max_file_bytes", code="too-large")
    try:
        with open(path, "rb") as fh:
            data = fh.read(options.max_file_bytes + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror}); check its permissions",
                         code="unreadable") from None
    return read_bytes(data, path, options)


def read_stream(stream: BinaryIO, source: str, options: Options) -> list[RawDocument | ReadFailure]:
    """Read bytes from a stream (stdin) up to the size limit; raises InputError."""
    data = stream.read(options.max_file_bytes + 1)
    if len(data) > options.max_file_bytes:
        raise InputError(source, f"more than {options.max_file_bytes:,} bytes on standard input; "
                                 "raise Options.max_file_bytes or pass a file", code="too-large")
    return read_bytes(data, source, options)


def _read_one(item: str, options: Options, stdin: BinaryIO | None) -> list[RawDocument | ReadFailure]:
    if item == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_stream(stream, "-", options)
    if item.lower().startswith(("http://", "https://")):
        from .fetch import fetch

        page = fetch(item, options)
        items = read_bytes(page.body, item, options, url=page.url)
        for doc in items:
            if isinstance(doc, RawDocument):
                doc.url = doc.url or page.url
                if not doc.outlet:
                    from .records import outlet_from_url

                    doc.outlet = outlet_from_url(page.url)
                    doc.outlet_from = "url" if doc.outlet else None
        return items
    return read_file(item, options)


def iter_documents(inputs: Iterable[str] | str, options: Options | None = None, *,
                   stdin: BinaryIO | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Every document the inputs hold, in order, and a ReadFailure for each one that fails.

    ``stdin`` replaces ``sys.stdin.buffer`` for the input "-" (tests, web uploads).
    The same file named twice (e.g. by a folder and a glob) is read once.
    """
    options = options or Options()
    if isinstance(inputs, (str, os.PathLike)):  # one input given bare: not a string of characters
        inputs = [inputs]
    seen: set[str] = set()
    for raw in inputs:
        item = str(raw)
        expanded = expand(item)
        if isinstance(expanded, ReadFailure):
            yield expanded
            continue
        for one in expanded:
            key = one if one == "-" or "://" in one else os.path.realpath(one)
            if key in seen:
                continue
            seen.add(key)
            try:
                yield from _read_one(one, options, stdin)
            except InputError as exc:
                yield ReadFailure(exc.source, exc.code, exc.message)
            except MemoryError:
                yield ReadFailure(one, "too-large", "not enough memory to read this input; "
                                                    "lower Options.max_file_bytes or split it")
            except RecursionError:
                yield ReadFailure(one, "malformed", "the input is nested too deeply to read")
            except Exception as exc:  # a reader bug must not stop the batch; say so plainly
                yield ReadFailure(one, "internal-error",
                                  f"newsprism failed on this input ({type(exc).__name__}: {exc}); "
                                  "please report it with the file attached")
