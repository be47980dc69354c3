"""A summary opens with a sentence that reads on its own, never with debris, and does not repeat
one event in other words (hand-written fiction)."""
from __future__ import annotations

import numpy as np
import pytest

from newsprism.model import AnnotatedArticle, Article, Sentence, StoryAnalysis
from newsprism.options import Options
from newsprism.summarize import summarize
from newsprism.summarize import text as tx
from newsprism.summarize.standalone import is_debris, opening_problem


def _art(n: int, text: str, outlet: str) -> Article:
    return Article(id=f"a{n}", source=f"{n}.txt", text=text, title=None, outlet=outlet, outlet_from="test",
                   published="2025-04-02", published_from="test")


@pytest.mark.parametrize("text,problem", [
    ("And the harbour master resigned on Tuesday after the inquiry.", "continuation"),
    ("But the harbour master said she would stay in office.", "continuation"),
    ("However, the board did not accept the resignation letter.", "continuation"),
    ("He said the port would reopen within a week.", "dangling reference"),
    ("These figures were published by the port authority.", "dangling reference"),
    ("The two men met at the harbour office on Monday.", "dangling reference"),
    ("the harbour master resigned on Tuesday after the inquiry.", "debris"),
    ("— and the ferries were cancelled for the rest of the week.", "debris"),
    ("Harbour master resigns after ferry inquiry", "debris"),
    ("\u201cIt\u2019s just that the port was never safe.", "part of a quotation"),  # opened, never closed
    ("It\u2019s the third harbour master to resign this year.", "dangling reference"),
    ("The harbour master resigned on Tuesday after the inquiry.", None),
    ("\u201cWe failed the town,\u201d the harbour master said on Tuesday.", None),
    ("Ferry crossings resumed on Friday, the operator said.", None),
])
def test_opening_problem(text, problem):
    assert opening_problem(text) == problem
    assert is_debris(text) is (problem == "debris")  # only debris is never used at all


def _story() -> StoryAnalysis:
    # the most central sentence of the coverage opens with "But"; a fragment repeats its words
    a = ("But the harbour master of Port Ellery resigned on Tuesday after the ferry inquiry found safety "
         "failures. The inquiry found that two ferries sailed with broken radios. Ferry crossings "
         "resumed on Friday, the operator said.")
    b = ("The harbour master of Port Ellery resigned on Tuesday after the ferry inquiry found safety "
         "failures at the port. And the harbour master of Port Ellery resigned on Tuesday, the town said. "
         "The inquiry found that two ferries had sailed with broken radios.")
    c = ("And the harbour master of Port Ellery resigned on Tuesday after the ferry inquiry found failures. "
         "the harbour master of Port Ellery resigned on Tuesday after the ferry inquiry. "
         "Two ferries had sailed with broken radios, the ferry inquiry found.")
    return StoryAnalysis(articles=[_art(1, a, "Ellery Gazette"), _art(2, b, "Coast Wire"), _art(3, c, "Bay Radio")])


@pytest.mark.parametrize("length", ["brief", "standard", "long"])
def test_summary_never_opens_with_a_conjunction_or_debris(length):
    s = summarize(_story(), Options(summary_length=length))
    assert s.sentences
    first = s.sentences[0].text
    assert not first.startswith(("And ", "But ", "the ")), first
    assert opening_problem(first) is None
    # a lower-case fragment is never used anywhere
    assert not any(x.text.startswith("the harbour") for x in s.sentences)


def _annotated(story: StoryAnalysis, vectors: dict[str, list[list[float]]]) -> StoryAnalysis:
    out = []
    for a in story.articles:
        sents = [Sentence(s, e) for s, e in tx.split_sentences(a.text)]
        out.append(AnnotatedArticle(article=a, sentences=sents, entities=[], quotes=[], times=[],
                                    vectors=np.array(vectors[a.id], dtype=float)))
    story.annotated = out
    return story


def test_a_paraphrase_of_a_chosen_sentence_is_not_chosen_again():
    # "has quit" and "stepped down": few shared words, but the sentence embeddings (given here as
    # the nlp stage would) say they tell one event; a different point stays
    a = "Port Ellery's harbour master has quit after the ferry inquiry. Ferry crossings resumed on Friday, the operator said."
    b = "The official in charge of the town's docks stepped down following the investigation into its boats. The inquiry found two ferries sailed with broken radios."
    story = StoryAnalysis(articles=[_art(1, a, "Ellery Gazette"), _art(2, b, "Coast Wire")])
    quit_, resumed = [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]
    stepped, radios = [0.85, 0.1, 0.5], [0.0, 0.2, 1.0]  # cosine 0.86 (quit), 0.51 (stepped)
    story = _annotated(story, {"a1": [quit_, resumed], "a2": [stepped, radios]})
    texts = [x.text for x in summarize(story, Options(summary_length="long")).sentences]
    assert sum(("has quit" in t) + ("stepped down" in t) for t in texts) == 1, texts
    assert any("radios" in t for t in texts) and any("resumed" in t for t in texts), texts


def test_one_resignation_is_told_once_and_the_request_before_it_stays():
    # no embeddings here: the event lexicon says "has quit" and "has resigned" are one event
    # about one person, and that "was asked to resign" is another event
    a = ("Harbour master Ines Varga has resigned, the Port Ellery council said on Sunday. "
         "Ferry crossings resumed on Friday, the operator said.")
    b = ("Ines Varga has quit as harbour master after the ferry inquiry, her office confirmed. "
         "Ines Varga was asked to resign by the transport minister last week, the council said.")
    c = ("The transport minister asked Ines Varga to resign last week, council officials said. "
         "Harbour master Ines Varga has resigned, the council said on Sunday.")
    story = StoryAnalysis(articles=[_art(1, a, "Ellery Gazette"), _art(2, b, "Coast Wire"),
                                    _art(3, c, "Bay Radio")])
    texts = [x.text for x in summarize(story, Options(summary_length="long")).sentences]
    told = [t for t in texts if "has resigned" in t or "has quit" in t]
    assert len(told) == 1, texts
    assert any("asked" in t and "resign" in t for t in texts), texts


def test_a_story_without_sentence_punctuation_still_gets_a_summary():
    a = "Harbour master resigns after the ferry inquiry found safety failures at Port Ellery"
    b = "Port Ellery harbour master resigns after ferry inquiry finds safety failures in the port"
    story = StoryAnalysis(articles=[_art(1, a, "Ellery Gazette"), _art(2, b, "Coast Wire")])
    s = summarize(story, Options(summary_length="brief"))
    assert s.sentences and "resigns" in s.sentences[0].text
