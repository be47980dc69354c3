"""analyze: the whole per-story pipeline behind ``newsprism.analyze``.

    articles | ReadResult | input paths  ->  (read) -> nlp.annotate_many -> compare -> StoryAnalysis

- Paths (or any input ``read`` accepts) go through ``newsprism.pipeline.read_articles``; the
  files that failed are carried into ``analysis.failures``, never dropped silently.
- Near-duplicate copies (``Article.duplicate_of``) stay in ``analysis.articles`` (a reader sees
  them) but the comparison counts them as one source with the article they copy.
- Duplicate links that leave the story (a corpus story whose article copies one filed in another
  story) are resolved first: copies of the same outside original are grouped under the earliest
  of them, which then stands for the group (``resolve_duplicate_links``).
- An article that does not belong to the story (``compare.offtopic``) is left out of the
  comparison but stays in ``analysis.articles`` and is reported as a ``Difference`` of kind
  "off-topic" with its evidence: never dropped silently.
"""
from __future__ import annotations

from typing import Callable, Iterable, Sequence

import dataclasses

from .errors import AnalysisError, NewsprismError, NoInputError
from .model import Article, ReadFailure, ReadResult, StoryAnalysis
from .options import Options

__all__ = ["analyze", "resolve_duplicate_links", "sample_articles", "SAMPLE_RULE"]

Progress = Callable[[str, int, int], None]

SAMPLE_RULE = ("one article per outlet first (each outlet's earliest), then the other articles "
               "oldest first; near-duplicate copies only after every original, and only when the "
               "article they copy is in the sample")


def sample_articles(articles: Sequence, limit: int) -> list:
    """At most ``limit`` of a story's articles, chosen by SAMPLE_RULE (deterministic: dates, then
    ids, break ties), in the order given.  Reads only ``id``, ``outlet``, ``published`` and
    ``duplicate_of``, so a caller may pass light records instead of whole articles."""
    if len(articles) <= limit:
        return list(articles)
    by_date = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    originals = [a for a in by_date if not a.duplicate_of]
    chosen: set[str] = set()
    outlets: set[str] = set()
    for a in originals:
        if len(chosen) >= limit:
            break
        if a.outlet not in outlets:
            outlets.add(a.outlet)
            chosen.add(a.id)
    for a in originals:
        if len(chosen) >= limit:
            break
        chosen.add(a.id)
    for a in by_date:
        if len(chosen) >= limit:
            break
        if a.duplicate_of and a.duplicate_of in chosen:
            chosen.add(a.id)
    return [a for a in articles if a.id in chosen]


def _as_articles(inputs, options: Options, progress: Progress | None) -> tuple[list[Article], list[ReadFailure]]:
    if isinstance(inputs, ReadResult):
        return list(inputs.articles), list(inputs.failures)
    if isinstance(inputs, Article):
        return [inputs], []
    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]
    items = list(inputs) if inputs is not None else []
    if items and all(isinstance(x, Article) for x in items):
        return items, []
    if items and all(isinstance(x, (str,)) or hasattr(x, "__fspath__") for x in items):
        from .pipeline import read_articles

        result = read_articles([str(x) for x in items], options, progress=progress)
        return list(result.articles), list(result.failures)
    if not items:
        return [], []
    kinds = sorted({type(x).__name__ for x in items})
    raise TypeError(f"analyze() takes Articles, a ReadResult or input paths, not {', '.join(kinds)}")


def resolve_duplicate_links(articles: list[Article]) -> list[Article]:
    """The articles with every duplicate link inside the set (copies, never the caller's objects).

    A link to an article that is not in the set is dropped; copies of the same outside original
    become copies of the first of them (input order), which stands for them, so syndicated
    copies still count once.  Links inside the set are kept as they are.
    """
    ids = {a.id for a in articles}
    if all((a.duplicate_of is None or a.duplicate_of in ids) and all(d in ids for d in a.duplicates)
           for a in articles):
        return articles
    heads: dict[str, str] = {}  # outside original -> the article that stands for it here
    out = []
    for a in articles:
        duplicate_of = a.duplicate_of
        if duplicate_of is not None and duplicate_of not in ids:
            duplicate_of = heads.get(duplicate_of)
            heads.setdefault(a.duplicate_of, a.id)
        out.append(dataclasses.replace(a, duplicate_of=duplicate_of,
                                       duplicates=[d for d in a.duplicates if d in ids]))
    by_id = {a.id: a for a in out}
    for a in out:  # the new heads list their new copies
        if a.duplicate_of is not None and a.id not in by_id[a.duplicate_of].duplicates \
                and a.duplicate_of in heads.values():
            by_id[a.duplicate_of].duplicates.append(a.id)
    return out


def analyze(articles: Sequence[Article] | ReadResult | Iterable[str], options: Options | None = None,
            progress: Progress | None = None, annotate: Callable | None = None) -> StoryAnalysis:
    """Cross-source analysis of one story (see the module docstring).

    ``annotate``: what annotates the articles, called as ``nlp.annotate_many`` (the default) is;
    a corpus passes its stored annotations (corpus/annotations.py AnnotationCache.annotate_many).

    Raises NoInputError when there is no article to analyse (every input failed, or none given).
    """
    options = options or Options()
    arts, failures = _as_articles(articles, options, progress)
    if not arts:
        detail = ""
        if failures:
            detail = " (" + "; ".join(f"{f.source}: {f.message}" for f in failures[:5]) + \
                     (" ..." if len(failures) > 5 else "") + ")"
        raise NoInputError("no article to analyse: give files, folders or URLs of news articles" + detail)
    ids = [a.id for a in arts]
    if len(set(ids)) != len(ids):
        # the same article given twice: keep the first, the comparison must not count it twice
        seen: set[str] = set()
        arts = [a for a in arts if not (a.id in seen or seen.add(a.id))]
    sample = None
    if len(arts) > options.max_story_articles:  # bounded work per story, and the report says so
        sample = {"total": len(arts), "analysed": 0, "rule": SAMPLE_RULE}
        arts = sample_articles(arts, options.max_story_articles)
        sample["analysed"] = len(arts)

    arts = resolve_duplicate_links(arts)

    from .compare import compare
    from .compare.offtopic import find_offtopic
    from .nlp import annotate_many

    stage = "annotate"
    try:
        annotated = (annotate or annotate_many)(arts, options, progress=progress)
        stage = "compare"
        offtopic = find_offtopic(annotated, options)
        left_out = {a for d in offtopic for side in d.sides for a in side.articles}
        compared = [an for an in annotated if an.article.id not in left_out]
        if left_out:  # a copy of an article left out (off-topic) must not point at it
            fixed = resolve_duplicate_links([an.article for an in compared])
            compared = [an if an.article is a else dataclasses.replace(an, article=a)
                        for an, a in zip(compared, fixed)]
        analysis = compare(compared, options, progress=progress)
    except (NewsprismError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug must reach the user as a clear message, not a traceback
        raise AnalysisError(
            f"the {stage} stage failed on a story of {len(arts)} article(s) ({type(exc).__name__}: "
            f"{exc}); other stories are not affected; please report this with the story's "
            "articles") from exc
    # every article stays listed; ``annotated`` holds what the findings were computed from
    analysis.articles = [an.article for an in annotated]
    analysis.annotated = compared
    analysis.differences = list(analysis.differences) + offtopic
    analysis.failures = list(failures) + list(analysis.failures)
    analysis.sample = sample
    return analysis
