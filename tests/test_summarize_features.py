"""The summariser's support checks: each text tokenised once per summary, the same answers as
comparing raw strings, and an exact (never lossy) bound on which articles are compared."""
from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings, strategies as st

from newsprism.options import Options
from newsprism.summarize import summarize
from newsprism.summarize import text as tx
from test_report_support import build_story

WORDS = ["the", "mayor", "said", "3", "1,200", "bridge", "reopened", "\"we", "will", "rebuild\"",
         "flooded", "homes", "on", "Monday", "resigned", "Kessler's", "river", "officials", "dam"]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.sampled_from([0.5, 0.6]))
def test_features_answer_like_raw_text(a, b, floor):
    fa, fb = tx.features(a), tx.features(b)
    idf = tx.idf_weights([a, b, "the mayor said"])
    assert tx.recall(fa, fb, idf) == tx.recall(a, b, idf)
    assert tx.supports(fa, fb, floor, idf) == tx.supports(a, b, floor, idf)
    numbers = re.compile(r"\d[\d,.]*\d|\d")
    assert tx.numbers_kept(fa, fb) == ({n.replace(",", "") for n in numbers.findall(a)}
                                       <= {n.replace(",", "") for n in numbers.findall(b)})
    # the IDF-weighted recall is what its definition says
    need, have = set(tx.content_words(a)), set(tx.content_words(b))
    if need:
        expected = sum(idf.get(w, idf.top) for w in need & have) / sum(idf.get(w, idf.top) for w in need)
        assert abs(tx.recall(a, b, idf) - expected) < 1e-12


def test_each_text_is_tokenised_once_per_summary(monkeypatch):
    seen: Counter = Counter()
    original = tx.features

    def counting(text):
        if isinstance(text, str):
            seen[text] += 1
        return original(text)

    monkeypatch.setattr(tx, "features", counting)
    story = build_story()
    summary = summarize(story, Options(summary_length="long"))
    assert summary.sentences and seen
    # FeatureCache computes each distinct text's features once, however many pairs it is in
    assert max(seen.values()) == 1, seen.most_common(3)


def test_stem_is_cached():
    tx.stem.cache_clear()
    for _ in range(3):
        tx.content_words("The officials resigned; officials resigning, officials resigned.")
    info = tx.stem.cache_info()
    assert info.misses == 3 and info.hits >= 6  # "officials", "resigned", "resigning"
