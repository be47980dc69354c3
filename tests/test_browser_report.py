"""The HTML report in headless Chromium: citations and contradictions show their evidence; a hostile
article runs nothing and loads nothing, on a laptop and a phone viewport.

Screenshots go to a tmp dir (and, when /tmp/team/screens exists, a copy there for a human to look at).
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from newsprism.options import Options
from newsprism.report.html import render_html
from newsprism.summarize import summarize
from test_report_support import build_story

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENS = Path("/tmp/team/screens")
HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">click</a> '
           '<img src="https://evil.example/pixel.png"> <link rel="stylesheet" href="https://evil.example/x.css">'
           ' <svg onload=alert(1)></svg> <iframe src="https://evil.example/"></iframe>')

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs playwright"),
]

LAPTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if SCREENS.parent.is_dir():
        SCREENS.mkdir(exist_ok=True)
        shutil.copy(path, SCREENS / name)
    return path


def _open(browser, html_path: Path, viewport):
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    events = {"dialogs": [], "requests": [], "errors": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(html_path.as_uri())
    return ctx, page, events


def _story_page(tmp_path: Path, story) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render_html(story, summarize(story, Options())), encoding="utf-8")
    return path


def _example_story():
    """The example story through the real pipeline."""
    import newsprism

    root = Path(__file__).resolve().parent.parent / "examples" / "story"
    return newsprism.analyze(newsprism.read([str(root)]), Options())


@pytest.fixture(scope="module")
def report_story():
    return _example_story()


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    vp = page.viewport_size
    return box is not None and box["y"] + box["height"] > 0 and box["y"] < vp["height"]


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_clicking_a_citation_shows_its_evidence(browser, tmp_path, report_story, viewport, tag):
    ctx, page, events = _open(browser, _story_page(tmp_path, report_story), viewport)
    try:
        _shot(page, tmp_path, f"report-{tag}-top.png")
        cite = page.locator("#summary a.cite").first
        keys = cite.get_attribute("data-ev").split()
        assert keys
        cite.click()
        active = page.locator("mark.active")
        assert active.count() >= 1
        first = page.locator(f'mark[data-k~="{keys[0]}"]').first
        assert "active" in first.get_attribute("class")
        page.wait_for_timeout(150)
        assert _in_view(page, first)
        assert page.locator("#status").inner_text().startswith("Showing evidence in [")
        _shot(page, tmp_path, f"report-{tag}-citation.png")
        page.locator("#back").click()  # back to the sentence that was clicked
        page.wait_for_timeout(150)
        assert _in_view(page, cite) and page.locator("#back").is_hidden()
        assert not events["errors"] and not events["dialogs"]
    finally:
        ctx.close()


def test_clicking_a_contradiction_shows_both_sides(browser, tmp_path, report_story):
    if not report_story.contradictions:
        pytest.skip("no contradiction in this story")
    ctx, page, events = _open(browser, _story_page(tmp_path, report_story), LAPTOP)
    try:
        button = page.locator("li.contradiction button.show").first
        button.scroll_into_view_if_needed()
        button.click()
        keys = button.get_attribute("data-ev").split()
        x = report_story.contradictions[0]
        assert len(keys) == len({(e.article, e.start, e.end) for s in x.sides for e in s.evidence})
        active_keys = set()
        for m in page.locator("mark.active").all():
            active_keys.update(m.get_attribute("data-k").split())
        assert set(keys) <= active_keys  # every side's evidence is highlighted
        texts = "".join(m.inner_text() for m in page.locator("mark.active").all())
        for side in x.sides:
            assert any(e.text in texts for e in side.evidence), side.value
        _shot(page, tmp_path, "report-laptop-contradiction.png")
        assert not events["errors"]
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_hostile_article_runs_nothing_and_loads_nothing(browser, tmp_path, viewport, tag):
    story = build_story(hostile=HOSTILE)
    story.exclusives[-1].text = HOSTILE
    ctx, page, events = _open(browser, _story_page(tmp_path, story), viewport)
    try:
        page.locator("#art-4 .text").evaluate("e => e.scrollIntoView({block: 'end'})")
        page.wait_for_timeout(300)
        _shot(page, tmp_path, f"hostile-{tag}-source.png")
        # click what an attacker would want clicked: the text is inert, nothing navigates
        page.get_by_text("click", exact=False).last.click()
        page.locator("#summary a.cite").first.click()
        page.wait_for_timeout(200)
        _shot(page, tmp_path, f"hostile-{tag}.png")
        assert events["dialogs"] == []
        assert [u for u in events["requests"] if not u.startswith("file://")] == []
        assert page.locator("#art-4 script, #art-4 img, #art-4 iframe, #art-4 svg, #art-4 a").count() == 0
        assert "<script>alert(1)</script>" in page.locator("#art-4 .text").inner_text()
        assert page.evaluate("document.scripts.length") == 1
    finally:
        ctx.close()


def test_phone_layout_stacks(browser, tmp_path, report_story):
    ctx, page, _ = _open(browser, _story_page(tmp_path, report_story), PHONE)
    try:
        report = page.locator(".report").bounding_box()
        sources = page.locator("#sources").bounding_box()
        assert sources["y"] >= report["y"] + report["height"] - 1  # sources below the report
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1  # no sideways scroll
    finally:
        ctx.close()
