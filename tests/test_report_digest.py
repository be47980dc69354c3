"""The report people read (issue 13): Key points first, each finding once, counts that match what is
listed, a title in its latest state, plain-word reasons, terminal wrapping, pictures and the flags
that feed them.  Hand-built stories only (tests/test_report_support.py)."""
from __future__ import annotations

import copy
import json
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

import newsprism
from newsprism.cli import main
from newsprism.errors import OptionsError
from newsprism.model import (Contradiction, ContradictionSide, ReadResult,
                             Summary, SummarySentence)
from newsprism.options import Options
from newsprism.report import common, digest, pictures
from newsprism.report.html import render_html
from newsprism.report.markdown import render_markdown
from newsprism.report.terminal import render_terminal
from newsprism.summarize import summarize
from test_report_support import build_story, ev


@pytest.fixture(scope="module")
def story():
    return build_story()


@pytest.fixture(scope="module")
def summary(story):
    return summarize(story, Options())


def _with_copy(story):
    """Metro Wire's report becomes a wire copy of the Valley Courier's."""
    s = copy.deepcopy(story)
    s.articles[2].duplicate_of = s.articles[0].id
    s.articles[0].duplicates = [s.articles[2].id]
    return s


# --- sources: counts match what is listed -------------------------------------------------------


def test_copies_are_named_as_copies_and_not_counted(story):
    s = _with_copy(story)
    src = digest.sources(s, ["art1", "art3", "art4"])
    assert src.count == 2 == len(src.outlets())
    assert src.phrase() == "Evening Post, Valley Courier (copied by Metro Wire)"
    assert src.label() == "2 sources"
    # a copy cited without its original stands for it
    assert digest.sources(s, ["art3"]).phrase() == "Metro Wire"


def test_every_listed_count_equals_the_outlets_named(story, summary):
    s = _with_copy(story)
    md = render_markdown(s, summarize(s, Options()))
    checked = 0
    for line in md.splitlines():
        m = re.search(r"\*\*[^*]+\*\*: (.+?) \((\d+) sources?\)", line)  # contradiction sides
        if m:
            named = [x for x in re.sub(r"\(copied by [^)]*\)", "", m.group(1)).split(",") if x.strip()]
            assert len(named) == int(m.group(2)), line
            checked += 1
    assert checked >= 2
    assert "Valley Courier (copied by Metro Wire)" in md


# --- each finding once ----------------------------------------------------------------------------


def _spelling_contradiction(story):
    """The Reyez misspelling also reported as a name contradiction (as compare may do)."""
    s = copy.deepcopy(story)
    a1, a4 = s.articles[0], s.articles[3]
    s.contradictions.append(Contradiction(
        "name", "Omar Reyes", "spelling",
        [ContradictionSide("Reyes", "Reyes", [a1.id], [a1.outlet], [ev(a1, "Reyes")]),
         ContradictionSide("Reyez", "Reyez", [a4.id], [a4.outlet], [ev(a4, "Reyez")])],
        "likely misspelling by Evening Post"))
    return s


def test_a_misspelling_shown_as_a_contradiction_is_not_listed_again(story):
    s = _spelling_contradiction(story)
    dg = digest.build(s, summarize(s, Options()))
    assert dg.spellings == []
    assert sum("Reyez" in d.line() for d in dg.disputes) == 1
    md = render_markdown(s, summarize(s, Options()))
    assert "### Suspect spellings" not in md and "writes **Reyez**" not in md
    # without the contradiction the spelling is listed once, as a suspect spelling and a dispute
    md = render_markdown(story, summarize(story, Options()))
    assert md.count("writes **Reyez**") == 1
    assert "spelling of Reyes: Reyes (Valley Courier) vs Reyez (Evening Post)" in md


