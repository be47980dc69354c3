"""HTML pages -> RawDocument with trafilatura (article body, metadata) and htmldate (date).

Settings were tuned on the article-extraction benchmark (bench/extraction.py): see the report
there.  Only cheap, page-independent post-processing is done here; debris cleaning is the
cleaning stage's job.
"""
from __future__ import annotations

import re
import warnings
from typing import Any

from ..errors import InputError
from ..model import RawDocument, Removal
from .markup import strip_markup
from .text import join_paragraphs, normalize_text, paragraphs_of

_META_SITE = re.compile(
    r"""<meta\b[^>]*?(?:property|name)\s*=\s*["'](?:og:site_name|application-name|twitter:site)["'][^>]*>""",
    re.I,
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FULL_PAGE = re.compile(r"<(?:html|body|head)[\s>]", re.I)
_MIN_WORDS = 8  # fewer words than this is a menu or a stub, not an article body


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (first 4 KB), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _extract(html: str, url: str | None, precision: bool = True):
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,
            include_links=False,
            favor_precision=precision,
            favor_recall=not precision,
            deduplicate=False,
        )


def _site_name(html: str) -> str | None:
    for m in _META_SITE.finditer(html[:200_000]):
        c = _CONTENT_ATTR.search(m.group(0))
        if c and c.group(2).strip():
            value = " ".join(c.group(2).split())
            return value.lstrip("@") if "twitter:site" in m.group(0).lower() else value
    return None


