"""The core records that flow through newsprism.

Data flows one way:  RawDocument (reading) -> Article (cleaning) -> AnnotatedArticle (nlp)
-> StoryAnalysis (compare) -> Summary (summarize) -> reports.

Rules:
- Article.text is cleaned once and never edited afterwards; everything downstream points into it
  with character offsets (``start``/``end``, Python slice semantics).
- Every finding in a StoryAnalysis carries ``Evidence``: an article id, offsets and the exact text,
  always equal to ``article.text[start:end]``.
- Records are plain dataclasses; ``to_dict`` gives the JSON-ready form used by every serialiser.
  New fields are added with defaults; existing names are never renamed (the JSON schema depends
  on them).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

# Reasons a piece of text was removed while reading or cleaning.  Reports group removals by them.
REMOVAL_REASONS = (
    "markup",  # HTML tags / attributes stripped from a paragraph
    "date-header",  # a leading "date YYYY-MM-DD" line, turned into metadata
    "ui-word",  # a stray interface word such as a leading "Comment" or "Advertisement"
    "photo-caption",  # a caption paragraph, usually ending in an agency/photographer credit
    "agency-credit",  # a bare credit such as "Rod Smith/AP" left on its own
    "related-headline",  # an inline headline of another story dropped mid-text
    "newsletter-promo",  # newsletter / subscription promotions
    "copyright-footer",  # (c) lines, legal notes, "not responsible for external sites"
    "contributor-line",  # "X contributed to this report."
    "boilerplate",  # page furniture left by the extractor (share buttons, cookie notes...)
    "duplicate-paragraph",  # the same paragraph twice in one article
    # issue 9 (reading like an editor)
    "dateline",  # "WASHINGTON \u2014", "LIMA, Dec 1 (Reuters) -": kept as Article.dateline
    "share-widget",  # share counts and buttons: "936 SHARES Share Tweet"
    "form-text",  # form and captcha prompts: "You must enter the characters ..."
    "image-credit",  # "Image copyright X Image caption", "photographer: Jane Doe"
    "embed-notice",  # notices of embedded tweets, videos and web archives
    "stray-punctuation",  # a lone quote mark or bracket left as its own sentence or paragraph
)


def to_dict(obj: Any) -> Any:
    """JSON-ready form of any record (dataclasses, lists, dicts, scalars)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.metadata.get("internal")}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


# --------------------------------------------------------------------------------------------
# reading -> cleaning


@dataclass
class Removal:
    """A piece of text that reading or cleaning dropped, and why."""

    text: str
    reason: str  # one of REMOVAL_REASONS
    where: str  # human-readable place: "start of text", "paragraph 7", "end of text", ...


@dataclass
class RawDocument:
    """One article as read from its source, before debris cleaning.

    ``text`` is the decoded body with markup already stripped; paragraphs are separated by a
    blank line ("\\n\\n").  Fields come from the source itself (JSON fields, HTML metadata, a date
    header) and are None when the source does not say.
    """

    source: str  # path, URL, "-" (stdin) or "path#N" for the N-th record of a collection
    shape: str  # "text" | "html" | "pylist" | "json" | "jsonl"
    text: str
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD"
    published_from: str | None = None  # "header" | "field:<name>" | "html-meta" | "url"
    url: str | None = None
    outlet: str | None = None
    outlet_from: str | None = None  # "field:<name>" | "url" | "html-meta"
    encoding: str = "utf-8"
    removals: list[Removal] = field(default_factory=list)
    # issue 9: where a nested record sat in its enclosing record ("left", "center", "right" ...)
    label: str | None = None


@dataclass
class ReadFailure:
    """A source that could not be read; reported, never silently dropped."""

    source: str
    error: str  # short machine code, e.g. "binary", "too-large", "empty", "malformed-json"
    message: str  # what happened and what the user can do


@dataclass
class Article:
    """A cleaned article.  ``text`` is final: everything downstream points into it."""

    id: str  # stable: hash of cleaned text + source
    source: str
    text: str
    title: str | None
    outlet: str
    outlet_from: str  # "field" | "url" | "html-meta" | "copyright" | "self-reference" | "filename" (unknown)
    published: str | None  # ISO date or None (reports print "unknown"); never invented
    published_from: str | None
    url: str | None = None
    shape: str = "text"
    removals: list[Removal] = field(default_factory=list)
    duplicate_of: str | None = None  # id of the article this one is an (near-)copy of
    duplicates: list[str] = field(default_factory=list)  # ids of copies this article stands for
    # where ``title`` came from: "source" (a field, HTML metadata) or "first-sentence" (derived by
    # cleaning from the opening of the text when the source gives no title, so reports have
    # something to show); None only when there is no title at all
    title_from: str | None = None
    # --- issue 9: reading like an editor -------------------------------------------------------
    # the words that decided the outlet (a copyright line, a self-reference), when the text did
    outlet_cue: str | None = None
    # other outlets the text cites ("told X", "according to X", "X reported"): never its outlet
    citations: list["Citation"] = field(default_factory=list)
    # the dateline removed from the start of the text (place, wire agency), if any
    dateline: "Dateline | None" = None
    # where a nested record sat in its enclosing record ("left", "center", "right" ...)
    label: str | None = None
    # text repairs made before cleaning (mis-decoded characters fixed by ftfy)
    repairs: list["Repair"] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())


