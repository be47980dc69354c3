"""One sentence splitter and one lexicon: cleaning, nlp and the summariser split alike, and the
shared word lists are written down only in newsprism/lexicon.py."""
from __future__ import annotations

import ast
from pathlib import Path

from newsprism.lexicon import are_opposites, stem
from newsprism.nlp.sentences import simple_sentence_spans
from newsprism.segment import paragraph_spans, sentence_spans
from newsprism.summarize.text import split_sentences

SRC = Path(__file__).resolve().parent.parent / "src" / "newsprism"

# Names under which modules used to keep their own copy of a shared list.
SHARED = {"ABBREVIATIONS", "_ABBREVIATIONS", "_ABBREV", "TITLES", "SENTENCE_STARTERS",
          "US_STATES", "STOPWORDS", "STOP_WORDS", "_STOP", "WEEKDAYS", "_WEEKDAYS", "MONTHS", "_MONTHS",
          "PERSON_TITLES", "HONORIFICS", "_HONORIFICS", "OPPOSITE_PAIRS", "_OPPOSITE_PAIRS",
          "_ANTONYM_PAIRS", "ANTONYMS", "_ANTONYMS", "OPPOSITES", "_CONVERSE", "CONVERSE_PAIRS"}

TEXT = ("Sen. Maria Ortiz of Fargo, N.D. spoke at 6 p.m. Thursday. Early on, Robert F. Bauer agreed.\n\n"
        "\u201cWe will rebuild,\u201d she said. No. 3 on the list was the U.S. But few noticed.\n\n"
        "Photo credit/AP")


def _literal(node: ast.expr) -> bool:
    """A list written out in place: {...}, (...), [...], {k: v}, frozenset({...}) or
    frozenset("a b c".split())."""
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(isinstance(k, ast.Constant) for k in node.keys)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("set", "frozenset"):
        arg = node.args[0] if node.args else None
        if isinstance(arg, (ast.Set, ast.List, ast.Tuple)):
            return True
        return (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                and isinstance(arg.func.value, ast.Constant))
    return False


def test_shared_word_lists_are_defined_only_in_the_lexicon():
    again = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "lexicon.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and _literal(node.value):
                again += [f"{path.relative_to(SRC)}: {t.id}" for t in node.targets
                          if isinstance(t, ast.Name) and t.id in SHARED]
    assert again == [], f"import these from newsprism.lexicon (extend them there if needed): {again}"


def test_cleaning_nlp_and_the_summariser_split_alike():
    expected = ["Sen. Maria Ortiz of Fargo, N.D. spoke at 6 p.m. Thursday.",
                "Early on, Robert F. Bauer agreed.",
                "\u201cWe will rebuild,\u201d she said.",
                "No. 3 on the list was the U.S.",
                "But few noticed.",
                "Photo credit/AP"]
    assert [TEXT[s:e] for s, e in sentence_spans(TEXT)] == expected
    cleaning = [span for p in paragraph_spans(TEXT) for span in sentence_spans(TEXT, *p)]
    assert cleaning == sentence_spans(TEXT)
    assert split_sentences(TEXT) == sentence_spans(TEXT)
    assert [(s.start, s.end) for s in simple_sentence_spans(TEXT)] == sentence_spans(TEXT)
    assert split_sentences(TEXT, base=10)[0] == (10, 10 + len(expected[0]))


def test_one_stem_joins_inflections_and_irregular_forms():
    assert stem("pleaded") == stem("pleads") == stem("pleading") == stem("pled") == stem("plead")
    assert stem("denied") == stem("denies") == stem("deny")
    assert stem("stopped") == stem("stop") and stem("fell") == stem("falls") and stem("rose") == stem("rising")
    assert stem("Ozy's") == stem("ozy")


def test_opposites_hold_in_any_inflection_and_both_directions():
    assert are_opposites("rose", "fell") and are_opposites("falling", "rises")
    assert are_opposites("innocent", "guilty") and are_opposites("died", "survived")
    assert are_opposites("after", "before")
    assert not are_opposites("rose", "rose") and not are_opposites("arrested", "detained")
    assert not are_opposites("buy", "sell")  # a converse whose swap with the subjects is a paraphrase