def test_a_reworded_quote_shown_as_a_contradiction_is_not_listed_again(story):
    s = copy.deepcopy(story)
    a2, a4 = s.articles[1], s.articles[3]
    s.contradictions.append(Contradiction(
        "quote", "Dana Whitfield", "wording of a quote",
        [ContradictionSide("The city deserves a fresh start", None, [a2.id], [a2.outlet],
                           [ev(a2, "The city deserves a fresh start")]),
         ContradictionSide("The city needs a fresh start", None, [a4.id], [a4.outlet],
                           [ev(a4, "The city needs a fresh start")])], "worded differently"))
    md = render_markdown(s, summarize(s, Options()))
    assert "### Reworded quotes" not in md
    assert "### Reworded quotes" in render_markdown(story, summarize(story, Options()))


def test_an_agreement_that_is_a_summary_sentence_is_shown_once(story, summary):
    md = render_markdown(story, summary)
    body = md.split("## What happened", 1)[1]
    for a in story.agreements:
        for e in a.evidence:
            sentence = e.text
            assert body.count(sentence) <= 1, sentence
    dg = digest.build(story, summary)
    assert dg.agreed_in_summary  # the fixture's agreements are summary sentences
    assert len(dg.agreements) + len(dg.agreed_in_summary) == len(story.agreements)


def test_a_summary_line_restating_a_dispute_is_left_to_key_points(story):
    s = copy.deepcopy(story)
    line = SummarySentence("Accounts differ on Dana Whitfield's age: 58 or 59.", [1, 2],
                           [ev(s.articles[1], "59")], contested=True)
    summ = Summary("Water director resigns after dam crack", [line], "standard", "test")
    md = render_markdown(s, summ)
    assert "Accounts differ" not in md
    assert "- Dana Whitfield, age: 58 (Evening Post, Metro Wire, Valley Courier) vs 59 (Daily Ledger)" in md


def test_wire_copies_do_not_repeat_one_evidence_sentence(story):
    s = copy.deepcopy(story)
    a1, a3 = s.articles[0], s.articles[2]
    same = [ev(a1, "about 4 million dollars"), ev(a3, "about 4 million dollars")]  # one sentence, twice
    got = digest.unique_evidence(s, same)
    assert len(got) == 1 and got[0][1] == [a3.id]
    other = [ev(a1, "Reyes"), ev(s.articles[3], "Reyez")]  # different sentences stay apart
    assert len(digest.unique_evidence(s, other)) == 2


def test_agreement_on_a_disputed_fact_is_flagged(story):
    s = copy.deepcopy(story)
    s.agreements[0].evidence.append(ev(s.articles[0], "Whitfield, 58, said"))  # shares the age evidence
    s.agreements[0].text = "Whitfield, 58, said she resigned"
    dg = digest.build(s, Summary("t", [], "standard", "test"))
    assert dg.disputed(s.agreements[0].evidence).about == "Dana Whitfield, age"
    assert "*(disputed: Dana Whitfield, age)*" in render_markdown(s, Summary("t", [], "standard", "test"))


# --- Key points and title ------------------------------------------------------------------------


def test_markdown_opens_with_key_points_and_contents(story, summary):
    md = render_markdown(story, summary)
    assert md.index("Contents: [Key points](#key-points)") < md.index("## Key points") < md.index("## What happened")
    key = md.split("## Key points", 1)[1].split("## What happened", 1)[0]
    assert "**What happened**" in key and "**Disputed**" in key and "**Only in one report**" in key
    assert "Dana Whitfield: resigned on Friday (reported 2025-03-14)" in key  # the latest state first
    assert "earlier: said she would not resign (Metro Wire)" in key
    for _, title in common.SECTIONS:
        assert md.count(f"## {title}\n") == 1


def test_title_states_the_latest_development(story):
    old = Summary("Water director says she will not resign", [], "standard", "test")
    assert digest.build(story, old).title == "Water director resigns after dam crack"  # a real headline
    s = copy.deepcopy(story)
    for a in s.articles:
        a.title_from = "first-sentence"
    title = digest.build(s, old).title
    assert "resigned on Friday" in title and len(title) <= 120
    # no development: the summary's headline stands
    s.developments = []
    assert digest.build(s, old).title == old.headline