# How an outlet is shown to people (issue 9): the one place this rule lives.  An outlet nothing
# named (decided from the file name, ``outlet_from == "filename"``) is unknown, and `read`, every
# report and the web app show it as "unknown (file name)", never the bare file name as if it were
# an outlet.  The data (JSON, the store) keeps the name and ``outlet_from`` as they are.
UNKNOWN_OUTLET_FROM = "filename"


def outlet_shown(outlet: str, outlet_from: str | None) -> str:
    """``outlet`` as people see it: "unknown (000_f0ad492e)" when it is only the file's name."""
    if outlet_from == UNKNOWN_OUTLET_FROM and not outlet.startswith("unknown ("):
        return f"unknown ({outlet})"
    return outlet


@dataclass
class Citation:
    """Another outlet the article cites; ``text == article.text[start:end]`` (the cue phrase)."""

    outlet: str
    cue: str  # "told" | "according to" | "reported" | "obtained by" | "first to report" | ...
    start: int
    end: int
    text: str


@dataclass
class Dateline:
    """A dateline removed from the start of an article: "LIMA, Dec 1 (Reuters) -"."""

    text: str  # as it stood in the text
    place: str | None  # "LIMA"
    agency: str | None  # "Reuters"
    date: str | None  # the date as written ("Dec 1"), not resolved


@dataclass
class Repair:
    """Mis-decoded text that was repaired before cleaning: "ZÃ¼rich" -> "Zürich"."""

    before: str
    after: str
    how: str  # "ftfy: <what it fixed>"


@dataclass
class ReadResult:
    articles: list[Article]
    failures: list[ReadFailure]


# --------------------------------------------------------------------------------------------
# nlp: annotations are offsets into Article.text, never copies of edited text


@dataclass
class Evidence:
    article: str  # article id
    start: int
    end: int
    text: str  # == article.text[start:end]

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> "Evidence":
        return cls(article.id, start, end, article.text[start:end])


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Mention:
    """A named-entity mention."""

    start: int
    end: int
    text: str
    label: str  # "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "FAC" | ...
    sentence: int  # index into AnnotatedArticle.sentences


@dataclass
class Value:
    """A fact with a value: an age, a count, a percentage, money, a tally, a duration, a date."""

    start: int
    end: int
    text: str
    kind: str  # "age" | "count" | "percent" | "money" | "tally" | "duration" | "date" | "number"
    value: Any  # normalised: float for numbers, [for, against] for tallies, days for durations,
    #             ISO string for dates
    unit: str | None  # "years", "people", "migrants", "USD", "%", "days", ...
    subject: str | None  # who/what it is about (entity name or noun phrase)
    attribute: str | None  # what about it: "age", "employees", "migrants stopped", "vote", ...
    period: str | None  # the period it covers: "2022-09", "fiscal year 2022", "per month"...
    approximate: bool  # "around", "nearly", "more than"...
    sentence: int


@dataclass
class Quote:
    start: int  # the quoted words, without the quote marks
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    sentence: int


@dataclass
class TimeExpression:
    start: int
    end: int
    text: str
    date: str | None  # resolved ISO date ("2022-11-09"), month ("2022-12") or year ("2021")
    granularity: str | None  # "day" | "month" | "year" | None when unresolved
    how: str  # "absolute" | "relative to published <date>" | "unresolved: <why>"
    sentence: int


@dataclass(kw_only=True)
class Fact:
    """One checkable fact of one article, extracted once by the nlp stage (nlp/facts.py).

    ``kind``: "age" | "count" | "amount" | "percent" | "tally" | "duration" | "weekday" | "date" |
    "place".  ``start``/``end``: the value as written; everything compare needs to align and
    compare facts is here, so nothing downstream re-parses the text.
    """

    kind: str
    value: Any  # normalised: float, [for, against], ISO date, weekday name, place name
    text: str  # the value as written (== article.text[start:end])
    start: int
    end: int
    sentence: int
    subject: str | None = None  # who/what it is about, as the article names it (fullest form)
    attribute: str | None = None  # the event or measure: "age", "troops arrived in Texas", "vote"
    unit: str | None = None  # "people", "USD", "%", "years", ...; granularity for dates
    qualifier: str | None = None  # "more than" / "about" / "nearly" ... written before the value
    period: str | None = None  # the period a figure covers
    time: str | None = None  # resolved ISO date of the event when the sentence gives one
    changing: bool = False  # a running figure that later reports may update (a toll, "so far")
    context: list[str] = field(default_factory=list)  # content words right around the value


