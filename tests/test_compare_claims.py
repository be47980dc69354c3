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


# ------------------------------------------------------------------------------------------
# what can be a claim, and when aligned sentences do not agree


def test_datelines_lone_quote_marks_and_contentless_sentences_are_never_claims():
    assert not C_.is_claimable("WASHINGTON \u2014")
    assert not C_.is_claimable("LIMA, Dec 1 (Reuters) -")
    assert not C_.is_claimable("\u201d")
    assert not C_.is_claimable("He said.")
    assert C_.is_claimable("WASHINGTON \u2014 The Senate passed the water bill on Tuesday.")
    a = make("a", "Alpha", "WASHINGTON \u2014 The Senate passed the water bill. He said so.")
    b = make("b", "Beta", "WASHINGTON \u2014 Senators approved a budget. He said so.")
    claims = find_claims([a, b], LEX)
    agreed = find_agreements(claims)
    assert not any(re.fullmatch(r"(WASHINGTON \u2014|He said so\.)", c.text) for c in agreed)


def test_agreement_refused_when_a_figure_differs():
    text = "Officials said {} residents of Lowmere were evacuated from the valley overnight."
    a = make("a", "Alpha", text.format("1,200"), values=[("1,200 residents", "count", 1200.0)])
    b = make("b", "Beta", text.format("1,500"), values=[("1,500 residents", "count", 1500.0)])
    c = make("c", "Gamma", text.format("1,200"), values=[("1,200 residents", "count", 1200.0)])
    for ann in (a, b, c):
        ann.values[0].unit = "residents"
    claims = find_claims([a, b, c], LEX)
    agreed = find_agreements(claims)
    assert len(agreed) == 1 and sorted(agreed[0].articles) == ["a", "c"]  # never b with 1,500
    assert all(not {"a", "b"} <= set(cl.articles) for cl in claims)


def test_a_claim_holding_two_sides_of_a_contradiction_is_not_an_agreement():
    from newsprism.model import Contradiction, ContradictionSide, Evidence

    a = make("a", "Alpha", "Magnus served as police chief in Richmond, Calif. for years.")
    b = make("b", "Beta", "Magnus served as police chief in Richmond, N.D. for years.")
    claims = find_claims([a, b], LEX)
    joint = [cl for cl in claims if set(cl.articles) == {"a", "b"}]
    assert joint  # the sentences read alike
    sides = [ContradictionSide(v, v, [x.article.id], [x.article.outlet],
                               [Evidence.of(x.article, x.article.text.index(v), x.article.text.index(v) + len(v))])
             for x, v in ((a, "Richmond, Calif."), (b, "Richmond, N.D."))]
    place = Contradiction("place", "Magnus", "state of Richmond", sides, "placed in different states")
    assert find_agreements(claims, [place]) == [c for c in find_agreements(claims) if c not in joint]


# ------------------------------------------------------------------------------------------
# each outlet listed stands behind the fact shown (issue 8: topic matches, credits, fragments)


def _unit(*parts):
    """A unit vector from (dimension, weight) pairs: hand-set sentence similarities."""
    v = np.zeros(8)
    for d, w in parts:
        v[d] = w
    return v / np.linalg.norm(v)


EMB = Options()  # cosine threshold 0.72


def test_two_facts_on_one_topic_are_not_one_claim():
    # "given as a pill" and "cut hospital stays" read alike (0.8) but share only the story's
    # topic word; the approval, said two ways at the same similarity, shares what is specific
    a = make("a", "Alpha", "The new drug was approved by regulators on Friday. The drug is given as a pill. "
             "Doctors welcomed the drug.",
             vectors=np.array([_unit((0, 1)), _unit((2, 1)), _unit((4, 1))]))
    b = make("b", "Beta", "The drug cut hospital stays by half in a large trial. Regulators approved the new "
             "drug on Friday. Critics doubted the drug.",
             vectors=np.array([_unit((2, .8), (3, .6)), _unit((0, .8), (1, .6)), _unit((5, 1))]))
    claims = find_claims([a, b], EMB)
    joint = [sorted(e.text for e in c.evidence) for c in claims if len(c.evidence) == 2]
    assert joint == [["Regulators approved the new drug on Friday.",
                      "The new drug was approved by regulators on Friday."]]


def test_an_outlet_joined_through_another_sentence_is_not_credited():
    # B says both things; C shares only B's second half (the storm's speed), not the fact shown
    a = make("a", "Alpha", "The storm could become a Category 4 hurricane. The storm hit the islands on Sunday.",
             vectors=np.array([_unit((0, 1)), _unit((3, 1))]))
    b = make("b", "Beta", "The storm could become a Category 4 hurricane, moving slowly at 12 mph. "
             "The storm hit the islands on Sunday.",
             vectors=np.array([_unit((0, .85), (1, .527)), _unit((3, 1))]))
    c = make("c", "Gamma", "The storm is moving slowly at 12 mph. The storm hit the islands on Sunday.",
             vectors=np.array([_unit((0, .6), (1, .55), (2, .581)), _unit((3, 1))]))
    claims = find_claims([a, b, c], EMB)
    cat4 = next(cl for cl in claims if "Category 4" in cl.text)
    assert cat4.text == "The storm could become a Category 4 hurricane."
    assert sorted(cat4.articles) == ["a", "b"]
    # the fact all three state is still an agreement of three
    hit = next(cl for cl in claims if "hit the islands" in cl.text)
    assert hit.sources == 3


def test_bylines_and_picture_credits_are_never_claims():
    assert C_.is_credit("Staff writers Ann Lee, Bo Park, Carl D. Ruiz and Dee Moss contributed to this report.")
    assert C_.is_credit("(Reporting by Ann Lee; Editing by Bo Park)")
    assert C_.is_credit("Jon Ruiz contributed reporting from Lima.")
    assert C_.is_credit("Coastal Studies Program, Marlow Institute")  # a picture credit line
    assert not C_.is_claimable("Coastal Studies Program, Marlow Institute")
    # sentences that merely mention contributions, or lack a final stop, still count
    assert not C_.is_credit("Volunteers contributed research to the flood study, the council said.")
    assert not C_.is_credit("Ruiz contributed $5,000 to the campaign.")
    assert C_.is_claimable("Ann Lee went on to say the bridge will reopen in May")
    byline = "Staff writers Ann Lee and Carl D. Ruiz contributed to this report."
    a = make("a", "Alpha", "The bridge reopened on Monday. " + byline)
    b = make("b", "Beta", "The old bridge reopened Monday. " + byline)
    agreed = find_agreements(find_claims([a, b], LEX))
    assert [c.text for c in agreed if "contributed" in c.text] == []
    assert any("reopened" in c.text for c in agreed)


def test_a_cut_off_sentence_is_not_the_wording_shown():
    assert C_.is_cut_off("The council said it would close the bridge...")
    assert C_.is_cut_off("The council said it would close the bridge\u2026")
    assert not C_.is_cut_off("The council said it would close the bridge.")
    a = make("a", "Alpha", "The council voted to close the Tarn bridge to lorries on Monday...")
    b = make("b", "Beta", "The council voted to close the Tarn bridge to lorries on Monday, officials said.")
    agreed = find_agreements(find_claims([a, b], LEX))
    assert [c.text for c in agreed] == [b.article.text]
