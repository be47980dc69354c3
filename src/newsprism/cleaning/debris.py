"""Find scraping debris in a document's text: cuts (offsets + reason) over the original text.

``find_cuts(text)`` returns non-overlapping ``Cut``s in absolute offsets of ``text``; the text
itself is never edited here (``clean.py`` assembles the kept pieces).  Working on offsets keeps
every removal an exact slice of the input, so "nothing lost silently" can be checked by a test.

Debris kinds, in the order they are looked for (an earlier cut wins over a later overlapping one):
  date-header        a leading "date YYYY-MM-DD" the reader did not already take
  ui-word            a stray interface word at the start ("Comment", "Advertisement", "Share"),
                     a paragraph that is only such a word, or "Advertisement" glued mid-paragraph
  boilerplate        page furniture: cookie notes, share buttons, "Skip to content", bylines,
                     "Updated 5:32 PM EST ..." stamps, ornament lines ("___")
  agency-credit      a bare credit ("Rod Smith/AP", "Reuters") or a bracketed "(AP Photo/...)"
  photo-caption      a paragraph, or the trailing part of one, ending in a photographer credit;
                     in one long paragraph, the sentence before a credit glued to the next one
  duplicate-paragraph  the same (long) paragraph again
  related-headline   a related-story headline: "Read more: ..." lines, unterminated headline
                     lines between or at the end of paragraphs, and a headline run dropped
                     mid-paragraph with no full stop before the next sentence
  newsletter-promo, copyright-footer, contributor-line   sentence-level patterns (patterns.py)

Every rule was checked for false positives on the hand-made clean article bodies of the
extraction benchmark (../shared/data/article-extraction-benchmark/ground-truth.json, paragraphs
split on newlines): of 66,698 words it cuts 504 (tests/test_cleaning_floor.py pins this): photo
credits, "Reporting by" lines, sign-up promotions, ornament lines, an "Updated at" stamp and
long repeated paragraphs, which the benchmark's annotators kept as part of the body.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..segment import paragraph_spans, sentence_spans
from . import patterns as P
from .text import is_terminated, normalize_for_compare, snap_to_words

_DATE_HEADER = re.compile(r"\A\s*date[ \t]*[:=]?[ \t]*(\d{4})-(\d{1,2})-(\d{1,2})\b[ \t]*", re.I)
_TOKEN = re.compile(r"\S+")
_CAPTION_MAX_WORDS = 70  # a caption paragraph is short
_CAPTION_MAX_SENTENCES = 2
_GLUED_CAPTION_MAX_WORDS = 45
# Only real paragraphs count as duplicates: short repeated lines (list items, "Q:" prompts,
# recipe quantities) are legitimately repeated in clean articles (measured on the benchmark).
_DUPLICATE_MIN_WORDS = 15


@dataclass
class Cut:
    start: int
    end: int
    reason: str
    paragraph: int  # 0-based index of the paragraph the cut is in
    whole: bool = False  # the cut removes the whole paragraph


class _Cuts:
    """Non-overlapping cuts; a later cut that overlaps an earlier one is dropped.

    Kept sorted by start as well (non-overlapping, so also by end): every question (is this
    span covered, does it overlap, which cut holds this offset) is a binary search, so cleaning
    stays linear on a text with many cuts (issue 10: one long line took minutes).
    """

    def __init__(self, text: str):
        self.text = text
        self.items: list[Cut] = []  # in the order they were added
        self._starts: list[int] = []
        self._sorted: list[Cut] = []

    def add(self, start: int, end: int, reason: str, paragraph: int, whole: bool = False) -> bool:
        start, end = snap_to_words(self.text, start, end)
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start or self.overlaps(start, end):
            return False
        cut = Cut(start, end, reason, paragraph, whole)
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._sorted.insert(i, cut)
        self.items.append(cut)
        return True

    def last_before(self, pos: int) -> Cut | None:
        """The cut with the largest start before ``pos`` (it also has the largest end)."""
        i = bisect.bisect_left(self._starts, pos) - 1
        return self._sorted[i] if i >= 0 else None

    def at(self, pos: int) -> Cut | None:
        """The cut that holds offset ``pos``, if any."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._sorted[i] if i >= 0 and pos < self._sorted[i].end else None

    def skip(self, pos: int, paragraph: int | None = None) -> int:
        """``pos`` moved past the cuts (of ``paragraph``, if given) that hold it."""
        c = self.at(pos)
        while c is not None and (paragraph is None or c.paragraph == paragraph):
            pos = c.end
            c = self.at(pos)
        return pos

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._sorted[i].end

    def overlaps(self, start: int, end: int) -> bool:
        c = self.last_before(end)
        return c is not None and start < c.end


