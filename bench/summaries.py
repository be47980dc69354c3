"""Summary quality: newsprism's cited consensus summary vs Lead-3, LexRank and TextRank.

Data (read at run time from ../shared/data, never copied into the project):
  multinews-dev  45 clusters; passages split on "Passage N:", the token NEWLINE_CHAR is a paragraph
                 break; reference = the newser.com editors' summary.
  allsides-dev   132 stories, a left, a center and a right outlet's excerpt; reference = the
                 AllSides editors' neutral roundup.

Systems, all over the SAME sentence splitter (newsprism.summarize.text.split_sentences) and all
truncated to the SAME number of words (newsprism's summary length, capped at the reference's word
count), scored in one run by the same
scorer (rouge-score, ROUGE-1/2/L F1, Porter stemming):
  newsprism  summarize(StoryAnalysis, long) -- with --pipeline full, the analysis comes from
             newsprism.analyze (claims, contradictions...); default "bare" builds a StoryAnalysis of
             the articles only (the summariser then relies on its own lexical support check)
  lead-3     the first three sentences of every article, taken round-robin (1st of each, 2nd...)
  lexrank    PageRank over the TF-IDF cosine graph (edges >= 0.1), sentences by rank
  textrank   PageRank over the TextRank word-overlap graph (overlap / (log|s1| + log|s2|))

Citation support (newsprism only; baselines do not cite): a summary sentence is *supported* when
every article it cites actually contains what it says.  For an extracted sentence (an
"According to <outlet>, " prefix removed) and a cited article this holds when the sentence occurs
verbatim in the article, or when some window of one or two consecutive sentences of the article
has ROUGE-L recall >= 0.5 against it (rouge-score, stemmed: at least half of the sentence's words,
in order, are in that passage) AND every number written in the sentence occurs in the window.  A
generated "Accounts differ on ..." sentence is supported when, for every cited article, it carries
an evidence span that is exactly that article's text at the given offsets.  Reported: the share of
summary sentences that are supported (all citations), the share of (sentence, cited article) pairs
that are supported, and the mean number of articles cited per sentence.

Usage:  .venv/bin/python bench/summaries.py [--limit N] [--pipeline bare|full] [--dataset multinews|allsides|both]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
from rouge_score import rouge_scorer
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.model import Article, StoryAnalysis
from newsprism.options import Options
from newsprism.summarize import summarize
from newsprism.summarize.text import numbers_kept, split_sentences, words

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
RECALL_SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
SUPPORT_ROUGE_L = 0.5


# --------------------------------------------------------------------------------------------
# data


def _article(i: int, text: str, outlet: str, title: str | None = None) -> Article:
    return Article(id=f"a{i}", source=f"bench#{i}", text=text, title=title, outlet=outlet,
                   outlet_from="bench", published=None, published_from=None)


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
                arts.append(_article(i, text, item.get("newsSource") or side, item.get("newsTitle")))
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


def run(name: str, stories, pipeline: str, options: Options) -> None:
    systems = ("newsprism", "lead-3", "lexrank", "textrank")
    scores = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in systems}
    sent_ok = sent_all = pair_ok = pair_all = 0
    words_out = []
    t0 = time.perf_counter()
    n = 0
    for _sid, arts, reference in stories:
        if not arts:
            continue
        n += 1
        analysis, summary = newsprism_summary(arts, pipeline, options)
        # one length for every system: newsprism's summary length, capped at the reference's
        budget = min(len(reference.split()), sum(len(s.text.split()) for s in summary.sentences))
        texts = {
            "newsprism": " ".join(s.text for s in summary.sentences),
            "lead-3": lead3(arts),
            "lexrank": lexrank(arts),
            "textrank": textrank(arts),
        }
        for sysname, text in texts.items():
            text = truncate(text, budget)
            if sysname == "newsprism":
                words_out.append(len(text.split()))
            sc = SCORER.score(reference, text)
            for k in scores[sysname]:
                scores[sysname][k].append(sc[k].fmeasure)
        for s in summary.sentences:
            oks = [supported(s, analysis.articles[c - 1]) for c in s.citations]
            sent_all += 1
            sent_ok += all(oks)
            pair_all += len(oks)
            pair_ok += sum(oks)
    dt = time.perf_counter() - t0
    print(f"\n{name}: {n} stories, pipeline={pipeline}, length=long, every system cut to the same word count "
          f"(newsprism mean {np.mean(words_out):.0f} words), {dt:.1f}s")
    print(f"  {'system':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for sysname in systems:
        r = scores[sysname]
        print(f"  {sysname:<10} {100 * np.mean(r['rouge1']):8.2f} {100 * np.mean(r['rouge2']):8.2f} "
              f"{100 * np.mean(r['rougeL']):8.2f}")
    print(f"  citation support: sentences {sent_ok}/{sent_all} = {sent_ok / max(sent_all, 1):.3f}; "
          f"(sentence, cited article) pairs {pair_ok}/{pair_all} = {pair_ok / max(pair_all, 1):.3f}; "
          f"articles cited per sentence {pair_all / max(sent_all, 1):.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N stories of each dataset")
    ap.add_argument("--pipeline", choices=("bare", "full"), default="bare",
                    help="bare: StoryAnalysis of the articles only; full: newsprism.analyze first")
    ap.add_argument("--dataset", choices=("multinews", "allsides", "both"), default="both")
    ap.add_argument("--no-embeddings", action="store_true", help="with --pipeline full: lexical similarity only")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no evaluation data at {DATA}", file=sys.stderr)
        return 2
    options = Options(summary_length="long", use_embeddings=not args.no_embeddings)
    if args.dataset in ("multinews", "both"):
        run("multinews-dev", multinews(args.limit), args.pipeline, options)
    if args.dataset in ("allsides", "both"):
        run("allsides-dev", allsides(args.limit), args.pipeline, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
