"""RSS and Atom feeds served on 127.0.0.1: add reads the linked pages, follow adds only new entries."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.corpus import Store, add_inputs, is_feed
from newsprism.corpus.feeds import follow, parse_feed
from newsprism.errors import InputError
from newsprism.options import Options

# the feeds and pages are served on 127.0.0.1: the tests opt in to private addresses
LOCAL = Options(allow_private_addresses=True)

TOPICS = {
    "bridge": ("Harbour bridge reopens after repairs",
               "The harbour bridge in the coastal city of Pellham reopened to traffic on Tuesday "
               "after eleven weeks of repairs to its steel cables, the transport office said."),
    "orchard": ("Frost damages apple orchards in the valley",
                "A late frost damaged apple blossoms across the Verrin valley this week, and growers "
                "expect a smaller harvest, according to the regional farmers union."),
    "library": ("City library extends its opening hours",
                "The central library of Ostley will open until ten in the evening from next month, "
                "the council announced, after a petition signed by two thousand residents."),
    "ferry": ("Island ferry cancelled in strong winds",
              "Strong winds forced the cancellation of every ferry to Skarra island on Friday, "
              "leaving dozens of travellers waiting at the mainland pier overnight."),
}
FILLER = ("Residents interviewed by local reporters described the week as unusual. Officials "
          "promised a detailed statement once the assessment is finished, and said that the "
          "public would be informed about every further step through the usual channels.")


def page(slug: str) -> str:
    title, lead = TOPICS[slug]
    body = "".join(f"<p>{s}</p>" for s in (lead, FILLER, f"More on {title.lower()} will follow "
                                                  "as the situation develops over the coming days."))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Test Gazette'>"
            f"<meta name='date' content='2024-05-0{len(slug) % 9}'></head><body><nav>Home</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")


def rss(base: str, slugs: list[str]) -> str:
    items = "".join(f"<item><title>{TOPICS[s][0]}</title><link>{base}/{s}.html</link>"
                    f"<guid>urn:test:{s}</guid></item>" for s in slugs)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Test Gazette</title>"
            f"<link>{base}/</link><description>test</description>{items}</channel></rss>")


def atom(base: str, slugs: list[str]) -> str:
    entries = "".join(f"<entry><title>{TOPICS[s][0]}</title><link href='{base}/{s}.html'/>"
                      f"<id>urn:atom:{s}</id><updated>2024-05-01T00:00:00Z</updated></entry>"
                      for s in slugs)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Atom Gazette</title><id>urn:atom</id><updated>2024-05-01T00:00:00Z</updated>"
            f"{entries}</feed>")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    for slug in TOPICS:
        (root / f"{slug}.html").write_text(page(slug), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield root, base
    server.shutdown()
    server.server_close()


def test_feed_detection(tmp_path):
    f = tmp_path / "news.xml"
    f.write_text(rss("http://127.0.0.1:1", ["bridge"]))
    plain = tmp_path / "story.txt"
    plain.write_text("Just a story about a bridge.")
    assert is_feed(str(f)) and not is_feed(str(plain))
    assert is_feed("https://example.invalid/feed/") and is_feed("https://example.invalid/news.rss")
    assert not is_feed("https://example.invalid/2024/05/bridge.html")


def test_parse_feed_rejects_non_feeds():
    with pytest.raises(InputError):
        parse_feed(b"<html><body>not a feed</body></html>", "x.xml")
    title, entries = parse_feed(atom("http://h", ["bridge", "ferry"]).encode(), "a.atom")
    assert title == "Atom Gazette" and [e["key"] for e in entries] == ["urn:atom:bridge", "urn:atom:ferry"]


def test_add_rss_file_and_atom_url(site, tmp_path):
    root, base = site
    feed_file = tmp_path / "gazette.rss"
    feed_file.write_text(rss(base, ["bridge", "orchard"]), encoding="utf-8")
    (root / "atom.xml").write_text(atom(base, ["library", "bridge"]), encoding="utf-8")
    with Store(tmp_path / "c.db") as s:
        rep = add_inputs(s, [str(feed_file)], LOCAL)
        assert (rep.added, rep.failures) == (2, [])
        rep2 = add_inputs(s, [], LOCAL, feeds=[f"{base}/atom.xml"])
        # the bridge page is the same article, reached from another feed: stored once
        assert (rep2.added, rep2.duplicates, rep2.failures) == (1, 1, [])
        assert s.count_articles() == 3
        assert [h.title for h in s.search("Pellham")] == [TOPICS["bridge"][0]]
        urls = {r[0] for r in s.conn.execute("SELECT url FROM articles")}
        assert f"{base}/orchard.html" in urls


def test_follow_once_twice_adds_only_new_entries(site, tmp_path):
    root, base = site
    (root / "feed.rss").write_text(rss(base, ["bridge", "orchard"]), encoding="utf-8")
    db = tmp_path / "f.db"
    runner = CliRunner()
    r1 = runner.invoke(main, ["follow", "--db", str(db), f"{base}/feed.rss", "--once", "--allow-private-addresses"])
    assert r1.exit_code == 0, r1.output
    assert "added 2 article(s)" in r1.output
    (root / "feed.rss").write_text(rss(base, ["ferry", "bridge", "orchard"]), encoding="utf-8")
    r2 = runner.invoke(main, ["follow", "--db", str(db), f"{base}/feed.rss", "--once", "--allow-private-addresses"])
    assert r2.exit_code == 0, r2.output
    assert "added 1 article(s); already stored 0" in r2.output
    with Store(db) as s:
        assert s.count_articles() == 3
        assert s.conn.execute("SELECT count(*) FROM feed_entries WHERE status='added'").fetchone()[0] == 3


def test_follow_retries_failed_entries_and_reports_them(site, tmp_path):
    root, base = site
    (root / "feed.rss").write_text(
        rss(base, ["bridge"]).replace("</channel>", f"<item><title>gone</title><link>{base}/missing.html"
                                                    "</link><guid>urn:test:missing</guid></item></channel>"),
        encoding="utf-8")
    rounds = []
    with Store(tmp_path / "r.db") as s:
        follow(s, [f"{base}/feed.rss"], LOCAL, interval=0.01, max_rounds=2,
               on_round=lambda n, rep: rounds.append(rep), sleep=lambda _: None)
    assert [r.added for r in rounds] == [1, 0]
    assert [len(r.failures) for r in rounds] == [1, 1]  # the missing page is tried again
    assert "missing.html" in rounds[0].failures[0].source


def test_unreachable_feed_is_a_failure_not_a_crash(tmp_path):
    with Store(tmp_path / "u.db") as s:
        rep = add_inputs(s, [], Options(fetch_timeout=2), feeds=["http://127.0.0.1:9/feed.rss"])
        assert rep.added == 0 and len(rep.failures) == 1


def test_feed_date_fills_an_undated_page(site, tmp_path):
    root, base = site
    (root / "plain.html").write_text(page("ferry").replace("<meta name='date' content='2024-05-05'>", ""),
                                     encoding="utf-8")
    feed = tmp_path / "dated.rss"
    feed.write_text(rss(base, []).replace("</channel>", (
        f"<item><title>Ferry</title><link>{base}/plain.html</link><guid>urn:plain</guid>"
        "<pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate></item></channel>")), encoding="utf-8")
    with Store(tmp_path / "d.db") as s:
        rep = add_inputs(s, [str(feed)], LOCAL)
        a = s.article(rep.ids[0])
        assert a.published == "2024-05-07" and a.published_from == "feed"
