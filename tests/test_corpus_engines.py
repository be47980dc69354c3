"""Engines and exchange: Parquet features (prepare here, group there), `regroup`, `--engine ray`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.corpus import Store, export_features, read_features
from newsprism.errors import StoreError
from newsprism.options import Options

from test_corpus_grouping import groups
from test_corpus_store import generated

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
LEX = Options(use_embeddings=False)


def test_default_engine_never_imports_ray(tmp_path):
    code = ("import sys; from newsprism.corpus import Store, add_inputs; "
            "import newsprism.cli.corpus_cmd; from newsprism.options import Options; "
            f"s = Store({str(tmp_path / 'x.db')!r}, Options(use_embeddings=False)); "
            "from newsprism.model import Article; "
            "s.add([Article(id='a', source='t', text='Rain fell on Marlow.', title=None, outlet='x', "
            "outlet_from='field', published=None, published_from=None)]); "
            "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_features_round_trip_through_parquet_and_group_the_same(tmp_path):
    arts = generated(6, 3, seed=11)
    with Store(tmp_path / "a.db", LEX) as a:
        a.add(arts)
        n = export_features(a, tmp_path / "f.parquet")
        before = a.partition()
        stored = list(a.iter_article_features())
    assert n == len(arts)
    arts2, fs2 = read_features(tmp_path / "f.parquet")
    assert [x.id for x in arts2] == [x.id for x in arts]
    assert arts2[0].outlet == arts[0].outlet and arts2[0].published == arts[0].published
    for (_, f1), f2 in zip(stored, fs2):
        assert np.array_equal(f1.idx, f2.idx) and np.allclose(f1.val, f2.val)
        assert np.array_equal(f1.minhash, f2.minhash) and f1.names == f2.names and f1.date == f2.date
    with Store(tmp_path / "b.db", LEX) as b:  # grouped "elsewhere" from the prepared file
        b.add(arts2, features=fs2)
        assert b.partition() == before


def test_a_file_that_is_not_a_features_file_is_refused(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"x": [1]}), str(tmp_path / "other.parquet"))
    with pytest.raises(StoreError, match="not a newsprism features file"):
        read_features(tmp_path / "other.parquet")
    (tmp_path / "junk.parquet").write_text("not parquet")
    with pytest.raises(StoreError, match="cannot read"):
        read_features(tmp_path / "junk.parquet")


def _write_pool(folder: Path, arts) -> None:
    folder.mkdir()
    for a in arts:
        (folder / f"{a.id}.json").write_text(json.dumps(
            {"title": a.title, "text": a.text, "date": a.published, "outlet": a.outlet}), encoding="utf-8")


def _cli(*args):
    return CliRunner().invoke(main, [str(x) for x in args])


def test_prepare_then_add_features_equals_add(tmp_path):
    arts = generated(4, 3, seed=2)
    _write_pool(tmp_path / "in", arts)
    r = _cli("add", "--db", tmp_path / "direct.db", tmp_path / "in", "--no-progress")
    assert r.exit_code == 0, r.output
    r = _cli("prepare", tmp_path / "in", "-o", tmp_path / "p.parquet")
    assert r.exit_code == 0, r.output
    r = _cli("add", "--db", tmp_path / "late.db", "--features", tmp_path / "p.parquet", "--no-progress")
    assert r.exit_code == 0, r.output
    with Store(tmp_path / "direct.db") as a, Store(tmp_path / "late.db") as b:
        assert groups(a.partition()) == groups(b.partition())
        assert len(groups(a.partition())) == 4
    r = _cli("export", "--db", tmp_path / "late.db", "--what", "features", "-o", tmp_path / "x.jsonl")
    assert r.exit_code != 0 and "--format parquet" in r.output


def test_regroup_command_splits_and_reports(tmp_path):
    from test_corpus_grouping import CHESS, FLOODS
    from test_corpus_store import art

    tail = " Officials said more details would follow on Monday."
    arts = ([art(f"f{i}", t + tail, outlet=f"o{i}") for i, t in enumerate(FLOODS)]
            + [art(f"c{i}", t + tail, outlet=f"o{i}") for i, t in enumerate(CHESS)])
    with Store(tmp_path / "r.db", Options(use_embeddings=False, story_threshold=0.01)) as s:
        s.add(arts)
    r = _cli("regroup", "--db", tmp_path / "r.db", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["splits"] == [["s-f0", "s-c0"]]
    r = _cli("regroup", "--db", tmp_path / "r.db")
    assert r.exit_code == 0 and "0 split(s), 0 merge(s)" in r.output
    r = _cli("regroup", "--db", tmp_path / "missing.db")
    assert r.exit_code != 0 and "no such corpus" in " ".join(r.output.split())
    assert not (tmp_path / "missing.db").exists()


def _dev_pool(events: int):
    path = SHARED / "data/allsides-dev/stories_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data/allsides-dev is not beside the project")
    from newsprism.model import Article

    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[:events]:
        r = json.loads(line)
        for side, n in sorted(r["news"].items()):
            text = "\n\n".join(p.strip() for p in n.get("newBody", []) if p.strip())
            if text:
                out.append(Article(id=f"as-{r['id']}-{side}", source="", text=text, title=n.get("newsTitle"),
                                   outlet=n.get("newsSource") or side, outlet_from="field",
                                   published=r["date"][:10], published_from="field"))
    return out


def test_ray_engine_gives_the_default_engines_stories(tmp_path):
    pytest.importorskip("ray")
    from newsprism.corpus import add_inputs
    from newsprism.corpus.engine_ray import add_inputs_ray

    arts = _dev_pool(20)  # ~60 real articles of 20 events: a small pool
    _write_pool(tmp_path / "in", arts)
    options = Options()
    with Store(tmp_path / "default.db", options) as s:
        rep0 = add_inputs(s, [str(tmp_path / "in")], options)
        part0 = s.partition()
    with Store(tmp_path / "ray.db", options) as s:
        rep1 = add_inputs_ray(s, [str(tmp_path / "in")], options, num_cpus=2)
        part1 = s.partition()
    assert rep0.failures == rep1.failures == []
    assert rep1.added == rep0.added == len(arts)
    assert part1 == part0  # the same stories, with the same ids
    assert len(set(part0.values())) < len(arts)
