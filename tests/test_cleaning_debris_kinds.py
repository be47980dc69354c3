"""Issue 9 debris kinds on small hand-written pages: datelines, share widgets, form text, image
credits, embed and archive notices, a stray closing quote mark.  Each kind: cases that go (with
their reason), look-alike sentences that stay, and nothing lost silently (the words of the input
are exactly those of the cleaned text plus those of the removals).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from newsprism.cleaning import clean
from newsprism.model import REMOVAL_REASONS, RawDocument

LEAD = "The council of Fenwick voted on Monday to close the old harbour bridge for repairs."
TAIL = "Repairs are expected to take at least six weeks, the council said."


def run(text: str):
    a = clean(RawDocument(source="fenwick.txt", shape="text", text=text))
    words = Counter(re.findall(r"\w+", a.text))
    for r in a.removals:
        words += Counter(re.findall(r"\w+", r.text))
    assert words == Counter(re.findall(r"\w+", text)), "something was lost silently"
    assert all(r.reason in REMOVAL_REASONS for r in a.removals)
    return a


def reasons(a) -> list[str]:
    return [r.reason for r in a.removals]


# --- datelines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dateline,place,agency,date", [
    ("FENWICK \u2014", "FENWICK", None, None),
    ("PORT ELLEN, Islay \u2014", "PORT ELLEN, Islay", None, None),
    ("FENWICK, March 3 (Harbour Wire) -", "FENWICK", "Harbour Wire", "March 3"),
    ("FENWICK (AP) \u2014", "FENWICK", "AP", None),
    ("Fenwick (CNN)", "Fenwick", "CNN", None),
    ("(Reuters) -", None, "Reuters", None),
])
def test_dateline_is_removed_and_kept_as_metadata(dateline, place, agency, date):
    a = run(f"{dateline} {LEAD}\n\n{TAIL}")
    assert a.text.startswith("The council of Fenwick")
    assert reasons(a) == ["dateline"] and a.removals[0].text == dateline
    assert (a.dateline.place, a.dateline.agency, a.dateline.date) == (place, agency, date)


def test_dateline_after_a_date_header():
    a = run(f"date 2024-03-04 FENWICK \u2014 {LEAD}")
    assert reasons(a) == ["date-header", "dateline"] and a.published == "2024-03-04"
    assert a.text == LEAD


@pytest.mark.parametrize("text", [
    f"BREAKING \u2014 {LEAD}",  # a label, not a place
    f"The mayor \u2014 who had opposed the plan \u2014 said {LEAD[4:]}",
    f"{LEAD}\n\nFENWICK \u2014 {TAIL}",  # only the opening of the report carries a dateline
])
def test_no_dateline(text):
    a = run(text)
    assert "dateline" not in reasons(a) and a.dateline is None


def test_dateline_agency_names_the_outlet():
    a = run(f"FENWICK (Harbour Wire) - {LEAD}")
    assert (a.outlet, a.outlet_from) == ("Harbour Wire", "self-reference")


# --- share widgets, form text, image credits, notices ------------------------------------------

@pytest.mark.parametrize("debris,reason", [
    ("412 SHARES Share Tweet", "share-widget"),
    ("Share on Facebook Share on Twitter Email", "share-widget"),
    ("Tweet Share Pin Email", "share-widget"),
    ("You must enter the characters shown in the picture.", "form-text"),
    ("Please enter a valid email address.", "form-text"),
    ("By clicking Subscribe, you agree to our terms.", "form-text"),
    ("Image copyright Fenwick Council Image caption The old bridge at dusk", "image-credit"),
    ("harbour photographer: Ailsa McRae", "image-credit"),
    ("Photo courtesy of Ailsa McRae", "image-credit"),
    ("You can add location information to your posts and tweets from the web.", "embed-notice"),
    ("Your browser does not support the video player.", "embed-notice"),
    ("Since 2001 the Internet Archive has kept snapshots of this page from its crawl.", "embed-notice"),
])
def test_debris_paragraph_goes_with_its_reason(debris, reason):
    a = run(f"{LEAD}\n\n{debris}\n\n{TAIL}")
    assert a.text == f"{LEAD}\n\n{TAIL}"
    assert reasons(a) == [reason]


def test_share_widget_glued_to_the_first_sentence():
    a = run(f"87 Shares Share Tweet {LEAD}\n\n{TAIL}")
    assert a.text == f"{LEAD}\n\n{TAIL}" and reasons(a) == ["share-widget"]


def test_image_credit_at_the_end_of_a_caption_paragraph():
    a = run(f"{LEAD}\n\nThe bridge at dawn. staff photographer: Ailsa McRae\n\n{TAIL}")
    assert "photographer" not in a.text and "image-credit" in reasons(a)


@pytest.mark.parametrize("sentence", [
    "Residents must enter the harbour through the north gate, the council said.",
    "Twitter users shared photos of the bridge, and the council said it would add more.",
    "The council said it had asked the Internet Archive for old maps of the harbour.",
    "Ms McRae, a photographer, said the bridge looked tired.",
    "\u201cYou can add your name to the petition at the library,\u201d the mayor said.",
    "She shared the letter on Facebook and Twitter on Tuesday.",
])
def test_look_alike_sentences_stay(sentence):
    a = run(f"{LEAD} {sentence}\n\n{TAIL}")
    assert sentence in a.text and a.removals == []


# --- a stray closing quote mark ----------------------------------------------------------------

def test_lone_closing_quote_is_removed():
    a = run(f"\u201cWe will reopen the bridge by May.\u201d {LEAD}\n\nThe mayor said so. \u201d {TAIL}")
    assert " \u201d " not in a.text and reasons(a) == ["stray-punctuation"]
    assert a.text.startswith("\u201cWe will reopen")  # quotes that belong to a sentence stay


def test_a_paragraph_of_only_a_quote_mark():
    a = run(f"{LEAD}\n\n\u201d\n\n{TAIL}")
    assert a.text == f"{LEAD}\n\n{TAIL}" and reasons(a) == ["stray-punctuation"]