def test_one_report_gets_a_plain_warning(story):
    s = copy.deepcopy(story)
    s.articles = s.articles[:1]
    s.agreements, s.contradictions, s.developments = [], [], []
    summ = Summary("Water director resigns after dam crack", [], "standard", "test")
    md = render_markdown(s, summ)
    assert "nothing to compare" in md and "1 report from 1 outlet;" in md
    html = render_html(s, summ)
    assert "nothing to compare" in html and "1 report from 1 outlet" in html
    console = Console(record=True, width=80, color_system=None)
    render_terminal(console, s, summ)
    assert "nothing to compare" in console.export_text()


@pytest.mark.parametrize("how,text,want", [
    ("unresolved: no publication date to resolve a relative expression against",
     "She quit on Wednesday after a meeting.", "the report has no date, so 'Wednesday' can't be placed"),
    ("unresolved: no publication date to resolve a relative expression against",
     "He was confirmed last December.", "the report has no date, so 'last December' can't be placed"),
    ("unresolved: a week is not a single date", "They vote next week.", "'next week' names a week, not a single day"),
    ("unresolved: no year and no publication date", "It opened on 3 May.",
     "no year is given and the report has no date, so 'May' can't be placed"),
    ("relative to published 2025-03-14", "", "counted from the report's date, 2025-03-14"),
])
def test_reasons_read_like_words(how, text, want):
    got = digest.plain_reason(how, text)
    assert got == want and "resolve a relative expression" not in got


def test_clip_cuts_at_a_word_boundary():
    text = "The head of a regional water agency says she has been told to resign or face dismissal"
    got = common.clip(text, 40)
    assert got.endswith("…") and len(got) <= 40
    assert text.startswith(got[:-1]) and text[len(got) - 1] == " "


# --- terminal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 100])
def test_terminal_wraps_to_the_width_even_when_the_console_soft_wraps(story, summary, width):
    s = copy.deepcopy(story)
    s.exclusives[0].text = "A very long exclusive sentence " * 20
    console = Console(record=True, width=width, color_system=None, soft_wrap=True)  # as the CLI's
    render_terminal(console, s, summary)
    lines = console.export_text().splitlines()
    assert max(len(x) for x in lines) <= width
    assert any(x.startswith("Key points") for x in lines)
    # continuation lines of a bullet hang under its text, never under the bullet
    at = next(i for i, x in enumerate(lines) if x.startswith("• A very long exclusive"))
    assert lines[at + 1].startswith("  ") and lines[at + 1].strip()[:1].isalpha()


def test_terminal_width_follows_columns(monkeypatch):
    from newsprism.report.terminal import terminal_width

    monkeypatch.setenv("COLUMNS", "73")
    assert terminal_width() == 73


# --- pictures -----------------------------------------------------------------------------------


def test_matrix_marks_reports_disputes_and_silence(story, summary):
    dg = digest.build(story, summary)
    svg, cols = pictures.matrix(story, dg)
    age = cols[0]
    assert age.label == "Disputed: Dana Whitfield, age \u2014 58 vs 59"  # the values tell two disputes apart
    assert age.states["Daily Ledger"][0] == "disputes" and age.states["Valley Courier"][0] == "reports"
    spelling = next(c for c in cols if "Reyes" in c.label)
    assert spelling.states["Evening Post"][0] == "disputes" and spelling.states["Valley Courier"][0] == "reports"
    assert "Metro Wire" not in spelling.states  # silent
    for a in story.articles:
        assert f">{a.outlet}</text>" in svg
    assert 'role="img"' in svg and "<title" in svg and "silent" in svg
    assert "<script" not in svg and "href" not in svg


def test_strip_places_each_report_and_undated_ones_apart(story):
    s = copy.deepcopy(story)
    s.articles[1].published = None
    svg = pictures.strip(s)
    assert "no date" in svg and "Daily Ledger: no publication date" in svg
    assert "Metro Wire: published 2025-03-13" in svg and "Mar 13" in svg


