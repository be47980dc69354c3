"""report: Markdown, JSON (schema), HTML (escaping, CSP, evidence marks), terminal (hand-built story)."""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from newsprism.options import Options
from newsprism.report import common
from newsprism.report.html import SCRIPT, render_html, script_hash
from newsprism.report.jsonout import ReportError, render_json, report_dict, validate_report
from newsprism.report.markdown import render_markdown
from newsprism.report.terminal import render_terminal
from newsprism.summarize import summarize
from test_report_support import build_story

HOSTILE = ('Readers wrote in. <script>alert(1)</script> Then <img src=x onerror=alert(1)> and '
           '<a href="javascript:alert(1)">a link</a> and <iframe src="https://evil.example/"></iframe> '
           '<style>body{display:none}</style> [bold red]markup[/bold red] ]]> -->')


@pytest.fixture(scope="module")
def story():
    return build_story()


@pytest.fixture(scope="module")
def summary(story):
    return summarize(story, Options())


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_has_every_section_and_is_deterministic(story, summary):
    md = render_markdown(story, summary)
    assert md == render_markdown(build_story(), summarize(build_story(), Options()))
    for _, title in common.SECTIONS:
        assert f"## {title}" in md
    assert "Files that could not be read" in md and "story/notes.bin" in md
    assert "not a contradiction: different periods" in md
    assert "Developments over time" in md
    assert "Evening Post writes **Reyez** where others write **Reyes**" in md
    assert "photo-caption" in md
    for s in summary.sentences:
        assert common.cite(s.citations) in md


def test_markdown_escapes_source_text():
    hostile = build_story(hostile=HOSTILE)
    hostile.exclusives[-1].text = HOSTILE
    md = render_markdown(hostile, summarize(hostile, Options()))
    assert "script" in md and re.search(r"(?<!\\)<", md) is None  # every "<" is escaped as "\<"
    assert "](javascript" not in md and re.search(r"(?<!\\)\[bold", md) is None


# --- JSON -------------------------------------------------------------------------------------


def test_json_report_validates_and_round_trips(story, summary):
    doc = report_dict(story, summary)
    validate_report(doc)
    again = json.loads(render_json(story, summary))
    assert again == json.loads(json.dumps(doc))
    assert doc["report"]["format"] == "newsprism-report"
    assert doc["summary"]["sentences"][0]["citations"]
    assert doc["report"]["counts"]["contradictions"] == 1
    assert [a["id"] for a in doc["articles"]] == ["art1", "art2", "art3", "art4"]
    # the analysis part is the StoryAnalysis document of issue 3
    assert "contradictions" in doc and "timeline" in doc and "version" in doc


def test_json_report_is_also_a_story_analysis_document(story, summary):
    from newsprism.serialize import SchemaError, validate

    doc = report_dict(story, summary)
    validate(doc, "story_analysis")  # readers of the issue-3 JSON can read a report
    broken = copy.deepcopy(doc)
    broken["contradictions"][0]["sides"] = "58"
    with pytest.raises(SchemaError):
        validate(broken, "story_analysis")


@pytest.mark.parametrize("breakage", [
    lambda d: d["summary"].pop("headline"),
    lambda d: d["summary"].__setitem__("length", "enormous"),
    lambda d: d["summary"]["sentences"][0].__setitem__("citations", []),
    lambda d: d["summary"]["sentences"][0].__setitem__("citations", [99]),
    lambda d: d["summary"]["sentences"][0]["evidence"][0].__setitem__("start", "zero"),
    lambda d: d["report"].__setitem__("format", "something-else"),
    lambda d: d.pop("articles"),
])
def test_broken_json_report_fails(story, summary, breakage):
    doc = copy.deepcopy(report_dict(story, summary))
    breakage(doc)
    with pytest.raises(ReportError):
        validate_report(doc)


# --- HTML -------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def test_hostile_article_renders_as_inert_text():
    story = build_story(hostile=HOSTILE)
    story.exclusives[-1].text = HOSTILE  # also in a finding, not only in the source pane
    story.articles[3].title = '<img src=x onerror=alert(2)>'
    story.articles[3].url = "javascript:alert(3)"
    page = render_html(story, summarize(story, Options()))
    tags = _parse(page)
    names = [t for t, _ in tags.tags]
    assert names.count("script") == 1  # ours only
    assert "iframe" not in names and "img" not in names
    assert names.count("style") == 1
    for tag, attrs in tags.tags:
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, attrs)
            assert not (v or "").strip().lower().startswith("javascript:"), (tag, attrs)
    # the text is there, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=alert(1)" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_csp_allows_only_the_page_script(story, summary):
    page = render_html(story, summary)
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert m
    csp = m.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp and "img-src data:" in csp
    tags = _parse(page)
    assert len(tags.scripts) == 1
    digest = base64.b64encode(hashlib.sha256(tags.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert tags.scripts[0] == SCRIPT and script_hash() == f"sha256-{digest}"
    assert "http://" not in page.replace('http-equiv', '') and "https://" not in page  # no external assets
    assert '<meta name="viewport"' in page


def test_every_citation_points_at_marked_evidence(story, summary):
    page = render_html(story, summary)
    tags = _parse(page)
    marked = set()
    for tag, attrs in tags.tags:
        if tag == "mark":
            marked.update(attrs["data-k"].split())
    assert marked
    cites = [(attrs.get("data-ev") or "") for tag, attrs in tags.tags if tag == "a" and "cite" in (attrs.get("class") or "")]
    assert cites
    for keys in cites:
        for k in keys.split():
            assert k in marked
    # each summary sentence's citations are links to the article panes
    for n in {n for s in summary.sentences for n in s.citations}:
        assert f'href="#art-{n}"' in page and f'id="art-{n}"' in page
    # the contradiction's button carries both sides' evidence
    button = [a for t, a in tags.tags if t == "button"][0]
    assert len(button["data-ev"].split()) == 4


def test_html_highlight_keeps_source_text_exact(story, summary):
    page = render_html(story, summary)
    plain = re.sub(r"<[^>]+>", "", page.split('id="sources"')[1])
    import html as html_mod

    plain = html_mod.unescape(plain)
    for a in story.articles:
        assert a.text in plain


def test_html_is_deterministic_and_takes_nav(story, summary):
    a = render_html(story, summary)
    assert a == render_html(build_story(), summarize(build_story(), Options()))
    page = render_html(story, summary, nav_html='<a href="/">All stories</a>')
    assert '<nav class="site"><a href="/">All stories</a></nav>' in page


# --- terminal ---------------------------------------------------------------------------------


def test_terminal_prints_sections_and_source_text_literally():
    story = build_story(hostile=HOSTILE)
    story.exclusives[-1].text = "[bold red]not markup[/bold red]"
    console = Console(record=True, width=100, color_system=None)
    render_terminal(console, story, summarize(story, Options()))
    out = console.export_text()
    for _, title in common.SECTIONS:
        assert title in out
    assert "[bold red]not markup[/bold red]" in out
    # the dispute is one Key-points line with both sides and their outlets (not a summary sentence)
    assert "Dana Whitfield, age: 58 (Evening Post, Metro Wire, Valley Courier) vs 59 (Daily Ledger)" in out
    assert "Accounts differ on Dana Whitfield's age" not in out
    assert "could not read" in out
