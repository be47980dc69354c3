"""Per-article annotations and sentence vectors kept in the corpus, so a story's analysis reuses them.

    cache = AnnotationCache(db_path, options)
    annotated = cache.annotate_many(articles, progress=progress)   # as nlp.annotate_many
    analyze(articles, options, annotate=cache.annotate_many)       # a report that reuses them

- The nlp stage (spaCy and the sentence embedder) is most of a story's analysis.  When a story
  gains one article, its report is made again; the other articles' annotations (sentences,
  mentions, values, quotes, times, facts) and sentence vectors are read from the table
  ``article_annotations`` instead of being made again.  Only the articles missing there go
  through ``nlp.annotate_many``, in one batch, and are stored.
- A row is used only when its ``key`` matches: a hash of the article's text and published date
  (all the nlp stage reads), the models and runtime named in the options, the installed model
  packages' versions and the source of the code that makes annotations (nlp/, model.py,
  lexicon.py, segment.py).  Any of these changing makes the row be made again: a cached
  annotation is never stale.
- Stored as data, never as code: annotations as compact JSON (zlib), one row per annotation
  class in field order, and only classes of newsprism.model are rebuilt (a corpus file from
  elsewhere cannot make this process run anything); vectors as float32 bytes.
- Writes are short transactions on this cache's own connection (WAL: pages and other workers
  keep reading).  A row that cannot be read back (damaged, or written by other code) is ignored
  and made again.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Callable, Sequence

from .. import model as _model_module
from ..model import AnnotatedArticle, Article, Fact, Mention, Quote, Sentence, TimeExpression, Value
from ..options import Options

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

__all__ = ["AnnotationCache", "annotation_key", "encode_annotations", "decode_annotations", "create_table"]

ANNOTATION_FORMAT = "1"  # bump when the stored form changes
Progress = Callable[[str, int, int], None]

_TABLE = """CREATE TABLE IF NOT EXISTS article_annotations (
    article_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,           -- annotation_key(): what the annotations were made from
    annotations BLOB NOT NULL,   -- zlib(JSON), see encode_annotations
    vectors BLOB,                -- float32, one row per sentence; NULL when made without embeddings
    dim INTEGER
)"""

# the lists of an AnnotatedArticle and the class of their items
_LISTS: dict[str, type] = {"sentences": Sentence, "entities": Mention, "values": Value, "quotes": Quote,
                           "times": TimeExpression, "facts": Fact}
# classes a stored value may be rebuilt as (only plain data classes of newsprism.model)
_CLASSES = {name: cls for name, cls in vars(_model_module).items()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == _model_module.__name__}


def create_table(conn: sqlite3.Connection) -> None:
    conn.execute(_TABLE)


# -- what a row depends on -----------------------------------------------------------------------

@functools.cache
def _code_digest() -> str:
    """A hash of the source of everything that makes annotations (read once per process)."""
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "nlp").glob("*.py")) + [root / "model.py", root / "lexicon.py", root / "segment.py"]
    h = hashlib.sha256()
    for f in files:
        try:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        except OSError:
            h.update(f.name.encode() + b"\0missing")
    return h.hexdigest()


@functools.cache
def _package_version(name: str) -> str:
    from importlib import metadata

    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "?"


def annotation_key(article: Article, options: Options) -> str:
    """What an article's annotations and vectors depend on (see the module docstring)."""
    h = hashlib.sha256()
    for part in (ANNOTATION_FORMAT, _code_digest(), options.spacy_model, _package_version(options.spacy_model),
                 options.embedding_model, _package_version(options.embedding_model), options.embedding_runtime,
                 article.published or "", article.text):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:32]


# -- stored form ---------------------------------------------------------------------------------

