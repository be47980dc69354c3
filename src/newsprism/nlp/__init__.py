"""nlp: Article -> AnnotatedArticle (sentences, entities, values, quotes, time expressions).

Reads:   Article.text (never edits it).
Adds:    spans over Article.text.  Models load lazily, once, in nlp/models.py.

Public API:
    annotate(article, options) -> AnnotatedArticle
    annotate_many(articles, options) -> list[AnnotatedArticle]
"""
