"""Property tests: clean() never crashes, and nothing it drops is lost silently.

For any text: clean() returns an Article or raises InputError("empty-after-cleaning"); every
removal is an exact slice of the input; the word tokens of the input are exactly those of the
cleaned text plus those of the removals; the cleaned text is tidy.
"""
from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.cleaning import clean, mark_duplicates
from newsprism.errors import InputError
from newsprism.model import REMOVAL_REASONS, RawDocument
from newsprism.reading.decode import repair_text

# Hand-written fragments in the shapes debris takes, mixed with ordinary sentences.
FRAGMENTS = [
    "Comment", "Advertisement", "Share", "Listen", "Ana Pereira/AP", "AFP via Getty Images",
    "Reuters", "(AP Photo/Ana Pereira)", "(Photo: Ana Pereira/Reuters)", "Getty Images",
    "Sign up for the Fenwick Briefing, our free morning newsletter.",
    "Get the Evening Digest delivered to your inbox.",
    "\u00a9 2024 Fenwick Gazette.", "All rights reserved.", "Copyright 2024 Harbour Times",
    "The Gazette is not responsible for the content of external sites.",
    "Jane Doe contributed to this report.", "(Reporting by Jane Doe; Editing by Sam Roe)",
    "Harbour traders fear losses as bridge stays shut", "Read more: Fenwick mayor resigns",
    "We use cookies to improve your experience.", "Share on Facebook", " date 2024-05-02 ",
    "The council voted on Monday to close the bridge.", "The council said repairs would take weeks.",
    "Morrow had warned of delays.", "An official told the Fenwick Gazette the pier was safe.",
    "The Harbour Times was first to report the plan.", "He said: \u201cWe will stay.\u201d",
    "U.S. officials arrived in Washington, D.C. on Jan. 3.", "It was 3.5 metres.", "\u2014", "?!", "",
    "\n", "\n\n", "  ", "\u00a0", "\t",
]

TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map(
        lambda parts: "".join(p + ("\n\n" if i % 3 == 2 else " ") for i, p in enumerate(parts))),
)


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_clean_never_crashes_and_accounts_for_every_word(text):
    doc = RawDocument(source="prop.txt", shape="text", text=text)
    try:
        a = clean(doc)
    except InputError as e:
        assert e.code == "empty-after-cleaning"  # everything may legitimately be debris
        assert "--removed" in e.message  # and the message says how to see what went
        return
    repaired, repairs = repair_text(text)  # mis-decoded characters are repaired first, and recorded
    assert (repaired != text) == bool(a.repairs) and len(a.repairs) == len(repairs)
    removed = Counter()
    for r in a.removals:
        assert r.reason in REMOVAL_REASONS
        assert r.text and r.text in repaired
        assert r.where
        removed += tokens(r.text)
    assert tokens(a.text) + removed == tokens(repaired)
    assert a.text and a.text == a.text.strip()
    assert "\n\n\n" not in a.text
    assert all(p.strip() == p and p for p in a.text.split("\n\n"))
    assert re.fullmatch(r"[0-9a-f]{12}", a.id)
    assert a.outlet and a.outlet_from
    assert a.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.published)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS[23:30]), min_size=1, max_size=8).map(" ".join),
       st.lists(st.integers(0, 3), min_size=1, max_size=6))
def test_mark_duplicates_links_are_consistent(base, picks):
    arts = []
    for i, k in enumerate(picks):
        try:
            arts.append(clean(RawDocument(source=f"s{i}.txt", shape="text", text=base + " x" * k)))
        except InputError:
            pass
    out = mark_duplicates(arts)
    ids = {a.id for a in out}
    for a in out:
        assert a.duplicate_of is None or (a.duplicate_of in ids and not a.duplicates)
        for d in a.duplicates:
            assert next(b for b in out if b.id == d).duplicate_of == a.id
    assert mark_duplicates(out) == out
