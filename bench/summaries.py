"""Summary quality: newsprism's cited summary (full pipeline and bare summariser) vs Lead-3,
LexRank and TextRank, for the current code and (``--baseline-src``) an earlier source tree, in one run.

Data (read at run time from ../shared/data, never copied into the project):
  multinews-dev  45 clusters; passages split on "Passage N:", the token NEWLINE_CHAR is a paragraph
                 break; reference = the newser.com editors' summary.
  allsides-dev   132 stories, a left, a center and a right outlet's excerpt (dated with the
                 story's date); reference = the AllSides editors' neutral roundup.

Systems, all over the SAME sentence splitter (newsprism.summarize.text.split_sentences for the
baselines) and all truncated to the SAME number of words per story (the shortest newsprism
summary among all code versions and pipelines, capped at the reference's word count), scored by
the same scorer (rouge-score, ROUGE-1/2/L F1, Porter stemming):
  full       summarize(newsprism.analyze(articles), long): what users see (claims,
             contradictions, developments, embeddings unless --no-embeddings)
  bare       summarize(StoryAnalysis(articles)), long: the summariser alone (its own lexical
             support check)
  lead-3     the first three sentences of every article, taken round-robin (1st of each, 2nd...)
  lexrank    PageRank over the TF-IDF cosine graph (edges >= 0.1), sentences by rank
  textrank   PageRank over the TextRank word-overlap graph (overlap / (log|s1| + log|s2|))

Each code version runs in its own subprocess (``PYTHONPATH`` = its source tree, also first on
``sys.path``), side by side, on the same inputs and prints its summaries; the parent scores
everything.  "seconds" is the summed time per story (analysis + summary), under that shared load.

Also per newsprism system: the share of summaries whose first sentence opens with a conjunction
("And", "But", ...), a lower-case word or a dangling reference ("He", "It", "This", "Such") --
a reader starting there misses what it refers to -- and the number of sentence pairs inside one
summary that repeat one point (TF-IDF cosine >= 0.5 or content-word recall >= 0.7, the same
yardsticks for every version).

Citation support (newsprism only; baselines do not cite): a summary sentence is *supported* when
every article it cites actually contains what it says.  For an extracted sentence (an
"According to <outlet>, " prefix removed) and a cited article this holds when the sentence occurs
verbatim in the article, or when some window of one or two consecutive sentences of the article
has ROUGE-L recall >= 0.5 against it (rouge-score, stemmed: at least half of the sentence's words,
in order, are in that passage) AND every number written in the sentence occurs in the window.  A
generated "Accounts differ on ..." sentence is supported when, for every cited article, it carries
an evidence span that is exactly that article's text at the given offsets.

Usage:
  .venv/bin/python bench/summaries.py [--limit N] [--dataset multinews|allsides|both] [--no-embeddings]
  .venv/bin/python bench/summaries.py --baseline-src /path/to/old/src     # before beside after
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _src_from_argv(argv: list[str]) -> str:
    """The source tree to import newsprism from: ``--_src PATH`` (workers) or this checkout's."""
    for i, a in enumerate(argv):
        if a == "--_src" and i + 1 < len(argv):
            return argv[i + 1]
    return str(Path(__file__).resolve().parent.parent / "src")


sys.path.insert(0, _src_from_argv(sys.argv))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from newsprism.model import Article, StoryAnalysis  # noqa: E402
from newsprism.options import Options  # noqa: E402
from newsprism.summarize import summarize  # noqa: E402
from newsprism.summarize.text import numbers_kept, split_sentences, words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
RECALL_SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
SUPPORT_ROUGE_L = 0.5


# --------------------------------------------------------------------------------------------
# data


def _article(i: int, text: str, outlet: str, title: str | None = None, published: str | None = None) -> Article:
    return Article(id=f"a{i}", source=f"bench#{i}", text=text, title=title, outlet=outlet,
                   outlet_from="bench", published=published, published_from="bench" if published else None)


def multinews(limit: int | None):
    path = DATA / "multinews-dev" / "multi_news_dev.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if limit is not None and n >= limit:
            break
        rec = json.loads(line)
        parts = [p for p in re.split(r"Passage \d+:", rec["context"]) if p.strip()]
        arts = []
        for i, p in enumerate(parts, start=1):
            paras = [" ".join(x.split()) for x in p.split("NEWLINE_CHAR")]
            text = "\n\n".join(x for x in paras if x)
            if text:
                arts.append(_article(i, text, f"source {i}"))
        yield rec["_id"], arts, rec["answers"][0]


def allsides(limit: int | None):
    path = DATA / "allsides-dev" / "stories_dev.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if limit is not None and n >= limit:
            break
        rec = json.loads(line)
        arts = []
        for i, side in enumerate(("left", "center", "right"), start=1):
            item = rec["news"].get(side)
            if not item:
                continue
            text = "\n\n".join(" ".join(p.split()) for p in item["newBody"] if p and p.strip())
            if text:
                arts.append(_article(i, text, item.get("newsSource") or side, item.get("newsTitle"),
                                     (rec.get("date") or "")[:10] or None))
        yield str(rec["id"]), arts, " ".join(rec["roundup"])


