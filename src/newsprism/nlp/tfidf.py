"""TF-IDF vectors of a few texts, exactly as scikit-learn's ``TfidfVectorizer`` makes them.

    from newsprism.nlp.tfidf import TfidfVectorizer
    m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)  # csr_matrix

Why not scikit-learn itself: importing it (any part of it) imports ``sklearn.utils.fixes``,
which imports scipy.stats, scipy.optimize and pandas, a large share of a cold `newsprism
analyze` (bench/speed.py prints it), for what is here one small function over scipy.sparse
(which the summariser imports anyway).  The same arithmetic in the same order (counts,
``1 + log(tf)``, smoothed idf ``1 + log((n + 1) / (df + 1))``, rows L2-normalised by a sequential
sum of squares, columns in alphabetical order), so the matrices equal scikit-learn's to the last
bit: tests/test_tfidf.py compares them on real text.  The English stop words are scikit-learn's
own list, read from its data module without importing the package.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

__all__ = ["TfidfVectorizer", "english_stop_words"]

DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default: words of two or more characters


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's ``ENGLISH_STOP_WORDS``, without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = f"{root}/feature_extraction/_stop_words.py"
        data = importlib.util.spec_from_file_location("newsprism_sklearn_stop_words", path)
        if data is None or data.loader is None:
            continue
        module = importlib.util.module_from_spec(data)
        try:
            data.loader.exec_module(module)
        except OSError:
            continue
        words = getattr(module, "ENGLISH_STOP_WORDS", None)
        if isinstance(words, frozenset) and words:
            return words
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # another layout: the slow way

    return ENGLISH_STOP_WORDS


class TfidfVectorizer:
    """The subset of scikit-learn's ``TfidfVectorizer`` this project uses: word unigrams, optional
    lower-casing, English stop words, sublinear tf, smoothed idf, L2-normalised rows."""

    def __init__(self, *, lowercase: bool = True, stop_words: str | None = None, sublinear_tf: bool = False,
                 token_pattern: str = DEFAULT_TOKEN_PATTERN):
        if stop_words not in (None, "english"):
            raise ValueError(f"stop_words must be None or 'english', not {stop_words!r}")
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.sublinear_tf = sublinear_tf
        self.token_pattern = re.compile(token_pattern)
        if self.token_pattern.groups > 1:
            raise ValueError("token_pattern may have at most one capturing group")
        self.vocabulary_: dict[str, int] = {}

    def fit_transform(self, texts: list[str]):
        """A ``scipy.sparse.csr_matrix`` (texts x words, float64); ValueError when no text has a
        word that is not a stop word (scikit-learn's "empty vocabulary")."""
        import numpy as np
        from scipy.sparse import csr_matrix

        stop = english_stop_words() if self.stop_words == "english" else frozenset()
        vocabulary: dict[str, int] = {}
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for text in texts:
            if self.lowercase:
                text = text.lower()
            row: dict[int, int] = {}
            for word in self.token_pattern.findall(text):
                if word in stop:
                    continue
                j = vocabulary.setdefault(word, len(vocabulary))
                row[j] = row.get(j, 0) + 1
            for j in sorted(row):
                indices.append(j)
                counts.append(row[j])
            indptr.append(len(indices))
        if not vocabulary:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        idx = np.asarray(indices, dtype=np.int32)
        # columns in alphabetical order, each row's values kept in their order (as scikit-learn)
        order = np.empty(len(vocabulary), dtype=np.int32)
        for new, (word, old) in enumerate(sorted(vocabulary.items())):
            vocabulary[word] = new
            order[old] = new
        self.vocabulary_ = vocabulary
        ptr = np.asarray(indptr, dtype=np.int32)
        data = np.asarray(counts, dtype=np.float64)
        n = len(texts)
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        df = np.bincount(idx, minlength=len(vocabulary)).astype(np.float64)
        df += 1.0
        idf = np.full_like(df, fill_value=n + 1)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        data *= idf[idx]
        idx = order[idx]
        # sum of squares per row, added one value after another (as scikit-learn's normalize)
        squares = (data * data).tolist()
        for i in range(n):
            a, b = indptr[i], indptr[i + 1]
            total = 0.0
            for k in range(a, b):
                total += squares[k]
            if total != 0.0:
                data[a:b] /= np.sqrt(total)
        return csr_matrix((data, idx, ptr), shape=(n, len(vocabulary)))
