"""Per-article features for story grouping and near-duplicate detection.

``article_features(article, options)`` is a pure function of one article: no store, no global
state, no model unless embeddings are asked for.  A batch engine can therefore compute features
in parallel (processes, a cluster) and hand them to the store later; ``features_many`` is the
same thing for a list, vectorised.

What an article is reduced to:

- ``idx``/``val``: a hashed bag of content words (scikit-learn's ``HashingVectorizer``: fixed
  2**18 buckets, deterministic, no vocabulary to learn or store), English stop words removed,
  words Snowball-stemmed (nltk), sublinear term frequency, the title counted twice and the words
  of capitalised names added as extra ``name:`` tokens (weight NAME_WEIGHT), then L2-normalised.
  No IDF here: features are a pure function of one article.  Grouping (grouping.py) weights
  them by the corpus's document frequencies at the moment it compares two articles.  Measured
  on the AllSides dev pool (bench/grouping.py): stemming +0.005..0.01 B-cubed F1 and a flatter
  curve around the threshold; whole-phrase name tokens at weight 1.5 cost ~0.015 (outlets write
  a name in different lengths); per-word tokens at 0.5 are neutral to slightly positive.
- ``names``: capitalised phrases found with a cheap regular expression.  spaCy's entity
  recogniser is better but costs ~10 ms per article; at 100k articles that is minutes of CPU
  for a signal that, for grouping, a capitalised-phrase set captures well enough.
- ``minhash``: a 128-value MinHash signature of word 5-shingles of the normalised text, for
  near-duplicate detection with a banded LSH index kept in SQLite (store.py).
- ``date``: the published day (ISO) or None.
- ``embedding``: the sentence embedding of the headline (``Options.story_embeddings``, on by
  default unless ``use_embeddings`` is off).  Measured on the AllSides dev pool (batch average
  linkage): words alone top out at B-cubed F1 ~0.83 without dates; with 0.3 of the headline
  embedding mixed in ~0.86; whole-text embeddings do no better and cost 100x more.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Article
from ..options import Options

N_FEATURES = 2**18
NUM_PERM = 128
SHINGLE = 5
NAME_WEIGHT = 0.5  # extra weight of a word that is part of a capitalised name (see bench)
_MERSENNE = np.uint64((1 << 61) - 1)

# A capitalised phrase: one or more capitalised words (with inner connectors like "of" or
# "de"), e.g. "Port of Los Angeles", "Joe Biden", "U.S."; single common sentence openers are
# dropped below.
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’\-]*)"
_NAME_RE = re.compile(rf"\b{_NAME_WORD}(?:[ \t]+(?:(?:of|de|la|van|von|del|for)[ \t]+)?{_NAME_WORD})*")
_OPENERS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my but and or
    so if when while after before as at in on of for to by with from about over under into mr mrs
    ms dr there here what who why how where which also however yet still then now today yesterday
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december read more said says according one two
    photo image getty ap reuters advertisement""".split()
)
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)  # words and numbers


@dataclass
class Features:
    idx: np.ndarray  # int32 hashed feature indexes, sorted
    val: np.ndarray  # float32 weights, L2-normalised
    names: list[str]  # normalised capitalised phrases, sorted, unique
    minhash: np.ndarray  # uint64[NUM_PERM]
    date: str | None
    embedding: np.ndarray | None = None  # float32, L2-normalised

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.idx.tolist(), self.val.tolist()))


def normalise_text(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used for the content hash and shingles."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD_RE.findall(t))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def extract_names(text: str) -> list[str]:
    out: set[str] = set()
    for m in _NAME_RE.finditer(text):
        words = m.group(0).replace("’", "'").split()
        while words and words[0].lower().strip(".'") in _OPENERS:
            words = words[1:]
        while words and words[-1].lower().strip(".'") in _OPENERS:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words).strip(".").lower()
        if len(name) >= 3 or "." in m.group(0):
            out.add(name)
    return sorted(out)


_TOKEN_RE = re.compile(r"(?u)\b[^\W\d_][^\W\d_]+\b")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # pure Python, no data download

    return lru_cache(maxsize=200_000)(SnowballStemmer("english").stem)