# --------------------------------------------------------------------------------------------
# systems


def sentences_of(arts: list[Article]) -> list[list[str]]:
    return [[a.text[s:e] for s, e in split_sentences(a.text)] for a in arts]


def truncate(text: str, n_words: int) -> str:
    return " ".join(text.split()[:n_words])


def lead3(arts):
    sents = sentences_of(arts)
    out = []
    for k in range(3):
        out += [s[k] for s in sents if len(s) > k]
    return " ".join(out)


def _rank(sents: list[str], graph: np.ndarray) -> list[str]:
    g = nx.from_numpy_array(graph)
    pr = nx.pagerank(g, max_iter=200, tol=1e-8) if g.number_of_edges() else {i: 1.0 for i in range(len(sents))}
    order = sorted(range(len(sents)), key=lambda i: (-pr[i], i))
    return [sents[i] for i in order]


def lexrank(arts):
    sents = [s for ss in sentences_of(arts) for s in ss]
    if len(sents) < 2:
        return " ".join(sents)
    x = TfidfVectorizer(stop_words="english").fit_transform(sents)
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, 0.0)
    sim[sim < 0.1] = 0.0
    return " ".join(_rank(sents, sim))


def textrank(arts):
    sents = [s for ss in sentences_of(arts) for s in ss]
    toks = [set(words(s)) for s in sents]
    n = len(sents)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if len(toks[i]) > 1 and len(toks[j]) > 1:
                v = len(toks[i] & toks[j]) / (math.log(len(toks[i])) + math.log(len(toks[j])))
                sim[i, j] = sim[j, i] = v
    return " ".join(_rank(sents, sim))


def newsprism_summary(arts, pipeline: str, options: Options):
    if pipeline == "full":
        import newsprism

        analysis = newsprism.analyze(arts, options)
    else:
        analysis = StoryAnalysis(articles=arts)
    summary = summarize(analysis, options)
    return analysis, summary


# --------------------------------------------------------------------------------------------
# citation support


def _strip_attribution(text: str) -> str:
    return re.sub(r"^According to [^,]+, ", "", text)


def supported(sentence, article: Article) -> bool:
    if sentence.contested and sentence.text.startswith("Accounts differ"):
        return any(e.article == article.id and article.text[e.start:e.end] == e.text for e in sentence.evidence)
    body = _strip_attribution(sentence.text)
    if body in article.text:
        return True
    spans = split_sentences(article.text)
    windows = [article.text[s:e] for s, e in spans]
    windows += [article.text[spans[k][0]:spans[k + 1][1]] for k in range(len(spans) - 1)]
    for w in windows:
        if RECALL_SCORER.score(body, w)["rougeL"].recall >= SUPPORT_ROUGE_L and numbers_kept(body, w):
            return True
    return False


# --------------------------------------------------------------------------------------------


PIPELINES = ("full", "bare")
BASELINES = ("lead-3", "lexrank", "textrank")
# what a first sentence must not open with: a conjunction, or a word that points back to
# something the reader has not been told
_DEBRIS_OPENER = re.compile(r"^(?:[\"“‘'(]?\s*)(?:[a-z]|(?:And|But|Or|So|Yet|Nor|Also|Still|However|Meanwhile|"
                            r"He|She|It|They|His|Her|Its|Their|This|That|These|Those|Such|The two|Both)\b)")


def datasets(which: str, limit: int | None):
    if which in ("multinews", "both"):
        yield "multinews-dev", multinews(limit)
    if which in ("allsides", "both"):
        yield "allsides-dev", allsides(limit)


def worker(args) -> int:
    """Summaries of every story by this source tree, one JSON line per story and pipeline."""
    options = Options(summary_length="long", use_embeddings=not args.no_embeddings)
    for name, stories in datasets(args.dataset, args.limit):
        for sid, arts, _reference in stories:
            if not arts:
                continue
            for pipeline in args.pipelines.split(","):
                t0 = time.perf_counter()
                analysis, summary = newsprism_summary(arts, pipeline, options)
                support = []
                for s in summary.sentences:
                    support.append([supported(s, analysis.articles[c - 1]) for c in s.citations])
                print(json.dumps({"dataset": name, "id": sid, "pipeline": pipeline,
                                  "sentences": [s.text for s in summary.sentences], "support": support,
                                  "seconds": time.perf_counter() - t0}), flush=True)
    return 0


def _start_worker(src: str, args):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_worker", "--_src", src, "--dataset", args.dataset,
           "--pipelines", args.pipelines]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    if args.no_embeddings:
        cmd += ["--no-embeddings"]
    # output to files, not pipes: a worker must never wait for the parent to read another one
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(cmd, env=dict(os.environ, PYTHONPATH=src), stdout=out, stderr=err, text=True)
    return proc, out, err


