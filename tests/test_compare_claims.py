"""Claims, agreements and exclusives on small hand-built annotated articles."""
from __future__ import annotations

import re

import numpy as np

from newsprism.compare import claims as C_
from newsprism.compare.context import build_context
from newsprism.compare.sources import count_sources, source_roots
from newsprism.model import AnnotatedArticle, Article, Mention, Sentence, Value
from newsprism.options import Options


def find_claims(anns, options):
    return C_.find_claims(build_context(anns, options))


def find_exclusives(anns, claims, options):
    return C_.find_exclusives(build_context(anns, options), claims)


find_agreements = C_.find_agreements

LEX = Options(use_embeddings=False)


def make(aid, outlet, text, *, names=(), duplicate_of=None, vectors=None, values=()):
    article = Article(id=aid, source=f"{aid}.txt", text=text, title=None, outlet=outlet,
                      outlet_from="field", published=None, published_from=None,
                      duplicate_of=duplicate_of)
    sents, pos = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text):
        sents.append(Sentence(pos, m.start()))
        pos = m.end()
    sents.append(Sentence(pos, len(text)))

    def sent_of(i):
        return next(k for k, s in enumerate(sents) if s.start <= i <= s.end)

    ments = [Mention(m.start(), m.end(), n, "PERSON", sent_of(m.start()))
             for n in names for m in re.finditer(re.escape(n), text)]
    vals = []
    for w, kind, v in values:
        i = text.index(w)
        vals.append(Value(i, i + len(w), w, kind, v, None, None, None, None, False, sent_of(i)))
    return AnnotatedArticle(article=article, sentences=sents, entities=ments, values=vals,
                            vectors=vectors)


A = make("a", "Alpha", "The dam gate jammed open early Monday. Mayor Priya Venn demanded answers "
         "from the water authority. Ruth Calloway ordered an internal review of the hoist chains.",
         names=["Priya Venn", "Ruth Calloway"])
B = make("b", "Beta", "Early Monday the dam gate jammed open. The weather was mild. "
         "Priya Venn, the mayor, demanded answers from the water authority.", names=["Priya Venn"])
C = make("c", "Gamma", "Early Monday the dam gate jammed open. The weather was mild.",
         duplicate_of="b")


def test_lexical_claims_align_paraphrases_one_sentence_per_article():
    claims = find_claims([A, B], LEX)
    multi = [c for c in claims if len(c.articles) > 1]
    assert len(multi) == 2
    for c in multi:
        assert sorted(c.articles) == ["a", "b"] and c.sources == 2
        assert len({e.article for e in c.evidence}) == len(c.evidence)
        for e in c.evidence:
            text = {"a": A, "b": B}[e.article].article.text
            assert text[e.start:e.end] == e.text
    # every sentence is in exactly one claim (singletons too)
    assert sum(len(c.evidence) for c in claims) == len(A.sentences) + len(B.sentences)
    assert {c.id for c in claims} == {f"claim-{k}" for k in range(1, len(claims) + 1)}


def test_duplicates_and_same_outlet_count_once():
    roots = source_roots([A.article, B.article, C.article])
    assert roots["c"] == roots["b"]
    assert count_sources(["b", "c"], roots) == 1
    claims = find_claims([B, C], LEX)
    jam = next(c for c in claims if "jammed" in c.text)
    assert sorted(jam.articles) == ["b", "c"] and jam.sources == 1
    assert find_agreements(claims) == []


def test_agreements_sorted_by_sources():
    claims = find_claims([A, B, C], LEX)
    agreements = find_agreements(claims)
    assert agreements and all(c.sources >= 2 for c in agreements)
    assert [c.sources for c in agreements] == sorted((c.sources for c in agreements), reverse=True)


def test_vectors_are_used_when_present_and_threshold_applies():
    va = np.array([[1.0, 0.0], [0.0, 1.0]])
    vb = np.array([[0.96, 0.28], [0.6, 0.8]])
    a = make("a", "Alpha", "First thing here. Second thing here.", vectors=va)
    b = make("b", "Beta", "Quite other words. Nothing shared at all.", vectors=vb)
    claims = find_claims([a, b], Options(claim_similarity=0.9))
    pairs = [sorted(e.text for e in c.evidence) for c in claims if len(c.evidence) == 2]
    assert pairs == [["First thing here.", "Quite other words."]]


def test_claims_are_deterministic():
    one = find_claims([A, B, C], LEX)
    two = find_claims([A, B, C], LEX)
    assert one == two


def test_exclusives_are_salient_single_source_sentences():
    claims = find_claims([A, B], LEX)
    ex = find_exclusives([A, B], claims, LEX)
    texts = [e.text for e in ex]
    assert any("internal review" in t for t in texts)
    assert not any("weather" in t for t in texts)  # no entity, value or quote: trivia
    for e in ex:
        claim = next(c for c in claims if c.evidence[0].text == e.text)
        assert claim.sources == 1 and e.outlet == "Alpha" and 0 < e.salience <= 1


def test_exclusives_cap_per_article():
    claims = find_claims([A, B], LEX)
    assert find_exclusives([A, B], claims, Options(use_embeddings=False, max_exclusives_per_article=0)) == []


def test_empty_story():
    assert find_claims([], LEX) == []
    assert find_exclusives([], [], LEX) == []


def test_one_source_has_no_exclusives():
    claims = find_claims([B, C], LEX)  # C is a copy of B
    assert find_exclusives([B, C], claims, LEX) == []


def test_exclusive_names_the_original_not_the_copy():
    d = make("d", "Delta", "Mayor Priya Venn opened the new flood barrier in Lowmere.", names=["Priya Venn"])
    e = make("e", "Echo", "Mayor Priya Venn opened the new flood barrier in Lowmere.", names=["Priya Venn"],
             duplicate_of="d")
    claims = find_claims([e, d, A], LEX)
    ex = [x for x in find_exclusives([e, d, A], claims, LEX) if "flood barrier" in x.text]
    assert len(ex) == 1 and ex[0].article == "d" and ex[0].outlet == "Delta"
