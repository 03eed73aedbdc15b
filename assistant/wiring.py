"""The one composition root: every component is built here, once, from Settings.

Components are created on first use so that a command that only validates documents never
imports torch, and a server pays the model load once (in `warm_up`), not per request.
"""

from __future__ import annotations

import sys
from functools import cached_property

from assistant.answer.extractive import ExtractiveComposer, ExtractiveConfig
from assistant.index.builder import IndexBuilder
from assistant.index.embedder import Embedder, PackagedMiniLM
from assistant.index.handle import IndexHandle
from assistant.index.layout import IndexLayout
from assistant.index.vector_store import VectorStore
from assistant.pipeline.compose import Compose
from assistant.pipeline.retrieve import Retrieve
from assistant.pipeline.runner import Pipeline
from assistant.retrieval.config import RetrievalConfig
from assistant.retrieval.retriever import HybridRetriever
from assistant.settings import Settings


class Services:
    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store = store

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or PackagedMiniLM()

    @cached_property
    def store(self) -> VectorStore:
        if self._store is not None:
            return self._store
        from assistant.index.chroma_store import ChromaVectorStore  # chromadb is heavy; import on demand

        chroma = self.settings.chroma
        if chroma.mode == "http":
            assert chroma.host is not None
            return ChromaVectorStore.http(chroma.host, chroma.port)
        return ChromaVectorStore.embedded(self.layout.chroma)

    @cached_property
    def layout(self) -> IndexLayout:
        return IndexLayout(self.settings.paths.index_dir)

    @cached_property
    def index(self) -> IndexHandle:
        return IndexHandle(self.layout)

    @cached_property
    def retrieval_config(self) -> RetrievalConfig:
        return RetrievalConfig.load(self.settings.paths.config_dir, self.settings.retrieval.profile)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.index, self.store, self.embedder, self.retrieval_config)

    @cached_property
    def composer(self) -> ExtractiveComposer:
        return ExtractiveComposer(self.index, ExtractiveConfig.load(self.settings.paths.config_dir))

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline([Retrieve(self.retriever), Compose(self.composer)])

    def builder(self, progress: bool | None = None) -> IndexBuilder:
        show = self.settings.show_progress if progress is None else progress
        return IndexBuilder(
            documents_dir=self.settings.paths.documents_dir,
            layout=self.layout,
            store=self.store,
            embedder=self.embedder,
            collection_prefix=self.settings.chroma.collection_prefix,
            progress=sys.stderr.isatty() if show is None else show,
        )
