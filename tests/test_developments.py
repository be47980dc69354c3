"""Developments: a story that changed over time is labelled, ordered, and never a contradiction."""
from __future__ import annotations

import re

import pytest

from newsprism.compare.contradictions import find_contradictions
from newsprism.compare import developments as D_
from newsprism.compare.context import build_context
from newsprism.compare.developments import status_of_sentence
from newsprism.model import AnnotatedArticle, Article, Mention, Sentence
from newsprism.options import Options


def find_developments(anns, index, options):
    return D_.find_developments(build_context(anns, options, entities=index))

OPT = Options(use_embeddings=False)


class StubIndex:
    def canonical(self, name):
        return {"Calloway": "Ruth Calloway", "Ms Calloway": "Ruth Calloway"}.get(name, name)


def make(aid, outlet, text, published=None, names=("Ruth Calloway", "Ms Calloway", "Calloway")):
    article = Article(id=aid, source=f"{aid}.txt", text=text, title=None, outlet=outlet,
                      outlet_from="field", published=published, published_from=None)
    sents, pos = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text):
        sents.append(Sentence(pos, m.start()))
        pos = m.end()
    sents.append(Sentence(pos, len(text)))
    ments = []
    for n in names:
        for m in re.finditer(re.escape(n), text):
            if any(x.start <= m.start() < x.end for x in ments):
                continue
            k = next(i for i, s in enumerate(sents) if s.start <= m.start() <= s.end)
            ments.append(Mention(m.start(), m.end(), n, "PERSON", k))
    return AnnotatedArticle(article=article, sentences=sents, entities=ments)


@pytest.mark.parametrize("sentence, label", [
    ("Calloway refused on Wednesday to resign.", "refusing to resign"),
    ("She is refusing to step down from her job.", "refusing to resign"),
    ("He said he won't resign.", "refusing to resign"),
    ("He said he was staying put.", "refusing to resign"),
    ("Ms Calloway has refused and defended her work.", "refusing to resign"),
    ("She was asked to resign by the minister.", "asked to resign"),
    ("The minister asked for her resignation.", "asked to resign"),
    ("Ruth Calloway resigned late Saturday.", "resigned"),
    ("She submitted her resignation on Saturday.", "resigned"),
    ("Calloway stepped down late Saturday.", "resigned"),
    ("The minister accepted Calloway's resignation.", "resigned"),
    # the most advanced status wins in one sentence
    ("She resigned a day after saying she was staying put.", "resigned"),
])
def test_status_lexicon(sentence, label):
    hit = status_of_sentence(sentence)
    assert hit is not None and hit[1] == label


@pytest.mark.parametrize("sentence", [
    "She had not resigned by Friday.",
    "He previously served in Tucson, resigning after a death in custody.",
    "She previously resigned from a post in 2019.",
    "The weather was mild.",
])
def test_status_lexicon_ignores(sentence):
    hit = status_of_sentence(sentence)
    assert hit is None or hit[1] != "resigned"


EARLY = make("e", "Early Post", "Ruth Calloway refused on Wednesday to resign. She was asked to go.",
             published="2025-03-12")
UNDATED = make("u", "Undated Daily", "Ms Calloway has refused to do so, reports say.")
LATE = make("l", "Late Times", "Ruth Calloway resigned late Saturday, a day after saying she "
            "was staying put.", published="2025-03-16")


def test_refusal_then_resignation_is_a_development_in_order():
    devs = find_developments([LATE, UNDATED, EARLY], StubIndex(), OPT)
    assert len(devs) == 1
    d = devs[0]
    assert d.subject == "Ruth Calloway" and d.attribute == "status"
    assert [s.text for s in d.steps] == ["refusing to resign", "resigned"]
    assert d.steps[0].articles == ["e", "u"]  # dated first, the undated one after
    assert d.steps[0].published == "2025-03-12" and d.steps[1].published == "2025-03-16"
    assert d.steps[1].outlets == ["Late Times"]
    assert "Undated Daily" in d.explanation and "publication date" in d.explanation
    for step in d.steps:
        for ev in step.evidence:
            art = {"e": EARLY, "u": UNDATED, "l": LATE}[ev.article].article
            assert art.text[ev.start:ev.end] == ev.text


def test_development_is_not_a_contradiction():
    cons, diffs, devs = find_contradictions([EARLY, UNDATED, LATE], StubIndex(), OPT)
    assert cons == [] and len(devs) == 1


def test_same_status_everywhere_is_no_development():
    assert find_developments([EARLY, UNDATED], StubIndex(), OPT) == []


def test_one_source_alone_is_no_development():
    copy = make("c", "Early Post", LATE.article.text, published="2025-03-16")
    assert find_developments([EARLY, copy], StubIndex(), OPT) == []


def test_another_persons_resignation_is_not_the_subjects_development():
    other = make("o", "Other Paper", "Ruth Calloway is refusing to resign. "
                 "Mayor Priya Venn resigned last year over a budget row.",
                 published="2025-03-13", names=("Ruth Calloway", "Priya Venn"))
    assert find_developments([EARLY, other], StubIndex(), OPT) == []
