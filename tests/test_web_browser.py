"""Headless Chromium against a live `newsprism serve` on 127.0.0.1: list, search, story, upload.

The server is the real command in a subprocess over a temporary corpus filled from examples/, so
this is the whole path a user takes: add -> serve -> browse -> report (real analysis) -> upload.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "examples" / "story"
UNRELATED = ROOT / "examples" / "unrelated"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

NEW_ARTICLE = """ date 2025-03-18 Repair crews finished closing the damaged spillway gate at Brennock Dam on Monday, the Northern Waterways Authority said, a week after it jammed open and flooded the town of Lowmere.

Acting director general Samuel Oduya said the reservoir would stay below its normal level until an independent inspection of all four gates was complete.

"The gate is shut, but the work of earning back people's trust has only started," Oduya said at the dam.

Residents of Lowmere returned to their homes over the weekend, and the county has opened a fund to help shopkeepers whose stock was ruined by the water. The inquiry ordered by the regional assembly is due to hold its first public session in April.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from newsprism.corpus import Store, add_inputs
    from newsprism.options import Options

    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "corpus.db"
    inputs = sorted(str(p) for p in STORY.iterdir()) + [str(UNRELATED)]
    with Store(db, Options()) as store:
        report = add_inputs(store, inputs, Options())
    assert report.added >= 6 and not report.failures
    port = _free_port()
    log = open(tmp / "server.log", "w")
    cmd = [sys.executable, "-c", "from newsprism.cli import main; main()", "serve", "--db", str(db),
           "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=tmp,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("newsprism serve did not start: " + (tmp / "server.log").read_text())
        time.sleep(0.2)
    yield {"base": base, "tmp": tmp, "db": db}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ctx.close()


def test_story_list(server, page):
    page.goto(server["base"] + "/")
    assert page.title().startswith("Stories")
    rows = page.locator("tr.story")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    for outlet in ("Meridian Press Agency", "Northern Herald", "The Tarn Valley Times", "Eastbridge Broadcasting"):
        assert outlet in first
    assert "6" in first  # six reports of the dam story
    assert "Kestrel Bay Chronicle" in rows.nth(1).inner_text()
    assert page.errors == []


def test_search_then_article(server, page):
    page.goto(server["base"] + "/")
    page.fill("input[name=q]", "Kowal bakery")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Kowal+bakery")
    hits = page.locator(".hit")
    assert hits.count() == 1  # only one outlet spoke to the baker
    assert page.locator(".hit mark").first.inner_text() in ("Kowal", "bakery")
    hits.first.locator("a").first.click()
    page.wait_for_url("**/articles/**")
    text = page.locator("article.text").inner_text()
    assert "Ruth Calloway, 57" in text
    assert not text.lstrip().startswith("Comment")
    removed = page.locator("table.removals").inner_text()
    assert "ui-word" in removed and "Comment" in removed
    assert page.errors == []


def test_story_page_report(server, page):
    page.set_default_timeout(240_000)  # the first report is made in the background (models load once)
    page.goto(server["base"] + "/")
    page.locator("tr.story a").first.click()
    page.wait_for_url("**/stories/**")
    # at once: the report, or a page saying it is being prepared that reloads itself until it is
    page.wait_for_selector(".newsprism-nav, #preparing")
    page.wait_for_selector(".newsprism-nav")
    page.wait_for_load_state("load")
    body = page.locator("body").inner_text()
    assert "All stories" in body  # our navigation inside the report page
    for name in ("Calloway", "Lowmere"):
        assert name in body
    for outlet in ("Northern Herald", "The Tarn Valley Times"):
        assert outlet in body
    # the report's own script is allowed by its hash: no CSP violations, no script errors
    assert not [e for e in page.errors if "Refused to" in e or "Uncaught" in e], page.errors
    cites = page.locator("[data-ev]")
    if cites.count():  # the script runs under our CSP header: clicking evidence highlights it
        cites.first.click()
        page.wait_for_selector("mark.active", state="attached", timeout=10_000)
    # the JSON API serves the same (cached) analysis, valid against the project's schema
    from newsprism.serialize import validate

    story_id = page.url.rsplit("/", 1)[-1]
    doc = httpx.get(f"{server['base']}/api/stories/{story_id}/analysis", timeout=60).json()
    validate(doc["analysis"])
    assert doc["story"]["id"] == story_id and len(doc["analysis"]["articles"]) == 6
    assert doc["summary"]["sentences"]
    nav_links = page.locator(".newsprism-nav a[href^='/articles/']")
    assert nav_links.count() == 6
    page.locator(".newsprism-nav summary", has_text="Articles (6)").click()  # folded: a short bar on a phone
    nav_links.first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h2", has_text="Removed while cleaning").count() == 1


def test_upload_form(server, page):
    f = server["tmp"] / "gate_closed.txt"
    f.write_text(NEW_ARTICLE, encoding="utf-8")
    page.goto(server["base"] + "/add")
    page.set_input_files("input#files", str(f))
    page.click("button[type=submit]:has-text('Add to corpus')")
    page.wait_for_selector("#result")
    result = page.locator("#result").inner_text()
    assert result.startswith("1 added"), result
    page.locator("#result a[href^='/articles/']").first.click()
    page.wait_for_url("**/articles/**")
    assert "Repair crews finished closing" in page.locator("article.text").inner_text()
    assert "upload:gate_closed.txt" in page.locator("table.meta").inner_text()
    # and it shows up in search right away
    page.goto(server["base"] + "/search?q=trust")
    assert page.locator(".hit").count() == 1
    # an over-limit upload gets the clear message, not a broken page
    big = server["tmp"] / "big.txt"
    big.write_bytes(b"flood " * 500_000)  # 3 MB > the 2 MB default
    page.goto(server["base"] + "/add")
    page.set_input_files("input#files", str(big))
    page.click("button[type=submit]:has-text('Add to corpus')")
    page.wait_for_selector("#message")
    assert "upload too large" in page.locator("#message").inner_text()
    assert page.errors == [] or all("413" in e for e in page.errors)


ATTACK_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>win a prize</title></head><body>
<form id="multi" action="{app}/add" method="post" enctype="multipart/form-data">
<textarea name="text">{text}</textarea></form>
<form id="plain" action="{app}/add" method="post"><input name="text" value="{text}"></form>
<form id="api" action="{app}/api/articles" method="post" enctype="text/plain">
<input name='{{"title":"x","text":"{text}","ignore":"' value='"}}'></form>
<script>
const records = [];
for (let i = 0; i < 50; i++) records.push({{title: "Prize " + i, source: "Attacker Daily", text: "{text} " + i}});
fetch("{app}/api/articles", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
                              body: JSON.stringify(records)}})
  .then(() => {{ document.title = "fetch sent"; }}, () => {{ document.title = "fetch failed"; }});
