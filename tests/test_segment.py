"""The package's one rule-based sentence splitter (newsprism.segment), as cleaning, the nlp stage's
model-free path and the summariser's fallback use it; and the one lexicon it reads."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism import lexicon
from newsprism.segment import continues_after, is_abbreviation, paragraph_spans, sentence_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text", [
    "Sen. Maria Ortiz voted against the bill on Tuesday.",
    "The U.S. Senate voted on Tuesday.",
    "The law takes effect on Jan. 6 in every county.",
    "The White House counsel, Robert F. Bauer, declined to comment.",
    "The club moved to No. 3 in the league table.",
    "Judge Anna J. Brown called the plan unlawful.",
    "The store at Ft. Bragg reopened after the storm.",
    "The town meeting starts at 6 p.m. Thursday in the hall.",
    "She joined Acme Inc. in 2019 as a clerk.",
    "The note cited earlier work (Ruiz et al. 2019) on the dam.",
    "The firm was founded in Richmond, Calif. and moved to Reno, Nev. in 1990.",
    "The dam in Fargo, N.D. Thursday was the third to fail.",
    "Martin Luther King Jr. Day was moved to a Monday.",
])
def test_abbreviations_inside_a_sentence_do_not_end_it(text):
    assert split(text) == [text]


@pytest.mark.parametrize("text,expected", [
    # an abbreviation followed by a typical sentence opener does end the sentence
    ("He was police chief in Fargo, N.D. Early on he worked nights.",
     ["He was police chief in Fargo, N.D.", "Early on he worked nights."]),
    ("It is the biggest cause of shootings in the U.S. But the figures are old.",
     ["It is the biggest cause of shootings in the U.S.", "But the figures are old."]),
    ("The plant belongs to Acme Inc. The company declined to comment.",
     ["The plant belongs to Acme Inc.", "The company declined to comment."]),
    ("The ferry docked at 9:56 p.m. Its crew went ashore.",
     ["The ferry docked at 9:56 p.m.", "Its crew went ashore."]),
    # a listed word written in lower case is a word, not an abbreviation
    ("The driver was ill. Doctors kept him overnight.", ["The driver was ill.", "Doctors kept him overnight."]),
    ("Oh, no. It seems the rest of the state agrees.", ["Oh, no.", "It seems the rest of the state agrees."]),
    # a word ending in an apostrophe-letter is not an initial
    ("I tried to remember but I don\u2019t. I think it matters.",
     ["I tried to remember but I don\u2019t.", "I think it matters."]),
    # a quotation opening after an abbreviation starts a sentence
    ('He spoke for Dare County, N.C. "We have not seen anything like it," he said.',
     ["He spoke for Dare County, N.C.", '"We have not seen anything like it," he said.']),
])
def test_abbreviations_that_end_a_sentence(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("text,expected", [
    ('"We will rebuild the bridge." The mayor said it twice.',
     ['"We will rebuild the bridge."', "The mayor said it twice."]),
    ("\u201cIt is over,\u201d she said. \u201cWe go home.\u201d Then she left.",
     ["\u201cIt is over,\u201d she said.", "\u201cWe go home.\u201d", "Then she left."]),
    ("Was it worth it?\u201d he asked. Nobody answered!",
     ["Was it worth it?\u201d he asked.", "Nobody answered!"]),
    ("The crowd waited\u2026 Then the gates opened.", ["The crowd waited\u2026", "Then the gates opened."]),
    ("It ended (the court said so.) The appeal failed.", ["It ended (the court said so.)", "The appeal failed."]),
    ('He told Cook. " You did a great job," she said.', ["He told Cook.", '" You did a great job," she said.']),
    ("The rain stopped. [Photos: the flooded square] Crews arrived.",
     ["The rain stopped.", "[Photos: the flooded square] Crews arrived."]),
])
def test_quotes_and_brackets_end_sentences_with_them(text, expected):
    assert split(text) == expected


def test_blank_lines_always_end_a_sentence_and_lower_case_continues():
    text = "Rod Lamkey/AP\n\nThe mayor of Boise, Ida. spoke first. and then left.\n \nPhoto credit"
    assert split(text) == ["Rod Lamkey/AP", "The mayor of Boise, Ida. spoke first. and then left.", "Photo credit"]
    assert [text[s:e] for s, e in paragraph_spans(text)] == split(text)


def test_spans_of_a_slice_are_absolute():
    text = "Ignore this. Sen. Ortiz spoke. She left."
    start = text.index("Sen.")
    assert [text[s:e] for s, e in sentence_spans(text, start)] == ["Sen. Ortiz spoke.", "She left."]


def test_abbreviation_rules():
    for w in ("N.D.", "Calif.", "U.S.", "Mr", "Dr.", "Jan.", "Sept.", "F.", "a.m.", "etc.", "no.", "No.", "W.Va."):
        assert is_abbreviation(w), w
    for w in ("ill.", "wash.", "dog.", "Tuesday.", "it", "don\u2019t.", "2019."):
        assert not is_abbreviation(w), w
    assert continues_after("Sen.", "The")  # a title never ends a sentence
    assert continues_after("No.", "3") and not continues_after("No.", "Smith")
    assert continues_after("Calif.", "Gov.") and not continues_after("Calif.", "The")
    assert not continues_after("Calif.", "Senate", proper_noun=False)  # the tagger's word decides


def test_the_lexicon_is_the_source_of_the_abbreviations():
    assert {"calif", "ariz", "tenn", "wis"} <= lexicon.STATE_ABBREVIATIONS
    assert {"sen", "gov", "det"} <= lexicon.TITLE_ABBREVIATIONS <= lexicon.ABBREVIATIONS
    assert lexicon.MONTH_NUMBERS["sept"] == 9 and lexicon.MONTH_NUMBERS["may"] == 5
    assert len(lexicon.US_STATES) == 51


_ALPHABET = st.sampled_from(list("abc XYZ.!?\u2026\"'\u201c\u201d()[]\n\t 19") + ["Mr.", "U.S.", "Calif.", "No.", "F.",
                                                                               "The", " \n\n", "\u00a9"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_cover_the_text_in_order(text):
    spans = sentence_spans(text)
    pos = 0
    for s, e in spans:
        assert pos <= s < e <= len(text)
        assert text[pos:s].strip() == ""  # only white space between sentences
        assert text[s:e] == text[s:e].strip()
        pos = e
    assert text[pos:].strip() == ""
    # nothing lost: the sentences, in order, hold every non-space character of the text
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())

