"""Issue 10, items 1, 3 and 4 (fetch side): content never decides which local file or internal
address is read, and every fetch ends.

Servers listen on 127.0.0.1.  By default a URL that comes from content may not reach it; the
tests that need it opt in (allow_private_addresses) or pass the URL as the user's own (typed).
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.corpus import Store, add_inputs
from newsprism.errors import FetchError
from newsprism.model import RawDocument, ReadFailure
from newsprism.options import Options
from newsprism.reading import fetch, iter_documents, netguard

BODY = ("<html><head><title>Council approves flood wall</title></head><body><article>"
        "<h1>Council approves flood wall</h1>"
        + "<p>The town council of Marlow approved a new flood wall on Tuesday after a long debate, "
          "the mayor said, and building work is expected to start in the spring.</p>" * 4
        + "</article></body></html>").encode()
SECRET = ("<html><body><article><h1>Internal admin page</h1>"
          + "<p>This internal service page holds the private configuration of the office network "
            "and must never be stored in a public corpus of news articles.</p>" * 4
          + "</article></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hosts: list[str] = []

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        Handler.hosts.append(self.headers.get("Host", ""))
        if self.path == "/article":
            self._send(200, BODY)
        elif self.path == "/secret":
            self._send(200, SECRET)
        elif self.path.startswith("/to/"):  # redirect to another address given in the path
            self._send(302, headers=[("Location", "http://" + self.path[4:])])
        elif self.path == "/trickle":  # one byte at a time, for ever (well, 30 s)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(150):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif self.path == "/slow-headers":  # the status line and headers trickle
            for ch in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 150:
                try:
                    self.wfile.write(bytes([ch]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        else:
            self._send(404, b"no")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def _serve():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture()
def two_servers():
    """A 'public' site and an 'internal' service, both on 127.0.0.1 (different ports)."""
    a, b = _serve(), _serve()
    yield a[1], b[1]
    for httpd, _ in (a, b):
        httpd.shutdown()
        httpd.server_close()


# --- the address policy ---------------------------------------------------------------------

@pytest.mark.parametrize("ip, reason", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("192.168.0.7", "private"), ("172.16.4.4", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
    ("224.0.0.251", "multicast"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not globally routable"),
    ("::ffff:127.0.0.1", "loopback"), ("fc00::5", "private"),
])
def test_internal_addresses_are_blocked(ip, reason):
    assert netguard.blocked_reason(ip) == reason


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(ip):
    assert netguard.blocked_reason(ip) is None


def test_content_url_to_loopback_is_refused_by_default(two_servers):
    public, _ = two_servers
    with pytest.raises(FetchError) as e:
        fetch(f"http://{public}/article", Options())
    assert e.value.code == "blocked-address" and "loopback" in e.value.message
    assert "allow-private-addresses" in e.value.message


def test_typed_url_may_be_private_but_its_redirects_are_checked(two_servers):
    public, internal = two_servers
    page = fetch(f"http://{public}/article", Options(), typed=True)  # the user chose it
    assert page.body == BODY
    with pytest.raises(FetchError) as e:  # ... but it may not send us to another internal port
        fetch(f"http://{public}/to/{internal}/secret", Options(), typed=True)
    assert e.value.code == "blocked-address" and internal in e.value.message
    # the same redirect with the user's opt-in is followed
    page = fetch(f"http://{public}/to/{internal}/secret", Options(allow_private_addresses=True))
    assert page.body == SECRET


def test_a_command_line_url_redirecting_inside_is_a_failure_not_a_page(two_servers):
    public, internal = two_servers
    [failure] = list(iter_documents([f"http://{public}/to/{internal}/secret"], Options()))
    assert isinstance(failure, ReadFailure) and failure.error == "blocked-address"


def test_every_resolved_address_is_checked(monkeypatch):
    """A name with one public and one private address is refused (no 'first address' luck)."""
    monkeypatch.setattr(netguard, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.8"])
    with pytest.raises(FetchError) as e:
        fetch("http://news.example.test/story", Options(fetch_timeout=1))
    assert e.value.code == "blocked-address" and "10.0.0.8" in e.value.message


def test_connects_to_the_checked_address_and_keeps_the_host_name(two_servers, monkeypatch):
    """No second DNS lookup between check and connect (rebinding): the socket goes to the
    address the guard resolved, while the request still names the host."""
    public, _ = two_servers
    port = int(public.split(":")[1])
    asked = []

    def fake_resolve(host, p):
        asked.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(netguard, "resolve", fake_resolve)
    Handler.hosts.clear()
    page = fetch(f"http://news.example.invalid:{port}/article", Options(allow_private_addresses=True))
    assert page.body == BODY  # the system resolver cannot resolve .invalid: our address was used
    assert asked == ["news.example.invalid"]
    assert Handler.hosts == [f"news.example.invalid:{port}"]


# --- feeds: entries are never local paths, and never internal addresses ---------------------

def _rss(items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title>{x}</item>" for t, x in items)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>{body}"
            "</channel></rss>")


def test_feed_entries_are_never_read_as_local_paths(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir()
    secret = private / "notes.txt"
    secret.write_text("My bank password is hunter2 and my account number is 12345678. " * 5)
    monkeypatch.setenv("HOME", str(private))
    monkeypatch.chdir(tmp_path)
    feed = tmp_path / "local.rss"
    feed.write_text(_rss([
        ("absolute", f"<link>{secret}</link>"),
        ("home", "<link>~/notes.txt</link>"),
        ("relative", "<link>private/notes.txt</link>"),
        ("folder", f"<link>{private}</link>"),
        ("glob", f"<link>{private}/*.txt</link>"),
        ("stdin", "<link>-</link>"),
        ("file url", f"<link>file://{secret}</link>"),
        ("bare guid", f"<guid>{secret}</guid>"),
        ("bare relative guid", "<guid>private/notes.txt</guid>"),
    ]))
    with Store(tmp_path / "c.db") as store:
        report = add_inputs(store, [str(feed)], Options(allow_private_addresses=True))
        assert report.added == 0 and store.count_articles() == 0
        assert len(report.failures) == 9
        assert {f.error for f in report.failures} == {"unsupported-url"}
        assert all("never read as local files" in f.message for f in report.failures)


def test_remote_feed_entries_may_not_reach_internal_addresses(two_servers, tmp_path):
    public, internal = two_servers
    feed = tmp_path / "remote.rss"
    feed.write_text(_rss([("internal", f"<link>http://{internal}/secret</link>"),
                          ("bounced", f"<link>http://{public}/to/{internal}/secret</link>")]))
    with Store(tmp_path / "c.db") as store:
        report = add_inputs(store, [str(feed)], Options())
        assert report.added == 0 and store.count_articles() == 0
        assert [f.error for f in report.failures] == ["blocked-address", "blocked-address"]
    with Store(tmp_path / "ok.db") as store:  # the documented opt-in
        report = add_inputs(store, [str(feed)], Options(allow_private_addresses=True))
        assert report.added == 1 and report.duplicates == 1


# --- every fetch ends -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/trickle", "/slow-headers"])
def test_a_trickling_server_hits_the_total_deadline(two_servers, path):
    public, _ = two_servers
    opts = Options(fetch_timeout=1.0, fetch_deadline=1.5, allow_private_addresses=True)
    with pytest.raises(FetchError) as e:
        fetch(f"http://{public}{path}", opts)
    assert e.value.code == "fetch-timeout" and "within 1.5 s" in e.value.message


def test_the_size_cap_holds_for_content_fetches(two_servers):
    public, _ = two_servers
    with pytest.raises(FetchError) as e:
        fetch(f"http://{public}/article", Options(fetch_max_bytes=100, allow_private_addresses=True))
    assert e.value.code == "too-large"


def test_read_of_a_trickling_url_reports_and_goes_on(two_servers, tmp_path):
    public, _ = two_servers
    good = tmp_path / "good.html"
    good.write_bytes(BODY)
    opts = Options(fetch_timeout=1.0, fetch_deadline=1.0)
    items = list(iter_documents([f"http://{public}/trickle", str(good)], opts))
    assert [type(x) for x in items] == [ReadFailure, RawDocument]
    assert items[0].error == "fetch-timeout"