def _find_date(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on some malformed trees; the date is then unknown
        return None
    return found if found and _ISO.fullmatch(found) else None


# Page furniture trafilatura sometimes keeps at the edges of the body: share/comment prompts,
# newsletter sign-ups.  Generic wording only (no per-site rules); each drop is recorded.
_FURNITURE = re.compile(
    r"^(?:share this|like this (?:story|article)|tell us what you think|\d*\s*comments?$"
    r"|have a (?:news )?tip\?|related:|read more:|see more:|more from\b.{0,60}:|click here"
    r"|don'?t miss:?$|advertisement$|recommended:?$"
    r"|(?:sign up|subscribe|register)\b.{0,120}\b(?:newsletters?|inbox|e-?mails?)\b"
    r"|get the latest\b.{0,80}\binbox"
    r"|follow (?:us|her|him|them|[A-Z][\w.'\u2019 -]{0,60}?) on (?:twitter|facebook|instagram|youtube"
    r"|linkedin|tiktok|threads|bluesky|mastodon)\b"
    r"|listen to\b.{0,60}\blive\b)",
    re.I,
)
_FURNITURE_MAX = 300  # longer paragraphs are prose, whatever they start with
# Whole paragraphs of page furniture that trafilatura keeps inside the body (issue 9; each rule
# fires on no paragraph of the extraction benchmark's hand-made clean bodies):
#   a subscription or newsletter offer addressed to the reader ("Sign up for the free daily
#   newsletter", "Get X delivered through your letterbox ... Click here"), a related link tagged
#   in capitals ("... [VIDEO]"), a "Related:"/"Also on site.com"/"You may also like" line, a CMS
#   shortcode ("[button link=...]"), an author bio's "Follow him on Twitter", an "Updated at" stamp.
_PROMO_NOUN = re.compile(r"\b(?:subscri\w+|newsletters?|inbox|letterbox|use the code|free trial)\b", re.I)
_PROMO_VERB = re.compile(r"(?:^|[.!?]\s+)(?:sign up|subscribe|get (?:the|our|access|\w+ \w+ delivered)|start your day"
                         r"|click here|join|download|there['\u2019]s (?:plenty )?more|don['\u2019]t miss|want more)\b", re.I)
_TAGGED_LINK = re.compile(r"\[[A-Z]{3,}\]\s*\|?$")
_RELATED_LINE = re.compile(r"(?:\[\s*related\s*:|also on [\w-]+\.\w+\b|related (?:post|story|article)s?\s*:"
                           r"|you may also like|filed under\s*:)", re.I)
_SHORTCODE = re.compile(r"\[\w+ [^\]]*=[^\]]*\]")
_BIO_FOLLOW = re.compile(r"(?:^|[.!?]\s+)follow (?:him|her|them|us|me) on (?:twitter|facebook|instagram)\b", re.I)
_UPDATED = re.compile(r"(?:updated|posted|published)(?: at| on)?:? [\w:., ]{1,30}", re.I)


def _furniture_paragraph(line: str) -> bool:
    n = len(line.split())
    return bool(
        (n <= 80 and _PROMO_NOUN.search(line) and _PROMO_VERB.search(line))
        or (n <= 30 and _TAGGED_LINK.search(line))
        or (n <= 40 and _RELATED_LINE.match(line))
        or _SHORTCODE.match(line)
        or (n <= 60 and _BIO_FOLLOW.search(line))
        or _UPDATED.fullmatch(line)
    )


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _host_names(url: str | None, hostname: str | None) -> set[str]:
    from urllib.parse import urlsplit

    names = {(hostname or "").lower()}
    if url:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            names |= {parts.netloc.lower(), host, host.removeprefix("www.")}
        except ValueError:
            pass
    return names - {""}


def _date_in_url(date: str, url: str) -> bool:
    y, m, d = date.split("-")
    return bool(re.search(rf"{y}[/_-]?{m}[/_-]?{d}|{y}/{int(m)}/{int(d)}\b", url))


def body_paragraphs(text: str, title: str | None = None) -> tuple[list[str], list[Removal]]:
    """trafilatura's text output (one paragraph per line) -> paragraphs, minus the repeated
    headline near the top and page furniture (measured on the benchmark: +0.4 F1 points)."""
    text = normalize_text(text)
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    wanted_title = _words(title or "")
    paras: list[str] = []
    removals: list[Removal] = []
    for i, line in enumerate(lines, 1):
        words = _words(line)
        if (i <= 3 and wanted_title and words
                and (words == wanted_title or (len(words) >= 20 and wanted_title.startswith(words)))):
            removals.append(Removal(line, "boilerplate", f"paragraph {i} (repeats the title)"))
            continue
        if (len(line) <= _FURNITURE_MAX and _FURNITURE.match(line)) or _furniture_paragraph(line):
            removals.append(Removal(line, "boilerplate", f"paragraph {i}"))
            continue
        paras.append(line)
    return paras, removals


# --- an article split over sibling containers (issue 9) --------------------------------------------
# Some sites cut one article into several blocks of the same kind (<div class="body__inner">
# ... an ad ... <div class="body__inner">), and trafilatura keeps only the first.  Paragraphs of a
# nearby block (sharing an ancestor at most two levels up) with the same tag and class as a block
# whose paragraphs were extracted are put back after the extracted paragraph that precedes them.  Strict on purpose (measured on the
# extraction benchmark): the block must hold at least two finished sentences of prose totalling
# 60 words, and nothing inside <aside>, <nav>, <footer>, <figure> or a form counts.
_SIBLING_MIN_WORDS = 12
_SIBLING_MIN_BLOCK_WORDS = 60
_NOT_BODY = frozenset({"aside", "nav", "footer", "header", "figure", "figcaption", "form", "button",
                       "noscript", "blockquote", "template"})
_FINISHED = re.compile(r"[.!?\"\u201d\u2019]$")


def _up(el: Any, levels: int) -> list[Any]:
    """The ``levels`` ancestors above ``el`` (its parent, grandparent ...)."""
    out = []
    for _ in range(levels):
        el = el.getparent()
        if el is None:
            break
        out.append(el)
    return out


def _sibling_paragraphs(html: str, paras: list[str]) -> list[str]:
    if len(paras) < 3:
        return paras
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
    except Exception:  # lxml refuses some markup: keep what trafilatura found
        return paras
    found: list[tuple[Any, str]] = []
    for el in root.iter("p"):
        if any(a.tag in _NOT_BODY for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text and el.getparent() is not None:
            found.append((el, text))
    have = {_words(p) for p in paras}
    matched = [i for i, (_, t) in enumerate(found) if _words(t) in have]
    if len(matched) < 3:
        return paras
    kinds: dict[tuple, int] = {}
    for i in matched:
        parent = found[i][0].getparent()
        key = (parent.tag, parent.get("class") or "")
        kinds[key] = kinds.get(key, 0) + 1
    body_kinds = {k for k, n in kinds.items() if n >= 2 and k[1]}
    # lxml hands out a new proxy object per access: hold the elements themselves (a set keeps them
    # alive, so the same node is the same object), never their id()
    parents = {found[i][0].getparent() for i in matched}
    near = {a for i in matched for a in _up(found[i][0].getparent(), 2)}
    blocks: dict[Any, list[tuple[int, str, int]]] = {}
    for i, (el, text) in enumerate(found):
        parent = el.getparent()
        if (_words(text) in have or parent in parents or (parent.tag, parent.get("class") or "") not in body_kinds
                or not near & set(_up(parent, 2))):
            continue
        before = [j for j in matched if j < i]
        if before:
            blocks.setdefault(parent, []).append((i, text, before[-1]))
    after: dict[str, list[str]] = {}
    for block in blocks.values():
        prose = [t for _, t, _ in block if len(t.split()) >= _SIBLING_MIN_WORDS and _FINISHED.search(t)]
        if len(prose) < 2 or sum(len(t.split()) for t in prose) < _SIBLING_MIN_BLOCK_WORDS:
            continue
        for _, text, anchor in block:
            after.setdefault(_words(found[anchor][1]), []).append(text)
    if not after:
        return paras
    out: list[str] = []
    for p in paras:
        out.append(p)
        out.extend(after.pop(_words(p), []))
    return out


def parse_html(html: str, source: str, encoding: str = "utf-8", url: str | None = None) -> RawDocument:
    """A full (or partial) HTML page -> RawDocument.  Raises InputError("no-article-text").

    ``url`` (the page's address, when fetched) helps metadata: outlet and date may come from it,
    and are then marked ``"url"``.
    """
    from .urls import outlet_from_url

    try:
        doc = _extract(html, url)
    except Exception as exc:  # lxml/trafilatura errors on pathological markup
        raise InputError(source, f"the HTML could not be parsed ({type(exc).__name__}); "
                                 "save the article text as a .txt file", code="no-article-text") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < _MIN_WORDS:
        # precision mode found nothing: give the page a second chance in recall mode
        try:
            doc = _extract(html, url, precision=False) or doc
        except Exception:  # noqa: BLE001 - same as above: then there is no article text
            pass
        text = getattr(doc, "text", None) if doc is not None else None
    title = getattr(doc, "title", None) or None
    paras, removals = body_paragraphs(text, title) if text else ([], [])
    paras = _sibling_paragraphs(html, paras)
    if sum(len(p.split()) for p in paras) < _MIN_WORDS:
        paras = []
    if not paras and not _FULL_PAGE.search(html[:100_000]):
        # a fragment (a feed entry's content, a pasted snippet): there is no page furniture to
        # separate from the article, so its visible text is the article
        paras, removals = html_fragment_paragraphs(html, "html fragment")
    if not paras:
        raise InputError(source, "no article text found in this HTML page (it may be an index "
                                 "page, a login wall or rendered by JavaScript); save the article "
                                 "text as a .txt file", code="no-article-text")
    page_url = url or getattr(doc, "url", None) or None
    published = getattr(doc, "date", None) or None
    if published and not _ISO.fullmatch(published):
        published = None
    if not published:
        published = _find_date(html, page_url)
    published_from = "html-meta" if published else None
    if published and page_url and _date_in_url(published, page_url) and not _find_date(html, None):
        published_from = "url"  # the page itself does not say; the date came from its address
    outlet = getattr(doc, "sitename", None) or None
    outlet_from = "html-meta" if outlet else None
    if outlet and outlet.lower() in _host_names(page_url, getattr(doc, "hostname", None)):
        outlet, outlet_from = None, None  # trafilatura fell back to the host name
    if not outlet:
        outlet = _site_name(html)
        outlet_from = "html-meta" if outlet else None
    if not outlet and page_url:
        outlet = outlet_from_url(page_url)
        outlet_from = "url" if outlet else None
    return RawDocument(source=source, shape="html", text=join_paragraphs(paras),
                       title=" ".join(title.split()) if title else None, published=published,
                       published_from=published_from, url=page_url, outlet=outlet,
                       outlet_from=outlet_from, encoding=encoding, removals=removals)


def html_fragment_paragraphs(fragment: str, where: str) -> tuple[list[str], list[Removal]]:
    """Paragraphs of an HTML fragment held in a record field (e.g. articleBody with <p> tags)."""
    text, removals = strip_markup(fragment, where)
    return paragraphs_of(normalize_text(text).replace("\n", "\n\n")), removals
