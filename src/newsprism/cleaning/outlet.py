"""Which outlet published an article, and how we know.

Order of evidence (first that answers wins; issue 9):
  field           the source names it (a JSON "source"/"site" field)
  url             the article's URL: a table of well-known news domains, else the registered domain
  html-meta       page metadata: og:site_name, the JSON-LD publisher (read by reading/html.py)
  copyright       a copyright line in the text or in the removed footer: "(c) 2022 BBC" -> "BBC"
  self-reference  a phrasing only the publisher writes of itself ("NBC News has not confirmed",
                  "In a statement to the Washington Post"), a byline naming the outlet, or the
                  wire agency of the removed dateline ("LIMA (Reuters) -")
  filename        unknown: shown as unknown with the file's name beside it ("000_f0ad492e")

"told X", "obtained by X", "seen by X" are written by the publisher of itself but just as often
by a rival citing X ("... told the Los Angeles Times, which was first to report"): they never
decide the outlet on their own, they only add weight to a name a strong phrasing gave.
"according to X", "X reported", "X was first to report" always cite someone else.  Every phrasing
naming an outlet other than the article's own is listed as a citation (``decide().citations``),
with offsets into the cleaned text.  When unsure the outlet is unknown: a wrong outlet is worse
than an honest "don't know" (bench/outlets.py measures both).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import PurePath
from urllib.parse import urlsplit

# Well-known outlets: display name, domains, other names the text may use.
_OUTLETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("The Washington Post", ("washingtonpost.com",), ("Washington Post", "WP Company", "WP Company LLC")),
    ("The New York Times", ("nytimes.com",), ("New York Times", "The New York Times Company", "NYT")),
    ("Los Angeles Times", ("latimes.com",), ("LA Times", "L.A. Times")),
    ("The Wall Street Journal", ("wsj.com",), ("Wall Street Journal", "WSJ", "Dow Jones & Company")),
    ("USA Today", ("usatoday.com",), ("USA TODAY",)),
    ("New York Post", ("nypost.com",), ("NY Post", "NYP Holdings")),
    ("NBC News", ("nbcnews.com",), ("NBCUniversal Media", "NBCUniversal")),
    ("ABC News", ("abcnews.go.com", "abcnews.com"), ()),
    ("CBS News", ("cbsnews.com",), ()),
    ("CNN", ("cnn.com",), ("Cable News Network",)),
    ("Fox News", ("foxnews.com",), ("FOX News Network", "Fox News Network")),
    ("MSNBC", ("msnbc.com",), ()),
    ("CNBC", ("cnbc.com",), ()),
    ("NPR", ("npr.org",), ("National Public Radio",)),
    ("Politico", ("politico.com", "politico.eu"), ("POLITICO",)),
    ("Axios", ("axios.com",), ()),
    ("The Hill", ("thehill.com",), ()),
    ("Bloomberg", ("bloomberg.com",), ("Bloomberg News", "Bloomberg L.P.")),
    ("Reuters", ("reuters.com",), ("Thomson Reuters",)),
    ("Associated Press", ("apnews.com", "ap.org"), ("The Associated Press", "AP")),
    ("AFP", ("afp.com",), ("Agence France-Presse",)),
    ("BBC", ("bbc.co.uk", "bbc.com"), ("BBC News", "British Broadcasting Corporation")),
    ("The Guardian", ("theguardian.com", "guardian.co.uk"), ("Guardian", "Guardian News & Media")),
    ("The Independent", ("independent.co.uk",), ()),
    ("The Telegraph", ("telegraph.co.uk",), ("Telegraph Media Group",)),
    ("The Times", ("thetimes.co.uk",), ()),
    ("Financial Times", ("ft.com",), ("The Financial Times",)),
    ("The Economist", ("economist.com",), ()),
    ("Daily Mail", ("dailymail.co.uk",), ("MailOnline", "Mail Online")),
    ("Sky News", ("news.sky.com", "sky.com"), ()),
    ("Al Jazeera", ("aljazeera.com",), ()),
    ("Deutsche Welle", ("dw.com",), ("DW",)),
    ("France 24", ("france24.com",), ()),
    ("Newsweek", ("newsweek.com",), ()),
    ("Time", ("time.com",), ("TIME",)),
    ("The Atlantic", ("theatlantic.com",), ()),
    ("Business Insider", ("businessinsider.com", "insider.com"), ("Insider",)),
    ("HuffPost", ("huffpost.com", "huffingtonpost.com"), ("Huffington Post",)),
    ("Yahoo News", ("news.yahoo.com",), ()),
    ("The Daily Beast", ("thedailybeast.com",), ()),
    ("Washington Examiner", ("washingtonexaminer.com",), ()),
    ("Vox", ("vox.com",), ()),
)
_BY_DOMAIN = {d: name for name, domains, _ in _OUTLETS for d in domains}
_BY_ALIAS = {}
for _name, _domains, _aliases in _OUTLETS:
    for _a in (_name, *_aliases):
        _BY_ALIAS[_a.lower()] = _name
        if _a.lower().startswith("the "):
            _BY_ALIAS[_a.lower()[4:]] = _name
# Last words that make an unknown capitalised name an outlet ("the Northern Herald").
_NEWS_WORDS = frozenset(
    """News Times Post Journal Herald Tribune Gazette Telegraph Guardian Chronicle Daily Press Globe
    Star Examiner Observer Independent Today Radio TV Television Network Broadcasting Broadcaster
    Inquirer Sun Mirror Express Standard Register Courier Record Dispatch Bulletin Review Monitor
    Wire Agency Magazine Weekly Voice Mail Leader Sentinel Tribune Enquirer Beacon Ledger Reporter
    Digest Insider Wire Service Media""".split()
)

_NAME_RE = r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w.&'\u2019-]*(?:\s+(?:[A-Z][\w.&'\u2019-]*|of|and|&)){0,5})"
# Three kinds of phrasing name an outlet in running text (issue 9: measured on real articles,
# where "told X", "obtained by X", "X reported" named *another* outlet in about 5% of them):
#   STRONG   only the publisher writes it of itself: "NBC News has not confirmed", "In a statement
#            to the Washington Post", "did not respond to a request for comment from X"
#   SUPPORT  the publisher writes it of itself, but so do rivals citing it: "told X", "obtained by
#            X", "seen by X", "spoke to X".  Never decides the outlet; adds weight to a name that a
#            strong cue already named, else it is listed as a citation
#   CITATION always about someone else: "according to X", "X reported", "X was first to report"
# Each entry: (pattern, cue word shown in the output).
_STRONG: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), cue) for p, cue in (
    (rf"\b(?:[Ii]n|[Dd]uring)\s+an?\s+(?:\w+\s+)?(?:statement|email|e-mail|message)\s+to\s+{_NAME_RE}", "statement to"),
    (rf"\b(?:said|confirmed)\s+in\s+an?\s+(?:\w+\s+)?(?:statement|email|e-mail|message)\s+to\s+{_NAME_RE}", "statement to"),
    (rf"\b(?:declined to comment|did not respond|did not immediately respond)\s+to\s+{_NAME_RE}", "declined to comment to"),
    (rf"\brequests? for comment from\s+{_NAME_RE}", "request for comment from"),
    (rf"{_NAME_RE}\s+(?:has|have|had)\s+not\s+(?:been able to\s+)?(?:independently\s+)?(?:confirmed|verified|confirm|verify)", "has not confirmed"),
    (rf"{_NAME_RE}\s+(?:could|can)\s*(?:not|n't)\s+(?:independently\s+)?(?:confirm|verify|reach)", "could not verify"),
    (rf"{_NAME_RE}\s+(?:has\s+)?(?:reached out|contacted)\b", "reached out"),
))
_SUPPORT: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), cue) for p, cue in (
    (rf"\b(?:told|tells|telling)\s+{_NAME_RE}", "told"),
    (rf"\b(?:[Ii]n|[Dd]uring)\s+an?\s+(?:\w+\s+)?(?:interview|call)\s+with\s+{_NAME_RE}", "interview with"),
    (rf"\b(?:said|confirmed|explained|added|wrote)\s+to\s+{_NAME_RE}", "said to"),
    (rf"\b(?:spoke|speaking|talked)\s+(?:to|with)\s+{_NAME_RE}", "spoke to"),
    (rf"\b(?:seen|obtained|reviewed|viewed|verified)\s+by\s+{_NAME_RE}", "obtained by"),
    (rf"{_NAME_RE}\s+(?:has learned|learned|has obtained|has reviewed)\b", "has learned"),
))
_CITATION: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), cue) for p, cue in (
    (rf"{_NAME_RE}\s+(?:was|were)\s+(?:the\s+)?first\s+to\s+report", "first to report"),
    (rf"{_NAME_RE}\s+first\s+reported", "first to report"),
    (rf"\b[Aa]ccording\s+to\s+{_NAME_RE}", "according to"),
    (rf"\b(?:reported|first reported|published)\s+(?:by|in)\s+{_NAME_RE}", "reported by"),
    (rf"{_NAME_RE}\s+(?:reported|reports|wrote|said|says|noted|published)\b", "reported"),
    (rf"{_NAME_RE}(?:'s|\u2019s)?\s+(?:newspaper|report|article|story|reporting|investigation|interview)\b", "report"),
    (rf"\b(?:an?|the)\s+{_NAME_RE}\s+(?:report|article|story)\b", "report"),
))
_STRONG_POINTS, _SUPPORT_POINTS, _CITATION_POINTS = 3, 1, -2
# Words that refer to an outlet in the third person: "after the paper was the first to report".
_THIRD_PERSON = re.compile(r"\b(?:the|that)\s+(?:paper|newspaper|outlet|network|broadcaster|publication|magazine|station)\b"
                           r"|\bfirst to report\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:\u00a9|\([Cc]\)|[Cc]opyright|COPYRIGHT)\s*(?:\u00a9\s*)?(?P<year>(?:19|20)\d\d(?:\s*[-\u2013]\s*(?:19|20)\d\d)?)?"
    r"\s*,?\s*(?P<name>[A-Z][^.,;:|\n\u00a9]{1,60})"
)
_CORPORATE_TAIL = re.compile(r"\s*(?:,?\s*(?:Inc|LLC|Ltd|Limited|plc|PLC|Corp|Corporation|LP|L\.P|GmbH)\.?)+\s*$")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def canonical(name: str, keep_article: bool = False) -> str:
    """Display form of an outlet name: a known outlet's own name ("the Washington Post" -> "The
    Washington Post"), else the name as written, without a leading "the" found in running text
    ("told the Northern Herald" -> "Northern Herald"); ``keep_article`` keeps a source's own
    spelling ("The Tarn Valley Times" from a site-name field)."""
    name = re.sub(r"\s+", " ", name).strip().strip(".,;:")
    known = _BY_ALIAS.get(name.lower())
    if known:
        return known
    if keep_article:
        return name
    if name.lower().startswith("the ") and len(name) > 4:
        known = _BY_ALIAS.get(name[4:].lower())
        return known or name[4:]
    return name


def is_outlet_name(name: str) -> bool:
    name = canonical(name)
    if name.lower() in _BY_ALIAS:
        return True
    words = name.split()
    return 1 <= len(words) <= 6 and words[-1] in _NEWS_WORDS and all(w[:1].isupper() or w in ("of", "and", "&") for w in words)


def _trim_name(raw: str) -> str | None:
    """The longest prefix of a captured capitalised run that is a known or news-like name."""
    words = raw.split()
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n])
        if cand.lower() in ("the",):
            break
        if is_outlet_name(cand):
            return canonical(cand)
    return None


def from_domain(url_or_host: str | None) -> str | None:
    """Display name for a URL or host: a well-known outlet, else its registered domain."""
    if not url_or_host:
        return None
    host = urlsplit(url_or_host).hostname if "://" in url_or_host else url_or_host.split("/")[0]
    if not host:
        return None
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    for k in range(len(parts) - 1):
        known = _BY_DOMAIN.get(".".join(parts[k:]))
        if known:
            return known
    try:  # the registered domain ("news.example.co.uk" -> "example.co.uk"), offline suffix list
        from courlan import extract_domain

        domain = extract_domain(f"https://{host}/", fast=True)
    except Exception:  # courlan refuses odd hosts; the host itself is still an honest answer
        domain = None
    return domain or host


def copyright_line(texts: list[str]) -> tuple[str, str] | None:
    """(outlet, the copyright line) from the first text holding a copyright line, or None."""
    for t in texts:
        for m in _COPYRIGHT.finditer(t):
            if "\u00a9" not in m.group(0) and not m.group("year"):
                continue  # "copyright lawsuit": a topic, not a copyright line
            name = _CORPORATE_TAIL.sub("", m.group("name")).strip()
            name = re.split(r"\s+(?:All rights reserved|and its licensors|The\s)", name)[0].strip()
            if len(name) >= 2 and not name.lower().startswith(("all rights", "by ")) and not name[0].isdigit():
                return canonical(name), m.group(0).strip()
    return None


def from_copyright(texts: list[str]) -> str | None:
    found = copyright_line(texts)
    return found[0] if found else None


# Cheap prefilter: a sentence can only hold a cue if it names a known outlet or a news-like name.
_MAYBE_OUTLET = re.compile(
    r"\b(?:" + "|".join(sorted(
        {re.escape(w) for name, _, aliases in _OUTLETS for a in (name, *aliases) for w in a.split()
         if w[:1].isupper() and w != "The"} | set(_NEWS_WORDS), key=len, reverse=True)) + r")\b"
)


@dataclass
class Mention:
    """One phrasing that names an outlet: where it is in the text and what kind it is."""

    outlet: str
    kind: str  # "strong" | "support" | "citation"
    cue: str
    start: int  # the whole phrasing, offsets into the text
    end: int


def mentions(text: str) -> list[Mention]:
    """Every phrasing in ``text`` that names an outlet, in text order.  A self-reference in a
    sentence that speaks of an outlet in the third person ("the paper was the first to report")
    counts as a citation."""
    found: list[Mention] = []
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        if not _MAYBE_OUTLET.search(sentence):
            continue
        third_person = bool(_THIRD_PERSON.search(sentence))
        for kind, table in (("strong", _STRONG), ("support", _SUPPORT), ("citation", _CITATION)):
            for pattern, cue in table:
                for m in pattern.finditer(sentence):
                    name = _trim_name(m.group("name"))
                    if not name:
                        continue
                    k = "citation" if (third_person and kind != "citation") else kind
                    s, e = sm.start() + m.start(), sm.start() + m.end()
                    while e > s and text[e - 1] in " .,;:":
                        e -= 1
                    found.append(Mention(name, k, cue, s, e))
    found.sort(key=lambda m: (m.start, m.end, m.outlet))
    return found


def self_reference_scores(text: str, found: list[Mention] | None = None) -> dict[str, int]:
    """Score of each outlet the text names: strong self-references count, support phrasings
    ("told X") count only for a name a strong cue also gave, citations count against."""
    found = mentions(text) if found is None else found
    strong = {m.outlet for m in found if m.kind == "strong"}
    scores: dict[str, int] = defaultdict(int)
    for m in found:
        if m.kind == "strong":
            scores[m.outlet] += _STRONG_POINTS
        elif m.kind == "support":
            scores[m.outlet] += _SUPPORT_POINTS if m.outlet in strong else 0
        else:
            scores[m.outlet] += _CITATION_POINTS
    return dict(scores)


# A byline that names the outlet: "By Jane Doe, CNN", "By Jane Doe | The Harbour Times".
_BYLINE_OUTLET = re.compile(r"\ABy\s.{1,80}?(?:,|\s[|\u2013\u2014-])\s*(?P<name>(?:[Tt]he\s+)?[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*){0,4})\.?\Z")


def from_self_reference(text: str, removed: list[str] = (), agency: str | None = None,
                        found: list[Mention] | None = None) -> tuple[str, str] | None:
    """(outlet, the words that said so) when the text clearly speaks of one outlet as itself:
    a strong self-reference, a byline naming the outlet, or the wire agency of the dateline
    (``agency``).  None when unsure: a wrong outlet is worse than an honest "unknown"."""
    found = mentions(text) if found is None else found
    scores = self_reference_scores(text, found)
    cue_text = {m.outlet: text[m.start:m.end] for m in reversed(found) if m.kind == "strong"}
    extra = [(agency, f"({agency})")] if agency else []
    for r in removed:
        bm = _BYLINE_OUTLET.match(r.strip())
        if bm:
            extra.append((bm.group("name"), r.strip()))
    for raw, said in extra:
        name = _trim_name(raw)
        if name:
            scores[name] = scores.get(name, 0) + _STRONG_POINTS
            cue_text.setdefault(name, said)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    if score < 2 or best not in cue_text or (len(ranked) > 1 and ranked[1][1] == score):
        return None
    return best, cue_text[best]


def citations(text: str, outlet: str, found: list[Mention] | None = None) -> list[Mention]:
    """The phrasings that cite an outlet other than the article's own."""
    found = mentions(text) if found is None else found
    out: list[Mention] = []
    for m in found:  # "told the Times newspaper" matches two phrasings: listed once
        if m.outlet != outlet and not any(o.outlet == m.outlet and o.start < m.end and m.start < o.end for o in out):
            out.append(m)
    return out


