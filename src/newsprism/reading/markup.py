"""Strip HTML markup from paragraph strings (lists of HTML paragraphs, HTML inside JSON fields).

lxml parses the fragment (it copes with broken markup); the visible text is kept and the tags
that were removed are recorded as a ``Removal(reason="markup")`` so nothing disappears silently.
"""
from __future__ import annotations

import html as html_lib
import re

from ..model import Removal

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_BLOCK_BREAK = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^>]*>", re.I)
_DROP_WITH_CONTENT = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_SPACES = re.compile(r"[ \t\u00a0]+")


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text))


def strip_markup(text: str, where: str) -> tuple[str, list[Removal]]:
    """Visible text of an HTML fragment and the removals (tags; script/style contents)."""
    if not has_markup(text):
        return html_lib.unescape(text) if "&" in text else text, []
    removals: list[Removal] = []
    dropped = [m.group(0) for m in _DROP_WITH_CONTENT.finditer(text)]
    if dropped:
        text = _DROP_WITH_CONTENT.sub(" ", text)
        removals.extend(Removal(d, "markup", where) for d in dropped)
    tags = [m.group(0) for m in _TAG.finditer(text)]
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
        return html_lib.unescape(_TAG.sub("", fragment))