def _enc(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        return [_enc(x) for x in v]
    if isinstance(v, tuple):
        return {"t": [_enc(x) for x in v]}
    if isinstance(v, dict) and all(isinstance(k, str) for k in v):
        return {"o": {k: _enc(x) for k, x in v.items()}}
    if dataclasses.is_dataclass(v) and type(v).__name__ in _CLASSES:
        return {"d": type(v).__name__, "v": {f.name: _enc(getattr(v, f.name)) for f in dataclasses.fields(v)}}
    raise TypeError(f"cannot store a {type(v).__name__} in an annotation")


def _dec(v: Any) -> Any:
    if isinstance(v, list):
        return [_dec(x) for x in v]
    if isinstance(v, dict):
        if "t" in v:
            return tuple(_dec(x) for x in v["t"])
        if "o" in v:
            return {k: _dec(x) for k, x in v["o"].items()}
        return _CLASSES[v["d"]](**{k: _dec(x) for k, x in v["v"].items()})
    return v


def encode_annotations(ann: AnnotatedArticle) -> bytes:
    """The annotations of one article (not the article, not the vectors) as stored bytes."""
    doc: dict[str, Any] = {}
    for name, cls in _LISTS.items():
        items = getattr(ann, name)
        if items is None:
            doc[name] = None
            continue
        names = [f.name for f in dataclasses.fields(cls)]
        doc[name] = {"f": names, "rows": [[_enc(getattr(x, n)) for n in names] for x in items]}
    return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def decode_annotations(data: bytes, article: Article) -> AnnotatedArticle:
    """The AnnotatedArticle stored by ``encode_annotations``, over ``article`` (vectors not set)."""
    doc = json.loads(zlib.decompress(data).decode("utf-8"))
    parts: dict[str, Any] = {}
    for name, cls in _LISTS.items():
        block = doc[name]
        if block is None:
            parts[name] = None
            continue
        names = block["f"]
        if names != [f.name for f in dataclasses.fields(cls)]:
            raise ValueError(f"stored {name} have other fields")
        parts[name] = [cls(**{n: _dec(x) for n, x in zip(names, row)}) for row in block["rows"]]
    return AnnotatedArticle(article=article, **parts)


# -- the cache -----------------------------------------------------------------------------------

class AnnotationCache:
    """Annotations and sentence vectors of a corpus's articles (see the module docstring)."""

    def __init__(self, db_path: str | Path, options: Options, *, annotate: Callable | None = None):
        """``annotate``: what makes missing annotations (default ``nlp.annotate_many``)."""
        self.path = Path(db_path)
        self.options = options
        self._annotate = annotate
        self._conn: sqlite3.Connection | None = None
        self.hits = 0  # articles read from the cache (for progress lines and benchmarks)
        self.misses = 0

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                         check_same_thread=False)
            create_table(self._conn)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def load(self, articles: Sequence[Article]) -> dict[str, AnnotatedArticle]:
        """The stored annotations (with vectors, when the options use them) still valid for these
        articles, by article id."""
        import numpy as np

        keys = {a.id: annotation_key(a, self.options) for a in articles}
        by_id = {a.id: a for a in articles}
        out: dict[str, AnnotatedArticle] = {}
        ids = list(keys)
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            rows = self.conn.execute(
                f"SELECT article_id, key, annotations, vectors, dim FROM article_annotations "
                f"WHERE article_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            for aid, key, data, vectors, dim in rows:
                if key != keys.get(aid):
                    continue
                if self.options.use_embeddings and vectors is None:
                    continue  # made without embeddings: make again with them
                try:
                    ann = decode_annotations(data, by_id[aid])
                    if vectors is not None and self.options.use_embeddings:
                        v = np.frombuffer(vectors, dtype="<f4").reshape(-1, dim) if dim else None
                        if v is None or len(v) != len(ann.sentences):
                            continue
                        ann.vectors = v.astype(np.float32)
                except (ValueError, KeyError, TypeError, zlib.error) as e:
                    log.warning("stored annotations of article %s not used (%s); made again", aid, e)
                    continue
                out[aid] = ann
        return out

    def save(self, annotated: Sequence[AnnotatedArticle]) -> None:
        """Store these articles' annotations (and vectors); one short transaction."""
        import numpy as np

        rows = []
        for ann in annotated:
            try:
                data = encode_annotations(ann)
            except TypeError as e:  # a value the stored form cannot hold: not cached, still used
                log.warning("annotations of article %s not stored (%s)", ann.article.id, e)
                continue
            vec = getattr(ann, "vectors", None)
            blob, dim = None, None
            if vec is not None:
                arr = np.asarray(vec, dtype="<f4")
                if arr.ndim == 2:
                    blob, dim = arr.tobytes(), int(arr.shape[1])
            rows.append((ann.article.id, annotation_key(ann.article, self.options), data, blob, dim))
        if not rows:
            return
        try:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            c.executemany("INSERT OR REPLACE INTO article_annotations(article_id, key, annotations, vectors, dim) "
                          "VALUES (?,?,?,?,?)", rows)
            c.execute("COMMIT")
        except sqlite3.Error as e:  # a cache: a failed write costs time later, never the report
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            log.warning("annotations not stored in %s (%s)", self.path, e)

    def annotate_many(self, articles: Sequence[Article], options: Options | None = None,
                      progress: Progress | None = None) -> list[AnnotatedArticle]:
        """As ``nlp.annotate_many``: the stored annotations where valid, the others made (in one
        batch) and stored.  Same order as ``articles``."""
        articles = list(articles)
        if options is not None and options != self.options:
            self.options = options
        try:
            stored = self.load(articles)
        except sqlite3.Error as e:  # a cache: unreadable (locked too long, read-only) costs time, never the report
            log.warning("stored annotations not read from %s (%s); made again", self.path, e)
            stored = {}
        missing = [a for a in articles if a.id not in stored]
        self.hits += len(articles) - len(missing)
        self.misses += len(missing)
        total, done = len(articles), len(articles) - len(missing)
        if progress and done:
            progress("annotate", done, total)
        made: list[AnnotatedArticle] = []
        if missing:
            fn = self._annotate
            if fn is None:
                from ..nlp import annotate_many as fn

            def inner(stage: str, i: int, n: int) -> None:
                if progress:
                    progress(stage, done + i if stage == "annotate" else i, total if stage == "annotate" else n)

            made = fn(missing, self.options, progress=inner)
            self.save(made)
        fresh = {ann.article.id: ann for ann in made}
        return [stored[a.id] if a.id in stored else fresh[a.id] for a in articles]
