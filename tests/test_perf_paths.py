"""Start paths load only what a command needs; cross-story duplicate links never break analysis;
`add` uses one near-duplicate mechanism (the store's MinHash); ONNX embeddings match torch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import newsprism
from newsprism.analysis import resolve_duplicate_links
from newsprism.corpus import Store, add_inputs
from newsprism.errors import AnalysisError
from newsprism.model import Article
from newsprism.options import Options

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "spacy", "thinc", "sentence_transformers", "transformers", "onnxruntime", "sklearn")

# Runs one CLI command in this process and prints which heavy modules it imported (JSON, last line).
PROBE = textwrap.dedent("""
    import json, sys
    sys.argv = ["newsprism"] + sys.argv[1:]
    from newsprism.cli import main
    try:
        main(standalone_mode=False)
    except SystemExit:
        pass
    print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
""")


def _probe(args: list[str], heavy: tuple[str, ...], cwd: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([sys.executable, "-c", PROBE.format(heavy=heavy), *args], capture_output=True,
                         text=True, cwd=cwd, env=env, timeout=300)
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_import_newsprism_loads_no_numpy_or_model():
    code = ("import sys, newsprism, newsprism.cli, newsprism.summarize; "
            f"print([m for m in {HEAVY + ('numpy',)!r} if m in sys.modules])")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_read_stories_search_export_load_no_model(tmp_path, example_dir):
    # read: nothing heavy at all, not even numpy
    assert _probe(["read", str(example_dir)], HEAVY + ("numpy",), tmp_path) == []
    db = tmp_path / "c.db"
    with Store(db) as store:
        add_inputs(store, [str(example_dir)], Options())
    # reading the store needs neither numpy (MinHash, features, grouping: only to add) nor a model
    for args in (["stories", "--db", str(db)], ["search", "--db", str(db), "river"],
                 ["export", "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "x.jsonl")]):
        assert _probe(args, HEAVY + ("numpy",), tmp_path) == [], args
    assert (tmp_path / "x.jsonl").read_text(encoding="utf-8").count("\n") >= 2  # it did export


def test_every_public_corpus_name_resolves():
    import newsprism.corpus as corpus

    for name in corpus.__all__:
        assert getattr(corpus, name) is not None, name
    assert set(corpus.__all__) <= set(dir(corpus))
    with pytest.raises(AttributeError):
        corpus.no_such_name  # noqa: B018


def test_the_store_adds_and_groups_with_its_lazily_imported_parts(tmp_path):
    """The store imports numpy, features and grouping on first use: adding still links a copy and
    groups, and the LSH bands still cover the whole MinHash."""
    from newsprism.corpus import features, store as store_mod

    assert store_mod.LSH_BANDS * store_mod.LSH_ROWS == features.NUM_PERM
    original = REPORT.format(day="Monday", n=120, year=2019)
    arts = [_art("a", original, "2024-03-04", "Wire"),
            _art("b", original.replace("before dawn", "before sunrise"), "2024-03-04", "Herald"),
            _art("c", OTHER.format(n=120), "2024-03-04", "Daily")]
    with Store(tmp_path / "c.db", Options(use_embeddings=False)) as store:
        rep = store.add(arts)
        assert rep.added == 3 and rep.near_duplicates == 1
        assert store.article("b").duplicate_of == "a"
        assert len({store.article_story(x) for x in "abc"}) == 1
        assert [h.article_id for h in store.search("Halvorsen inquiry")] == ["c"]


@pytest.mark.slow
def test_analyze_with_the_onnx_export_never_imports_torch(tmp_path, example_dir):
    from newsprism.nlp import models

    if models.onnx_embedder(Options().embedding_model) is None:
        pytest.skip("no ONNX export (run: python -m newsprism.nlp.export_onnx; make install does)")
    heavy = ("torch", "transformers", "sentence_transformers", "spacy", "onnxruntime", "sklearn", "scipy.stats",
             "pandas")
    loaded = _probe(["analyze", str(example_dir), "-q", "-o", str(tmp_path / "r.json")], heavy, tmp_path)
    # spaCy's thinc did not pull torch in either; TF-IDF is nlp/tfidf.py, not scikit-learn (2-3 s)
    assert loaded == ["onnxruntime", "spacy"]
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["sentences"]


# ----------------------------------------------------------------------------------------------
# duplicate links that leave the story


def _art(aid: str, text: str, day: str, outlet: str, **kw) -> Article:
    return Article(id=aid, source=f"test:{aid}", text=text, title=text.split(".")[0], outlet=outlet,
                   outlet_from="field", published=day, published_from="field", **kw)


def test_resolve_duplicate_links_groups_copies_of_an_outside_original():
    arts = [_art("b", "x y z.", "2024-01-20", "B", duplicate_of="a"),
            _art("c", "x y z.", "2024-01-21", "C", duplicate_of="a"),
            _art("d", "other.", "2024-01-21", "D", duplicates=["gone"]),
            _art("e", "x y z.", "2024-01-22", "E", duplicate_of="c")]
    out = resolve_duplicate_links(arts)
    links = {a.id: (a.duplicate_of, a.duplicates) for a in out}
    assert links == {"b": (None, ["c"]), "c": ("b", []), "d": (None, []), "e": ("c", [])}
    assert arts[0].duplicate_of == "a" and arts[2].duplicates == ["gone"]  # the caller's objects kept
    same = [_art("b", "x.", "2024-01-20", "B")]
    assert resolve_duplicate_links(same) is same


REPORT = ("The dam above the valley town of Orlen gave way on {day}, officials said, and {n} homes "
          "were flooded before dawn. Rescue teams from three districts reached the town by boat. "
          "The regional governor, Petra Halvorsen, said the reservoir had been inspected in {year}. "
          "Engineers will examine the spillway once the water recedes, she added.")
OTHER = ("Rescuers in Orlen spent the night moving families to the school gym after the dam broke, "
         "and the governor Petra Halvorsen promised an inquiry into the inspection of the reservoir. "
         "Residents said the water rose within minutes and {n} homes were damaged.")


@pytest.mark.slow
def test_every_story_of_a_corpus_with_cross_story_copies_analyses(tmp_path):
    """A copy filed outside its original's story window starts a new story whose copy link points
    into another story: analysing that story must work (it raised KeyError in compare)."""
    original = REPORT.format(day="Monday", n=120, year=2019)
    arts = [_art("orig", original, "2024-03-04", "Wire"),
            _art("other1", OTHER.format(n=120), "2024-03-04", "Daily"),
            # the same wire text three weeks later, with one word changed: a near-duplicate
            _art("late-copy", original.replace("before dawn", "before sunrise"), "2024-03-25", "Herald"),
            _art("late-copy2", original.replace("before dawn", "at dawn"), "2024-03-25", "Courier"),
            _art("other2", OTHER.format(n=130), "2024-03-25", "Gazette")]
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add(arts)
        stories = [s.id for s in store.stories()]
        loaded = {sid: store.story_articles(sid) for sid in stories}
    cross = [a for sid, items in loaded.items() for a in items
             if a.duplicate_of and a.duplicate_of not in {b.id for b in items}]
    assert cross, "the fixture must hold a copy whose original is in another story"
    options = Options(use_embeddings=False)
    for sid, items in loaded.items():
        analysis = newsprism.analyze(items, options)
        assert {a.id for a in analysis.articles} == {a.id for a in items}
        newsprism.summarize(analysis, options)
    # the CLI: exit 0, no traceback
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    for sid in stories:
        run = subprocess.run([sys.executable, "-c", "from newsprism.cli import main; main()", "analyze", "--db", str(db), "--story",
                              sid, "--no-embeddings", "-q"], capture_output=True, text=True, env=env,
                             timeout=300)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]


def test_a_failing_story_is_a_clear_error_not_a_traceback(monkeypatch):
    import newsprism.compare as compare_pkg

    def broken(*a, **k):
        raise KeyError("x-123")

    monkeypatch.setattr(compare_pkg, "compare", broken)
    arts = [_art("a", OTHER.format(n=1), "2024-03-04", "A"), _art("b", OTHER.format(n=2), "2024-03-04", "B")]
    with pytest.raises(AnalysisError, match="compare stage failed.*KeyError.*x-123"):
        newsprism.analyze(arts, Options(use_embeddings=False))


def test_a_failing_summariser_is_a_clear_error():
    arts = [_art("a", OTHER.format(n=1), "2024-03-04", "A")]
    from newsprism.model import StoryAnalysis

    class Broken:
        name = "broken"

        def __call__(self, analysis, options):
            raise IndexError("list index out of range")

    with pytest.raises(AnalysisError, match="broken.*IndexError"):
        newsprism.summarize(StoryAnalysis(articles=arts), Options(), summarizer=Broken())


# ----------------------------------------------------------------------------------------------
# add: the store's MinHash is the one near-duplicate mechanism


def test_add_links_near_duplicates_without_the_batch_pass(tmp_path, monkeypatch):
    import newsprism.cleaning.duplicates as dups

    def forbidden(*a, **k):
        raise AssertionError("add must not run the batch-wide near-duplicate pass")

    monkeypatch.setattr(dups, "duplicate_groups", forbidden)
    folder = tmp_path / "in"
    folder.mkdir()
    original = REPORT.format(day="Monday", n=120, year=2019)
    (folder / "a.txt").write_text("Dam gives way\n\n" + original, encoding="utf-8")
    (folder / "b.txt").write_text("Dam gives way\n\n" + original.replace("before dawn", "before sunrise"),
                                  encoding="utf-8")
    (folder / "c.txt").write_text("Rescuers at work\n\n" + OTHER.format(n=3), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        rep = add_inputs(store, [str(folder)], Options())
        arts = {a.text[:20]: a for sid in [s.id for s in store.stories()] for a in store.story_articles(sid)}
    assert rep.added == 3 and rep.near_duplicates == 1
    copies = [a for a in arts.values() if a.duplicate_of]
    assert len(copies) == 1


# ----------------------------------------------------------------------------------------------
# ONNX embeddings


@pytest.mark.slow
def test_onnx_embeddings_match_torch(seeds_dir):
    from newsprism.nlp import models
    from newsprism.summarize.text import split_sentences

    name = Options().embedding_model
    onnx = models.onnx_embedder(name)
    if onnx is None:
        pytest.skip("no ONNX export (run: python -m newsprism.nlp.export_onnx)")
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    sentences = sorted({t[s:e] for t in texts for s, e in split_sentences(t)})
    assert len(sentences) > 20
    a = onnx.encode(sentences)
    b = models.torch_embedder(name).encode(sentences, batch_size=16, normalize_embeddings=True,
                                           convert_to_numpy=True, show_progress_bar=False)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.999
    assert abs(float((a * a).sum(axis=1).mean()) - 1.0) < 1e-4  # L2-normalised


def test_embedding_runtime_onnx_without_export_says_what_to_do(monkeypatch, tmp_path):
    from newsprism.errors import ModelMissingError
    from newsprism.nlp import models

    monkeypatch.setenv("NEWSPRISM_MODEL_CACHE", str(tmp_path))
    assert models.onnx_embedder(Options().embedding_model) is None
    with pytest.raises(ModelMissingError, match="export_onnx"):
        models.embedder(Options(embedding_runtime="onnx"))
