"""Quote spans over raw text (no model): quote-mark styles, paragraphs, nesting, stray marks."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.nlp.quotes import quote_spans


def _quotes(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_spans(text)]


def test_curly_and_straight_marks_and_mixed_pairs():
    text = ('\u201cThe bridge stays shut,\u201d the mayor said. Crews called it "a long job". '
            'ON SAFETY: "Nobody crosses until we are sure.\u201d')
    assert _quotes(text) == ["The bridge stays shut,", "a long job", "Nobody crosses until we are sure."]


def test_a_quote_over_several_paragraphs_is_one_span_per_paragraph():
    for o, c in (("\u201c", "\u201d"), ('"', '"')):
        text = (f"The mayor spoke.\n\n{o}We planned this crossing for ten years and it shows.\n\n"
                f"{o}Nobody will wait in traffic here again,{c} she said.")
        assert _quotes(text) == ["We planned this crossing for ten years and it shows.",
                                 "Nobody will wait in traffic here again,"]


def test_nested_single_quotes_belong_to_the_outer_quote():
    text = "\u201cShe told me \u2018never again\u2019 and left,\u201d he said. He didn\u2019t say \u2018maybe\u2019 at all."
    assert _quotes(text) == ["She told me \u2018never again\u2019 and left,", "maybe"]
    text = '"She told me \'never again\' and left," he said.'
    assert _quotes(text) == ["She told me 'never again' and left,"]


def test_a_lone_closing_mark_is_not_a_quote():
    text = "The vote was close.\u201d Then Reyes said \u201cwe stay\u201d and sat down. He is 6'2\" tall."
    assert _quotes(text) == ["we stay"]


def test_apostrophes_do_not_open_quotes():
    text = "It\u2019s the council\u2019s plan, and the workers\u2019 union didn\u2019t object."
    assert _quotes(text) == []


_WORDS = st.lists(st.sampled_from(["the", "gate", "held", "we", "stay", "it's", "Reyes", "-", "5"]),
                  min_size=1, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_WORDS, _WORDS, st.sampled_from([("\u201c", "\u201d"), ('"', '"')])),
                min_size=1, max_size=4))
def test_well_formed_quotes_are_found_exactly(parts):
    text, want = "", []
    for before, inside, (o, c) in parts:
        text += f"{before} {o}"
        want.append((len(text), len(text) + len(inside)))
        text += f"{inside}{c} "
    assert quote_spans(text) == want


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"\u201c\u201d\u2018\u2019\n.")), max_size=80))
def test_spans_are_inside_the_text_sorted_and_disjoint(text):
    spans = quote_spans(text)
    assert spans == sorted(spans)
    for s, e in spans:
        assert 0 <= s <= e <= len(text)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2 or (s1, e1) == (s2, e2)


def test_two_apostrophes_close_a_wire_style_quote():
    text = "\"The river took everything,'' Egan said. She called it a \"perfect storm'' of bad luck."
    assert _quotes(text) == ["The river took everything,", "perfect storm"]