def _collect(src: str, started) -> dict:
    proc, out, err = started
    proc.wait()
    out.seek(0)
    err.seek(0)
    if proc.returncode != 0:
        sys.stderr.write(err.read()[-4000:])
        raise SystemExit(f"the worker for {src} failed (exit {proc.returncode})")
    res = {}
    for line in out.read().splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            res[(r["dataset"], r["id"], r["pipeline"])] = r
    return res


def _repeats(sents: list[str]) -> int:
    """Pairs of sentences of one summary that repeat one point (same yardstick for every version)."""
    if len(sents) < 2:
        return 0
    try:
        x = TfidfVectorizer(stop_words="english").fit_transform(sents)
    except ValueError:
        return 0
    sim = (x @ x.T).toarray()
    toks = [set(words(s)) for s in sents]
    n = 0
    for i in range(len(sents)):
        for j in range(i + 1, len(sents)):
            rec = len(toks[i] & toks[j]) / max(1, min(len(toks[i]), len(toks[j])))
            n += sim[i, j] >= 0.5 or rec >= 0.7
    return n


def report(name: str, stories, versions: dict[str, dict], pipelines: tuple[str, ...] = PIPELINES) -> None:
    systems = [f"{v}:{p}" for v in versions for p in pipelines] + list(BASELINES)
    scores = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in systems}
    opens_bad = {s: 0 for s in systems}
    repeats = {s: 0 for s in systems}
    secs = {s: 0.0 for s in systems}
    support = {s: [0, 0, 0, 0] for s in systems}  # sentences ok, sentences, pairs ok, pairs
    budgets = []
    n = 0
    for sid, arts, reference in stories:
        if not arts:
            continue
        n += 1
        texts = {}
        for v, res in versions.items():
            for p in pipelines:
                r = res[(name, sid, p)]
                texts[f"{v}:{p}"] = r["sentences"]
                secs[f"{v}:{p}"] += r["seconds"]
                sup = support[f"{v}:{p}"]
                for oks in r["support"]:
                    sup[0] += all(oks)
                    sup[1] += 1
                    sup[2] += sum(oks)
                    sup[3] += len(oks)
        # one budget for every system: the shortest newsprism summary, capped at the reference
        budget = min([len(reference.split())] + [len(" ".join(t).split()) for t in texts.values()])
        budgets.append(budget)
        for sysname in systems:
            if sysname in texts:
                sents = texts[sysname]
                opens_bad[sysname] += bool(sents) and bool(_DEBRIS_OPENER.match(sents[0]))
                repeats[sysname] += _repeats(sents)
                text = " ".join(sents)
            else:
                text = {"lead-3": lead3, "lexrank": lexrank, "textrank": textrank}[sysname](arts)
            sc = SCORER.score(reference, truncate(text, budget))
            for k in scores[sysname]:
                scores[sysname][k].append(sc[k].fmeasure)
    print(f"\n{name}: {n} stories, summary length=long, every system cut to the same word count per story "
          f"(mean {np.mean(budgets):.0f} words)")
    print(f"  {'system':<16} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'bad opener':>10} {'repeats':>8} "
          f"{'supported':>9} {'seconds':>8}")
    for sysname in systems:
        r = scores[sysname]
        extra = ""
        if sysname not in BASELINES:
            ok, tot = support[sysname][0], support[sysname][1]
            extra = (f" {opens_bad[sysname]:>6}/{n:<3} {repeats[sysname]:>8} {ok / max(tot, 1):9.3f} "
                     f"{secs[sysname]:8.1f}")
        print(f"  {sysname:<16} {100 * np.mean(r['rouge1']):8.2f} {100 * np.mean(r['rouge2']):8.2f} "
              f"{100 * np.mean(r['rougeL']):8.2f}{extra}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N stories of each dataset")
    ap.add_argument("--dataset", choices=("multinews", "allsides", "both"), default="both")
    ap.add_argument("--no-embeddings", action="store_true", help="full pipeline with lexical similarity only")
    ap.add_argument("--pipelines", default="full,bare", help="which newsprism pipelines: full,bare (default), full or bare")
    ap.add_argument("--baseline-src", default=None, help="an earlier source tree to measure beside this one")
    ap.add_argument("--_worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_src", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no evaluation data at {DATA}", file=sys.stderr)
        return 2
    if args._worker:
        return worker(args)
    t0 = time.perf_counter()
    srcs = {"newsprism": str(ROOT / "src")}
    if args.baseline_src:
        srcs = {"before": str(Path(args.baseline_src).resolve()), "after": str(ROOT / "src")}
    # the versions run side by side, so a busy machine slows them alike
    procs = {v: _start_worker(src, args) for v, src in srcs.items()}
    versions = {v: _collect(srcs[v], p) for v, p in procs.items()}
    print(f"baseline source: {args.baseline_src or '(none)'}; embeddings: {not args.no_embeddings}; "
          f"{time.perf_counter() - t0:.0f}s")
    for name, stories in datasets(args.dataset, args.limit):
        report(name, stories, versions, tuple(args.pipelines.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
