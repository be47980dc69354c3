"""Options are validated in one place; a bad setting says what is wrong."""
from __future__ import annotations

import pytest

from newsprism.errors import OptionsError
from newsprism.options import Options


def test_defaults_are_valid_and_frozen():
    o = Options()
    with pytest.raises(Exception):
        o.port = 1  # type: ignore[misc]
    assert o.host == "127.0.0.1"


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"summary_length": "huge"}, "summary_length"),
        ({"port": 0}, "port"),
        ({"max_file_bytes": 0}, "max_file_bytes"),
        ({"claim_similarity": 1.5}, "claim_similarity"),
        ({"fetch_max_redirects": -1}, "fetch_max_redirects"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(change, fragment):
    with pytest.raises(OptionsError, match=fragment):
        Options().with_(**change)


def test_unknown_setting_is_refused():
    with pytest.raises(OptionsError, match="unknown option"):
        Options().with_(colour="blue")


def test_with_keeps_other_settings():
    o = Options().with_(summary_length="brief")
    assert o.summary_length == "brief" and o.port == Options().port
