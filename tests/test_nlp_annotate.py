"""nlp on hand-written news text (spaCy loaded once per session; embeddings off but one test)."""
from __future__ import annotations

import pytest

from newsprism.model import Article
from newsprism.nlp import annotate, annotate_many
from newsprism.options import Options

pytestmark = pytest.mark.slow

OPTS = Options(use_embeddings=False)


def art(text: str, published: str | None = "2022-11-12", id: str = "a1") -> Article:
    return Article(id=id, source=f"{id}.txt", text=text, title=None, outlet="Test Outlet",
                   outlet_from="test", published=published, published_from="test" if published else None)


@pytest.fixture(scope="module")
def story():
    text = (
        "Harbor Authority director Dana Whitfield, 54, resigned on Wednesday after a dispute with "
        "Gov. Ray Ostrowski. Whitfield had run port operations in Tacoma, Wash., and in Bismarck, N.D. "
        "Earlier she spent 12 years as a customs inspector in Dayton, Ohio.\n\n"
        "“I leave with my head high,” Whitfield said in a statement. "
        "The board approved her successor in a 7-2 vote late Friday.\n\n"
        "About 48,000 containers passed through the port in October, up 6.5% from the same month in 2021. "
        "In the fiscal year that ended Sept. 30, more than 510,000 containers passed through the port.\n\n"
        "The governor praised Whitfield’s nearly three decades of public service. "
        "He said she had been “relentless” about safety."
    )
    return annotate(art(text), OPTS)


def spans(ann, items):
    return [ann.article.text[x.start:x.end] for x in items]


def test_offsets_point_into_text(story):
    t = story.article.text
    for group in (story.entities, story.values, story.quotes, story.times):
        for x in group:
            assert t[x.start:x.end] == x.text
    for s in story.sentences:
        assert t[s.start:s.end] == t[s.start:s.end].strip() and s.end > s.start


def test_sentences_do_not_split_after_abbreviations(story):
    sents = spans(story, story.sentences)
    assert any("Gov. Ray Ostrowski." in s for s in sents)
    assert any("Tacoma, Wash., and in Bismarck, N.D." in s for s in sents)
    assert not any(s.startswith(("Ray Ostrowski", "and in Bismarck")) for s in sents)
    # a paragraph break always ends a sentence
    assert any(s.startswith("“I leave with my head high,”") for s in sents)


def test_entities(story):
    people = {m.text for m in story.entities if m.label == "PERSON"}
    assert "Dana Whitfield" in people
    assert "Ray Ostrowski" in people  # title kept outside the span
    assert not any(p.endswith(("’s", "'s", "’")) for p in people)
    places = {m.text for m in story.entities if m.label == "GPE"}
    assert "Tacoma" in places


def test_age_with_subject(story):
    ages = [v for v in story.values if v.kind == "age"]
    assert [(v.value, v.subject) for v in ages] == [(54.0, "Dana Whitfield")]


def test_counts_with_periods(story):
    counts = {v.value: v for v in story.values if v.kind == "count"}
    monthly, yearly = counts[48000.0], counts[510000.0]
    assert monthly.unit == yearly.unit == "container"
    assert monthly.approximate and yearly.approximate
    assert monthly.period == "2022-10"
    assert yearly.period == "fiscal year ending 2022-09-30"
    pct = next(v for v in story.values if v.kind == "percent")
    assert pct.value == 6.5 and pct.period == "2022-10"


def test_tally_and_durations(story):
    tally = next(v for v in story.values if v.kind == "tally")
    assert tally.value == [7, 2] and tally.text == "7-2"
    durations = {v.text: v for v in story.values if v.kind == "duration"}
    assert durations["12 years"].value == pytest.approx(12 * 365.25)
    three = next(v for k, v in durations.items() if "three decades" in k)
    assert three.value == pytest.approx(30 * 365.25) and three.approximate
    assert three.subject == "Dana Whitfield" and three.attribute == "service"


def test_quotes_and_speakers(story):
    q = {x.text: x for x in story.quotes}
    assert q["I leave with my head high"].speaker == "Dana Whitfield"
    # a one-word quote governed by "He said": attributed through the pronoun
    assert q["relentless"].speaker is None  # "He" follows "The governor": unnamed, not guessed