def leading_date_header(text: str) -> tuple[str, int, int] | None:
    """(iso date, start, end) of a leading "date YYYY-MM-DD" header, or None."""
    m = _DATE_HEADER.match(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end()


def find_cuts(text: str) -> list[Cut]:
    """Every piece of debris in ``text``, as cuts sorted by offset."""
    cuts = _Cuts(text)
    paras = paragraph_spans(text)

    header = leading_date_header(text)
    if header and paras:
        cuts.add(header[1], header[2], "date-header", 0)

    _leading_ui_words(text, paras, cuts)
    _dateline(text, paras, cuts)
    seen: dict[str, int] = {}
    for i, (ps, pe) in enumerate(paras):
        _paragraph_rules(text, paras, i, cuts, seen)
    for i, (ps, pe) in enumerate(paras):
        if not cuts.covers(ps, pe):
            _sentence_rules(text, paras, i, cuts)
    return _merge_adjacent(text, sorted(cuts.items, key=lambda c: c.start))


def _merge_adjacent(text: str, cuts: list[Cut]) -> list[Cut]:
    """One removal for neighbouring cuts of the same kind in the same paragraph
    ("Get the briefing in your inbox. Sign up for our newsletter.")."""
    merged: list[Cut] = []
    for c in cuts:
        last = merged[-1] if merged else None
        if (last and last.reason == c.reason and last.paragraph == c.paragraph and not last.whole
                and not c.whole and not text[last.end:c.start].strip()):
            last.end = c.end
        else:
            merged.append(Cut(c.start, c.end, c.reason, c.paragraph, c.whole))
    return merged


# --- start of text ------------------------------------------------------------------------------


def _leading_ui_words(text: str, paras: list[tuple[int, int]], cuts: _Cuts) -> None:
    if not paras:
        return
    ps, pe = paras[0]
    pos = ps
    for c in cuts.items:  # after a date header
        if c.start <= pos < c.end or c.start == pos:
            pos = c.end
    while pos < pe and text[pos].isspace():
        pos += 1
    for _ in range(4):  # "Share Comment Listen ..." at most a few in a row
        m = P.UI_LEADING.match(text, pos, pe)
        if not m:
            break
        if not cuts.add(m.start(), m.end(), "ui-word", 0):
            break
        pos = m.end()


# --- whole paragraphs -----------------------------------------------------------------------------


def _paragraph_rules(text: str, paras, i: int, cuts: _Cuts, seen: dict[str, int]) -> None:
    ps, pe = paras[i]
    # a paragraph part of which is already cut (date header, leading UI word) is judged on the rest
    ps = cuts.skip(ps, i)
    while ps < pe and text[ps].isspace():
        ps += 1
    if ps >= pe:
        return
    p = text[ps:pe]
    n_words = len(p.split())

    def whole(reason: str) -> None:
        cuts.add(ps, pe, reason, i, whole=True)

    if P.is_ui_only(p):
        return whole("ui-word")
    if P.STRAY_ONLY.fullmatch(p):
        return whole("stray-punctuation")  # a lone quote mark or bracket
    if not re.search(r"[^\W_]", p):
        return whole("boilerplate")  # a rule or ornament line: "___", "* * *"
    if P.IMAGE_CAPTION.fullmatch(p):
        return whole("photo-caption")
    if n_words <= 60 and P.IMAGE_LABEL_START.match(p):
        return whole("image-credit")
    if P.is_boilerplate(p) or (n_words <= 14 and P.BYLINE.fullmatch(p)):
        return whole("boilerplate")
    kind = _notice_kind(p, n_words)
    if kind:
        return whole(kind)
    if P.is_credit_only(p):
        return whole("agency-credit")
    key = normalize_for_compare(p) if n_words >= _DUPLICATE_MIN_WORDS and is_terminated(p) else ""
    if key and key in seen:
        return whole("duplicate-paragraph")
    if P.RELATED_PREFIX.match(p) and n_words <= 25:
        return whole("related-headline")
    if _caption_paragraph(text, ps, pe, i, cuts):
        return
    if _standalone_headline(text, paras, i):
        return whole("related-headline")
    if key:
        seen.setdefault(key, i)
    # a legal footer paragraph: starts with (c) and sits in the last paragraphs of the text
    if P.COPYRIGHT_START.search(p) and i >= len(paras) - 2 and n_words <= 80:
        return whole("copyright-footer")


def _caption_paragraph(text: str, ps: int, pe: int, i: int, cuts: _Cuts) -> bool:
    """A paragraph ending in a photo credit: all of it when short, else its last sentence."""
    p = text[ps:pe]
    sents = sentence_spans(text, ps, pe)
    last_s, last_e = sents[-1]
    last = text[last_s:last_e]
    if len(sents) >= 2 and P.is_credit_only(last):
        credit_start = last_s
        caption_sents = sents[:-1]
        photo = bool(P.PHOTO_CREDIT.fullmatch(last.strip()))
    else:
        if is_terminated(p):
            return False
        m = P.CREDIT_AT_END.search(p)
        if not m:
            return False
        credit_start = ps + m.start()
        caption_sents = [(ps, credit_start)] if credit_start > ps else []
        photo = True
    if not photo:
        # "... he said. Reuters": a story credit, not a caption; only the credit goes
        cuts.add(credit_start, pe, "agency-credit", i)
        return True
    caption_words = len(text[ps:credit_start].split())
    if len(caption_sents) <= _CAPTION_MAX_SENTENCES and caption_words <= _CAPTION_MAX_WORDS:
        cuts.add(ps, pe, "photo-caption", i, whole=True)
    else:
        cuts.add(caption_sents[-1][0], pe, "photo-caption", i)
    return True


def _standalone_headline(text: str, paras, i: int) -> bool:
    """A related-story headline left as its own line between two ordinary paragraphs.

    Strict on purpose (measured on the extraction benchmark's clean article bodies, where
    sub-headings, list items and captions-as-content abound): the line must read like a news
    headline (a headline verb such as "says", "resigns", "begins"; no colon, question mark, quotes
    or subordinate clause) and both neighbours must be ordinary terminated paragraphs.
    """
    if i == 0 or i == len(paras) - 1:
        return False
    p = text[paras[i][0]:paras[i][1]]
    before = text[paras[i - 1][0]:paras[i - 1][1]]
    after = text[paras[i + 1][0]:paras[i + 1][1]]
    if is_terminated(p) or not is_terminated(before) or not is_terminated(after):
        return False
    return _headline_like(p.split(), min_words=4, max_words=16)


def _headline_like(words: list[str], min_words: int, max_words: int) -> bool:
    if not min_words <= len(words) <= max_words:
        return False
    first = _bare(words[0])
    if not first[:1].isupper() or first in P.SENTENCE_STARTERS or first.lower() in P.FUNCTION_WORDS:
        return False
    joined = " ".join(words)
    if any(ch in joined for ch in "\"\u201c\u201d:;?!()[]") or joined.count(",") > 1:
        return False
    bare = [_bare(w) for w in words]
    if any(w.lower() in P.CLAUSE_WORDS for w in bare):
        return False
    return any(w in P.HEADLINE_VERBS for w in bare[1:])


# --- sentences ------------------------------------------------------------------------------------


def _sentence_rules(text: str, paras, i: int, cuts: _Cuts) -> None:
    ps, pe = paras[i]
    sents = sentence_spans(text, ps, pe)
    for k, (s, e) in enumerate(sents):
        if cuts.covers(s, e):
            continue
        frag = text[s:e]
        if cuts.overlaps(s, e):
            # part of this sentence is already cut (leading UI word): judge the rest
            s = cuts.skip(s)
            frag = text[s:e]
            if not frag.strip():
                continue
        kind = None if P.is_boilerplate(frag) else _notice_kind(frag, len(frag.split()))
        if kind:
            cuts.add(s, e, kind, i)
        elif P.is_legal(frag):
            cuts.add(s, e, "copyright-footer", i)
        elif P.is_promo(frag):
            cuts.add(s, e, "newsletter-promo", i)
        elif P.is_contributor_line(frag):
            cuts.add(s, e, "contributor-line", i)
        elif P.is_boilerplate(frag) and len(frag.split()) <= 12:
            cuts.add(s, e, "boilerplate", i)
        else:
            ui = P.UI_GLUED.match(frag)
            if ui:
                cuts.add(s, s + ui.end(), "ui-word", i)
                s = s + ui.end()
                frag = text[s:e]
            glued = P.CREDIT_GLUED.match(frag)
            if glued:
                _glued_credit(text, sents, k, s, s + glued.end(), i, cuts)
                s = s + glued.end()
            has_before = k > 0 or i > 0
            if k > 0 and k == len(sents) - 1 and not is_terminated(frag) and _headline_like(frag.split(), 4, 16):
                cuts.add(s, e, "related-headline", i)  # a headline left at the end of a paragraph
            elif has_before:
                hl = inline_headline(text, s, e)
                if hl:
                    cuts.add(hl[0], hl[1], "related-headline", i)
        for m in P.CREDIT_BRACKETED.finditer(text, s, e):
            cuts.add(m.start(), m.end(), "agency-credit", i)
    _paragraph_edges(text, ps, pe, i, cuts)


def _glued_credit(text: str, sents, k: int, cs: int, ce: int, i: int, cuts: _Cuts) -> None:
    """A photo credit glued to the next sentence: the sentence before it is the caption."""
    if k > 0:
        ps_, pe_ = sents[k - 1]
        # "Name/AP Caption of the next photo. AFP via Getty Images ...": the caption starts after
        # the last cut that overlaps the sentence before
        last = cuts.last_before(pe_)
        if last is not None and ps_ < last.end:
            ps_ = max(ps_, last.end)
        if ps_ < pe_ and not cuts.overlaps(ps_, pe_) and len(text[ps_:pe_].split()) <= _GLUED_CAPTION_MAX_WORDS:
            cuts.add(ps_, ce, "photo-caption", i)
            return
    cuts.add(cs, ce, "agency-credit", i)


def _bare(token: str) -> str:
    return token.strip("\"'\u201c\u201d\u2018\u2019()[],;:")


def _is_verb(token: str) -> bool:
    w = _bare(token).lower()
    return w in P.FINITE_VERBS or (len(w) > 4 and w.endswith("ed"))


def inline_headline(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Span of a headline run at the start of sentence ``text[s:e]``, glued to the real sentence
    that follows it because the headline had no full stop, or None.

    The run must look like a headline (4-22 words, capitalised first word, no quotes, at most one
    comma, no reporting verb just before the break), end in an ordinary lower-case word, and be
    followed by a capitalised sentence start whose verb comes within a few words ("... secretary
    The White House said ...", "... flood Calloway had ...").  The rest must end the sentence.
    Conservative by design: when unsure the text stays.
    """
    toks = [(m.start() + s, m.end() + s, m.group(0)) for m in _TOKEN.finditer(text[s:e])]
    if len(toks) < 8 or not is_terminated(text[s:e]):
        return None
    first = _bare(toks[0][2])
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return None
    if first in P.SENTENCE_STARTERS or first.lower() in P.FUNCTION_WORDS or first.lower() in P.CLAUSE_WORDS:
        return None  # "But ...", "The ...", "He ...", "I ...": prose, headlines do not start so
    commas = 0
    for j in range(len(toks)):
        if j >= 4 and len(toks) - j >= 4 and _headline_break(toks, j):
            return toks[0][0], toks[j - 1][1]
        # token j now belongs to the candidate headline run: does the run still look like one?
        tok = toks[j][2]
        if j >= 22 or any(ch in tok for ch in "\"\u201c\u201d;:?!"):
            return None
        if j > 0 and is_terminated(toks[j - 1][2]):
            return None  # a sentence end the splitter skipped (abbreviation): not a headline
        commas += tok.count(",")
        if commas > 1 or _bare(tok).lower() in P.CLAUSE_WORDS:
            return None  # a subordinate clause: prose, not a headline
    return None


def _headline_break(toks: list[tuple[int, int, str]], j: int) -> bool:
    """Is there a break between a headline run toks[:j] and a real sentence toks[j:]?"""
    prev, nxt = toks[j - 1][2], _bare(toks[j][2])
    if not re.fullmatch(r"[a-z][a-z'\u2019\-]*", prev) or prev in P.FUNCTION_WORDS:
        return False
    if not nxt or not nxt[0].isupper():
        return False
    window = {_bare(t[2]).lower() for t in toks[max(0, j - 3):j]}
    if window & P.SPEECH_VERBS:
        return False
    if {_bare(toks[j - 2][2]).lower(), _bare(toks[j - 3][2]).lower()} & P.DETERMINERS:
        return False  # "the show The View": a title in apposition
    if nxt in P.SENTENCE_STARTERS:
        return any(_is_verb(t[2]) for t in toks[j + 1:j + 5])
    if prev in P.ROLE_WORDS or prev.endswith(P.ROLE_SUFFIXES):
        return False  # "director Ruth Calloway said": a title before a name
    if prev.endswith(("ed", "ing")) or _bare(toks[j - 2][2]).lower() in P.VERB_MARKERS:
        return False  # "ambitions to revamp CBP have ...": a verb and its object
    # a capitalised name (1-3 words) and then its verb
    k = j
    while k < len(toks) and k - j < 3 and _bare(toks[k][2])[:1].isupper():
        k += 1
    return k < len(toks) and _is_verb(toks[k][2])


# --- issue 9: datelines, share widgets, form text, image credits, notices -----------------------


def _notice_kind(fragment: str, n_words: int) -> str | None:
    """The debris kind of a whole fragment (paragraph or sentence) that is a share widget, form
    text, an image credit or an embed/archive notice; None for anything else."""
    if P.is_share_widget(fragment):
        return "share-widget"
    if P.is_form_text(fragment):
        return "form-text"
    if P.is_image_credit(fragment) or (n_words <= 60 and P.IMAGE_LABEL_START.match(fragment.strip())):
        return "image-credit"
    if P.is_embed_notice(fragment):
        return "embed-notice"
    return None


def _paragraph_edges(text: str, ps: int, pe: int, i: int, cuts: _Cuts) -> None:
    """Debris glued to the edges of a paragraph: a share widget before the first sentence or
    after the last, an image credit after the last, and a quote mark split from its sentence."""
    m = P.SHARE_RUN.match(text, ps, pe)
    if m and P.is_share_widget(m.group(0)) and re.match(r"\s*[\"\u201c]?[A-Z]", text[m.end():pe]):
        cuts.add(m.start(), m.end(), "share-widget", i)
    tail = text[max(ps, pe - 200):pe]
    m = re.search(rf"(?<=[.!?\u201d\"])\s+(?:{P.SHARE_RUN.pattern})\s*$", tail)
    if m and P.is_share_widget(m.group(0)):
        cuts.add(pe - len(tail) + m.start(), pe, "share-widget", i)
    m = P.ROLE_CREDIT_AT_END.search(tail)
    if m:
        cuts.add(pe - len(tail) + m.start(), pe, "image-credit", i)
    for m in P.STRAY_MARK.finditer(text, ps, pe):
        cuts.add(m.end() - 1, m.end(), "stray-punctuation", i)


def _dateline_match(text: str, pos: int, end: int) -> re.Match | None:
    from .outlet import is_outlet_name

    m = P.DATELINE_CAPS.match(text, pos, end)
    if m and not set(m.group("place").split()) & P.NOT_PLACES and len(re.sub(r"\W", "", m.group("place"))) >= 2:
        return m
    for pattern in (P.DATELINE_AGENCY, P.DATELINE_BARE_AGENCY):
        m = pattern.match(text, pos, end)
        if m and (is_outlet_name(m.group("agency")) or re.fullmatch(r"[A-Z]{2,6}", m.group("agency"))):
            return m
    return None


def _dateline(text: str, paras: list[tuple[int, int]], cuts: _Cuts) -> None:
    """A dateline at the start of the first paragraph (after a date header or UI words)."""
    for i, (ps, pe) in enumerate(paras[:2]):
        if cuts.covers(ps, pe):
            continue  # a byline paragraph already cut: the dateline may open the next one
        pos = ps
        for c in cuts.items:
            if c.start <= pos < c.end or c.start == pos:
                pos = c.end
        while pos < pe and text[pos].isspace():
            pos += 1
        m = _dateline_match(text, pos, pe)
        if m:
            cuts.add(m.start(), m.end(), "dateline", i)
        return


def dateline_parts(fragment: str) -> tuple[str | None, str | None, str | None]:
    """(place, agency, date as written) of a dateline removed by ``find_cuts``."""
    probe = fragment + " A"  # the patterns look ahead for the sentence that follows a dateline
    m = _dateline_match(probe, 0, len(probe))
    if not m:
        return None, None, None
    groups = m.groupdict()
    place = groups.get("place")
    if place and groups.get("region"):
        place += groups["region"]
    return place, groups.get("agency"), groups.get("date")
