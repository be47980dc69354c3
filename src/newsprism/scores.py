"""Scores meet a threshold, or each other, only rounded: same input, same output on any machine.

Two machines (or two BLAS builds, thread counts, SIMD paths of one machine) compute the same
cosine or TF-IDF weight a few units in the last place apart: about 1e-7 relative in float32,
1e-6 after a 384-wide dot product.  Compared raw, such a score decides a threshold or a tie by
that noise (an agreement listed on an Intel machine and not on an AMD one).  Every similarity or
score that is compared is therefore rounded to ``SCORE_DECIMALS`` first (one number, named
here), and equal rounded scores are ordered by a stable key (article, sentence position, row
index, story age), never by the order of a dict, a set or the float noise below the rounding.

``tests/test_determinism.py`` perturbs the embeddings by seeded noise of that size and checks
that the example story's report, the seeds' findings and a corpus's stories stay the same.
"""
from __future__ import annotations

import numpy as np

__all__ = ["SCORE_DECIMALS", "rounded", "rounded_array", "rounded_similarity"]

# 4 decimals: a hundred times the noise seen between machines (so a rounded score rarely sits at
# a rounding edge), ten times finer than any threshold is set (thresholds have 2-3 decimals).
SCORE_DECIMALS = 4


def rounded(x: float) -> float:
    """``x`` rounded to ``SCORE_DECIMALS`` (a Python float)."""
    return round(float(x), SCORE_DECIMALS)


def rounded_array(a) -> np.ndarray:
    """Every element of ``a`` rounded to ``SCORE_DECIMALS`` (float64)."""
    return np.round(np.asarray(a, dtype=np.float64), SCORE_DECIMALS)


def rounded_similarity(m) -> np.ndarray:
    """A pairwise similarity matrix made exactly symmetric, then rounded: a matrix product
    (``X @ X.T``) may give ``s[i, j]`` and ``s[j, i]`` one unit in the last place apart, and code
    that reads one pair from either side must see one value."""
    m = np.asarray(m, dtype=np.float64)
    return rounded_array((m + m.T) / 2.0)
