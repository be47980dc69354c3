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


# --- article features: prepare on a cluster, group elsewhere ---------------------------------

FEATURES_FORMAT = "newsprism-features/1"  # written into the Parquet file's metadata


def _features_schema():
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("source", pa.string()), ("text", pa.string()), ("title", pa.string()),
        ("title_from", pa.string()), ("outlet", pa.string()), ("outlet_from", pa.string()),
        ("published", pa.string()), ("published_from", pa.string()), ("url", pa.string()),
        ("shape", pa.string()), ("removals", pa.string()), ("duplicate_of", pa.string()),
        ("duplicates", pa.list_(pa.string())),
        ("f_idx", pa.list_(pa.int32())), ("f_val", pa.list_(pa.float32())),
        ("f_names", pa.list_(pa.string())), ("f_minhash", pa.list_(pa.uint64())),
        ("f_date", pa.string()), ("f_embedding", pa.list_(pa.float32())),
    ], metadata={b"format": FEATURES_FORMAT.encode()})


def write_features(pairs, path: str | Path) -> int:
    """Write (Article, Features) pairs to Parquet, one row each; returns the row count.

    The file holds everything ``Store.add(articles, features=...)`` needs, so a corpus can be
    read and featurised on a cluster (``--engine ray``) and grouped on another machine.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for a, f in pairs:
        rows.append({
            "id": a.id, "source": a.source, "text": a.text, "title": a.title,
            "title_from": a.title_from, "outlet": a.outlet, "outlet_from": a.outlet_from,
            "published": a.published, "published_from": a.published_from, "url": a.url,
            "shape": a.shape, "removals": json.dumps([r.__dict__ for r in a.removals], ensure_ascii=False),
            "duplicate_of": a.duplicate_of, "duplicates": list(a.duplicates),
            "f_idx": f.idx.tolist(), "f_val": f.val.tolist(), "f_names": list(f.names),
            "f_minhash": f.minhash.tolist(), "f_date": f.date,
            "f_embedding": None if f.embedding is None else f.embedding.tolist(),
        })
    table = pa.Table.from_pylist(rows, schema=_features_schema())
    try:
        pq.write_table(table, str(path))
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e}; check the folder exists and is writable") from e
    return table.num_rows


def read_features(path: str | Path):
    """(articles, features) from a file written by ``write_features``, in file order."""
    import numpy as np
    import pyarrow.parquet as pq

    from ..model import Article, Removal
    from .features import Features

    try:
        pf = pq.ParquetFile(str(path))
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read {path} as Parquet ({e}); give a file written by "
                         "`newsprism prepare` or `newsprism export --what features`") from e
    meta = pf.schema_arrow.metadata or {}
    if meta.get(b"format") != FEATURES_FORMAT.encode():
        raise StoreError(f"{path} is not a newsprism features file (format "
                         f"{meta.get(b'format', b'none').decode()!r}, expected {FEATURES_FORMAT!r})")
    articles, features = [], []
    for batch in pf.iter_batches(batch_size=2000):
        for r in batch.to_pylist():
            articles.append(Article(
                id=r["id"], source=r["source"], text=r["text"], title=r["title"], outlet=r["outlet"],
                outlet_from=r["outlet_from"], published=r["published"], published_from=r["published_from"],
                url=r["url"], shape=r["shape"], removals=[Removal(**x) for x in json.loads(r["removals"])],
                duplicate_of=r["duplicate_of"], duplicates=list(r["duplicates"] or []),
                title_from=r["title_from"]))
            emb = r["f_embedding"]
            features.append(Features(
                idx=np.asarray(r["f_idx"], dtype=np.int32), val=np.asarray(r["f_val"], dtype=np.float32),
                names=list(r["f_names"]), minhash=np.asarray(r["f_minhash"], dtype=np.uint64),
                date=r["f_date"], embedding=None if emb is None else np.asarray(emb, dtype=np.float32)))
    return articles, features


def export_features(store: Store, path: str | Path) -> int:
    """Every stored article with its stored features (see ``write_features``)."""
    return write_features(store.iter_article_features(), path)