@dataclass
class AnnotatedArticle:
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    # facts (nlp/facts.py); None when the annotations were built by hand without them (compare
    # then derives them from the values, times and mentions above)
    facts: list[Fact] | None = None
    # sentence embeddings (numpy array, one row per sentence), not serialised
    vectors: Any = field(default=None, metadata={"internal": True})


# --------------------------------------------------------------------------------------------
# compare: findings across articles; every finding holds Evidence


@dataclass
class SuspectSpelling:
    form: str  # the suspicious spelling as written ("Mayorkos")
    likely: str  # the spelling other outlets use ("Mayorkas")
    article: str
    outlet: str
    evidence: list[Evidence]
    reason: str


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    outlets: list[str]
    mentions: list[Evidence]
    suspect_spellings: list[SuspectSpelling] = field(default_factory=list)


@dataclass
class QuoteVariant:
    text: str
    articles: list[str]
    outlets: list[str]
    evidence: list[Evidence]


@dataclass
class QuoteGroup:
    speaker: str | None
    text: str  # the most widely carried wording
    outlets: list[str]
    variants: list[QuoteVariant]
    reworded: bool  # True when outlets quote the same statement in different words


@dataclass
class Claim:
    """Sentences/clauses from several articles that report the same thing."""

    id: str
    text: str  # a representative wording
    articles: list[str]
    outlets: list[str]
    sources: int  # independent sources (syndicated copies count once)
    evidence: list[Evidence]


@dataclass
class ContradictionSide:
    value: str  # as written, e.g. "61"
    normalized: Any
    articles: list[str]
    outlets: list[str]
    evidence: list[Evidence]
    # (article id, start, end) of the compared values themselves (evidence may be a wider
    # window); compare's merge pass uses them to report each fact once.  Not serialised.
    anchors: list = field(default_factory=list, metadata={"internal": True})


@dataclass
class Contradiction:
    kind: str  # "age" | "count" | "number" | "date" | "place" | "name" | "quote"
    subject: str
    attribute: str
    sides: list[ContradictionSide]
    explanation: str


@dataclass
class Difference:
    """Something that looks like a contradiction but is not, with the label saying why."""

    kind: str  # "different-period" | "different-referent" | "rounding" | "caption-vs-body" ...
    subject: str
    attribute: str
    sides: list[ContradictionSide]
    explanation: str


@dataclass
class DevelopmentStep:
    published: str | None
    text: str
    articles: list[str]
    outlets: list[str]
    evidence: list[Evidence]
    anchors: list = field(default_factory=list, metadata={"internal": True})  # as ContradictionSide


@dataclass
class Development:
    """A story that changed over time (earlier report vs later report), ordered by time."""

    subject: str
    attribute: str
    steps: list[DevelopmentStep]
    explanation: str


@dataclass
class Exclusive:
    article: str
    outlet: str
    text: str
    salience: float
    evidence: list[Evidence]


@dataclass
class TimelineEvent:
    date: str | None  # ISO day/month/year, or None when unresolvable
    granularity: str | None
    text: str
    how: str  # how the date was resolved, or why it could not be
    articles: list[str]
    outlets: list[str]
    evidence: list[Evidence]


@dataclass
class StoryAnalysis:
    articles: list[Article]
    entities: list[Entity] = field(default_factory=list)
    quotes: list[QuoteGroup] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    agreements: list[Claim] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    exclusives: list[Exclusive] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    version: str = SCHEMA_VERSION
    # the annotations the findings were computed from (not serialised; used by summarize/report)
    annotated: list[AnnotatedArticle] = field(default_factory=list, metadata={"internal": True})
    # set when the story had more than ``max_story_articles``: {"total", "analysed", "rule"}
    # (analysis.sample_articles); shown by the web report header and its API, not in the schema
    sample: dict | None = field(default=None, metadata={"internal": True})

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


# --------------------------------------------------------------------------------------------
# summarize


@dataclass
class SummarySentence:
    text: str
    citations: list[int]  # 1-based indexes into StoryAnalysis.articles, as printed "[1][3]"
    evidence: list[Evidence]
    contested: bool = False


@dataclass
class Summary:
    headline: str
    sentences: list[SummarySentence]
    length: str  # "brief" | "standard" | "long"
    method: str  # e.g. "extractive-consensus"
