"""nlp: Article -> AnnotatedArticle (sentences, entities, values, quotes, time expressions).

Reads:   Article.text (never edits it).
Adds:    spans over Article.text.  Models load lazily, once, in nlp/models.py; importing this
         package loads none (no spaCy, no torch).

Public API:
    annotate(article, options) -> AnnotatedArticle
    annotate_many(articles, options, progress=None) -> list[AnnotatedArticle]
    models.spacy_pipeline(options), models.embed(texts, options) -> numpy array (L2-normalised)
"""
from __future__ import annotations

from .annotate import annotate, annotate_many

__all__ = ["annotate", "annotate_many"]
