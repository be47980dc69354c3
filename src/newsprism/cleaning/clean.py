"""RawDocument -> Article: remove debris (each removal kept with its reason), decide the outlet,
the date and the title, and give the article its stable id.

The cleaned text is built once, here: the kept parts of each paragraph joined by single spaces
(no space before punctuation left at a splice point), paragraphs joined by a blank line.  Nothing
downstream edits it; everything after cleaning points into it by offsets.
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
from collections import Counter

from ..errors import InputError
from ..model import Article, Citation, Dateline, RawDocument, Removal
from ..options import Options
from ..reading.decode import repair_text
from ..segment import paragraph_spans, sentence_spans
from .debris import Cut, dateline_parts, find_cuts, leading_date_header
from .outlet import decide
from .text import normalize_for_compare, splice

TITLE_MAX_CHARS = 100


def article_id(source: str, text: str) -> str:
    """Stable id: the first 12 hex digits of sha1(source NUL cleaned text)."""
    return hashlib.sha1(f"{source}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _where(cut: Cut, paras: list[tuple[int, int]]) -> str:
    i = cut.paragraph
    n = len(paras)
    if cut.reason == "date-header" or (i == 0 and cut.start <= paras[0][0] and not cut.whole):
        return "start of text"
    ps, pe = paras[i]
    if cut.whole or (cut.start <= ps and cut.end >= pe):
        return f"paragraph {i + 1} of {n}"
    pos = "start" if cut.start <= ps else "end" if cut.end >= pe else "middle"
    return f"paragraph {i + 1} of {n}, {pos}"


def _title_repeat_cut(text: str, paras: list[tuple[int, int]], title: str | None) -> Cut | None:
    """The title repeated as the first paragraph (common in extracted pages)."""
    if not title or len(paras) < 2:
        return None
    ps, pe = paras[0]
    if normalize_for_compare(text[ps:pe]) == normalize_for_compare(title) and normalize_for_compare(title):
        return Cut(ps, pe, "boilerplate", 0, whole=True)
    return None


_TITLE_WINDOW = 4096  # characters of the first paragraph that can hold the title sentence


def derived_title(text: str) -> str | None:
    """A display title from the opening sentence, shortened at a word boundary."""
    end = text.find("\n\n") if "\n\n" in text else len(text)
    # the opening sentence only: a title is at most TITLE_MAX_CHARS, so a few kB are enough (and
    # a one-line text of many MB is not split into sentences again)
    spans = sentence_spans(text, 0, min(end, _TITLE_WINDOW))
    if not spans:
        return None
    first = text[spans[0][0]:spans[0][1]].strip()
    if len(first) <= TITLE_MAX_CHARS:
        return first
    cut = first[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:\u2014\u2013- ")
    return cut + "\u2026"


def clean(doc: RawDocument, options: Options | None = None) -> Article:
    """Clean one document.  Raises InputError("empty-after-cleaning") if nothing is left."""
    text, repairs = repair_text(doc.text or "")
    doc_title, title_repairs = repair_text(doc.title) if doc.title else (doc.title, [])
    repairs += title_repairs
    paras = paragraph_spans(text)
    cuts = find_cuts(text)
    repeat = _title_repeat_cut(text, paras, doc_title)
    if repeat and not any(c.start < repeat.end and repeat.start < c.end for c in cuts):
        cuts = sorted([*cuts, repeat], key=lambda c: c.start)

    kept: list[str] = []
    ends = [c.end for c in cuts]  # cuts are sorted and do not overlap: ends are sorted too
    for i, (ps, pe) in enumerate(paras):
        pieces, pos = [], ps
        # only the cuts that reach into this paragraph (a binary search, not every cut: linear
        # time on a text of many paragraphs)
        for c in itertools.islice(cuts, bisect.bisect_right(ends, ps), None):
            if c.start >= pe:
                break
            if c.end <= ps:
                continue
            if c.start > pos:
                pieces.append(text[pos:c.start])
            pos = max(pos, c.end)
        if pos < pe:
            pieces.append(text[pos:pe])
        para = splice(pieces)
        if para:
            kept.append(para)
    cleaned = "\n\n".join(kept)

    removals = list(doc.removals)
    removals.extend(Removal(text[c.start:c.end], c.reason, _where(c, paras)) for c in cuts)

    if not cleaned.strip():
        counts = Counter(r.reason for r in removals)
        what = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items())) or "nothing"
        raise InputError(doc.source, f"no article text is left after removing scraping debris ({what}); "
                         "run `newsprism read --removed` on it to see what was dropped",
                         code="empty-after-cleaning")

    published, published_from = doc.published, doc.published_from
    if not published:
        header = leading_date_header(text)
        if header and any(c.reason == "date-header" for c in cuts):
            published, published_from = header[0], "header"
        else:
            published, published_from = None, None

    dateline = None
    first_dateline = next((c for c in cuts if c.reason == "dateline"), None)
    if first_dateline:
        dl_text = text[first_dateline.start:first_dateline.end]
        dateline = Dateline(dl_text, *dateline_parts(dl_text))

    removed_texts = [r.text for r in removals if r.reason not in ("markup", "date-header", "dateline")]
    decision = decide(field=doc.outlet, field_from=doc.outlet_from, url=doc.url, source=doc.source,
                      text=cleaned, removed=removed_texts, agency=dateline.agency if dateline else None)

    if doc_title and doc_title.strip():
        title, title_from = " ".join(doc_title.split()), "source"
    else:
        title = derived_title(cleaned)
        title_from = "first-sentence" if title else None

    return Article(
        id=article_id(doc.source, cleaned),
        source=doc.source,
        text=cleaned,
        title=title,
        outlet=decision.outlet,
        outlet_from=decision.how,
        published=published,
        published_from=published_from,
        url=doc.url,
        shape=doc.shape,
        removals=removals,
        title_from=title_from,
        outlet_cue=decision.cue,
        citations=[Citation(m.outlet, m.cue, m.start, m.end, cleaned[m.start:m.end]) for m in decision.citations],
        dateline=dateline,
        label=doc.label,
        repairs=repairs,
    )
