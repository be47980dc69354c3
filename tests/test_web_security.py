"""The web app refuses what a hostile page or client sends (issue 10): cross-origin writes, other
Host names, missing access tokens, and malformed requests (4xx JSON, never 500).  In-process
(TestClient); tests/test_web_browser.py repeats the cross-origin attack in real Chromium."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from newsprism.options import Options
from test_web_api import BASE, FakeReports, app_client, same_origin  # noqa: F401 (corpus fixture below)
from test_web_api import corpus  # noqa: F401

EVIL = "http://127.0.0.1:9999"
RECORD = {"title": "Ferry strike ends", "source": "Harbour Gazette", "date": "2025-04-02",
          "text": "Ferry crews on the Kestrel Bay crossing returned to work on Wednesday after a nine-day "
                  "strike over rosters ended with a new agreement, the operator said. Services resume at "
                  "six in the morning, and the first boats are expected to be full, harbour master Lena "
                  "Ortiz told reporters at the pier."}


@pytest.fixture()
def app(corpus):  # noqa: F811
    with app_client(corpus, Options(max_upload_bytes=50_000), reports=FakeReports(Options())) as c:
        yield c


def _count(c) -> int:
    return sum(s["size"] for s in c.get("/api/stories", params={"limit": 500}).json()["stories"])


def _form_token(c) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get("/add").text).group(1)


# -- cross-origin writes -------------------------------------------------------------------------

def test_cross_origin_form_post_and_no_cors_fetch_are_refused(app):
    before = _count(app)
    # a plain form on another origin (the browser sends its Origin; it cannot know the token)
    r = app.post("/add", data={"text": RECORD["text"]}, headers={"Origin": EVIL})
    assert r.status_code == 403 and r.json()["error"] == "cross-origin"
    r = app.post("/api/articles", files=[("files", ("a.txt", RECORD["text"].encode(), "text/plain"))],
                 headers={"Origin": EVIL})
    assert r.status_code == 403
    # a no-cors fetch: text/plain body of 50 records
    body = json.dumps([dict(RECORD, title=f"{RECORD['title']} {i}") for i in range(50)])
    r = app.post("/api/articles", content=body, headers={"Origin": EVIL, "Content-Type": "text/plain"})
    assert r.status_code == 403 and r.json()["error"] == "cross-origin"
    # sandboxed frames and file: pages send "Origin: null"
    r = app.post("/api/articles", content=body, headers={"Origin": "null", "Content-Type": "text/plain"})
    assert r.status_code == 403
    # a page on another site, without Origin, referred from there
    r = app.post("/add", data={"text": RECORD["text"]}, headers={"Referer": EVIL + "/attack.html"})
    assert r.status_code == 403
    assert _count(app) == before


def test_same_origin_writes_need_the_session_token(app):
    before = _count(app)
    own = {"Origin": BASE}
    r = app.post("/api/articles", json=RECORD, headers=own)  # right origin, no token
    assert r.status_code == 403 and r.json()["error"] == "csrf"
    r = app.post("/add", data={"text": RECORD["text"]}, headers=own)  # the form without its field
    assert r.status_code == 403 and r.json()["error"] == "csrf"
    r = app.post("/api/articles", json=RECORD, headers={**own, "X-CSRF-Token": "forged"})
    assert r.status_code == 403
    # a token of another session (e.g. a cookie planted by a page on another port) does not fit this one
    with app_client(app.app.state.corpus.path, reports=FakeReports(Options())) as other:
        foreign = other.get("/api/session").json()["csrf_token"]
    r = app.post("/api/articles", json=RECORD, headers={**own, "X-CSRF-Token": foreign})
    assert r.status_code == 403
    # no Origin and no Referer at all: refused too (browsers always send one on writes)
    token = app.get("/api/session").json()["csrf_token"]
    assert app.post("/api/articles", json=RECORD, headers={"X-CSRF-Token": token}).status_code == 403
    assert _count(app) == before
    # what the app's own pages send works: the form's hidden field, or the header
    r = app.post("/add", data={"text": RECORD["text"], "csrf_token": _form_token(app)}, headers=own)
    assert r.status_code == 200 and "<strong>1</strong> added" in r.text
    r = app.post("/api/articles", json=dict(RECORD, text=RECORD["text"] + " Fares stay the same."),
                 headers={"Referer": BASE + "/docs", "X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert _count(app) == before + 2


def test_session_cookie_is_http_only_strict_and_per_port(app):
    app.cookies.clear()
    r = app.get("/add")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("newsprism_session_") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert r.headers["Referrer-Policy"] == "same-origin"  # no-referrer would make our own Origin "null"


# -- Host names and the access token -----------------------------------------------------------

def test_only_the_names_it_was_started_for_are_served(corpus):  # noqa: F811
    opts = Options(allowed_hosts=("newsbox.lan",))
    with app_client(corpus, opts, reports=FakeReports(Options())) as c:
        for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000", "newsbox.lan:8000"):
            assert c.get("/", headers={"Host": host}).status_code == 200, host
        for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example", "",
                     "127.0.0.1:8000@evil", "newsbox.lan.evil.example"):
            for path in ("/", "/api/stories", "/stories/x"):
                r = c.get(path, headers={"Host": host})
                assert r.status_code == 400 and r.json()["error"] == "bad-host", (host, path)
                assert "--allowed-host" in r.json()["message"]


def test_access_token_is_required_when_set(corpus):  # noqa: F811
    token = "t0k3n-abcdefghijklmnop"
    with app_client(corpus, Options(access_token=token), reports=FakeReports(Options())) as c:
        r = c.get("/api/stories")
        assert r.status_code == 401 and r.json()["error"] == "token-required"
        assert c.get("/").status_code == 401
        assert c.get("/api/stories", headers={"Authorization": "Bearer wrong-token-xxxxxxxx"}).status_code == 401
        assert c.get("/api/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert c.get("/?token=wrong").status_code == 401
        r = c.get(f"/?token={token}&page=1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?page=1"
        assert "newsprism_access_" in r.headers["set-cookie"] and token not in r.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie now carries it


def test_serve_refuses_a_network_address_without_a_token(tmp_path):
    from newsprism.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "c.db"), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--token" in r.output and "--no-token" in r.output
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "c.db"), "--token", "short"])
    assert r.exit_code == 2 and "16 characters" in r.output
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    for flag in ("--allowed-host", "--token", "--no-token", "--story-budget", "--max-story-articles"):
        assert flag in help_text


# -- malformed requests: 4xx JSON, never 500 -------------------------------------------------------

def _json_4xx(r) -> dict:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    return r.json()


def test_malformed_queries_are_4xx_json(app):
    for params in ({"offset": "1e20"}, {"offset": str(10 ** 20)}, {"offset": "-1"}, {"limit": "10000000000"},
                   {"limit": "abc"}, {"q": "x" * 10_000}):
        _json_4xx(app.get("/api/stories", params=params))
    _json_4xx(app.get("/api/search", params={"q": "dam", "limit": str(10 ** 30)}))
    _json_4xx(app.get("/api/stories/" + "x" * 5000))
    _json_4xx(app.get("/api/stories/s-art00", params={"offset": str(10 ** 20)}))
    assert app.get("/", params={"page": str(10 ** 20)}).status_code == 400


def test_malformed_bodies_are_4xx_json(client):
    deep = b"[" * 20_000 + b"]" * 20_000  # (the limit here is 50 kB; bench/hostile_web.py sends 100k)
    for ctype in ("application/json", "text/plain"):
        body = _json_4xx(client.post("/api/articles", content=deep, headers={"content-type": ctype}))
        assert body["error"] == "too-deep"
    deep_obj = b"{\"a\":" * 5_000 + b"1" + b"}" * 5_000
    assert _json_4xx(client.post("/api/articles", content=deep_obj,
                                 headers={"content-type": "application/json"}))["error"] == "too-deep"
    for body in (b"5", b'"just a string"', b"null", b"[1, 2, 3]", b'{"text": 5}', b'[{"title": []}]', b"\xff\xfe"):
        r = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
        r.json()


def test_many_files_are_refused(client):
    files = [("files", (f"f{i}.txt", b"word " * 50, "text/plain")) for i in range(200)]
    r = client.post("/api/articles", files=files)
    assert r.status_code == 400, r.text[:300]


def test_traversal_in_urls_reads_no_file(app):
    client = app
    for url in ("/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/api/articles/..%2F..%2Fetc%2Fpasswd",
                "/docs/assets/..%2F..%2F..%2Fpyproject.toml", "/docs/assets/%2Fetc%2Fpasswd",
                "/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/../../etc/passwd"):
        r = client.get(url)
        assert r.status_code in (404, 422), (url, r.status_code)
        assert "root:" not in r.text


# -- /docs offline ----------------------------------------------------------------------------------

def test_docs_work_offline(app):
    client = app
    page = client.get("/docs")
    assert page.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs and all(r.startswith("/") or r.startswith("data:") for r in refs), refs
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for ref in refs:
        if ref.startswith("/docs/assets/"):
            r = client.get(ref)
            assert r.status_code == 200 and len(r.content) > 100, ref
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text
    assert client.get("/redoc").status_code == 404  # no page that would need a CDN


@pytest.fixture()
def client(app):
    return same_origin(app)


def test_one_upload_reads_at_most_max_records_per_upload(corpus):  # noqa: F811
    """A small upload holding many records is not a story of thousands: the articles past the bound
    are refused with a reason, the first ones are stored."""
    records = [dict(RECORD, title=f"Ferry strike ends, day {i}",
                    text=RECORD["text"].replace("nine-day", f"{i + 2}-day") + f" Crew list {i} was posted.")
               for i in range(5)]
    with app_client(corpus, Options(max_records_per_upload=2), reports=FakeReports(Options())) as c:
        c = same_origin(c)
        before = _count(c)
        files = [("files", ("many.json", json.dumps(records).encode(), "application/json"))]
        body = c.post("/api/articles", files=files).json()
        assert _count(c) - before <= 2
        reasons = [f for f in body["failures"] if f["error"] == "too-many-records"]
        assert len(reasons) == 1 and "3 article(s) not read" in reasons[0]["message"], body