def test_outlet_names_in_pictures_are_escaped(story, summary):
    s = copy.deepcopy(story)
    s.articles[3].outlet = "<script>alert(1)</script>"
    svg = pictures.strip(s)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_side_bar_from_records_then_the_users_table(story):
    s = copy.deepcopy(story)
    assert pictures.side_bar(s)[0] == ""  # no side known: no picture, no invented ratings
    s.articles[0].label = "Left"
    s.articles[1].label = "section-2"  # a label that is not a side is ignored
    svg, groups = pictures.side_bar(s, {"metro wire": "right", "daily ledger": "center"})
    assert dict(groups) == {"left": ["Valley Courier"], "center": ["Daily Ledger"], "right": ["Metro Wire"]}
    assert "1 without" in svg and 'id="pic-sides"' in svg


def test_outlet_table_csv_and_json(tmp_path):
    csv_path = tmp_path / "sides.csv"
    csv_path.write_text("outlet,side\nDaily Ledger,Lean Left\nMetro Wire,centre\nOdd,sideways\n", encoding="utf-8")
    assert pictures.load_outlet_sides(csv_path) == {"daily ledger": "lean left", "metro wire": "center"}
    js = tmp_path / "sides.json"
    js.write_text(json.dumps([{"outlet": "Evening Post", "side": "right"}]), encoding="utf-8")
    assert pictures.load_outlet_sides(js) == {"evening post": "right"}
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    with pytest.raises(OptionsError, match="not valid JSON"):
        pictures.load_outlet_sides(bad)
    empty = tmp_path / "none.csv"
    empty.write_text("outlet,side\nX,sideways\n", encoding="utf-8")
    with pytest.raises(OptionsError, match="no outlet with a side"):
        pictures.load_outlet_sides(empty)
    with pytest.raises(OptionsError, match="cannot read"):
        pictures.load_outlet_sides(tmp_path / "missing.csv")


def test_html_report_holds_the_pictures_and_a_section_nav(story, summary):
    page = render_html(story, summary, outlet_sides={"valley courier": "left", "daily ledger": "right"})
    for ident in ("pic-matrix", "pic-strip", "pic-sides"):
        assert f'id="{ident}"' in page
    nav = page.split('<nav class="sections"', 1)[1].split("</nav>", 1)[0]
    for key in ("key", "pictures", "summary", "agree", "differ", "timeline", "coverage", "sources"):
        assert f'href="#{key}"' in nav and f'id="{key}"' in page
    cards = re.findall(r'data-finding="([^"]+)"', page)
    assert cards and len(cards) == len(set(cards))


# --- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def stub(monkeypatch):
    calls = {}

    def fake_read(inputs, options=None, progress=None):
        calls["options"] = options
        return ReadResult(build_story().articles, [])

    def fake_analyze(articles, options=None, progress=None):
        return build_story()

    monkeypatch.setattr(newsprism, "read", fake_read)
    monkeypatch.setattr(newsprism, "analyze", fake_analyze)
    return calls


def test_analyze_any_language_and_outlet_sides(stub, tmp_path):
    table = tmp_path / "sides.csv"
    table.write_text("outlet,side\nValley Courier,left\nEvening Post,right\n", encoding="utf-8")
    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["analyze", "story", "--any-language", "--outlet-sides", str(table),
                                  "-o", str(out), "-q"])
    assert r.exit_code == 1, r.output  # the hand-built story carries one failed file
    assert stub["options"].require_english is False
    page = out.read_text(encoding="utf-8")
    assert 'id="pic-sides"' in page and "left: Valley Courier" in page


def test_analyze_rejects_a_bad_outlet_table_before_any_work(stub, tmp_path):
    bad = tmp_path / "sides.json"
    bad.write_text("[1, 2", encoding="utf-8")
    r = CliRunner().invoke(main, ["analyze", "story", "--outlet-sides", str(bad), "-q"])
    assert r.exit_code == 2 and "not valid JSON" in " ".join(r.output.split()) and "options" not in stub


