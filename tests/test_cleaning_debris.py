"""Debris cleaning, one kind at a time, on hand-written (fictional) text.

Each kind has cases that must be removed and real sentences that look similar and must survive.
Every case also checks that nothing is lost silently: the word tokens of the input are exactly
those of the cleaned text plus those of the removals.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from newsprism.cleaning import clean
from newsprism.errors import InputError
from newsprism.model import REMOVAL_REASONS, RawDocument

LEAD = "The council of Fenwick voted on Monday to close the old harbour bridge for repairs."
TAIL = "Repairs are expected to take at least six weeks, the council said."


def doc(text: str, **fields) -> RawDocument:
    return RawDocument(source=fields.pop("source", "fenwick.txt"), shape="text", text=text, **fields)


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def run(text: str, **fields):
    """Clean, check the bookkeeping, and return (article, {reason: [removed texts]})."""
    d = doc(text, **fields)
    a = clean(d)
    own = a.removals[len(d.removals):]
    by_reason: dict[str, list[str]] = {}
    for r in own:
        assert r.reason in REMOVAL_REASONS
        assert r.text and r.text in text, r
        by_reason.setdefault(r.reason, []).append(r.text)
    removed = Counter()
    for r in own:
        removed += tokens(r.text)
    assert tokens(a.text) + removed == tokens(text)
    assert a.text == a.text.strip() and "\n\n\n" not in a.text
    return a, by_reason


def paras(*ps: str) -> str:
    return "\n\n".join(ps)


# --- stray UI words ---------------------------------------------------------------------------


def test_leading_ui_word_removed():
    a, rm = run("Comment " + LEAD + " " + TAIL)
    assert rm == {"ui-word": ["Comment"]}
    assert a.text.startswith("The council of Fenwick")
    assert a.removals[0].where == "start of text"


@pytest.mark.parametrize("word", ["Advertisement", "Share", "Listen", "Comments", "Save"])
def test_leading_ui_word_variants(word):
    a, rm = run(paras(f"{word} {LEAD}", TAIL))
    assert rm == {"ui-word": [word]}
    assert a.text.startswith("The council")


def test_ui_word_paragraph_removed_anywhere():
    a, rm = run(paras(LEAD, "Advertisement", TAIL))
    assert rm == {"ui-word": ["Advertisement"]}
    assert a.text == paras(LEAD, TAIL)


@pytest.mark.parametrize("sentence", [
    "Share prices in Fenwick fell sharply on Monday after the bridge closed.",
    "Listen to the recording, the council's lawyer urged the court.",
    "Comments made by the mayor on Friday angered traders.",
])
def test_real_sentence_starting_with_ui_word_kept(sentence):
    a, rm = run(paras(sentence, TAIL))
    assert rm == {}
    assert a.text == paras(sentence, TAIL)


# --- photo captions and credits ------------------------------------------------------------------


@pytest.mark.parametrize("credit", ["Ana Pereira/AP", "AFP via Getty Images", "Ana Pereira/AFP via Getty Images",
                                    "Ana Pereira / Reuters", "(Photo: Ana Pereira/Fenwick Gazette)",
                                    "AP Photo/Ana Pereira", "Getty Images"])
def test_caption_paragraph_with_credit(credit):
    caption = f"Workers inspect the cracked pier of the harbour bridge in Fenwick on Sunday. {credit}"
    a, rm = run(paras(LEAD, caption, TAIL))
    assert rm == {"photo-caption": [caption]}
    assert a.text == paras(LEAD, TAIL)


def test_caption_without_full_stop_before_credit():
    caption = "Workers inspect the cracked pier of the harbour bridge on Sunday Ana Pereira/Reuters"
    a, rm = run(paras(LEAD, caption, TAIL))
    assert rm == {"photo-caption": [caption]}


def test_bare_credit_paragraph():
    a, rm = run(paras(LEAD, "Ana Pereira/AP", TAIL))
    assert rm == {"agency-credit": ["Ana Pereira/AP"]}


def test_bare_agency_after_a_sentence_is_only_a_credit():
    """"... on Tuesday. Reuters" credits the story: the sentence stays, the credit goes."""
    a, rm = run(paras(LEAD, "The port reopened on Tuesday. Reuters", TAIL))
    assert rm == {"agency-credit": ["Reuters"]}
    assert "The port reopened on Tuesday." in a.text


def test_caption_at_end_of_long_paragraph_takes_only_its_sentence():
    para = (LEAD + " Traders said they would lose business. The mayor promised help for shops. "
            "A crane lifts a section of the bridge deck on Sunday. Ana Pereira/AP")
    a, rm = run(paras(para, TAIL))
    assert rm == {"photo-caption": ["A crane lifts a section of the bridge deck on Sunday. Ana Pereira/AP"]}
    assert "The mayor promised help for shops." in a.text


def test_credit_glued_to_next_sentence_in_one_long_paragraph():
    text = (LEAD + " Crews tackle the fire near the pier on Sunday. Ana Pereira/AP "
            "The council said it would meet again on Friday. " + TAIL)
    a, rm = run(text)
    assert rm == {"photo-caption": ["Crews tackle the fire near the pier on Sunday. Ana Pereira/AP"]}
    assert "The council said it would meet again on Friday." in a.text


def test_bracketed_credit_inside_a_sentence():
    a, rm = run(paras("The mayor spoke to reporters on Monday (AP Photo/Ana Pereira).", TAIL))
    assert rm == {"agency-credit": ["(AP Photo/Ana Pereira)"]}
    assert a.text.startswith("The mayor spoke to reporters on Monday.")


@pytest.mark.parametrize("sentence", [
    "The Associated Press reported that 40 homes were damaged.",
    "Getty Images, the photo agency, said it would appeal the ruling.",
    "Photographers from AP and Reuters were at the scene when the pier gave way.",
    "About 300 people left their homes, the AP said.",
    "The mayor said he had spoken to Reuters on Monday.",
    "The figure was later confirmed by AFP.",
])
def test_real_sentences_mentioning_agencies_kept(sentence):
    a, rm = run(paras(LEAD, sentence, TAIL))
    assert rm == {}
    assert sentence in a.text


# --- related-story headlines --------------------------------------------------------------------


def test_inline_headline_before_the_start_of_a_sentence():
    hl = "Harbour traders fear losses as bridge stays shut"
    a, rm = run(f"{LEAD} {hl} The council said repairs would take a month. {TAIL}")
    assert rm == {"related-headline": [hl]}
    assert "Monday to close the old harbour bridge for repairs. The council said" in a.text


def test_inline_headline_before_a_name():
    hl = "Fenwick bakers count the cost of harbour storm"
    a, rm = run(f"{LEAD} {hl} Morrow had warned of delays for weeks. {TAIL}")
    assert rm == {"related-headline": [hl]}
    assert "Morrow had warned of delays for weeks." in a.text


@pytest.mark.parametrize("sentence", [
    "The agency's flood engineer Ruth Morrow said the pier was safe.",
    "Two senior officials told colleagues Morrow was not doing her job.",
    "But ambitions to revamp Fenwick Harbour have put the mayor at odds with traders.",
    "He said the plan, which the council approved, would cost more than expected.",
    "Officials in the northern town Lowmere said the road would reopen.",
    "Residents of the riverside district Carrick were told to stay indoors.",
    "Engineers working for the harbour board The Port Trust hired said the pier was sound.",
    "I would love to have spent more time in Fenwick but now the bridge is closed.",
])
def test_real_sentences_are_not_headlines(sentence):
    a, rm = run(f"{LEAD} {sentence} {TAIL}")
    assert "related-headline" not in rm, rm
    assert sentence in a.text


def test_related_headline_line_between_paragraphs():
    a, rm = run(paras(LEAD, "Fenwick mayor resigns after bridge inquiry", TAIL))
    assert rm == {"related-headline": ["Fenwick mayor resigns after bridge inquiry"]}


def test_read_more_line():
    a, rm = run(paras(LEAD, "Read more: Fenwick mayor resigns after bridge inquiry", TAIL))
    assert rm == {"related-headline": ["Read more: Fenwick mayor resigns after bridge inquiry"]}


@pytest.mark.parametrize("line", ["Range and charging", "What happens next", "1 tsp ground ginger",
                                  "Q: Favourite bridge in the county"])
def test_subheadings_and_list_items_kept(line):
    a, rm = run(paras(LEAD, line, TAIL))
    assert rm == {}
    assert line in a.text


# --- newsletter promotions ---------------------------------------------------------------------


@pytest.mark.parametrize("promo", [
    "Sign up for the Fenwick Briefing, our free morning newsletter.",
    "Get the Evening Digest, our weekday newsletter, delivered to your inbox.",
    "The film star Ada Quill invites you to subscribe to her weekly newsletter.",
    "Subscribe to our newsletter for the latest harbour news.",
])
def test_newsletter_promotions_removed(promo):
    a, rm = run(paras(LEAD, TAIL, promo))
    assert rm == {"newsletter-promo": [promo]}
    assert a.text == paras(LEAD, TAIL)


@pytest.mark.parametrize("sentence", [
    "The newsletter, which has 20,000 readers, first reported the leak.",
    "Critics urged residents to subscribe to the council's newsletter.",
    "\u201cSign up now and you will regret it,\u201d the union leader said of the new contract.",
    "The mayor's office sends a weekly newsletter to every household in the town.",
])
def test_sentences_about_newsletters_kept(sentence):
    a, rm = run(paras(LEAD, sentence, TAIL))
    assert rm == {}


# --- copyright and legal footers ----------------------------------------------------------------


def test_copyright_footer_paragraph():
    footer = ("\u00a9 2024 Fenwick Gazette. The Fenwick Gazette is not responsible for the content of "
              "external sites. Read about our approach to external linking.")
    a, rm = run(paras(LEAD, TAIL, footer))
    assert rm == {"copyright-footer": [footer]}
    assert a.outlet == "Fenwick Gazette" and a.outlet_from == "copyright"


@pytest.mark.parametrize("footer", [
    "Copyright 2024 Fenwick Gazette. All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
])
def test_legal_lines(footer):
    a, rm = run(paras(LEAD, TAIL, footer))
    assert list(rm) == ["copyright-footer"]
    assert a.text == paras(LEAD, TAIL)


@pytest.mark.parametrize("sentence", [
    "The author filed a copyright lawsuit against the publisher in 2021.",
    "Her copyright claim over the harbour photographs was rejected.",
])
def test_sentences_about_copyright_kept(sentence):
    a, rm = run(paras(LEAD, sentence, TAIL))
    assert rm == {}
    assert a.outlet_from == "filename"


# --- contributor lines --------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Jane Doe contributed to this report.",
    "Jane Doe and Ali Khan contributed reporting.",
    "(Reporting by Jane Doe; Editing by Sam Roe)",
    "The Associated Press contributed to this report.",
])
def test_contributor_lines_removed(line):
    a, rm = run(paras(LEAD, TAIL, line))
    assert rm == {"contributor-line": [line]}


def test_contributor_line_at_end_of_one_long_paragraph():
    a, rm = run(f"{LEAD} {TAIL} Jane Doe contributed to this report.")
    assert rm == {"contributor-line": ["Jane Doe contributed to this report."]}
    assert a.text == f"{LEAD} {TAIL}"


@pytest.mark.parametrize("sentence", [
    "Donors contributed to this fund in 2020, the council said.",
    "Volunteers contributed to the clean-up of the harbour.",
])
def test_sentences_about_contributing_kept(sentence):
    a, rm = run(paras(LEAD, sentence, TAIL))
    assert rm == {}


# --- page furniture, duplicates, date header -----------------------------------------------------


@pytest.mark.parametrize("line", ["We use cookies to improve your experience on our site.", "Share on Facebook",
                                  "Skip to main content", "Story continues below advertisement"])
def test_boilerplate(line):
    a, rm = run(paras(LEAD, line, TAIL))
    assert rm == {"boilerplate": [line]}


def test_duplicate_paragraph():
    long_para = ("The harbour board said the bridge had been inspected twice last year and that "
                 "no fault had been found in the piers or the deck.")
    a, rm = run(paras(LEAD, long_para, TAIL, long_para))
    assert rm == {"duplicate-paragraph": [long_para]}
    assert a.text.count(long_para) == 1


def test_date_header_not_taken_by_the_reader():
    a, rm = run(" date 2024-05-02 " + LEAD + "\n\n" + TAIL)
    assert rm == {"date-header": ["date 2024-05-02"]}
    assert (a.published, a.published_from) == ("2024-05-02", "header")
    assert a.text.startswith("The council")


def test_reading_removals_are_kept_first():
    from newsprism.model import Removal

    d = doc(paras(LEAD, TAIL), removals=[Removal("<b>", "markup", "paragraph 1")])
    a = clean(d)
    assert a.removals == [Removal("<b>", "markup", "paragraph 1")]


def test_everything_removed_is_a_clear_failure():
    with pytest.raises(InputError) as exc:
        clean(doc(paras("Advertisement", "Share on Facebook")))
    assert exc.value.code == "empty-after-cleaning"
    assert "ui-word" in exc.value.message and "boilerplate" in exc.value.message


def test_splice_points_are_tidy():
    a, _ = run("Comment   The mayor spoke on Monday (AP Photo/Ana Pereira).  " + TAIL)
    assert a.text == "The mayor spoke on Monday. " + TAIL


def test_advertisement_glued_inside_one_long_paragraph():
    a, rm = run(f"{LEAD} Advertisement The council said repairs would start soon. {TAIL}")
    assert rm == {"ui-word": ["Advertisement"]}
    assert "repairs. The council said repairs would start soon." in a.text


def test_labelled_credit_glued_to_next_sentence():
    a, rm = run(f"{LEAD} Crews work on the pier on Sunday. Photo: Ana Pereira/Reuters The council met again. {TAIL}")
    assert rm == {"photo-caption": ["Crews work on the pier on Sunday. Photo: Ana Pereira/Reuters"]}


def test_contributor_line_with_a_role():
    a, rm = run(paras(LEAD, TAIL, "Staff writer Jane Doe contributed to this report."))
    assert rm == {"contributor-line": ["Staff writer Jane Doe contributed to this report."]}


@pytest.mark.parametrize("line", ["By Jane Doe", "By Jane Doe and Sam Roe, Fenwick Gazette", "By JANE DOE"])
def test_byline_paragraph(line):
    a, rm = run(paras(line, LEAD, TAIL))
    assert rm == {"boilerplate": [line]}


def test_sentence_starting_with_by_is_kept():
    sentence = "By Monday the council had closed the bridge to all traffic."
    a, rm = run(paras(sentence, TAIL))
    assert rm == {}


def test_headline_left_at_the_end_of_a_paragraph():
    a, rm = run(paras(f"{LEAD} Fenwick mayor resigns after bridge inquiry", TAIL))
    assert rm == {"related-headline": ["Fenwick mayor resigns after bridge inquiry"]}
    assert a.text == paras(LEAD, TAIL)


def test_truncated_last_sentence_is_kept():
    a, rm = run(paras(f"{LEAD} The council said that the", TAIL))
    assert rm == {}


@pytest.mark.parametrize("line", ["Supported by", "Updated 5:32 PM EST, Sat November 12, 2024", "5 min read",
                                  "___", "First published on Mon 12 Nov 2024 10.00 GMT",
                                  "Our Standards: The Harbour Trust Principles."])
def test_more_page_furniture(line):
    a, rm = run(paras(LEAD, line, TAIL))
    assert rm == {"boilerplate": [line]}


def test_wire_footer():
    footer = "The Fenwick Wire is solely responsible for all content."
    a, rm = run(paras(LEAD, TAIL, footer))
    assert rm == {"copyright-footer": [footer]}


def test_wire_contributor_line_with_place():
    line = "Fenwick Wire writer Jane Doe in Carrick contributed to this report."
    a, rm = run(paras(LEAD, TAIL, "___", line))
    assert rm == {"boilerplate": ["___"], "contributor-line": [line]}


@pytest.mark.parametrize("sentence", ["Updated figures published on Monday showed 40 homes were damaged.",
                                      "Published in 1998, the harbour history runs to 400 pages."])
def test_sentences_about_updates_kept(sentence):
    a, rm = run(paras(LEAD, sentence, TAIL))
    assert rm == {}
