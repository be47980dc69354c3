"""cleaning: RawDocument -> Article.

Reads:   RawDocument.
Adds:    cleaned text (debris removed, each removal kept with its reason), outlet and how it was
         decided, publication date and where it came from, stable id; near-duplicate marking.

Public API:
    clean(doc, options) -> Article
    mark_duplicates(articles, options) -> list[Article]
"""