def _analyse(doc: str) -> list[str]:
    """Lower-cased words, English stop words removed, Snowball-stemmed ("vaccines",
    "vaccinated" -> "vaccin"): reports of one event word it differently."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stem = _stemmer()
    return [stem(w) for w in _TOKEN_RE.findall(doc.lower()) if w not in ENGLISH_STOP_WORDS]


@lru_cache(maxsize=1)
def _vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None,
                             analyzer=_analyse, dtype=np.float32)


@lru_cache(maxsize=1)
def _name_vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None,
                             token_pattern=r"\S+", lowercase=False, dtype=np.float32)


@lru_cache(maxsize=1)
def _perms() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)  # fixed: signatures must be comparable across runs
    a = rng.randint(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
    b = rng.randint(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)
    return a, b


_SHINGLE_MUL = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)


def minhash(text: str) -> np.ndarray:
    """MinHash of the set of word 5-shingles (a shingle hash combines its five word hashes)."""
    words = normalise_text(text).split() or [""]
    w = np.fromiter((zlib.crc32(x.encode("utf-8")) for x in words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE, len(w))
    mul = _SHINGLE_MUL[:k]
    acc = np.zeros(len(w) - k + 1, dtype=np.uint64)
    for j in range(k):
        acc += w[j:len(w) - k + 1 + j] * mul[j]  # wraps mod 2**64, deterministic
    h = np.unique(acc >> np.uint64(32))  # 32-bit shingle hashes
    a, b = _perms()
    # a, h, b < 2**32: a*h + b < 2**64 never overflows before the reduction mod 2**61-1.
    ah = a[:, None] * h[None, :]
    return ((ah + b[:, None]) % _MERSENNE).min(axis=1)


def minhash_similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def headline(article: Article) -> str:
    """What is embedded for grouping: the title (else the first sentence), because a headline
    names the event and is short: ~1,500 a second on two cores, where whole texts are ~10."""
    if article.title and article.title.strip():
        return article.title.strip()[:300]
    return re.split(r"(?<=[.!?])\s", article.text.strip(), maxsplit=1)[0][:300]


def _doc(article: Article) -> str:
    """The text that is vectorised: the title counts twice."""
    title = article.title or ""
    return f"{title}\n{title}\n{article.text}"


def features_many(articles: list[Article], options: Options) -> list[Features]:
    """``article_features`` for a list (one vectoriser call; same result as one by one)."""
    if not articles:
        return []
    names = [extract_names(f"{a.title or ''}\n{a.text}") for a in articles]
    words = _vectorizer().transform([_doc(a) for a in articles]).tocsr()
    # each distinct word of a name counts once more, as its own "name:" feature: outlets write
    # "President Joe Biden", "Biden" and "Joe Biden", so whole phrases rarely match
    name_tokens = _name_vectorizer().transform([" ".join(sorted(
        {"name:" + re.sub(r"\W", "", w) for n in ns for w in n.split() if len(w) > 2}))
        for ns in names]).tocsr()
    emb = None
    if options.story_embeddings and options.use_embeddings:
        from ..nlp.models import embed

        emb = embed([headline(a) for a in articles], options)
    out = []
    for i, a in enumerate(articles):
        w0, w1 = words.indptr[i], words.indptr[i + 1]
        n0, n1 = name_tokens.indptr[i], name_tokens.indptr[i + 1]
        keys = np.concatenate([words.indices[w0:w1], name_tokens.indices[n0:n1]]).astype(np.int32)
        vals = np.concatenate([1.0 + np.log(words.data[w0:w1].astype(np.float64)),
                               np.full(n1 - n0, NAME_WEIGHT)])
        idx, inv = np.unique(keys, return_inverse=True)
        val = np.zeros(len(idx), dtype=np.float64)
        np.add.at(val, inv, vals)
        norm = float(np.linalg.norm(val))
        if norm > 0:
            val /= norm
        out.append(Features(idx=idx.astype(np.int32), val=val.astype(np.float32), names=names[i],
                            minhash=minhash(a.text), date=(a.published or None) and a.published[:10],
                            embedding=None if emb is None else np.asarray(emb[i], dtype=np.float32)))
    return out


def article_features(article: Article, options: Options) -> Features:
    """The grouping features of one article (pure: same article and options, same features)."""
    return features_many([article], options)[0]


# --- blobs: features are stored in SQLite so a restart does not recompute them ---------------

def pack_sparse(idx: np.ndarray, val: np.ndarray) -> bytes:
    return np.asarray(idx, dtype="<i4").tobytes() + np.asarray(val, dtype="<f4").tobytes()


def unpack_sparse(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 8
    return (np.frombuffer(blob[: 4 * n], dtype="<i4").astype(np.int32),
            np.frombuffer(blob[4 * n:], dtype="<f4").astype(np.float32))


def pack_array(a: np.ndarray | None, dtype: str) -> bytes | None:
    return None if a is None else np.asarray(a, dtype=dtype).tobytes()


def unpack_array(blob: bytes | None, dtype: str) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=dtype).copy()
