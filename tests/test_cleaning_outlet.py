"""Outlet, title, date and id decisions of clean(), on hand-written (fictional) text."""
from __future__ import annotations

import pytest

from newsprism.cleaning import article_id, clean, outlet_from_domain
from newsprism.cleaning.outlet import decide_outlet, from_filename, self_reference_scores
from newsprism.model import RawDocument

BODY = ("The council of Fenwick voted on Monday to close the old harbour bridge for repairs.\n\n"
        "Repairs are expected to take at least six weeks, the council said.")


def doc(text: str = BODY, **fields) -> RawDocument:
    return RawDocument(source=fields.pop("source", "stories/fenwick_01.txt"), shape="text", text=text, **fields)


def outlet_of(text: str, **fields) -> tuple[str, str]:
    a = clean(doc(text, **fields))
    return a.outlet, a.outlet_from


# --- order of evidence ------------------------------------------------------------------------


def test_field_wins():
    assert outlet_of(BODY, outlet="Fenwick Gazette", outlet_from="field:source",
                     url="https://www.nbcnews.com/x") == ("Fenwick Gazette", "field")


def test_field_keeps_the_sources_own_spelling_and_html_meta_is_said():
    assert outlet_of(BODY, outlet="The Harbour Times", outlet_from="html-meta") == ("The Harbour Times", "html-meta")


def test_field_with_a_domain_is_mapped():
    assert outlet_of(BODY, outlet="washingtonpost.com", outlet_from="field:site") == ("The Washington Post", "field")


@pytest.mark.parametrize("url,name", [
    ("https://www.nbcnews.com/politics/story-123", "NBC News"),
    ("https://www.bbc.co.uk/news/world-1", "BBC"),
    ("https://edition.cnn.com/2024/05/02/x.html", "CNN"),
    ("https://news.fenwick-gazette.co.uk/a/b", "fenwick-gazette.co.uk"),
])
def test_url(url, name):
    assert outlet_of(BODY, url=url) == (name, "url")


def test_source_that_is_a_url():
    assert outlet_of(BODY, source="https://www.latimes.com/world/story") == ("Los Angeles Times", "url")


def test_copyright_in_removed_footer():
    text = BODY + "\n\n\u00a9 2024 Fenwick Gazette. All rights reserved."
    a = clean(doc(text))
    assert (a.outlet, a.outlet_from) == ("Fenwick Gazette", "copyright")
    assert "\u00a9" not in a.text


def test_copyright_beats_a_self_reference_phrasing():
    text = BODY + " The mayor told the Harbour Times he would stay.\n\n\u00a9 2024 Fenwick Gazette."
    assert outlet_of(text) == ("Fenwick Gazette", "copyright")


def test_copyright_of_a_known_company_is_canonical():
    assert outlet_of(BODY + "\n\nCopyright 2024 NBCUniversal Media, LLC") == ("NBC News", "copyright")


@pytest.mark.parametrize("sentence,name", [
    ("The Fenwick Gazette could not independently verify the video.", "Fenwick Gazette"),
    ("In a statement to the Washington Post, the mayor said he would stay.", "The Washington Post"),
    ("An official told NBC News the bridge would reopen. NBC News has not confirmed the report.", "NBC News"),
    ("The Harbour Herald has reached out to the council for comment.", "Harbour Herald"),
])
def test_self_reference(sentence, name):
    assert outlet_of(BODY + " " + sentence) == (name, "self-reference")


@pytest.mark.parametrize("sentence", [
    # citations of another outlet, in the shapes real reports use
    "The mayor had told the Harbour Times that he would stay, after the paper was the first to report the plan.",
    "The Harbour Times was first to report that the mayor had been asked to resign.",
    "According to the Harbour Times, the pier was cracked.",
    "The Harbour Times reported that the pier was cracked, and the AP said the same.",
    "\u201cWe will stay,\u201d the mayor told the Harbour Times newspaper.",
    # issue 9: "told X", "obtained by X" are how rivals cite X: never the outlet on their own
    "An NWA spokesperson told the Fenwick Gazette that the pier was safe.",
    "Documents seen by the Harbour Herald show the pier was cracked.",
    "Emails obtained by the Harbour Herald show the pier was cracked. The mayor told the Harbour Herald so.",
    "The Harbour Times reported on Monday that the pier was cracked.",
])
def test_citations_of_other_outlets_fall_back_to_the_file_name(sentence):
    assert outlet_of(BODY + " " + sentence) == ("fenwick_01", "filename")


