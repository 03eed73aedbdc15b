"""Index builds: incremental by content hash, atomic swap, and failures that leave the old index serving."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import CorpusError, IndexBuildError
from assistant.index.chroma_store import ChromaVectorStore
from assistant.index.handle import IndexHandle
from assistant.settings import Settings
from assistant.wiring import Services

DOCS = {
    "exim-cash": "## Cash payment\nThe foreign buyer must pay at least 15% of the contract price in cash.\n",
    "exim-cirr-note": "## CIRR\nCommercial Interest Reference Rates are fixed rates published monthly.\n",
    "bis-3a090": "## Chips\nECCN 3A090 covers advanced chips. A licence may be needed for D:5.\n",
}


class CountingEmbedder:
    """The real model, counting what it is asked to embed; optionally failing on a given call."""

    def __init__(self, real, fail_on_call: int | None = None) -> None:  # type: ignore[no-untyped-def]
        self.real = real
        self.name, self.dimension, self.max_tokens = real.name, real.dimension, real.max_tokens
        self.embedded: list[str] = []
        self.calls = 0
        self.fail_on_call = fail_on_call

    def warm_up(self) -> None:
        self.real.warm_up()

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.calls += 1
        if self.fail_on_call == self.calls:
            raise RuntimeError("simulated crash while embedding")
        self.embedded += texts
        return self.real.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.real.embed_query(text)


@pytest.fixture
def corpus(tmp_path: Path, write_doc):  # type: ignore[no-untyped-def]
    for doc_id, body in DOCS.items():
        write_doc(doc_id, body)
    return tmp_path


def _services(root: Path, embedder, store=None) -> Services:  # type: ignore[no-untyped-def]
    config = Path(__file__).resolve().parents[2] / "config"
    return Services(Settings.test_profile(root / "knowledge", root / "data", config), embedder=embedder, store=store)


def _top_doc(services: Services, question: str) -> str:
    return services.retriever.retrieve(question).passages[0].doc_id


def test_rebuild_without_changes_embeds_nothing_and_keeps_the_build(corpus: Path, embedder) -> None:
    counting = CountingEmbedder(embedder)
    services = _services(corpus, counting)
    first = services.builder().build()
    assert first.chunks == 3 and first.embedded == len(counting.embedded) > 0
    counting.embedded.clear()
    again = _services(corpus, counting).builder().build()
    assert again.up_to_date and again.build_id == first.build_id
    assert counting.embedded == []


def test_changed_document_embeds_only_its_own_text(corpus: Path, embedder) -> None:
    counting = CountingEmbedder(embedder)
    _services(corpus, counting).builder().build()
    counting.embedded.clear()
    path = corpus / "knowledge" / "documents" / "exim-cirr-note.md"
    path.write_text(path.read_text().replace("published monthly", "published every month by EXIM"))
    report = _services(corpus, counting).builder().build()
    assert not report.up_to_date
    assert counting.embedded, "the edited text must be embedded"
    assert all("every month" in t for t in counting.embedded)
    assert report.reused > 0


def test_interrupted_build_leaves_the_previous_index_answering(corpus: Path, embedder) -> None:
    services = _services(corpus, embedder)
    good = services.builder().build()
    (corpus / "knowledge" / "documents" / "exim-new.md").write_text(
        (corpus / "knowledge" / "documents" / "exim-cash.md")
        .read_text()
        .replace("exim-cash", "exim-new")
        .replace("15%", "20%")
    )
    failing = _services(corpus, CountingEmbedder(embedder, fail_on_call=1))
    with pytest.raises(IndexBuildError, match="serving index is unchanged"):
        failing.builder().build()
    # The pointer still names the good build; its collection and side files answer queries.
    fresh = _services(corpus, embedder)
    assert fresh.layout.read_active().build_id == good.build_id
    assert _top_doc(fresh, "What share of the price must the buyer pay in cash?") == "exim-cash"
    leftover = [n for n in fresh.store.list_collections() if n != good.collection]
    assert leftover == [], "the half-written collection is removed"
    assert [p.name for p in fresh.layout.builds.iterdir()] == [good.build_id]


def test_failure_while_writing_the_vector_store_is_also_contained(corpus: Path, embedder, tmp_path: Path) -> None:
    _services(corpus, embedder).builder().build()

    class FailingAdd(ChromaVectorStore):
        def add(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("disk full")

    (corpus / "knowledge" / "documents" / "exim-cash.md").write_text(
        (corpus / "knowledge" / "documents" / "exim-cash.md").read_text() + "\nMore text.\n"
    )
    real = ChromaVectorStore.embedded(corpus / "data" / "index" / "chroma")
    broken = FailingAdd(real._client)
    with pytest.raises(IndexBuildError):
        _services(corpus, embedder, store=broken).builder().build()
    assert _top_doc(_services(corpus, embedder), "cash share paid by the buyer") == "exim-cash"


def test_malformed_document_stops_the_build_naming_the_file_and_keeps_serving(corpus: Path, embedder) -> None:
    services = _services(corpus, embedder)
    good = services.builder().build()
    (corpus / "knowledge" / "documents" / "broken.md").write_text("---\nid: broken\n  bad: [\n---\ntext\n")
    with pytest.raises(CorpusError, match=r"broken\.md"):
        _services(corpus, embedder).builder().build()
    assert _services(corpus, embedder).layout.read_active().build_id == good.build_id


def test_swap_is_seen_by_a_running_handle_and_previous_build_is_kept(corpus: Path, embedder) -> None:
    services = _services(corpus, embedder)
    first = services.builder().build()
    handle = IndexHandle(services.layout)
    assert handle.snapshot().build_id == first.build_id
    (corpus / "knowledge" / "documents" / "bis-3a090.md").write_text(
        (corpus / "knowledge" / "documents" / "bis-3a090.md").read_text() + "\nAlso 4A090 servers.\n"
    )
    second = _services(corpus, embedder).builder().build()
    assert handle.snapshot().build_id == second.build_id
    active = services.layout.read_active()
    assert active.previous_build_id == first.build_id
    assert {first.collection, second.collection} <= set(services.store.list_collections())
    third_services = _services(corpus, embedder)
    (corpus / "knowledge" / "documents" / "bis-3a090.md").write_text(
        (corpus / "knowledge" / "documents" / "bis-3a090.md").read_text() + "\nAnd .z items.\n"
    )
    third = third_services.builder().build()
    assert first.collection not in third_services.store.list_collections(), "older builds are cleaned up"
    assert {second.collection, third.collection} <= set(third_services.store.list_collections())
