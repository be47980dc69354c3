"""Whether an extracted sentence reads on its own: where it may stand in a summary.

An extractive summary lifts sentences out of their articles; some only make sense after the
sentence that came before them.  Three kinds, by their first words and their shape:

* **debris**: not a sentence at all -- it starts with a lower-case word or with punctuation (a
  splitter cut mid-sentence, a caption or credit line), or it does not end like a sentence (a
  headline, a byline, a truncated paragraph).  Never used.
* **part of a quotation**: it opens a quotation it never closes (one sentence of a longer
  quote, its speaker named further on).
* **continuation**: it opens with a conjunction or a linking adverb ("And ...", "But ...",
  "However, ...", "Still, ...") -- it answers a sentence the reader has not seen.
* **dangling reference**: it opens with a word that points back ("He", "It", "They", "This",
  "These", "Such", "The two", "Both") -- the reader does not know who or what.

Continuations, dangling references and parts of quotations may follow other summary sentences
(dropping them cost 0.2-0.3 ROUGE-1 on the dev sets), but never open the summary.  Hand-written on purpose: these are properties of the first word or two and of the final
character, which a rule states exactly; a parser would add a model load for no better answer.
"""
from __future__ import annotations

import re

__all__ = ["is_debris", "opening_problem"]

_CONJUNCTIONS = ("and", "but", "or", "so", "yet", "nor", "plus", "also", "still", "however", "meanwhile",
                 "moreover", "furthermore", "instead", "then", "otherwise", "besides", "thus", "therefore",
                 "hence", "nonetheless", "nevertheless", "likewise", "similarly", "indeed", "again")
_POINTING = ("he", "she", "it", "they", "them", "his", "her", "hers", "its", "their", "theirs", "him",
             "this", "that", "these", "those", "such", "there", "here", "both", "neither", "either",
             "the two", "the three", "the latter", "the former", "the same", "the other", "the pair",
             "the move", "the remarks", "the comments", "another", "other", "others")
_QUOTE_OPEN = "\"“‘'("
_FIRST = re.compile(r"[\"“‘'(\s]*([A-Za-z][A-Za-z'’-]*)(?:\s+([A-Za-z][A-Za-z'’-]*))?(?:\s+([A-Za-z][A-Za-z'’-]*))?")
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$|[\"”’]$")


def is_debris(text: str) -> bool:
    """Not a whole sentence: starts lower-case or with punctuation other than an opening quote
    or bracket, or does not end like a sentence."""
    t = text.strip()
    if not t:
        return True
    first = t.lstrip(_QUOTE_OPEN + " ")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return True
    return not _ENDS_LIKE_A_SENTENCE.search(t)


def _unclosed_quote(t: str) -> bool:
    return t.count("“") > t.count("”") or (t.count('"') % 2 == 1 and "“" not in t and "”" not in t)


def opening_problem(text: str) -> str | None:
    """Why ``text`` cannot open a summary ("debris", "part of a quotation", "continuation",
    "dangling reference"), or None when it can."""
    if is_debris(text):
        return "debris"
    if _unclosed_quote(text.strip()):
        return "part of a quotation"
    m = _FIRST.match(text)
    if not m:
        return "debris"
    w1 = (m.group(1) or "").lower().replace("’", "'").split("'")[0]  # "It's", "They're": it, they
    w2 = " ".join(g.lower() for g in m.groups()[:2] if g)
    w3 = " ".join(g.lower() for g in m.groups() if g)
    if w1 in _CONJUNCTIONS:
        return "continuation"
    if w1 in _POINTING or w2 in _POINTING or w3 in _POINTING:
        # "It is ..." and "There are ..." are ordinary openings only when no one is referred to;
        # a summary still reads better starting from a named subject
        return "dangling reference"
    return None
