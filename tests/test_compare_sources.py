"""Independent sources: an article that copies part of another counts as the same source."""
from __future__ import annotations

import random
import re

from newsprism.compare import claims as C_
from newsprism.compare.context import build_context
from newsprism.compare.sources import copied_pairs, count_sources, source_roots
from newsprism.model import AnnotatedArticle, Article, Sentence
from newsprism.options import Options

_WORDS = ("river council bridge flood mayor valley gate water storm road school vote budget rail "
          "harbour court plan report crew town league price market tower field station").split()


def prose(seed: int, sentences: int) -> list[str]:
    """Made-up sentences of twelve words (seeded), each different."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(sentences)]


def art(aid: str, outlet: str, sentences: list[str]) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=" ".join(sentences), title=None, outlet=outlet,
                   outlet_from="field", published=None, published_from=None)


def test_a_report_mostly_contained_in_another_is_the_same_source():
    long = prose(1, 30)
    short = long[5:17] + prose(2, 3)  # twelve sentences copied, three of its own
    a, b = art("a", "Alpha", long), art("b", "Beta", short)
    roots = source_roots([a, b])
    assert roots["a"] == roots["b"] and count_sources(["a", "b"], roots) == 1


def test_a_long_run_of_the_same_sentences_is_a_copy():
    block = prose(3, 11)  # 132 words in the same order
    a = art("a", "Alpha", prose(4, 40)[:20] + block + prose(4, 40)[20:])
    b = art("b", "Beta", prose(5, 40) + block)
    assert copied_pairs([a, b]) == [("a", "b")]


def test_one_shared_wire_paragraph_or_quote_is_not_a_copy():
    paragraph = prose(6, 4)  # 48 words both outlets quote
    a = art("a", "Alpha", prose(7, 25) + paragraph)
    b = art("b", "Beta", paragraph + prose(8, 25))
    roots = source_roots([a, b])
    assert roots["a"] != roots["b"] and copied_pairs([a, b]) == []


def _annotated(article: Article) -> AnnotatedArticle:
    sents = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", article.text)]
    return AnnotatedArticle(article=article, sentences=sents)


def test_a_fact_only_an_article_and_its_partial_copy_carry_is_no_agreement():
    own = prose(9, 20)
    fact = "The harbour gate failed on Tuesday after the storm."
    a = art("a", "Alpha", own + [fact])
    b = art("b", "Beta", own[8:] + [fact])  # a cut-down copy
    c = art("c", "Gamma", prose(10, 12) + [fact])
    ctx = build_context([_annotated(x) for x in (a, b, c)], Options(use_embeddings=False))
    claim = next(cl for cl in C_.find_claims(ctx) if cl.text == fact)
    assert sorted(claim.articles) == ["a", "b", "c"] and claim.sources == 2
    ctx2 = build_context([_annotated(x) for x in (a, b)], Options(use_embeddings=False))
    assert C_.find_agreements(C_.find_claims(ctx2)) == []


def test_a_partial_copy_counts_once_but_may_still_contradict_what_it_copies():
    """A copy confirms nothing (one independent source), but a copy that changes a fact of
    the report it copies (an edited or updated wire story) is a discrepancy to show: the
    contradiction detectors' roots keep the two apart."""
    own = prose(11, 20)
    a = art("a", "Alpha", own)
    b = art("b", "Beta", own[6:])
    ctx = build_context([_annotated(x) for x in (a, b)], Options(use_embeddings=False))
    assert ctx.independent["a"] == ctx.independent["b"]
    assert ctx.root(0) != ctx.root(1)
    same_outlet = build_context([_annotated(x) for x in (a, art("c", "Alpha", prose(12, 5)))],
                                Options(use_embeddings=False))
    assert same_outlet.root(0) == same_outlet.root(1)
