"""reading.fetch: URLs read from a page served on 127.0.0.1 (no internet needed)."""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.errors import FetchError
from newsprism.model import RawDocument, ReadFailure
from newsprism.options import Options
from newsprism.reading import fetch, iter_documents

PARAS = [
    "Volunteers in the valley town of Ostby planted four hundred oak saplings on Sunday along the "
    "river bank that flooded twice last winter, organisers said.",
    "The project, paid for by a local bakery and the town council, aims to slow the water and give "
    "shade to the footpath, according to the group's coordinator, Lia Brenn.",
    "Organisers said they would return in the autumn to replace any trees that do not survive the "
    "dry summer months ahead.",
]
PAGE = ("<!DOCTYPE html><html><head><title>Oaks planted along the river</title>"
        '<meta property="article:published_time" content="2023-04-16"></head><body>'
        "<article><h1>Oaks planted along the river</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article></body></html>").encode()

SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server API
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/article":
            self._send(200, PAGE)
        elif path == "/article.gz":
            self._send(200, gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/article" if n == 0 else f"/hop/{n - 1}"
            self._send(302, b"", headers=[("Location", target)])
        elif path == "/loop":
            self._send(301, b"", headers=[("Location", "/loop")])
        elif path == "/to-ftp":
            self._send(302, b"", headers=[("Location", "ftp://127.0.0.1/file")])
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 50_000 + b"</p></body></html>")
        elif path == "/big-chunked":  # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
            self.close_connection = True
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif path == "/2023/04/16/oaks":
            self._send(200, PAGE.replace(b'<meta property="article:published_time" content="2023-04-16">', b""))
        elif path == "/record.json":
            self._send(200, b'{"title": "Oaks", "text": "' + " ".join(PARAS).encode() + b'"}',
                       ctype="application/json")
        else:
            self._send(404, b"not here")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # clients that time out close the socket
        pass


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# the tests serve pages on 127.0.0.1: they opt in to private addresses (test_reading_guard.py
# checks the default refuses them)
OPTS = Options(fetch_timeout=0.5, fetch_max_redirects=3, fetch_max_bytes=100_000,
               allow_private_addresses=True)


def test_fetch_article_page(server):
    [doc] = list(iter_documents([server + "/article"], OPTS))
    assert isinstance(doc, RawDocument)
    assert doc.shape == "html" and doc.url == server + "/article"
    assert all(p in doc.text for p in PARAS)
    assert doc.published == "2023-04-16"
    assert (doc.outlet, doc.outlet_from) == ("127.0.0.1", "url")
    assert SEEN_AGENTS[-1] == OPTS.user_agent


def test_gzip_content_encoding(server):
    assert fetch(server + "/article.gz", OPTS).body == PAGE


def test_redirects_within_limit_are_followed(server):
    [doc] = list(iter_documents([server + "/hop/2"], OPTS))  # 3 redirects, the limit
    assert isinstance(doc, RawDocument)
    assert doc.url == server + "/article"


@pytest.mark.parametrize("path", ["/hop/3", "/loop"])
def test_redirect_chain_too_long(server, path):
    [failure] = list(iter_documents([server + path], OPTS))
    assert isinstance(failure, ReadFailure)
    assert failure.error == "too-many-redirects"
    assert "redirects" in failure.message


def test_redirect_to_other_scheme_is_refused(server):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(server + "/to-ftp", OPTS)


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_body_over_size_limit(server, path):
    [failure] = list(iter_documents([server + path], OPTS))
    assert failure.error == "too-large"
    assert "100,000" in failure.message


def test_404(server):
    [failure] = list(iter_documents([server + "/missing"], OPTS))
    assert failure.error == "fetch-failed"
    assert "404" in failure.message and "check the URL" in failure.message


def test_timeout(server):
    [failure] = list(iter_documents([server + "/slow"], OPTS))
    assert failure.error == "fetch-timeout"
    assert "0.5 s" in failure.message


def test_connection_refused_is_a_failure():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    [failure] = list(iter_documents([f"http://127.0.0.1:{port}/x"], OPTS))
    assert failure.error == "fetch-failed"


def test_fetched_json_goes_through_shape_detection(server):
    [doc] = list(iter_documents([server + "/record.json"], OPTS))
    assert doc.shape == "json" and doc.title == "Oaks"
    assert doc.url == server + "/record.json"


def test_date_and_outlet_from_the_address_are_marked_url(server):
    [doc] = list(iter_documents([server + "/2023/04/16/oaks"], OPTS))
    assert (doc.published, doc.published_from) == ("2023-04-16", "url")
    assert (doc.outlet, doc.outlet_from) == ("127.0.0.1", "url")


def test_date_from_page_metadata_is_marked_html_meta(server):
    [doc] = list(iter_documents([server + "/article"], OPTS))
    assert doc.published_from == "html-meta"
