"""nlp helpers that need no model: number words, date resolution, quote spans, import hygiene."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.nlp.quotes import _double_quotes, _single_quotes
from newsprism.nlp.sentences import is_abbreviation, simple_sentence_spans
from newsprism.nlp.times import resolve
from newsprism.nlp.numbers import DAYS_PER, _days, parse_number


def test_importing_nlp_loads_no_model():
    code = (
        "import sys, newsprism, newsprism.nlp, newsprism.nlp.models;"
        "bad = [m for m in ('spacy', 'torch', 'sentence_transformers', 'thinc', 'transformers') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("text,expected", [
    ("61", 61.0), ("60,000", 60000.0), ("2.38 million", 2_380_000.0), ("forty", 40.0),
    ("four", 4.0), ("twenty-five", 25.0), ("two million", 2_000_000.0), ("a dozen", 12.0),
    ("1.2bn", 1_200_000_000.0), ("three hundred", 300.0), ("$5 million", 5_000_000.0),
    ("one hundred and twenty", 120.0), ("a", None), ("banana", None), ("", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_roundtrips_digits(n):
    assert parse_number(f"{n:,}") == float(n)
    assert parse_number(str(n)) == float(n)


@given(st.text(max_size=30))
def test_parse_number_never_raises(s):
    v = parse_number(s)
    assert v is None or isinstance(v, float)


def test_four_decades_equal_forty_years():
    assert _days(4, "decades") == _days(40, "years") == 14610.0
    assert _days(4, "decades") != _days(41, "years")
    assert _days(1, "week") == 7 * DAYS_PER["day"]


PUB = "2022-11-12"  # a Saturday


@pytest.mark.parametrize("expr,date,gran", [
    ("Wednesday", "2022-11-09", "day"),
    ("Friday", "2022-11-11", "day"),
    ("late Saturday", "2022-11-12", "day"),
    ("last Saturday", "2022-11-05", "day"),
    ("last December", "2021-12", "month"),
    ("last March", "2022-03", "month"),
    ("September", "2022-09", "month"),
    ("mid-September", "2022-09", "month"),
    ("December", "2021-12", "month"),
    ("Dec. 2021", "2021-12", "month"),
    ("Sept. 30", "2022-09-30", "day"),
    ("Nov. 9, 2022", "2022-11-09", "day"),
    ("from 2016 to 2020", "2016", "year"),
    ("this year", "2022", "year"),
    ("last year", "2021", "year"),
    ("yesterday", "2022-11-11", "day"),
    ("2019", "2019", "year"),
])
def test_resolve_against_publication(expr, date, gran):
    r = resolve(expr, PUB)
    assert r is not None and (r.date, r.granularity) == (date, gran)
    if any(ch.isdigit() for ch in expr) and len(expr) > 7 and "Sept. 30" not in expr:
        assert r.how.startswith("absolute")


def test_future_month_resolves_forward():
    assert resolve("January", PUB, future=True).date == "2023-01"
    assert resolve("January", PUB).date == "2022-01"


@pytest.mark.parametrize("expr", ["Wednesday", "late Saturday", "last December", "in September", "this year"])
def test_relative_without_publication_is_unresolved(expr):
    r = resolve(expr.replace("in ", ""), None)
    assert r is not None and r.date is None and r.granularity is None
    assert r.how.startswith("unresolved") and "publication" in r.how


def test_absolute_without_publication_still_resolves():
    assert resolve("Dec. 2021", None).date == "2021-12"


@pytest.mark.parametrize("expr", ["11 months", "15 years", "nearly four decades", "less than a year", "the year before"])
def test_durations_are_not_time_points(expr):
    assert resolve(expr, PUB) is None


def test_abbreviations():
    for w in ("N.D.", "Calif.", "Ariz.", "Mich.", "U.S.", "Mr", "Mr.", "Mrs.", "Ms.", "Dr.", "Dec.",
              "Jan.", "Sept.", "Gov.", "Sen.", "Rep.", "St.", "Inc.", "Corp.", "No."):
        assert is_abbreviation(w), w
    for w in ("dog.", "Tuesday.", "it"):
        assert not is_abbreviation(w), w


def test_simple_sentences_respect_abbreviations_and_paragraphs():
    text = "The mayor of Boise, Ida. spoke first. Ms. Ortiz agreed.\n\nPhoto credit/AP\n\nThen rain fell."
    spans = [text[s.start:s.end] for s in simple_sentence_spans(text)]
    assert spans == ["The mayor of Boise, Ida. spoke first.", "Ms. Ortiz agreed.", "Photo credit/AP", "Then rain fell."]


def test_quote_spans():
    text = ("“We will rebuild the bridge,” the mayor said. She called it “a gift”.\n\n"
            "“The first part runs on.\n\n“The second part ends here,” she added. "
            "He didn’t say ‘never again’ to anyone.")
    doubles = _double_quotes(text)
    got = [text[s:e] for s, e in doubles]
    assert "We will rebuild the bridge," in got
    assert "a gift" in got
    assert "The first part runs on." in got
    assert "The second part ends here," in got
    singles = [text[s:e] for s, e in _single_quotes(text, doubles)]
    assert singles == ["never again"]


def test_missing_models_raise_with_install_hint():
    from newsprism.errors import ModelMissingError
    from newsprism.nlp import models
    from newsprism.options import Options

    with pytest.raises(ModelMissingError, match="pip install"):
        models.spacy_pipeline(Options(spacy_model="xx_no_such_model_pkg"))
    with pytest.raises(ModelMissingError, match="pip install"):
        models.embed(["a"], Options(embedding_model="no_such_embedding_pkg"))


@given(st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2040, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
       st.sampled_from(["", "late ", "early ", "on "]))
def test_weekday_is_most_recent_on_or_before_publication(pub, day, prefix):
    import datetime as dt

    r = resolve(prefix + day, pub.isoformat())
    got = dt.date.fromisoformat(r.date)
    assert got.strftime("%A") == day
    assert 0 <= (pub - got).days <= 6
    assert r.how == f"relative to published {pub.isoformat()}"


@given(st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2040, 12, 31)),
       st.integers(min_value=1, max_value=12))
def test_last_month_name_is_strictly_before_publication_month(pub, month):
    import calendar

    r = resolve("last " + calendar.month_name[month], pub.isoformat())
    y, m = map(int, r.date.split("-"))
    assert m == month and (y, m) < (pub.year, pub.month) and (pub.year - y) * 12 + pub.month - m <= 12


@pytest.mark.parametrize("expr,date,gran", [
    ("35 years ago", "1987", "year"), ("two months ago", "2022-09", "month"),
    ("three days ago", "2022-11-09", "day"), ("a week ago", "2022-11-05", "day"),
])
def test_ago_resolves_backwards(expr, date, gran):
    r = resolve(expr, PUB)
    assert (r.date, r.granularity) == (date, gran)
    assert resolve(expr, None).date is None
