"""Small text helpers for the summariser: sentence spans, content words, loaded wording.

The summariser's candidate sentences are ``split_sentences`` spans, with or without annotations
(spaCy's small model cut quotations and datelines apart: see ``extractive._sentence_spans``;
the nlp stage's sentence vectors are matched to them by overlap).  It is the package's
rule-based splitter (``newsprism.segment``): spaCy may only be loaded in ``nlp/models.py`` and the
summariser must also work without it.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ..lexicon import ENGLISH_STOP_WORDS as STOPWORDS
from ..scores import rounded
from ..segment import sentence_spans

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")

# Loaded or opinion wording that a neutral summary must not adopt as fact when only one outlet uses
# it.  Kept short and specific: words that characterise rather than report.
LOADED_WORDS = frozenset("""
embattled czar tsar rages raging raged slams slammed blasts blasted chaos chaotic disaster
disastrous radical extremist extremists shocking outrageous so-called notorious disgraced scandal
scandal-plagued fiasco debacle meltdown horrific catastrophic catastrophe reckless bombshell
stunning brazen hapless beleaguered firestorm onslaught skyrocketing sham witch-hunt woke thugs
puppet
""".split())


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over ``text``: the package's one splitter (``newsprism.segment``)."""
    return [(base + s, base + e) for s, e in sentence_spans(text)]


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@functools.lru_cache(maxsize=65536)  # a story's vocabulary: each distinct word stemmed once
def stem(word: str) -> str:
    """A light suffix stripper, enough to match "resigned"/"resigns"/"resignation" loosely.

    Hand-written because the summariser needs only a crude, dependency-free normaliser for
    overlap checks (no stemmer ships in the runtime dependencies).
    """
    w = word.lower().replace("'s", "")
    for suf in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def content_words(text: str) -> list[str]:
    """Stemmed words that carry content (no stopwords), in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


@dataclass(frozen=True)
class TextFeatures:
    """What the support checks read from one text, computed once (``features``/``FeatureCache``)
    and reused for every comparison the text takes part in."""

    text: str
    content: tuple[str, ...]  # stemmed content words, in order
    content_set: frozenset[str]
    numbers: frozenset[str]  # numbers written in the text, without thousands separators
    norm: str  # the text as lowercase words, for quotation look-ups
    quotes: tuple[str, ...]  # the text's direct quotations, normalised like ``norm``


def features(text: "str | TextFeatures") -> TextFeatures:
    if isinstance(text, TextFeatures):
        return text
    content = tuple(content_words(text))
    return TextFeatures(text=text, content=content, content_set=frozenset(content),
                        numbers=frozenset(n.replace(",", "") for n in _NUM.findall(text)),
                        norm=_norm(text), quotes=tuple(_norm(q) for q in _quotations(text)))


class FeatureCache:
    """``features`` of each distinct text once, for one summary (a plain dict: no eviction, freed
    with the summary)."""

    def __init__(self) -> None:
        self._by_text: dict[str, TextFeatures] = {}

    def __call__(self, text: str) -> TextFeatures:
        f = self._by_text.get(text)
        if f is None:
            f = self._by_text[text] = features(text)
        return f


class Idf(dict):
    """Inverse document frequencies (word -> weight) with ``top``, the weight of an unseen word."""

    def __init__(self, weights: dict[str, float]) -> None:
        super().__init__(weights)
        self.top = max(weights.values(), default=1.0)
        self._totals: dict[frozenset[str], float] = {}

    def weight(self, words: "frozenset[str] | set[str]") -> float:
        """The summed weight of ``words`` (exact: ``math.fsum``, so independent of set order)."""
        return math.fsum(self.get(w, self.top) for w in words)

    def total(self, words: frozenset[str]) -> float:
        """``weight`` of a text's whole word set, computed once per set."""
        t = self._totals.get(words)
        if t is None:
            t = self._totals[words] = self.weight(words)
        return t


def recall(sentence: "str | TextFeatures", source: "str | TextFeatures",
           idf: dict[str, float] | None = None) -> float:
    """Share of ``sentence``'s distinct content words that occur in ``source``; with ``idf``, each
    word weighs its inverse document frequency, so the words that make the sentence specific
    ("quit", "jammed") count more than the story's common words ("authority", "dam")."""
    need = features(sentence).content_set
    if not need:
        return 0.0
    have = features(source).content_set
    if idf is None:
        return len(need & have) / len(need)
    if not isinstance(idf, Idf):
        idf = Idf(idf)
    shared = need & have
    return idf.weight(shared) / idf.total(need) if shared else 0.0


def idf_weights(texts: "list[str] | list[TextFeatures]") -> Idf:
    """Smoothed inverse document frequency of content words over ``texts`` (e.g. all sentences)."""
    df: dict[str, int] = {}
    for t in texts:
        for w in features(t).content_set:
            df[w] = df.get(w, 0) + 1
    n = len(texts)
    return Idf({w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()})


def loaded_words(text: str) -> list[str]:
    """The loaded words in ``text`` (lowercase, in order, deduplicated)."""
    seen: list[str] = []
    for w in words(text):
        if w in LOADED_WORDS and w not in seen:
            seen.append(w)
    return seen


_QUOTED = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")


def _norm(text: str) -> str:
    return " ".join(words(text))


_NUM = re.compile(r"\d[\d,.]*\d|\d")


def numbers_kept(sentence: "str | TextFeatures", source: "str | TextFeatures") -> bool:
    """True when every number written in ``sentence`` also appears in ``source``."""
    return features(sentence).numbers <= features(source).numbers


def ordered_recall(sentence: "str | TextFeatures", source: "str | TextFeatures") -> float:
    """Longest common subsequence of content words, as a share of ``sentence``'s content words:
    like recall, but the words must also come in the same order (who did what to whom)."""
    a, b = features(sentence).content, features(source).content
    if not a or not b:
        return 0.0
    from rapidfuzz.distance import LCSseq  # the longest common subsequence, over word lists

    return LCSseq.similarity(a, b) / len(a)


def supports(sentence: "str | TextFeatures", source: "str | TextFeatures", min_recall: float,
             idf: dict[str, float] | None = None) -> bool:
    """Does ``source`` say what ``sentence`` says?  Content-word recall (IDF-weighted when ``idf`` is
    given) at or above ``min_recall``, most words in the same order, the same numbers, and every
    direct quotation word for word.  Takes texts or their ``features`` (precomputed: no
    re-tokenising when one text is compared with many)."""
    sentence, source = features(sentence), features(source)
    # recall meets the bound rounded (newsprism.scores): its weights come from libm's log
    return (rounded(recall(sentence, source, idf)) >= min_recall and numbers_kept(sentence, source)
            and quotes_kept(sentence, source) and ordered_recall(sentence, source) >= min_recall - 0.1)


def _quotations(sentence: str) -> list[str]:
    quotes = _QUOTED.findall(sentence)
    rest = _QUOTED.sub(" ", sentence)
    m = re.search(r"[\"“]([^\"“”]{8,})$", rest.strip())  # a quotation the sentence split left open
    if m:
        quotes.append(m.group(1))
    return quotes


def quotes_kept(sentence: "str | TextFeatures", source: "str | TextFeatures") -> bool:
    """True when every direct quotation in ``sentence`` appears word for word in ``source``.

    A direct quote is only cited to outlets that carry that wording; a paraphrase or a reworded
    quote does not support it.
    """
    quotes = features(sentence).quotes
    if not quotes:
        return True
    have = features(source).norm
    return all(q in have for q in quotes)
