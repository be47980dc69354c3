"""Strip HTML markup from paragraph strings (lists of HTML paragraphs, HTML inside JSON fields).

lxml parses the fragment (it copes with broken markup); the visible text is kept and the tags
that were removed are recorded as a ``Removal(reason="markup")`` so nothing disappears silently.
"""
from __future__ import annotations

import html as html_lib
import re

from ..model import Removal

_ELEMENT = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_BLOCK_BREAK = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^<>]*>", re.I)
_DROP_OPEN = re.compile(r"<(script|style|noscript|template)\b", re.I)
_DROP_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "template")}
_SPACES = re.compile(r"[ \t\u00a0]+")

# The spans below are found with str.find and simple patterns rather than one regex with lazy
# ".*?" parts ("<!--.*?-->", "<script>.*?</script>"): on a text full of unclosed comments or
# script tags those regexes retry from every opening and take quadratic time (issue 10).


def _markup_spans(text: str) -> list[tuple[int, int]]:
    """Tags and comments, left to right: what the regex "element|<!--.*?-->" finds, in linear
    time (no comment can close after an unclosed one, so the search for comments stops)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    m = _ELEMENT.search(text)
    c = text.find("<!--")
    while True:
        if m is not None and m.start() < pos:
            m = _ELEMENT.search(text, pos)
        if c != -1 and c < pos:
            c = text.find("<!--", pos)
        if c != -1 and (m is None or c < m.start()):
            end = text.find("-->", c + 4)
            if end == -1:
                c = -1
                continue
            spans.append((c, end + 3))
            pos = end + 3
        elif m is not None:
            spans.append(m.span())
            pos = m.end()
        else:
            return spans


def _dropped_spans(text: str) -> list[tuple[int, int]]:
    """script/style/noscript/template elements with their content (linear time)."""
    spans: list[tuple[int, int]] = []
    pos, gt = 0, -1
    unclosed: set[str] = set()
    while True:
        m = _DROP_OPEN.search(text, pos)
        if m is None:
            return spans
        if gt < m.end():
            gt = text.find(">", m.end())
            if gt == -1:
                return spans
        name = m.group(1).lower()
        close = None if name in unclosed else _DROP_CLOSE[name].search(text, gt + 1)
        if close is None:
            unclosed.add(name)
            pos = m.end()
            continue
        spans.append((m.start(), close.end()))
        pos = close.end()


def _without(text: str, spans: list[tuple[int, int]], sep: str) -> str:
    pieces, pos = [], 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return sep.join(pieces)


def has_markup(text: str) -> bool:
    if _ELEMENT.search(text):
        return True
    start = text.find("<!--")
    return start != -1 and text.find("-->", start + 4) != -1


def strip_markup(text: str, where: str) -> tuple[str, list[Removal]]:
    """Visible text of an HTML fragment and the removals (tags; script/style contents)."""
    if not has_markup(text):
        return html_lib.unescape(text) if "&" in text else text, []
    removals: list[Removal] = []
    drop = _dropped_spans(text)
    if drop:
        removals.extend(Removal(text[a:b], "markup", where) for a, b in drop)
        text = _without(text, drop, " ")
    tags = [text[a:b] for a, b in _markup_spans(text)]
    # line breaks and closing block tags separate lines; we then parse with lxml for the text.
    text = _BLOCK_BREAK.sub(lambda m: m.group(0) + "\n", text)
    visible = _visible_text(text)
    if tags:
        removals.append(Removal(" ".join(tags), "markup", where))
    lines = [_SPACES.sub(" ", line).strip() for line in visible.split("\n")]
    return "\n".join(line for line in lines if line), removals


def _visible_text(fragment: str) -> str:
    try:
        import lxml.html

        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        return root.text_content()
    except Exception:  # lxml refuses some inputs (e.g. only a comment, control chars)
        return html_lib.unescape(_without(fragment, _markup_spans(fragment), ""))
