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
