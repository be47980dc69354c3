"""newsprism.nlp.tfidf makes scikit-learn's TF-IDF matrices to the last bit (the comparison and
summary stages rely on the same scores), without importing scikit-learn."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.nlp.tfidf import TfidfVectorizer, english_stop_words

ROOT = Path(__file__).resolve().parent.parent

# written for this test: capitals, apostrophes, hyphens, numbers, repeated words, a stop-word-only line
TEXTS = [
    "The ferry Marigold ran aground off Selwick Point on Tuesday with 112 people on board.",
    "All 112 passengers of the ferry were brought ashore; the harbour master's office said nobody was hurt.",
    "A tug will try to re-float the Marigold at high tide, harbour master Ines Dalgaard said.",
    "Dalgaard said an inquiry into the grounding had been opened. Dalgaard's deputy declined to comment.",
    "It was the second grounding off Selwick Point in two years — the first, in 2023, was a trawler's.",
    "and the of it was",
    "Ferry ferry FERRY ferries: the Marigold, the Marigold, the Marigold.",
    "Passengers’ accounts differ: some said the lifeboat came in 40 minutes, others said two hours.",
]

# the settings the comparison and summary stages use
SETTINGS = [
    {"stop_words": "english", "sublinear_tf": True},
    {"lowercase": True, "stop_words": "english", "sublinear_tf": True, "token_pattern": r"(?u)\b\w[\w'-]*\b"},
    {"stop_words": "english", "sublinear_tf": True, "token_pattern": r"(?u)\b[\w'’-]{2,}\b"},
    {},
    {"lowercase": False},
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], TEXTS[2:4] * 3], ids=["all", "one", "repeated"])
def test_matrices_equal_scikit_learns(settings, texts):
    from sklearn.feature_extraction.text import TfidfVectorizer as Reference

    ref_vec, ours_vec = Reference(**settings), TfidfVectorizer(**settings)
    ref, ours = ref_vec.fit_transform(texts), ours_vec.fit_transform(texts)
    assert ours.shape == ref.shape
    assert ours_vec.vocabulary_ == ref_vec.vocabulary_
    assert np.array_equal(ours.indptr, ref.indptr) and np.array_equal(ours.indices, ref.indices)
    assert np.array_equal(ours.data, ref.data)  # bit for bit, not approximately
    assert np.array_equal((ours @ ours.T).toarray(), (ref @ ref.T).toarray())
    assert np.array_equal(np.asarray(ours.mean(axis=0)), np.asarray(ref.mean(axis=0)))


def test_stop_words_are_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == ENGLISH_STOP_WORDS and len(ENGLISH_STOP_WORDS) > 300


def test_only_stop_words_is_the_same_error():
    with pytest.raises(ValueError, match="empty vocabulary"):
        TfidfVectorizer(stop_words="english").fit_transform(["and the of it", "was a"])
    with pytest.raises(ValueError, match="empty vocabulary"):
        TfidfVectorizer().fit_transform([])


def test_unsupported_settings_are_refused():
    with pytest.raises(ValueError, match="stop_words"):
        TfidfVectorizer(stop_words="french")


def test_importing_the_stages_that_use_it_imports_no_scikit_learn():
    code = ("import sys, newsprism.compare.claims, newsprism.compare.context, newsprism.compare.offtopic, "
            "newsprism.summarize.extractive\n"
            "from newsprism.nlp.tfidf import TfidfVectorizer, english_stop_words\n"
            "english_stop_words(); TfidfVectorizer(stop_words='english').fit_transform(['a ferry ran aground'])\n"
            "print(sorted(m for m in ('sklearn', 'scipy.stats', 'pandas') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
