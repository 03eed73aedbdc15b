"""The packaged model on ONNX Runtime: the torch model's vectors, an export made once and checked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index import onnx_export
from assistant.index.onnx_embedder import OnnxMiniLM, packaged_embedder
from assistant.settings import EmbeddingSettings

TEXTS = [
    "What down payment does EXIM require on a medium-term deal?",
    "ECCN 3A090 covers advanced chips.",
    "x",
    " ".join(["The foreign buyer must pay at least 15% of the contract price in cash."] * 30),  # truncated at 256
]


def test_vectors_match_the_torch_model(embedder, torch_embedder) -> None:  # type: ignore[no-untyped-def]
    batch = embedder.embed_documents(TEXTS)
    assert batch.shape == (len(TEXTS), 384) and batch.dtype == np.float32
    assert np.abs(batch - torch_embedder.embed_documents(TEXTS)).max() < 1e-6
    for text, row in zip(TEXTS, batch, strict=True):
        query = embedder.embed_query(text)
        assert np.abs(query - torch_embedder.embed_query(text)).max() < 1e-6
        assert np.abs(query - row).max() < 1e-6  # batching and padding change nothing
    assert embedder.count_tokens(TEXTS[0]) == torch_embedder.count_tokens(TEXTS[0])
    assert embedder.name == torch_embedder.name  # an index built on either runtime serves the other


def test_an_export_is_made_once_and_reused(embedder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    exported = list(embedder.cache_dir.glob("*.onnx"))
    assert len(exported) == 1 and "opset17" in exported[0].name

    def refuse(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_export, "_export", refuse)
    again = OnnxMiniLM(embedder.cache_dir)
    again.warm_up()
    assert np.abs(again.embed_query(TEXTS[1]) - embedder.embed_query(TEXTS[1])).max() == 0


@pytest.mark.slow  # the check runs the torch model on the probes
def test_an_export_that_differs_from_torch_is_refused(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    source = next(embedder.cache_dir.glob("*.onnx"))

    def copy(model_dir: Path, out: Path) -> None:
        out.write_bytes(source.read_bytes())

    monkeypatch.setattr(onnx_export, "_export", copy)
    model = OnnxMiniLM(tmp_path)
    monkeypatch.setattr(model, "_embed_with", lambda path, texts: OnnxMiniLM._embed_with(model, path, texts) + 1e-3)
    with pytest.raises(RuntimeError, match="differs from the torch model"):
        model.warm_up()
    assert list(tmp_path.glob("*.onnx*")) == []  # nothing half-checked is left to be served


def test_the_runtime_is_chosen_by_setting(tmp_path: Path) -> None:
    onnx = packaged_embedder(EmbeddingSettings(runtime="onnx", cache_dir=None), tmp_path)
    assert isinstance(onnx, OnnxMiniLM) and onnx.cache_dir == tmp_path / "models"
    assert type(packaged_embedder(EmbeddingSettings(runtime="torch", cache_dir=None), tmp_path)).__name__ == (
        "PackagedMiniLM"
    )