</script></body></html>"""
MARKER = "Zorblaxian"
ATTACK_TEXT = (MARKER + " officials announced on Tuesday that every reader of this page has won a ferry to the "
               "moon, and the harbour master of Kestrel Bay confirmed the prize at a press conference.")


@pytest.fixture()
def attacker(server, tmp_path):
    """A second web server on 127.0.0.1 (another port: another origin) serving an attack page."""
    import functools
    import http.server
    import threading

    (tmp_path / "attack.html").write_text(ATTACK_PAGE.format(app=server["base"], text=ATTACK_TEXT), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/attack.html"
    httpd.shutdown()
    httpd.server_close()


def _articles(base: str) -> int:
    stories = httpx.get(base + "/api/stories", params={"limit": 500}, timeout=30).json()["stories"]
    return sum(s["size"] for s in stories)


def test_another_origin_cannot_add_articles(server, page, attacker):
    base = server["base"]
    page.goto(base + "/add")  # the victim has the app open: a session cookie exists
    before = _articles(base)
    page.goto(attacker)
    page.wait_for_function("document.title.startsWith('fetch')")
    assert page.title() == "fetch sent"  # the request left the browser (no-cors hides the answer)
    for form in ("multi", "plain", "api"):
        page.goto(attacker)
        with page.expect_navigation():
            page.evaluate(f"document.getElementById('{form}').submit()")
        assert page.url.startswith(base), page.url
        body = page.locator("body").inner_text()
        assert '"error":"cross-origin"' in body.replace(" ", ""), body[:300]
    assert _articles(base) == before
    hits = httpx.get(base + "/api/search", params={"q": MARKER}, timeout=30).json()["hits"]
    assert hits == []


def test_api_docs_render_offline(server, page):
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server["base"]) else None)
    page.goto(server["base"] + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "newsprism" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-summary-path", has_text="/api/articles").first.wait_for()
    assert outside == [] and page.errors == [], (outside, page.errors)


# --- issue 13: the story list's badges and filters, pictures on story pages, phone and laptop ----------

LAPTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
SCREENS = ROOT / "build" / "screens"  # git-ignored; for a person to look at


def _at(browser, viewport):
    ctx = browser.new_context(viewport=viewport)
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    return ctx, pg


def _shot(pg, name: str) -> None:
    if SCREENS.parent.is_dir():
        SCREENS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SCREENS / name), full_page=True)


def _no_sideways_scroll(pg, viewport) -> None:
    assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1, pg.url


def _dam_story_ready(base: str) -> str:
    """The dam story's id, once its (real) report is made and stored."""
    stories = httpx.get(base + "/api/stories", timeout=30).json()["stories"]
    sid = next(s["id"] for s in stories if s["size"] == 6)
    deadline = time.monotonic() + 300
    while httpx.get(f"{base}/api/stories/{sid}/analysis", timeout=60).status_code == 202:
        assert time.monotonic() < deadline, "the dam story's report was never made"
        time.sleep(1)
    return sid


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_list_filters_and_add_form_fit_without_sideways_scroll(server, browser, viewport, tag):
    base = server["base"]
    sid = _dam_story_ready(base)
    ctx, pg = _at(browser, viewport)
    try:
        pg.goto(base + "/")
        _no_sideways_scroll(pg, viewport)
        _shot(pg, f"web-list-{tag}.png")
        rows = pg.locator("tr.story")
        dam = pg.locator("tr.story", has=pg.locator(f"a[href='/stories/{sid}']"))
        badge = dam.locator(".badge.disputed")
        analysis = httpx.get(f"{base}/api/stories/{sid}/analysis", timeout=60).json()["analysis"]
        n = len(analysis["contradictions"])
        assert n >= 1  # the example story has contradictions (examples/story.expected.json)
        assert badge.inner_text() == f"{n} contradiction{'' if n == 1 else 's'}" and badge.is_visible()
        everything = rows.count()
        # filter in the form, as a person would: the URL carries the filters, the list obeys them
        pg.fill("#f-outlet", "kestrel")
        pg.click("#filters button[type=submit]")
        pg.wait_for_url("**/?*outlet=kestrel*")
        assert rows.count() == 1 and "Kestrel Bay Chronicle" in rows.first.inner_text()
        assert pg.input_value("#f-outlet") == "kestrel"  # the form keeps what was asked
        _no_sideways_scroll(pg, viewport)
        pg.fill("#f-outlet", "")
        pg.check("#f-disputed")
        pg.fill("#f-size", "2")
        pg.click("#filters button[type=submit]")
        pg.wait_for_url("**/?*disputed=1*")
        assert rows.count() == 1 and rows.first.locator(f"a[href='/stories/{sid}']").count() == 1
        pg.fill("#f-since", "2025-03-17")  # after every story
        pg.click("#filters button[type=submit]")
        pg.wait_for_url("**/?*since=2025-03-17*")
        assert rows.count() == 0 and pg.locator("#none").is_visible()
        _shot(pg, f"web-list-filtered-{tag}.png")
        pg.click("text=clear")
        pg.wait_for_url(base + "/")
        assert rows.count() == everything
        # a bad value in the address: 400 with a message saying what to send, the form to fix it
        resp = pg.goto(base + "/?since=2025-02-30&min_size=2")
        assert resp.status == 400
        assert "not a day of the calendar" in pg.locator("#message").inner_text()
        assert pg.locator("#filters").is_visible()
        _no_sideways_scroll(pg, viewport)
        pg.goto(base + "/add")
        _no_sideways_scroll(pg, viewport)
        for field in ("#files", "#text", "#title", "#outlet", "#published"):
            box = pg.locator(field).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], field
        _shot(pg, f"web-add-{tag}.png")
        assert pg.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport,tag", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_story_page_shows_the_pictures_with_labelled_outlets(server, browser, viewport, tag):
    base = server["base"]
    sid = _dam_story_ready(base)
    ctx, pg = _at(browser, viewport)
    try:
        pg.goto(f"{base}/stories/{sid}")
        pg.wait_for_selector(".newsprism-nav")
        _no_sideways_scroll(pg, viewport)
        pg.locator("#pictures").scroll_into_view_if_needed()
        _shot(pg, f"web-story-{tag}.png")
        stored = httpx.get(f"{base}/api/stories/{sid}", timeout=30).json()["story"]["outlets"]
        assert "unknown (valley_voice)" in stored  # the example's one file no outlet is named in
        narrow = "-narrow" if tag == "phone" else ""  # a phone gets the pictures with names above rows
        for ident in (f"pic-matrix{narrow}", f"pic-strip{narrow}"):
            svg = pg.locator(f"svg#{ident}")
            assert svg.count() == 1 and svg.is_visible(), ident
            assert pg.locator(f"svg#{ident} > title").text_content().strip()
            labels = " ".join(pg.eval_on_selector_all(f"svg#{ident} text.outlet", "els => els.map(e => e.textContent)"))
            for outlet in stored:
                assert outlet[:20] in labels, (ident, outlet)
            wrap = pg.locator(f".pic-scroll:has(> svg#{ident})").bounding_box()
            assert wrap["x"] >= 0 and wrap["x"] + wrap["width"] <= viewport["width"] + 1
            heights = pg.eval_on_selector_all(f"svg#{ident} text.outlet", "els => els.map(e => e.getBoundingClientRect().height)")
            assert min(heights) >= 11  # readable on a phone too
        # the matrix marks who disputes what (a cell per outlet and finding, not colour alone)
        assert pg.locator(f"svg#pic-matrix{narrow} g.cell.disputes").count() >= 1
        assert not [e for e in pg.errors if "Refused to" in e or "Uncaught" in e], pg.errors
    finally:
        ctx.close()
