"""summarize: citations, contested points, loaded wording, lengths, determinism (hand-built story)."""
from __future__ import annotations

import re

import pytest

from newsprism.model import Article, StoryAnalysis
from newsprism.options import Options
from newsprism.summarize import ExtractiveSummarizer, Summarizer, summarize
from newsprism.summarize import text as tx
from test_report_support import build_story


def _summary(length="standard", story=None):
    return summarize(story or build_story(), Options(summary_length=length))


def _strip_attribution(text: str) -> str:
    return re.sub(r"^According to [^,]+, ", "", text)


def test_every_sentence_cites_articles_whose_text_supports_it():
    story = build_story()
    for length in ("brief", "standard", "long"):
        s = _summary(length, story)
        assert s.sentences
        for sent in s.sentences:
            assert sent.citations and sent.evidence
            cited_ids = {story.articles[n - 1].id for n in sent.citations}
            assert {e.article for e in sent.evidence} == cited_ids, sent
            for e in sent.evidence:
                assert story.article(e.article).text[e.start:e.end] == e.text
            if sent.contested and sent.text.startswith("Accounts differ"):
                continue  # generated; checked in the contested test
            body = _strip_attribution(sent.text)
            for n in sent.citations:
                theirs = " ".join(e.text for e in sent.evidence if e.article == story.articles[n - 1].id)
                assert tx.recall(body, theirs) >= 0.5 and tx.numbers_kept(body, theirs), (sent.text, theirs)


def test_a_cited_number_is_never_cited_to_an_outlet_that_gives_another_number():
    story = build_story()
    s = _summary("long", story)
    for sent in s.sentences:
        if "58" in sent.text and not sent.text.startswith("Accounts differ"):
            assert 2 not in sent.citations  # the Daily Ledger says 59


def test_contested_point_is_stated_as_contested_with_both_sides_evidence():
    story = build_story()
    s = _summary("brief", story)
    contested = [x for x in s.sentences if x.text.startswith("Accounts differ")]
    assert len(contested) == 1
    c = contested[0]
    assert c.contested
    assert "Dana Whitfield's age" in c.text
    assert "as 59 by one outlet" in c.text and "as 58 by three outlets" in c.text
    assert c.citations == [1, 2, 3, 4]
    texts = {(e.article, e.text) for e in c.evidence}
    assert ("art2", "59") in texts and ("art1", "58") in texts


def test_loaded_wording_of_one_outlet_is_not_adopted_as_fact():
    for length in ("brief", "standard", "long"):
        s = _summary(length)
        for sent in s.sentences:
            if tx.loaded_words(sent.text):
                assert sent.text.startswith("According to "), sent.text
            if sent.text.startswith("According to "):
                assert len(sent.citations) == 1  # the attributed wording is that outlet's alone
        assert not tx.loaded_words(s.headline)


def test_single_sourced_loaded_sentence_is_attributed():
    text = ("The embattled mayor of Eastford resigned on Monday after a long dispute with the council.\n\n"
            "The council will meet on Tuesday to choose an acting mayor for the town.")
    art = Article(id="x1", source="x.txt", text=text, title="Mayor resigns", outlet="Town Crier",
                  outlet_from="field", published="2025-01-06", published_from="header")
    s = summarize(StoryAnalysis(articles=[art]), Options(summary_length="brief"))
    first = [x.text for x in s.sentences if "mayor of Eastford" in x.text]
    assert first == ["According to Town Crier, the embattled mayor of Eastford resigned on Monday after a "
                     "long dispute with the council."]


def test_lengths_grow_and_match_the_option():
    n = {length: len(_summary(length).sentences) for length in ("brief", "standard", "long")}
    assert 3 <= n["brief"] <= 4
    assert 6 <= n["standard"] <= 9
    assert n["long"] > n["standard"]
    assert _summary("brief").length == "brief"


def test_no_repetition():
    s = _summary("long")
    texts = [x.text for x in s.sentences]
    assert len(set(texts)) == len(texts)
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            assert tx.recall(a, b) < 0.7 or a.startswith("Accounts differ") or b.startswith("Accounts differ")


def test_prefers_what_several_outlets_agree_on():
    s = _summary("brief")
    assert len(s.sentences[0].citations) >= 3  # the lead sentence rests on three outlets
    assert "resigned" in s.sentences[0].text


def test_deterministic():
    a = _summary("standard")
    b = _summary("standard")
    assert a == b


def test_headline_and_method():
    s = _summary()
    assert s.headline == "Water director resigns after dam crack"
    assert s.method == "extractive-consensus"


def test_copies_count_once_and_are_not_cited():
    story = build_story()
    src = story.articles[0]
    copy = Article(id="copy1", source="copy.txt", text=src.text, title=src.title, outlet="Syndicate",
                   outlet_from="field", published=src.published, published_from="header",
                   duplicate_of=src.id)
    story.articles.append(copy)
    s = summarize(story, Options())
    assert all(5 not in x.citations for x in s.sentences if not x.text.startswith("Accounts differ"))


def test_empty_and_bare_analyses():
    empty = summarize(StoryAnalysis(articles=[]), Options())
    assert empty.sentences == [] and empty.headline
    bare = StoryAnalysis(articles=build_story().articles)  # no claims, no annotations
    s = summarize(bare, Options(summary_length="brief"))
    assert len(s.sentences) == 3
    assert all(x.citations for x in s.sentences)


def test_summarizer_protocol_allows_another_method():
    class Echo:
        name = "echo"

        def __call__(self, analysis, options):
            return ExtractiveSummarizer()(analysis, options)

    assert isinstance(ExtractiveSummarizer(), Summarizer)
    assert isinstance(Echo(), Summarizer)
    assert summarize(build_story(), Options(), summarizer=Echo()).sentences


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith went to Washington. He arrived on Monday.", 2),
    ("The U.S. economy grew. Prices rose by 3.5 percent in Calif. last year.", 2),
    ("One paragraph without a stop\n\nAnother paragraph here.", 2),
])
def test_fallback_sentence_splitter(text, expected):
    spans = tx.split_sentences(text)
    assert len(spans) == expected
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]


@pytest.mark.slow
def test_seeds_summary_is_neutral_and_states_the_age_as_contested(seeds_dir):
    """The four real seed reports: one outlet's loaded wording ("embattled", "czar", "rages") is not
    adopted, the commissioner's age (61 vs 62) is stated as contested, every sentence is cited."""
    import newsprism

    analysis = newsprism.analyze(newsprism.read([str(seeds_dir)]))
    for length in ("brief", "standard", "long"):
        s = summarize(analysis, Options(summary_length=length))
        for sent in s.sentences:
            assert sent.citations and sent.evidence
            for w in ("embattled", "czar", "rages"):
                assert w not in sent.text.lower() or sent.text.startswith("According to "), sent.text
        for w in ("embattled", "czar", "rages"):
            assert w not in s.headline.lower()
        ages = [x for x in s.sentences if x.contested and "age" in x.text and "61" in x.text and "62" in x.text]
        assert len(ages) == 1, [x.text for x in s.sentences]
        assert any("resign" in x.text for x in s.sentences[:3])