def test_json_report_carries_the_title_and_key_points(story, summary):
    from newsprism.report.jsonout import report_dict, validate_report

    doc = report_dict(story, summary)
    validate_report(doc)
    kp = doc["report"]["key_points"]
    assert doc["report"]["title"] == "Water director resigns after dam crack"
    assert kp["disputed"][0] == "Dana Whitfield, age: 58 (Evening Post, Metro Wire, Valley Courier) vs 59 (Daily Ledger)"
    assert kp["warning"] is None and kp["happened"] and kp["only_one"]


# --- timeline events whose outlets dispute a fact ---------------------------------------------------


def test_a_timeline_event_names_what_its_outlets_dispute():
    from newsprism.model import Article, StoryAnalysis, TimelineEvent
    a = Article(id="a", source="a.txt", text="Officials said 1,200 people left on Tuesday.", outlet="Alpha Post",
                title=None, outlet_from="field", published="2025-03-12", published_from="header")
    b = Article(id="b", source="b.txt", text="Officials said 1,400 people left on Tuesday.", outlet="Beta News",
                title=None, outlet_from="field", published="2025-03-12", published_from="header")
    c = Article(id="c", source="c.txt", text="The mayor spoke on Tuesday about the flood.", outlet="Gamma",
                title=None, outlet_from="field", published="2025-03-12", published_from="header")
    count = Contradiction("count", "people", "people who left", [
        ContradictionSide("1,200", 1200, ["a"], ["Alpha Post"], [ev(a, "Officials said 1,200 people left")]),
        ContradictionSide("1,400", 1400, ["b"], ["Beta News"], [ev(b, "Officials said 1,400 people left")])], "")
    story = StoryAnalysis(articles=[a, b, c], contradictions=[count])
    both = TimelineEvent("2025-03-11", "day", a.text, "relative to published", ["a", "b"], ["Alpha Post", "Beta News"],
                         [ev(a, a.text), ev(b, b.text)])
    one_side = TimelineEvent("2025-03-11", "day", a.text, "relative to published", ["a", "c"], ["Alpha Post", "Gamma"],
                             [ev(a, a.text), ev(c, c.text)])
    assert digest.accounts_differ(story, both) == ["people who left"]
    assert digest.accounts_differ(story, one_side) == []  # one side only: nothing disputed inside it
    story.timeline = [both]
    assert "accounts differ: people who left" in render_markdown(story, summarize(story, Options()))


def test_a_summary_sentence_never_cites_an_outlet_that_says_otherwise():
    from newsprism.model import Article, StoryAnalysis
    texts = {
        "a": ("Alpha Post", "Mira Holt previously led the agency's regional office in Dunford. "
                            "Holt resigned on Sunday after the flood."),
        "b": ("Beta News", "Mira Holt previously led the agency's regional office in Dunford. "
                           "The minister thanked Holt for her service."),
        "c": ("Gamma", "Mira Holt previously led the agency's regional office in Carlow. "
                       "Holt resigned on Sunday after the flood."),
    }
    arts = [Article(id=k, source=f"{k}.txt", text=t, title=None, outlet=o, outlet_from="field",
                    published="2025-03-12", published_from="header") for k, (o, t) in texts.items()]
    a, b, c = arts
    place = Contradiction("place", "Mira Holt", "place (regional office in ...)", [
        ContradictionSide("Dunford", "dunford", ["a", "b"], ["Alpha Post", "Beta News"],
                          [ev(a, "in Dunford"), ev(b, "in Dunford")]),
        ContradictionSide("Carlow", "carlow", ["c"], ["Gamma"], [ev(c, "in Carlow")])], "")
    story = StoryAnalysis(articles=arts, contradictions=[place])
    s = summarize(story, Options())
    led = [x for x in s.sentences if "regional office in Dunford" in x.text]
    assert led, [x.text for x in s.sentences]
    assert all(3 not in x.citations for x in led)  # Gamma says Carlow: never cited for Dunford