def test_a_tie_falls_back_to_the_file_name():
    text = BODY + " The mayor told the Harbour Times he would stay. He told the Fenwick Gazette the same."
    assert outlet_of(text) == ("fenwick_01", "filename")


def test_people_are_not_outlets():
    assert outlet_of(BODY + " The mayor told Ruth Morrow he would stay.") == ("fenwick_01", "filename")


def test_scores_are_explained_by_phrasings():
    scores = self_reference_scores("An official told NBC News the bridge would reopen. NBC News could "
                                   "not verify it. The Harbour Times was first to report the plan.")
    assert scores["NBC News"] > 0 > scores["Harbour Times"]


@pytest.mark.parametrize("source,name", [
    ("dir/000_ab12.txt", "000_ab12"), ("a/b/story.html.gz", "story"), ("feed.jsonl#3", "feed#3"),
    ("-", "stdin"), ("noext", "noext"),
])
def test_from_filename(source, name):
    assert from_filename(source) == name


def test_decide_outlet_direct():
    assert decide_outlet(field=None, field_from=None, url=None, source="x.txt", text="Nothing here.",
                         removed=[]) == ("x", "filename")
    assert outlet_from_domain("https://www.theguardian.com/world") == "The Guardian"
    assert outlet_from_domain(None) is None


# --- title, date, id -----------------------------------------------------------------------------


def test_title_from_source():
    a = clean(doc(title="  Fenwick   closes harbour bridge "))
    assert (a.title, a.title_from) == ("Fenwick closes harbour bridge", "source")


def test_title_derived_from_first_sentence_is_marked():
    a = clean(doc())
    assert a.title == "The council of Fenwick voted on Monday to close the old harbour bridge for repairs."
    assert a.title_from == "first-sentence"


def test_long_derived_title_is_shortened_at_a_word():
    long = "The council of Fenwick " + "and the harbour board " * 12 + "met on Monday."
    a = clean(doc(long))
    assert len(a.title) <= 100 and a.title.endswith("\u2026")
    assert long.startswith(a.title[:-1])


def test_title_repeated_as_first_paragraph_is_removed():
    a = clean(doc("Fenwick closes harbour bridge\n\n" + BODY, title="Fenwick closes harbour bridge"))
    assert a.text == BODY
    assert a.removals[0].reason == "boilerplate"


def test_date_is_never_invented():
    a = clean(doc())
    assert (a.published, a.published_from) == (None, None)
    a = clean(doc(published="2024-05-02", published_from="field:date"))
    assert (a.published, a.published_from) == ("2024-05-02", "field:date")


def test_id_is_stable_and_depends_on_source_and_text():
    a1, a2 = clean(doc()), clean(doc())
    assert a1.id == a2.id == article_id("stories/fenwick_01.txt", a1.text)
    assert len(a1.id) == 12 and int(a1.id, 16) >= 0
    assert clean(doc(source="other.txt")).id != a1.id


@pytest.mark.parametrize("text,name", [
    ("FENWICK (Reuters) - The harbour bridge will stay closed for six weeks, the council said.", "Reuters"),
    ("LONDON (CNN) \u2014 The harbour bridge will stay closed for six weeks, the council said.", "CNN"),
    (BODY + " The mayor did not respond to a request for comment from the Harbour Times.", "Harbour Times"),
])
def test_more_self_reference_shapes(text, name):
    assert outlet_of(text) == (name, "self-reference")


def test_byline_names_the_outlet():
    assert outlet_of("By Jane Doe, Harbour Times\n\n" + BODY) == ("Harbour Times", "self-reference")
    assert outlet_of("By Jane Doe and Sam Roe\n\n" + BODY) == ("fenwick_01", "filename")
