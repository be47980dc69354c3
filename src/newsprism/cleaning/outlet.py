"""Which outlet published an article, and how we know.

Order of evidence (first that answers wins):
  field           the source names it (JSON "source"/"site" field, HTML og:site_name ...)
  url             the article's URL: a table of well-known news domains, else the registered domain
  copyright       a copyright line in the text or in the removed footer: "(c) 2022 BBC" -> "BBC"
  self-reference  the text speaks of its own outlet: "told NBC News", "In a statement to the
                  Washington Post", "NBC News has not confirmed" (scored, see below)
  filename        nothing reliable: the file's name without extensions ("000_f0ad492e")

Self-references are scored because the same phrasings also cite *other* outlets: "Magnus had
told the Los Angeles Times ... after the paper was the first to report" credits a rival.  Each
candidate name gets points for self-reference phrasings and loses points for citation phrasings
("was first to report", "according to X", "X reported", "the X newspaper", "the paper" nearby);
only a clear winner with a positive score is taken.  When unsure we fall back to the file name:
a wrong outlet is worse than an honest "don't know".
"""
from __future__ import annotations

import re
from collections import defaultdict
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
# (pattern, weight): positive = the outlet speaks of itself, negative = it cites someone else.
_CUES: tuple[tuple[re.Pattern, int], ...] = tuple(
    (re.compile(p), w)
    for p, w in (
        (rf"\b(?:told|tells|telling)\s+{_NAME_RE}", 2),
        (rf"\b(?:[Ii]n|[Dd]uring)\s+an?\s+(?:\w+\s+)?(?:statement|interview|email|e-mail|message|call)\s+(?:to|with)\s+{_NAME_RE}", 3),
        (rf"\b(?:said|confirmed|explained|added|wrote)\s+to\s+{_NAME_RE}", 2),
        (rf"\b(?:spoke|speaking|talked)\s+(?:to|with)\s+{_NAME_RE}", 2),
        (rf"\b(?:seen|obtained|reviewed|viewed|verified)\s+by\s+{_NAME_RE}", 2),
        (rf"\b(?:declined to comment|did not respond|did not immediately respond)\s+to\s+{_NAME_RE}", 2),
        (rf"\brequests? for comment from\s+{_NAME_RE}", 2),
        (rf"{_NAME_RE}\s+(?:has|have|had)\s+not\s+(?:been able to\s+)?(?:independently\s+)?(?:confirmed|verified|confirm|verify)", 3),
        (rf"{_NAME_RE}\s+(?:could|can)\s*(?:not|n't)\s+(?:independently\s+)?(?:confirm|verify|reach)", 3),
        (rf"{_NAME_RE}\s+(?:has\s+)?(?:reached out|has learned|learned|has obtained|has reviewed|contacted)\b", 2),
        (rf"{_NAME_RE}\s+(?:was|were)\s+(?:the\s+)?first\s+to\s+report", -4),
        (rf"{_NAME_RE}\s+first\s+reported", -4),
        (rf"\baccording\s+to\s+{_NAME_RE}", -2),
        (rf"\b(?:reported|first reported|published)\s+(?:by|in)\s+{_NAME_RE}", -2),
        (rf"{_NAME_RE}\s+(?:reported|reports|wrote|said|says|noted|published)\b", -1),
        (rf"{_NAME_RE}(?:'s|\u2019s)?\s+(?:newspaper|report|article|story|reporting|investigation|interview)\b", -2),
        (rf"\b(?:an?|the)\s+{_NAME_RE}\s+(?:report|article|story)\b", -2),
    )
)
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


def from_copyright(texts: list[str]) -> str | None:
    for t in texts:
        for m in _COPYRIGHT.finditer(t):
            if "\u00a9" not in m.group(0) and not m.group("year"):
                continue  # "copyright lawsuit": a topic, not a copyright line
            name = _CORPORATE_TAIL.sub("", m.group("name")).strip()
            name = re.split(r"\s+(?:All rights reserved|and its licensors|The\s)", name)[0].strip()
            if len(name) >= 2 and not name.lower().startswith(("all rights", "by ")) and not name[0].isdigit():
                return canonical(name)
    return None


# Cheap prefilter: a sentence can only hold a cue if it names a known outlet or a news-like name.
_MAYBE_OUTLET = re.compile(
    r"\b(?:" + "|".join(sorted(
        {re.escape(w) for name, _, aliases in _OUTLETS for a in (name, *aliases) for w in a.split()
         if w[:1].isupper() and w != "The"} | set(_NEWS_WORDS), key=len, reverse=True)) + r")\b"
)


def self_reference_scores(text: str) -> dict[str, int]:
    """Score of each outlet name mentioned in a self-reference or a citation phrasing."""
    scores: dict[str, int] = defaultdict(int)
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        if not _MAYBE_OUTLET.search(sentence):
            continue
        third_person = bool(_THIRD_PERSON.search(sentence))
        for pattern, weight in _CUES:
            for m in pattern.finditer(sentence):
                name = _trim_name(m.group("name"))
                if not name:
                    continue
                w = weight
                if w > 0 and third_person:
                    w = -2  # "told the Times ... the paper was the first to report": a citation
                scores[name] += w
    return dict(scores)


# A wire-style dateline at the start: "WASHINGTON (Reuters) -", "LONDON (CNN) \u2014".
_DATELINE = re.compile(r"\A[A-Z][A-Za-z .,'\u2019-]{0,40}\((?P<name>[A-Z][\w.&' -]{1,30})\)\s*[-\u2013\u2014]")


# A byline that names the outlet: "By Jane Doe, CNN", "By Jane Doe | The Harbour Times".
_BYLINE_OUTLET = re.compile(r"\ABy\s.{1,80}?(?:,|\s[|\u2013\u2014-])\s*(?P<name>(?:[Tt]he\s+)?[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*){0,4})\.?\Z")


def from_self_reference(text: str, removed: list[str] = ()) -> str | None:
    """The outlet the text speaks of as itself (a clear winner), or None."""
    scores = self_reference_scores(text)
    cues = [_DATELINE.match(text)] + [_BYLINE_OUTLET.match(r.strip()) for r in removed]
    for m in cues:
        name = _trim_name(m.group("name")) if m else None
        if name:
            scores[name] = scores.get(name, 0) + 3
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    if score < 2 or (len(ranked) > 1 and ranked[1][1] == score):
        return None
    return best


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


def decide_outlet(*, field: str | None, field_from: str | None, url: str | None, source: str,
                  text: str, removed: list[str]) -> tuple[str, str]:
    """(outlet, how it was decided) using the order of evidence in the module docstring."""
    if field and field.strip():
        how = field_from or "field"
        if how.startswith("field"):
            how = "field"
        value = field.strip()
        if re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+/?\S*", value):  # a domain given as the name
            value = from_domain(value if "://" in value else f"https://{value}") or value
        return canonical(value, keep_article=True), how
    for u in (url, source if source.lower().startswith(("http://", "https://")) else None):
        name = from_domain(u)
        if name:
            return name, "url"
    name = from_copyright(removed + [text])
    if name:
        return name, "copyright"
    name = from_self_reference(text, removed)
    if name:
        return name, "self-reference"
    return from_filename(source), "filename"
