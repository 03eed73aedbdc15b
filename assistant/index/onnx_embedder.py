"""The same packaged all-MiniLM-L6-v2, run by ONNX Runtime instead of torch (ADR 0055).

The vectors are the torch model's to within 1e-6 (checked when the graph is exported, onnx_export.py),
so an index built with either runtime serves the other, and the embedder keeps the torch model's name.
What changes is the CPU a turn costs: no Python module calls per layer, and one intra-op thread per
process (requests and workers already run in parallel; more threads spin against each other).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from tokenizers import Tokenizer

from assistant.index.embedder import Embedder, PackagedMiniLM, Vectors, packaged_model_dir
from assistant.index.onnx_export import ensure_exported
from assistant.settings import EmbeddingSettings

if TYPE_CHECKING:
    import onnxruntime


class OnnxMiniLM:
    name = PackagedMiniLM.name  # the same model and, to 1e-6, the same vectors
    dimension = PackagedMiniLM.dimension
    max_tokens = PackagedMiniLM.max_tokens

    def __init__(self, cache_dir: Path, model_dir: Path | None = None, batch_size: int = 32) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.cache_dir = cache_dir
        self.model_dir = model_dir or packaged_model_dir()
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._counter = PackagedMiniLM(self.model_dir)  # token counts for chunking need no model
        self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=self.max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def warm_up(self) -> None:
        with self._lock:
            if self._session is None:
                path = ensure_exported(self.model_dir, self.cache_dir, self._embed_with)
                self._session = _session(path)

    def count_tokens(self, text: str) -> int:
        return self._counter.count_tokens(text)

    def embed_documents(self, texts: list[str], progress: bool = False) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.warm_up()
        assert self._session is not None
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths together: less padding
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            out[batch] = self._run(self._session, [texts[i] for i in batch])
        return out

    def embed_query(self, text: str) -> Vectors:
        self.warm_up()
        assert self._session is not None
        return self._run(self._session, [text])[0]

    def _embed_with(self, path: Path, texts: list[str]) -> Vectors:
        return self._run(_session(path), texts)

    def _run(self, session: onnxruntime.InferenceSession, texts: list[str]) -> Vectors:
        """Mean of the token states over the attention mask, then unit length: what sentence-transformers does."""
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        states = session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.asarray(pooled / norms, dtype=np.float32)


def packaged_embedder(settings: EmbeddingSettings, data_dir: Path) -> Embedder:
    """The packaged model on the runtime the settings name; ONNX graphs are kept under DATA_DIR/models."""
    if settings.runtime == "torch":
        return PackagedMiniLM()
    return OnnxMiniLM(settings.cache_dir or data_dir / "models")


def _session(path: Path) -> onnxruntime.InferenceSession:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