def test_times_resolved(story):
    got = {t.text: (t.date, t.granularity) for t in story.times}
    assert got["Wednesday"] == ("2022-11-09", "day")
    assert got["late Friday"] == ("2022-11-11", "day")
    assert got["October"] == ("2022-10", "month")


def test_a_past_expression_stays_past_in_a_sentence_about_the_future():
    # published Saturday 2022-11-12 (art's default): "since Monday" looks back even though the
    # sentence's other clause is about the future; "on Tuesday" in a future clause looks forward
    ann = annotate(art("The council said crews had lowered the canal by a metre since Monday and expected "
                       "to reopen the towpath by the weekend. The board will meet on Tuesday."), OPTS)
    got = {t.text: t.date for t in ann.times}
    assert got["Monday"] == "2022-11-07"
    assert got["Tuesday"] == "2022-11-15"


def test_times_unresolved_without_date():
    ann = annotate(art("The council met on Tuesday and again last December, then in 2019.", published=None), OPTS)
    got = {t.text: t for t in ann.times}
    assert got["Tuesday"].date is None and got["Tuesday"].how.startswith("unresolved")
    assert got["last December"].date is None
    assert got["2019"].date == "2019" and got["2019"].how == "absolute"


def test_ages_in_other_forms():
    ann = annotate(art("The 47-year-old pilot Omar Reyes landed safely. His co-pilot, aged 39, was Lena Park. "
                       "Mr. Tomas Ivey, age 71, watched."), OPTS)
    ages = sorted((v.value, v.subject) for v in ann.values if v.kind == "age")
    assert (47.0, "Omar Reyes") in ages
    assert (71.0, "Tomas Ivey") in ages
    assert any(a == 39.0 for a, _ in ages)


def test_quote_attribution_forms():
    text = (
        "“The water is safe,” said Mayor Ilse Brandt. "
        "Engineer Paul Okafor told reporters: “We tested every pipe.” "
        "According to Brandt, the tests took a week. "
        "The plan was called “bold” by some."
    )
    ann = annotate(art(text), OPTS)
    q = {x.text: x.speaker for x in ann.quotes}
    assert q["The water is safe"] == "Ilse Brandt"
    assert q["We tested every pipe."] == "Paul Okafor"
    assert q["bold"] is None


