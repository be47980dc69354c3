"""Expand inputs (files, folders, globs, "-", URLs) and read each into documents or failures.

Never raises for a bad input: every problem becomes a ReadFailure whose message says what to do.
Only regular files are read: a FIFO, device or socket (in a folder or named directly) is
reported and never opened, so it cannot hang a batch (use "-" to read a pipe); a folder that
cannot be listed is reported, not skipped silently.  URLs given here are the user's own
(fetched with ``typed=True``: they may be on a private address; their redirects are checked).
"""
from __future__ import annotations

import glob
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import RawDocument, ReadFailure
from ..options import Options
from .shapes import check_language, jsonl_record, looks_like_jsonl, read_bytes

_GLOB_CHARS = set("*?[")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _is_hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(p.startswith(".") for p in parts)


def _walk(folder: Path, failures: list[ReadFailure] | None = None) -> list[Path]:
    """Files under ``folder``, recursive, sorted, hidden files and folders skipped.

    A sub-folder that cannot be listed is added to ``failures`` (never skipped silently).
    """
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if failures is not None:
            failures.append(ReadFailure(str(exc.filename or folder), "unreadable-folder",
                                        f"cannot list the folder ({exc.strerror}); check its "
                                        "permissions"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not name.endswith("~"):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand(item: str) -> list[str | ReadFailure] | ReadFailure:
    """One command-line input -> the file paths / URLs / "-" it stands for (and a ReadFailure
    for each sub-folder that cannot be listed)."""
    if item == "-" or item.lower().startswith(("http://", "https://")):
        return [item]
    if _SCHEME.match(item) and not os.path.exists(item):
        scheme = item.split("://", 1)[0]
        return ReadFailure(item, "unsupported-url",
                           f"only http:// and https:// URLs can be read, not {scheme}://; "
                           "download the page and pass the file instead")
    path = Path(os.path.expanduser(item))
    if path.is_dir():
        failures: list[ReadFailure] = []
        files = _walk(path, failures)
        if not files and not failures:
            return ReadFailure(item, "empty-folder", "the folder holds no (non-hidden) files; "
                                                     "check the path")
        return [str(p) for p in files] + failures
    if path.exists():
        return [str(path)]
    if _GLOB_CHARS & set(item):
        out: list[str | ReadFailure] = []
        for match in sorted(glob.glob(os.path.expanduser(item), recursive=True)):
            p = Path(match)
            if p.is_dir():
                failures = []
                out.extend(str(f) for f in _walk(p, failures))
                out.extend(failures)
            elif not p.name.startswith("."):
                out.append(match)  # read_file reports what is not a regular file
        if not out:
            return ReadFailure(item, "not-found", "the pattern matches no files; check the "
                                                  "pattern (quote it so your shell does not expand it)")
        return out
    return ReadFailure(item, "not-found", "no such file or folder; check the path")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(path: str, mode: int) -> InputError:
    return InputError(path, f"it is {_kind(mode)}, not a regular file, and was not opened (it could "
                            "block for ever); pipe its content to `newsprism read -` instead",
                      code="not-a-file")


def _open_regular(path: str) -> tuple[BinaryIO, os.stat_result]:
    """An open regular file (never a FIFO, device or socket); raises InputError."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror}); check it exists and "
                               "is readable", code="unreadable") from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    try:
        # O_NONBLOCK: should the path have been swapped for a FIFO since the stat, open does not
        # wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror}); check its permissions",
                         code="unreadable") from None
    fh = os.fdopen(fd, "rb")
    st = os.fstat(fh.fileno())
    if not stat.S_ISREG(st.st_mode):
        fh.close()
        raise _not_regular(path, st.st_mode)
    return fh, st


def read_file(path: str, options: Options) -> Iterable[RawDocument | ReadFailure]:
    """Read one regular file; raises InputError (also for FIFOs, devices and sockets).

    A JSON Lines file larger than Options.max_file_bytes is streamed line by line (each line
    within the limit), so memory stays bounded; any other file over the limit is refused.
    """
    fh, st = _open_regular(path)
    with fh:
        if st.st_size > options.max_file_bytes:
            if looks_like_jsonl(fh.read(65536)):
                fh.seek(0)
                count = sum(1 for _, line in _lines(fh, options.max_file_bytes) if line is None or line.strip())
                if count > options.max_records_per_file:
                    raise InputError(path, f"it holds {count:,} records, over the limit of "
                                           f"{options.max_records_per_file:,} per file; split it or "
                                           "raise Options.max_records_per_file (--max-records)",
                                     code="too-many-records")
                return _stream_jsonl(path, options)
            raise InputError(path, f"it is {st.st_size:,} bytes, over the {options.max_file_bytes:,}-byte "
                                   "limit; split it or raise Options.max_file_bytes", code="too-large")
        try:
            data = fh.read(options.max_file_bytes + 1)
        except OSError as exc:
            raise InputError(path, f"cannot read the file ({exc.strerror}); check its permissions",
                             code="unreadable") from None
    if len(data) > options.max_file_bytes:
        raise InputError(path, f"it grew past the {options.max_file_bytes:,}-byte limit while being "
                               "read; split it or raise Options.max_file_bytes", code="too-large")
    return read_bytes(data, path, options)


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line, None for a line longer than ``limit`` (skipped)."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
                line = fh.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, line


def _stream_jsonl(path: str, options: Options) -> Iterator[RawDocument | ReadFailure]:
    """The records of a large JSON Lines file, one line in memory at a time (UTF-8, as JSON
    Lines requires)."""
    fh, _ = _open_regular(path)
    n = 0
    with fh:
        for lineno, raw in _lines(fh, options.max_file_bytes):
            if raw is not None and not raw.strip():
                continue
            n += 1
            if raw is None:
                yield ReadFailure(f"{path}#{n}", "too-large",
                                  f"line {lineno} is over the {options.max_file_bytes:,}-byte limit; "
                                  "raise Options.max_file_bytes")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield ReadFailure(f"{path}#{n}", "undecodable",
                                  f"line {lineno} is not UTF-8 ({exc.reason}); JSON Lines files are "
                                  "UTF-8, re-save it so")
                continue
            for item in jsonl_record(line, lineno, n, path, "utf-8", options):
                yield check_language(item, options)


def read_stream(stream: BinaryIO, source: str, options: Options) -> list[RawDocument | ReadFailure]:
    """Read bytes from a stream (stdin) up to the size limit; raises InputError."""
    data = stream.read(options.max_file_bytes + 1)
    if len(data) > options.max_file_bytes:
        raise InputError(source, f"more than {options.max_file_bytes:,} bytes on standard input; "
                                 "raise Options.max_file_bytes or pass a file", code="too-large")
    return read_bytes(data, source, options)


def read_url(url: str, options: Options, *, typed: bool = False) -> list[RawDocument | ReadFailure]:
    """Fetch one http(s) URL and read the page; raises InputError (FetchError).

    ``typed``: the user gave this URL; False (the default) for every URL taken from content
    (feed entries, links in records), which may not reach private addresses (see fetch.py).
    """
    from .fetch import fetch
    from .urls import outlet_from_url

    page = fetch(url, options, typed=typed)
    items = read_bytes(page.body, url, options, url=page.url)
    for doc in items:
        if isinstance(doc, RawDocument):
            doc.url = doc.url or page.url
            if not doc.outlet:
                doc.outlet = outlet_from_url(page.url)
                doc.outlet_from = "url" if doc.outlet else None
    return items


def _read_one(item: str, options: Options, stdin: BinaryIO | None) -> Iterable[RawDocument | ReadFailure]:
    if item == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_stream(stream, "-", options)
    if item.lower().startswith(("http://", "https://")):
        return read_url(item, options, typed=True)
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
            if isinstance(one, ReadFailure):
                yield one
                continue
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
