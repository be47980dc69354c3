"""cleaning: RawDocument -> Article.

Reads:   RawDocument.
Adds:    cleaned text (debris removed, each removal kept with its reason), outlet and how it was
         decided, publication date and where it came from, title (the source's, else the opening
         sentence, marked ``title_from="first-sentence"``), stable id; near-duplicate marking.

Public API:
    clean(doc, options) -> Article                      (raises InputError "empty-after-cleaning")
    mark_duplicates(articles, options) -> list[Article]
    similarity(text_a, text_b) -> float                 (word-shingle Jaccard, as mark_duplicates)
    article_id(source, text) -> str
    outlet_from_domain(url_or_host) -> str | None       (display name of a news domain)

Modules: text (small text helpers; sentence spans come from newsprism.segment, the package's one
splitter), patterns (debris regexes), debris (finding cuts),
outlet (outlet decision), clean (assembly), duplicates (exact/near copies).
"""
from __future__ import annotations

from .clean import article_id, clean, derived_title
from .duplicates import mark_duplicates, similarity
from .outlet import from_domain as outlet_from_domain

__all__ = ["clean", "mark_duplicates", "similarity", "article_id", "derived_title", "outlet_from_domain"]
