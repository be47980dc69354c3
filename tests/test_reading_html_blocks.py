"""Issue 9, HTML reader: an article split over several blocks of the same kind is read whole, and
furniture paragraphs inside the body (subscription offers, tagged related links, shortcodes, bios)
are dropped and recorded.  Hand-written pages."""
from __future__ import annotations

from newsprism.options import Options
from newsprism.reading import read_bytes

OPTS = Options(require_english=False)
P1 = [f"The harbour board of Fenwick met on day {n} to decide how the old bridge should be repaired, "
      f"and the engineers explained their plan in detail to the members present." for n in range(1, 5)]
P2 = [f"After the break the board heard from residents on point {n}, who asked whether the ferry "
      f"would run more often while the bridge stayed closed for the repairs." for n in range(1, 4)]


def page(body: str) -> bytes:
    return (f"<html><head><title>Bridge plan</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
            f"<main>{body}</main><footer><p>About us</p></footer></body></html>").encode()


def block(paras: list[str]) -> str:
    return '<div class="grid"><div class="article-body">' + "".join(f"<p>{p}</p>" for p in paras) + "</div></div>"


def test_article_split_over_two_blocks_is_read_whole():
    html = page("<h1>Bridge plan</h1>" + block(P1) + '<div class="ad-rail"><p>Advert</p></div>' + block(P2))
    doc = read_bytes(html, "p.html", OPTS)[0]
    for p in P1 + P2:
        assert p in doc.text
    assert doc.text.index(P1[-1]) < doc.text.index(P2[0])


def test_a_block_of_another_kind_is_not_added():
    other = '<div class="grid"><div class="comments">' + "".join(f"<p>{p}</p>" for p in P2) + "</div></div>"
    doc = read_bytes(page(block(P1) + other), "p.html", OPTS)[0]
    assert not any(p in doc.text for p in P2)


def test_furniture_paragraphs_inside_the_body_are_dropped_and_recorded():
    furniture = ["Start your morning with the Harbour Briefing. Sign up for our free daily newsletter.",
                 "Ferry timetable changes again [VIDEO]",
                 '[button link="https://example.org/tips" type="big"] Send us your tip[/button]',
                 "Ailsa McRae covers the harbour. Follow her on Twitter @ailsa.",
                 "Also on example.org Council plans new car park by the pier"]
    body = block(P1[:2] + furniture + P1[2:])
    doc = read_bytes(page(body), "p.html", OPTS)[0]
    for f in furniture:
        assert f not in doc.text
    assert all(p in doc.text for p in P1)
    removed = [r.text for r in doc.removals if r.reason == "boilerplate"]
    assert len([r for r in removed if any(r.startswith(f[:12]) for f in furniture)]) == len(furniture)
