"""Reading + cleaning on the four real seed reports in ../shared/seeds (skipped when absent).

The seeds are read at run time; no sentence of theirs is copied here.  Assertions use short
fragments (a credit, a UI word, a symbol) and generic checks.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import newsprism
from newsprism.model import REMOVAL_REASONS
from newsprism.options import Options
from newsprism.reading import parse_bytes

# Short distinctive pieces of the debris described in ../shared/README.md.
DEBRIS_FRAGMENTS = [
    "Getty Images", "Lamkey/AP", "contributed to this report", "\u00a9", "newsletter", "subscribe",
    "not responsible for the content", "external linking", "date 2022", "<b", "</a>", "class=",
    "secretary The White House",  # the related-story headline glued before a sentence (001)
]
EXPECTED = {
    # file prefix: (outlet, outlet_from, published, removals by reading + cleaning: reason -> count)
    "000": (None, "filename", "2022-11-12", {"date-header": 1, "photo-caption": 2}),
    "001": ("The Washington Post", "self-reference", None, {"ui-word": 1, "related-headline": 1, "contributor-line": 1}),
    "002": ("NBC News", "self-reference", "2022-11-12", {"date-header": 1, "dateline": 1}),  # issue 9
    "003": ("BBC", "copyright", None, {"newsletter-promo": 1, "copyright-footer": 1}),
}


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    result = newsprism.read([str(seeds_dir)])
    assert result.failures == []
    return {Path(a.source).name[:3]: a for a in result.articles}


def test_four_articles(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_metadata(seeds, prefix):
    a = seeds[prefix]
    outlet, how, published, _ = EXPECTED[prefix]
    assert a.outlet_from == how
    if outlet:
        assert a.outlet == outlet
    else:  # no reliable cue: the file name, never the outlets the text merely cites
        assert a.outlet == Path(a.source).name.split(".")[0]
        assert a.outlet not in ("Los Angeles Times", "Associated Press", "Politico")
    assert a.published == published
    assert a.published_from == ("header" if published else None)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_no_debris_left(seeds, prefix):
    a = seeds[prefix]
    for fragment in DEBRIS_FRAGMENTS:
        assert fragment not in a.text, (fragment, prefix)
    assert not re.match(r"(Comment|Advertisement|Share|Listen)\b", a.text)
    assert not re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+/(AP|AFP|Reuters)\b", a.text)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_every_removal_has_a_reason_and_nothing_else_went(seeds, prefix):
    a = seeds[prefix]
    assert all(r.reason in REMOVAL_REASONS and r.text.strip() and r.where for r in a.removals)
    assert Counter(r.reason for r in a.removals if r.reason != "markup") == EXPECTED[prefix][3]
    assert any(r.reason == "markup" for r in a.removals) == (prefix == "003")  # the HTML paragraphs
    removed_words = sum(len(r.text.split()) for r in a.removals if r.reason != "markup")
    assert removed_words <= 0.12 * (a.words + removed_words)  # debris is a small part of a report


def _sentences(text: str) -> list[str]:
    """An independent, simple split: after . ! ? (and closing quotes) before a capital or quote."""
    out = []
    for para in text.split("\n\n"):
        out.extend(s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019]))\s+(?=[A-Z\"\u201c])", para)
                   if s.strip())
    return out


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_no_real_sentence_lost(seeds, seeds_dir, prefix):
    """Every sentence of the document as read is in the cleaned text, once the debris that the
    removals list is taken out of it; what is left of a sentence that was all debris is empty."""
    a = seeds[prefix]
    path = next(seeds_dir.glob(prefix + "_*"))
    (doc,) = parse_bytes(path.read_bytes(), str(path), Options())
    cleaned = " ".join(a.text.split())
    removed = sorted((r.text for r in a.removals if r.reason != "markup"), key=len, reverse=True)
    checked = 0
    for sentence in _sentences(doc.text):
        rest = sentence
        for r in removed:
            if r in rest:
                rest = rest.replace(r, " ")
            elif rest.strip() and rest.strip() in r:
                rest = ""
        rest = " ".join(rest.split())
        if rest:
            assert rest in cleaned, rest
            checked += 1
    assert checked >= 10


def test_inline_headline_is_the_only_thing_cut_mid_sentence(seeds):
    a = seeds["001"]
    (headline,) = [r for r in a.removals if r.reason == "related-headline"]
    assert 5 <= len(headline.text.split()) <= 15
    assert headline.where.endswith("middle")
    assert "Saturday" in a.text and a.text.startswith("US Customs")


def test_real_sentences_with_credit_like_words_survive(seeds):
    assert "Associated Press reported" in seeds["000"].text
    assert "the AP said" in seeds["000"].text
    assert "told the Los Angeles Times" in seeds["000"].text


def test_no_duplicates_among_the_seeds(seeds):
    assert all(a.duplicate_of is None and not a.duplicates for a in seeds.values())


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_same_result_when_a_seed_is_flattened_to_one_paragraph(seeds, seeds_dir, prefix):
    """Scrapers often lose paragraph breaks (like seed 001): debris must still be found."""
    from newsprism.cleaning import clean

    path = next(seeds_dir.glob(prefix + "_*"))
    (doc,) = parse_bytes(path.read_bytes(), str(path), Options())
    doc.text = " ".join(doc.text.split())
    flat = clean(doc)
    for fragment in DEBRIS_FRAGMENTS:
        assert fragment not in flat.text, (fragment, prefix)
    assert (flat.outlet, flat.outlet_from) == (seeds[prefix].outlet, seeds[prefix].outlet_from)
    assert flat.text == " ".join(seeds[prefix].text.split())