def test_annotate_many_with_embeddings_and_progress():
    calls = []
    anns = annotate_many([art("One sentence here. Another one there.", id="x"),
                          art("A third sentence.", id="y")], Options(),
                         progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert [a.article.id for a in anns] == ["x", "y"]
    assert anns[0].vectors.shape == (2, 384) and anns[1].vectors.shape == (1, 384)
    import numpy as np
    assert np.allclose(np.linalg.norm(anns[0].vectors, axis=1), 1.0, atol=1e-4)
    assert ("annotate", 2, 2) in calls


def test_empty_article():
    ann = annotate(art(""), OPTS)
    assert ann.sentences == [] and ann.values == [] and ann.quotes == []


def test_long_article_is_parsed_in_chunks(monkeypatch):
    import importlib

    annotate_mod = importlib.import_module("newsprism.nlp.annotate")  # the module, not the function

    monkeypatch.setattr(annotate_mod, "_CHUNK_CHARS", 200)
    para = "Mayor Ilse Brandt, 52, opened the bridge on Friday. About 300 people watched."
    text = "\n\n".join(f"{para} Part {i}." for i in range(8))
    assert "".join(annotate_mod._chunks(text)) == text and len(annotate_mod._chunks(text)) > 1
    ann = annotate(art(text), OPTS)
    assert len(ann.sentences) == 24
    assert [v.value for v in ann.values if v.kind == "age"] == [52.0] * 8
    for x in ann.values:
        assert text[x.start:x.end] == x.text
    # one run-on "sentence" longer than a chunk (no sentence punctuation) is cut too
    run_on = " ".join(f"Mayor Ilse Brandt opened bridge number {i} and crowds cheered" for i in range(12))
    assert len(annotate_mod._pieces(run_on)) > 1 and "".join(annotate_mod._pieces(run_on)) == run_on
    ann = annotate(art(run_on), OPTS)
    assert ann.sentences and ann.sentences[-1].end == len(run_on)
    assert {run_on[m.start:m.end] for m in ann.entities} >= {"Ilse Brandt"}


def test_each_distinct_sentence_is_parsed_once_per_story(monkeypatch):
    import importlib

    annotate_mod = importlib.import_module("newsprism.nlp.annotate")
    nlp = annotate_mod.models.spacy_pipeline(OPTS)
    seen: list[str] = []

    class Spy:  # the real pipeline, recording what it is asked to parse
        def pipe(self, texts, **kw):
            texts = list(texts)
            seen.extend(texts)
            return nlp.pipe(texts, **kw)

        def make_doc(self, text):
            return nlp.make_doc(text)

    monkeypatch.setattr(annotate_mod.models, "spacy_pipeline", lambda options=None: Spy())
    shared = "Harbor director Dana Whitfield, 54, resigned on Wednesday in Tacoma, Wash."
    first = f"{shared} The board met late Friday.\n\nAbout 48,000 containers passed through the port."
    second = f"Crews worked all night. {shared} The board met late Friday."
    anns = annotate_many([art(first, id="p"), art(second, id="q"), art(first, id="r")], OPTS)
    assert len(seen) == len(set(seen)) == 5  # 8 pieces (sentence + the space after it), 5 distinct
    assert sum(p.strip() == shared for p in seen) == 1
    # the copy and the original hold the same annotations; a shared sentence reads alike
    assert anns[0].values == anns[2].values and anns[0].entities == anns[2].entities
    in_shared = []
    for an in anns[:2]:
        at = an.article.text.index(shared)
        in_shared.append([(v.kind, v.value, v.start - at) for v in an.values
                          if at <= v.start < at + len(shared)])
    assert in_shared[0] == in_shared[1] and ("age", 54.0) in [v[:2] for v in in_shared[0]]
    for an in anns[:2]:
        assert [an.article.text[s.start:s.end] for s in an.sentences].count(shared) == 1


def test_deterministic(story):
    again = annotate(story.article, OPTS)
    assert again.values == story.values and again.quotes == story.quotes and again.entities == story.entities


def test_multi_paragraph_quote_shares_its_speaker():
    text = ("The mayor spoke at length.\n\n“We planned this crossing for a decade and it shows.\n\n"
            "“Nobody will wait in traffic here again,” Mayor Ilse Brandt said.")
    ann = annotate(art(text), OPTS)
    speakers = {q.text: q.speaker for q in ann.quotes}
    assert speakers == {"We planned this crossing for a decade and it shows.": "Ilse Brandt",
                        "Nobody will wait in traffic here again": "Ilse Brandt"}


def test_repeated_sentences_share_one_embedding():
    anns = annotate_many([art("The gate failed at dawn. Crews worked all night.", id="p"),
                          art("Crews worked all night. Nobody was hurt.", id="q")], Options())
    import numpy as np

    assert np.allclose(anns[0].vectors[1], anns[1].vectors[0])
    assert not np.allclose(anns[0].vectors[0], anns[1].vectors[1])


def test_time_since_an_event():
    ann = annotate(art("A man admitted the killing 35 years ago of a student."), OPTS)
    (v,) = [v for v in ann.values if v.kind == "duration"]
    assert v.text == "35 years ago" and v.value == pytest.approx(35 * 365.25)
    assert v.attribute == "time since killing"
    assert [(t.text, t.date) for t in ann.times] == [("35 years ago", "1987")]


def test_money_and_percent():
    ann = annotate(art("The city expects sales of $4.5 million this year, up 12 percent, and paid a $300 fine."), OPTS)
    money = {v.text: v for v in ann.values if v.kind == "money"}
    assert money["$4.5 million"].value == 4_500_000.0 and money["$4.5 million"].unit == "USD"
    assert money["$4.5 million"].attribute == "sale" and money["$4.5 million"].period == "2022"
    assert money["$300"].attribute == "fine"
    (pct,) = [v for v in ann.values if v.kind == "percent"]
    assert pct.value == 12.0 and pct.attribute == "increase"


def test_hyphenated_money_scale_is_one_amount():
    """"$4.2-billion" (a style some papers use) is the same amount as "$4.2 billion"."""
    opt = Options(use_embeddings=False)
    for text in ("Her fortune was put at $4.2-billion by the magazine.",
                 "Her fortune was put at $4.2 billion by the magazine."):
        money = [v for v in annotate(art(text), opt).values if v.kind == "money"]
        assert [(v.text, v.value) for v in money] == [(text[text.index("$"):text.index("billion") + 7],
                                                       4_200_000_000.0)]
