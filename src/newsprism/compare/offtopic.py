"""Articles that do not belong to the story.

A folder given to ``analyze`` may hold a stray article about something else.  Comparing it
with the others would only produce noise (false exclusives, unrelated entities), so it is left
out of the comparison and reported as a ``Difference(kind="off-topic")`` with its opening as
evidence: reported, never silently dropped.

An article is off-topic when it resembles none of the others: its highest similarity to any other
article is below a threshold, while the rest of the story is clearly related among itself.
Similarity is the cosine of mean sentence embeddings (from the NLP stage) or, without them,
TF-IDF cosine of the whole texts (scikit-learn).  Needs at least three articles: with two, there is
no telling which one is the stray.
"""
from __future__ import annotations

import numpy as np

from ..model import AnnotatedArticle, ContradictionSide, Difference, Evidence
from ..options import Options
from ..scores import rounded_similarity

__all__ = ["find_offtopic", "article_similarity"]

# Highest similarity to any other article below which an article is off-topic, per method.
# Measured on the example story and the seeds: articles of one story score 0.79-0.99 (embeddings)
# and 0.19-0.96 (TF-IDF) with their closest neighbour; an unrelated local-news article 0.24-0.32
# and 0.02-0.05.
_THRESHOLD = {"embeddings": 0.5, "tfidf": 0.1}
_MIN_ARTICLES = 3


def article_similarity(annotated: list[AnnotatedArticle]) -> tuple[np.ndarray, str]:
    """(n x n cosine matrix between articles, method name)."""
    vecs = []
    for an in annotated:
        v = an.vectors
        if v is None or len(v) == 0:
            vecs = None
            break
        m = np.asarray(v, dtype=float).mean(axis=0)
        n = np.linalg.norm(m)
        vecs.append(m / n if n else m)
    if vecs is not None:
        mat = np.vstack(vecs)
        return rounded_similarity(mat @ mat.T), "embeddings"
    from ..nlp.tfidf import TfidfVectorizer  # scikit-learn's, without importing scikit-learn

    tf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [an.article.text for an in annotated])
    return rounded_similarity((tf @ tf.T).toarray()), "tfidf"


def find_offtopic(annotated: list[AnnotatedArticle], options: Options | None = None) -> list[Difference]:
    """One ``Difference(kind="off-topic")`` per article that resembles none of the others."""
    if len(annotated) < _MIN_ARTICLES:
        return []
    sim, method = article_similarity(annotated)
    th = _THRESHOLD[method]
    n = len(annotated)
    best = [max((sim[i, j] for j in range(n) if j != i), default=0.0) for i in range(n)]
    out = []
    for i, an in enumerate(annotated):
        # an exact copy is never off-topic; the rest of the story must hang together
        if best[i] >= th or an.article.duplicate_of:
            continue
        others = [best[j] for j in range(n) if j != i]
        if sum(b >= th for b in others) < 2:
            continue
        art = an.article
        end = an.sentences[0].end if an.sentences else min(len(art.text), 200)
        ev = Evidence.of(art, 0, end)
        out.append(Difference(
            kind="off-topic",
            subject=art.title or art.outlet,
            attribute="topic",
            sides=[ContradictionSide(value=ev.text, normalized=None, articles=[art.id], outlets=[art.outlet],
                                     evidence=[ev])],
            explanation=(f"{art.outlet} ({art.source}) is about something else: its closest article has "
                         f"similarity {best[i]:.2f} ({method}), below {th}; it was left out of the comparison"),
        ))
    return out
