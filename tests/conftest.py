"""Shared test fixtures.  Tests are offline and deterministic.

../shared (seeds and evaluation data) is beside the project in CI and on developer machines,
but not on a user's fresh clone: tests that need it skip cleanly.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run and machine (a red CI run can be replayed);
# explore new examples locally with `--hypothesis-seed=random` or HYPOTHESIS_PROFILE=explore.
settings.register_profile("newsprism", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "newsprism"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLE = ROOT / "examples" / "story"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def expected() -> dict:
    """The facts planted in the example story (examples/story.expected.json)."""
    return json.loads((EXAMPLE.parent / "story.expected.json").read_text(encoding="utf-8"))
