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


BUILD_SCREENS = Path(__file__).resolve().parent.parent / "build" / "screens"  # git-ignored


def _shot(page, tmp_path: Path, name: str, full_page: bool = False) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=full_page)
    for where in (SCREENS, BUILD_SCREENS):
        if where.parent.is_dir():
            where.mkdir(exist_ok=True)
            shutil.copy(path, where / name)
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


# --- issue 13: the report people read ---------------------------------------------------------


def _labelled_story():
    """The hand-built story with sides given by the input records (as nested AllSides records)."""
    story = build_story()
    for a, side in zip(story.articles, ("left", "center", "right", "right")):
        a.label = side
    return story


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_each_finding_card_once_no_sideways_scroll_and_key_points_first(browser, tmp_path, report_story,
                                                                        viewport, tag):
    ctx, page, events = _open(browser, _story_page(tmp_path, report_story), viewport)
    try:
        _shot(page, tmp_path, f"issue13-{tag}-top.png")
        cards = page.eval_on_selector_all("[data-finding]", "els => els.map(e => e.dataset.finding)")
        assert cards and len(cards) == len(set(cards))  # no finding card twice
        texts = page.eval_on_selector_all(".finding", "els => els.map(e => e.innerText.trim())")
        assert len(texts) == len(set(texts))
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
        # Key points open the report; the section navigation reaches every section
        first = page.locator(".report section").first
        assert first.get_attribute("id") == "key"
        for link in page.locator("nav.sections a").all():
            target = link.get_attribute("href")
            assert page.locator(target).count() == 1, target
        # the Coverage table keeps readable columns (no letter-wide cells)
        page.locator("#coverage").scroll_into_view_if_needed()
        _shot(page, tmp_path, f"issue13-{tag}-coverage.png")
        widths = page.eval_on_selector_all("#coverage td", "els => els.map(e => e.getBoundingClientRect().width)")
        assert min(w for w in widths if w > 0) >= 20
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
        # before any click, no source sentence is painted: only what is picked stands out
        painted = page.eval_on_selector_all(
            "#sources mark", "els => els.filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)').length")
        assert painted == 0
        assert not events["errors"]
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_show_both_sides_marks_and_visits_both_sides(browser, tmp_path, report_story, viewport, tag):
    ctx, page, events = _open(browser, _story_page(tmp_path, report_story), viewport)
    try:
        card = page.locator("li.contradiction").first
        button = card.locator("button.show")
        button.scroll_into_view_if_needed()
        button.click()
        page.wait_for_timeout(150)
        involved = page.eval_on_selector_all("#sources article.involved", "els => els.map(e => e.id)")
        assert len(involved) >= 2  # both sides' reports are marked
        x = report_story.contradictions[0]
        nums = {a.id: n for n, a in enumerate(report_story.articles, start=1)}
        assert {f"art-{nums[e.article]}" for s in x.sides for e in s.evidence} <= set(involved)
        current = page.locator("mark.current")
        assert current.count() == 1 and _in_view(page, current.first)
        first_article = current.first.evaluate("m => m.closest('article').id")
        assert page.locator("#status").inner_text().startswith("Side 1 of ")
        _shot(page, tmp_path, f"issue13-{tag}-side1.png")
        page.locator("#next").click()
        page.wait_for_timeout(150)
        current = page.locator("mark.current")
        assert current.count() == 1 and _in_view(page, current.first)
        second_article = current.first.evaluate("m => m.closest('article').id")
        assert second_article != first_article
        # one stop per side: the first stop is on the first side, the second on the second side
        assert first_article in {f"art-{nums[e.article]}" for e in x.sides[0].evidence}
        assert second_article in {f"art-{nums[e.article]}" for e in x.sides[1].evidence}
        assert page.locator("#status").inner_text().startswith(f"Side 2 of {len(x.sides)} ({x.sides[1].value})")
        _shot(page, tmp_path, f"issue13-{tag}-side2.png")
        # only the picked evidence is painted, the current side strongest
        painted = page.eval_on_selector_all(
            "#sources mark", "els => els.filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)')"
                             ".map(e => e.classList.contains('active'))")
        assert painted and all(painted)
        assert not events["errors"]
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_pictures_render_with_labelled_outlets(browser, tmp_path, viewport, tag):
    story = _labelled_story()
    story.articles[3].outlet = "The Riverton Evening Post Herald"  # a long name is drawn whole, not cut
    ctx, page, events = _open(browser, _story_page(tmp_path, story), viewport)
    try:
        page.locator("#pictures").scroll_into_view_if_needed()
        _shot(page, tmp_path, f"issue13-{tag}-pictures.png")
        outlets = {a.outlet for a in story.articles}
        narrow = "-narrow" if tag == "phone" else ""  # a phone gets the pictures with names above rows
        for hidden in ("pic-matrix", "pic-strip"):
            other = f"{hidden}-narrow" if not narrow else hidden
            assert page.locator(f"svg#{other}").count() == 1 and not page.locator(f"svg#{other}").is_visible()
        for ident in (f"pic-matrix{narrow}", f"pic-strip{narrow}", "pic-sides"):
            svg = page.locator(f"svg#{ident}")
            assert svg.count() == 1 and svg.is_visible(), ident
            assert svg.get_attribute("role") == "img"
            assert page.locator(f"svg#{ident} > title").text_content().strip()
            assert svg.get_attribute("aria-labelledby")
            box = svg.bounding_box()
            assert box["width"] > 200  # drawn
            # and fits: a picture wider than a phone scrolls inside its own box, never the page
            wrap = page.locator(f".pic-scroll:has(> svg#{ident})").bounding_box()
            assert wrap["x"] >= 0 and wrap["x"] + wrap["width"] <= viewport["width"] + 1, ident
            # at full size: outlet names stay readable (not shrunk to fit a phone)
            sizes = page.eval_on_selector_all(f"svg#{ident} text", "els => els.map(e => e.getBoundingClientRect().height)")
            assert sizes and min(sizes) >= 11, (ident, min(sizes))
        for ident in (f"pic-matrix{narrow}", f"pic-strip{narrow}"):
            if narrow:  # fits the phone at full size: nothing to scroll
                assert page.locator(f"svg#{ident}").bounding_box()["width"] <= viewport["width"] - 20
            labels = " ".join(page.eval_on_selector_all(f"svg#{ident} text.outlet", "els => els.map(e => e.textContent)"))
            for o in outlets:
                assert o in labels, (ident, o)
            # no name runs off the picture's left edge
            left = page.locator(f"svg#{ident}").bounding_box()["x"]
            starts = page.eval_on_selector_all(f"svg#{ident} text.outlet", "els => els.map(e => e.getBoundingClientRect().left)")
            assert min(starts) >= left - 0.5, (ident, min(starts), left)
        bar = " ".join(page.eval_on_selector_all("svg#pic-sides text", "els => els.map(e => e.textContent)"))
        assert "left" in bar and "center" in bar and "right 2" in bar
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
        assert not events["errors"] and [u for u in events["requests"] if not u.startswith("file://")] == []
    finally:
        ctx.close()
