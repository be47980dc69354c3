"""Plain text: line endings, paragraphs, a leading ``date YYYY-MM-DD`` header, an English check.

Scraped plain text often starts with a header such as `` date 2022-11-12 First sentence...``
(on the same line as the first sentence).  The date becomes ``published`` (published_from
"header") and the header is recorded as a removal, never silently dropped.
"""
from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError
from ..model import RawDocument, Removal

_DATE_HEADER = re.compile(
    r"\A[ \t\ufeff]*date[ \t]*[:=]?[ \t]*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?[ \t]*(?:\n[ \t]*)?",
    re.I,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_KNOWN_TAG = re.compile(
    r"</?(?:a|b|i|u|em|strong|span|p|div|br|hr|img|figure|figcaption|h[1-6]|ul|ol|li|blockquote"
    r"|sup|sub|small|font|iframe|script|style|section|article|header|footer|table|tr|td|th)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)


def normalize_text(text: str) -> str:
    """Unix line endings, no control characters, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = text.replace("\t", " ")
    if "\n" not in text:
        return text
    # line by line, not a regex: "[ ]+\n" is quadratic on a long run of spaces (issue 10)
    lines = text.split("\n")
    return "\n".join([line.rstrip(" \u00a0") for line in lines[:-1]] + lines[-1:])


def paragraphs_of(text: str) -> list[str]:
    """Split normalised text into paragraphs.

    With blank lines, a blank line separates paragraphs and single newlines inside a paragraph are
    hard wraps (joined with a space).  Without any blank line, every line is a paragraph.
    """
    text = text.strip()
    if not text:
        return []
    if _BLANK_LINE.search(text):
        parts = _BLANK_LINE.split(text)
        paras = [" ".join(line.strip() for line in p.split("\n") if line.strip()) for p in parts]
    else:
        paras = [line.strip() for line in text.split("\n")]
    return [re.sub(r" {2,}", " ", p) for p in paras if p]


def join_paragraphs(paras: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paras if p and p.strip())


def iso_date(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_text(text: str, source: str, encoding: str) -> RawDocument:
    text = normalize_text(text)
    removals: list[Removal] = []
    published = published_from = None
    m = _DATE_HEADER.match(text)
    if m:
        date = iso_date(*m.groups())
        if date:
            published, published_from = date, "header"
            removals.append(Removal(m.group(0).strip(), "date-header", "start of text"))
            text = text[m.end():]
    paras = paragraphs_of(text)
    if _KNOWN_TAG.search(text):
        # stray HTML tags inside plain text (copied from a page or a CMS): only known tag names
        # are removed, so "<Reuters>" or "3 < 4" in prose stay as written
        cleaned = []
        for i, para in enumerate(paras, 1):
            tags = _KNOWN_TAG.findall(para)
            if tags:
                removals.append(Removal(" ".join(tags), "markup", f"paragraph {i}"))
                para = " ".join(_KNOWN_TAG.sub(" ", para).split())
                para = re.sub(r" ([.,;:!?])", r"\1", para)
            cleaned.append(para)
        paras = cleaned
    body = join_paragraphs(paras)
    if not body:
        raise InputError(source, "the file has no text after its date header; check the file", code="empty")
    return RawDocument(source=source, shape="text", text=body, published=published,
                       published_from=published_from, encoding=encoding, removals=removals)


# --- is it English? ---------------------------------------------------------------------------
# Hand-written on purpose: the check only has to tell English news prose from other languages,
# offline and deterministically, in microseconds.  The share of very common English function
# words is 30-50% of the tokens of English prose; list-heavy English pages (recipes, results)
# can drop to ~10%, so we also compare with the function words of the languages most often met
# in scraped news (a page is refused when another language's share beats English's), and refuse
# text written mostly in a non-Latin script.  Checked on the 88 pages of the extraction benchmark
# (9 non-English pages, all refused; 79 English, all kept).  Language-id packages would add a model
# file or a large dependency for no gain here.
_FUNCTION_WORDS = frozenset(
    """the of and to a in is was that for on with as by at from it he she his her they their
    have has had be been are were will would said says not but or an this which who after
    about than more also its one two new we you i our us them into over up out when there
    what could should can may if no so all some any other just most only because while where
    before during since under against between both each how him then these those through""".split()
)
_OTHER_FUNCTION_WORDS = {
    "fr": "le la les des du un une et est que qui dans pour pas sur au aux avec ce cette sont ont "
          "par plus mais ou son ses leur été être elle il nous vous",
    "de": "der die das und ist nicht ein eine zu den dem des sich mit auf für von im auch es sie "
          "wir ich werden wird wurde sind oder aber nach bei aus",
    "es": "el la los las de del que y en un una es por para con no se su sus al lo como más pero "
          "fue ha sido este esta entre muy",
    "it": "il lo la gli le di del della che e è un una per con non si sono da nel nella anche "
          "come più ma alla questo questa ha",
    "pt": "o os as de do da dos das que e em um uma para com não se por mais como mas foi ao "
          "seu sua são também está",
    "nl": "de het een en van is dat op te zijn niet met voor er die ook maar om als bij aan "
          "wordt werd hij zij",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada atau "
          "oleh sudah saya kami mereka",
}
_OTHER_SETS = {lang: frozenset(words.split()) for lang, words in _OTHER_FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def english_score(text: str) -> tuple[float, int]:
    """(share of common English function words among word tokens, number of tokens)."""
    tokens = [t.lower() for t in _WORD.findall(text[:20000])]
    if not tokens:
        return 0.0, 0
    hits = sum(1 for t in tokens if t in _FUNCTION_WORDS)
    return hits / len(tokens), len(tokens)


def guess_not_english(text: str) -> str | None:
    """Why ``text`` is not English, or None when it is (or is too short to tell)."""
    sample = text[:20000]
    letters = _WORD.findall(sample)
    tokens = [t.lower() for t in letters]
    if len(tokens) < 25:
        return None
    n_letters = sum(len(t) for t in letters)
    latin = len(_LATIN.findall(sample))
    if n_letters and latin / n_letters < 0.5:
        return "it is mostly written in a non-Latin script"
    en = sum(1 for t in tokens if t in _FUNCTION_WORDS) / len(tokens)
    other_lang, other = max(((lang, sum(1 for t in tokens if t in words) / len(tokens))
                             for lang, words in _OTHER_SETS.items()), key=lambda x: x[1])
    if en < 0.04:
        return f"only {en:.0%} of its words are common English words"
    if en < 0.2 and other > en:
        return f"only {en:.0%} of its words are common English words, {other:.0%} are common {other_lang!r} words"
    return None


def check_english(text: str, source: str) -> None:
    """Raise InputError("not-english") for text that is clearly not English (>= 25 words)."""
    why = guess_not_english(text)
    if why:
        raise InputError(
            source,
            f"the text does not look like English ({why}); newsprism analyses English news; "
            "to read it anyway, add --any-language to `newsprism read` or `newsprism analyze` "
            "(in Python: Options(require_english=False))",
            code="not-english",
        )