def from_filename(source: str) -> str:
    """The file's name without its extensions: "seeds/000_ab.txt" -> "000_ab"; "-" -> "stdin"."""
    if source in ("-", ""):
        return "stdin"
    base, _, record = source.partition("#")
    if "://" in base:
        return from_domain(base) or base
    name = PurePath(base).name
    for ext in (".gz", ".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".md", ".py", ".list"):
        if name.lower().endswith(ext) and len(name) > len(ext):
            name = name[: -len(ext)]
    return f"{name}#{record}" if record else name


@dataclass
class OutletDecision:
    outlet: str
    how: str  # "field" | "field:<name>" kinds | "url" | "html-meta" | "copyright" | "self-reference" | "filename"
    cue: str | None = None  # the words that decided it, when the text did
    citations: list[Mention] = dc_field(default_factory=list)


def decide(*, field: str | None, field_from: str | None, url: str | None, source: str,
           text: str, removed: list[str], agency: str | None = None) -> OutletDecision:
    """The outlet, how it was decided and the other outlets the text cites, using the order of
    evidence in the module docstring."""
    found = mentions(text)
    decision = _decide(field, field_from, url, source, text, removed, agency, found)
    decision.citations = citations(text, decision.outlet, found)
    return decision


def _decide(field, field_from, url, source, text, removed, agency, found) -> OutletDecision:
    if field and field.strip():
        how = field_from or "field"
        if how.startswith("field"):
            how = "field"
        value = field.strip()
        if re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+/?\S*", value):  # a domain given as the name
            value = from_domain(value if "://" in value else f"https://{value}") or value
        return OutletDecision(canonical(value, keep_article=True), how)
    for u in (url, source if source.lower().startswith(("http://", "https://")) else None):
        name = from_domain(u)
        if name:
            return OutletDecision(name, "url")
    found_copyright = copyright_line(removed + [text])
    if found_copyright:
        return OutletDecision(found_copyright[0], "copyright", found_copyright[1])
    said = from_self_reference(text, removed, agency, found)
    if said:
        return OutletDecision(said[0], "self-reference", said[1])
    return OutletDecision(from_filename(source), "filename")


def decide_outlet(*, field: str | None, field_from: str | None, url: str | None, source: str,
                  text: str, removed: list[str]) -> tuple[str, str]:
    """(outlet, how it was decided); see ``decide``."""
    d = decide(field=field, field_from=field_from, url=url, source=source, text=text, removed=removed)
    return d.outlet, d.how
