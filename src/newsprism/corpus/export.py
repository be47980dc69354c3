"""Export articles and stories to JSONL and Parquet."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from ..model import to_dict
from .store import Store

WHAT = ("articles", "stories")


def _rows(store: Store, what: str) -> Iterator[dict]:
    if what == "articles":
        part = store.partition()
        for a in store.iter_articles():
            d = to_dict(a)
            d["story_id"] = part.get(a.id)
            yield d
    elif what == "stories":
        offset = 0
        while True:
            page = store.stories(limit=500, offset=offset)
            if not page:
                return
            for s in page:
                d = to_dict(s)
                d["articles"] = [a.id for a in store.story_articles(s.id)]
                yield d
            offset += len(page)
        # merged stories are listed through their survivor; their ids stay in story_merges
    else:
        raise StoreError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")


def export_jsonl(store: Store, path: str | Path, what: str = "articles") -> int:
    """Write one JSON object per line; returns the number of rows."""
    n = 0
    try:
        with open(path, "w", encoding="utf-8") as fh:
            for row in _rows(store, what):
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e.strerror}; check the folder exists and is writable") from e
    return n


def export_parquet(store: Store, path: str | Path, what: str = "articles") -> int:
    """Write a Parquet file (removals are kept as a JSON string column); returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for row in _rows(store, what):
        if "removals" in row:
            row["removals"] = json.dumps(row["removals"], ensure_ascii=False)
        rows.append(row)
    if what == "articles":
        schema = pa.schema([("id", pa.string()), ("source", pa.string()), ("text", pa.string()),
                            ("title", pa.string()), ("outlet", pa.string()),
                            ("outlet_from", pa.string()), ("published", pa.string()),
                            ("published_from", pa.string()), ("url", pa.string()),
                            ("shape", pa.string()), ("removals", pa.string()),
                            ("duplicate_of", pa.string()), ("duplicates", pa.list_(pa.string())),
                            ("story_id", pa.string())])
    else:
        schema = pa.schema([("id", pa.string()), ("title", pa.string()), ("size", pa.int64()),
                            ("outlets", pa.list_(pa.string())), ("first_date", pa.string()),
                            ("last_date", pa.string()), ("merged_into", pa.string()),
                            ("articles", pa.list_(pa.string()))])
    table = pa.Table.from_pylist(rows, schema=schema)
    try:
        pq.write_table(table, str(path))
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e}; check the folder exists and is writable") from e
    return table.num_rows
