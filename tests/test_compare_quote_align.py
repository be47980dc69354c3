"""Word-by-word alignment of two quote wordings (no model)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.compare.quote_align import align_quotes, quote_tokens


def _changed(a: str, b: str) -> list[tuple[str, str]]:
    return [(a[r.a_start:r.a_end], b[r.b_start:r.b_end]) for r in align_quotes(a, b).rewordings]


def test_tokens_keep_their_spans_and_fold_forms():
    text = "I\u2019d say the U.S. work-force won\u2019t quit \u2014 f***ing [expletive] 31st\u2026 it's Ana's"
    toks = quote_tokens(text)
    assert [t.norm for t in toks if t.kind == "word"] == [
        "i", "would", "say", "the", "u", "s", "work", "force", "will", "not", "quit", "31", "it", "is", "ana"]
    assert [t.kind for t in toks].count("censored") == 1 and [t.kind for t in toks].count("wild") == 1
    assert toks[-1].kind == "word" and text[toks[-1].start:toks[-1].end] == "Ana's"
    for t in toks:
        assert 0 <= t.start < t.end <= len(text)


@pytest.mark.parametrize("a, b", [
    ("The pushback I am getting reminds me of the early days of the scandal",
     "The pushback I\u2019m getting reminds me of the early days of the scandals"),
    ("We told the work force in U.S. plants that we won't stop", "We told the workforce in US plants that we will not stop"),
    ("It was a f---ing disgrace and the board knew it", "It was a fucking disgrace and the board knew it"),
    ("It was a [expletive] disgrace and the board knew it", "It was a damn disgrace and the board knew it"),
    ("She was my knight in shining armor for sixty years", "She was my knight in shinning armour for 60 years"),
    ("Leaving Aug. 31 is not due to an arbitrary deadline", "leaving August the 31st, is not due to an arbitrary deadline"),
    ("giving the families the love and support", "giving [them] the love and support"),
    ("we hope her friends are as good as they can be", "we hope her friends are being as good as they can be"),
    ("the closest thing that I have to a photo of you", "The closest thing I have to a photo of you"),
])
def test_same_wording(a, b):
    al = align_quotes(a, b)
    assert al.rewordings == [] and al.coverage >= 0.8


@pytest.mark.parametrize("a, b, changed", [
    ("I am not going to walk away from this dam while the water is still rising",
     "I will not walk away from Brennock while the water is still rising", [("this dam", "Brennock")]),
    ("nearly forty years of service to the city", "nearly four decades of service to the city",
     [("forty years", "four decades")]),
    ("they are getting the love and support they deserve", "they are getting the love and support they need",
     [("deserve", "need")]),
    ("we will close the shelter before the weekend", "we cannot close the shelter before the weekend",
     [("will", "cannot")]),
])
def test_content_word_replaced(a, b, changed):
    assert _changed(a, b) == changed


def test_cut_and_joined_pieces_are_not_rewordings():
    whole = "The levee held because our crews never stopped and every family will be home by May"
    assert _changed("The levee held because our crews never stopped \u2026 every family will be home by May", whole) == []
    assert _changed("our crews never stopped and every family", whole) == []
    assert _changed("The levee held and every family will be home by May", whole) == []


_WORD = st.sampled_from("the gate held we will stay crews never stopped river homes by May Reyes said it's".split())


@settings(max_examples=80, deadline=None)
@given(st.lists(_WORD, min_size=4, max_size=20), st.integers(0, 20), st.integers(1, 20))
def test_a_piece_of_a_quote_is_never_a_rewording_of_it(words, start, length):
    whole = " ".join(words)
    piece = " ".join(words[start:start + length])
    assert align_quotes(whole, whole).rewordings == []
    if piece:
        assert align_quotes(piece, whole).rewordings == []
        assert align_quotes(whole, piece).rewordings == []
