"""Hybrid retrieval: Chroma (dense) + BM25 (lexical), fused, weighted by document type, filtered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np

from assistant.context import Passage
from assistant.index.embedder import Embedder, Vectors
from assistant.index.handle import IndexHandle
from assistant.index.snapshot import IndexSnapshot
from assistant.index.vector_store import VectorStore
from assistant.retrieval.config import RetrievalConfig
from assistant.retrieval.fusion import reciprocal_rank_fusion

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass
class RetrievalResult:
    passages: list[Passage]
    query_vector: Vectors | None
    dropped_below_floor: int = 0
    ranked_doc_ids: list[str] = field(default_factory=list)


class HybridRetriever:
    def __init__(self, index: IndexHandle, store: VectorStore, embedder: Embedder, config: RetrievalConfig) -> None:
        self.index = index
        self.store = store
        self.embedder = embedder
        self.config = config

    def best_similarity(self, vector: Vectors) -> float:
        """Cosine similarity of the closest chunk: how much the corpus has to say at all."""
        hits = self.store.query(self.index.snapshot().collection, vector, 1)
        return hits[0].similarity if hits else 0.0

    def retrieve(
        self, query: str, mode: Mode = "hybrid", top_k: int | None = None, vector: Vectors | None = None
    ) -> RetrievalResult:
        snapshot = self.index.snapshot()
        cfg = self.config
        k = top_k or cfg.top_k
        if mode == "lexical":
            vector = None
        elif vector is None:
            vector = self.embedder.embed_query(query)
        rankings: list[tuple[list[str], float]] = []
        lexical_scores: dict[str, float] = {}
        if vector is not None:
            hits = self.store.query(snapshot.collection, vector, cfg.dense_candidates)
            rankings.append(([h.id for h in hits], cfg.dense_weight))
        if mode != "dense":
            lexical = snapshot.lexical.search(query, cfg.lexical_candidates)
            ids = [snapshot.chunks[h.position].chunk.chunk_id for h in lexical]
            lexical_scores = {i: h.score for i, h in zip(ids, lexical, strict=True)}
            rankings.append((ids, cfg.lexical_weight))
        fused = reciprocal_rank_fusion(rankings, cfg.rrf_k)
        top_lexical = next(iter(lexical_scores), None)

        scored: list[tuple[float, Passage]] = []
        dropped = 0
        for chunk_id, score in fused.items():
            if chunk_id not in snapshot.position:
                continue  # the collection and side files come from one build; this guards a mixed read
            similarity = self._similarity(snapshot, chunk_id, vector)
            if mode == "hybrid" and not self._relevant(similarity, chunk_id == top_lexical):
                dropped += 1
                continue
            stored = snapshot.get(chunk_id).chunk
            weight = cfg.doc_type_weights.get(stored.doc_type, 1.0)
            passage = Passage(
                chunk_id=chunk_id,
                doc_id=stored.doc_id,
                section=stored.section,
                heading_path=" > ".join(stored.heading_path),
                title=stored.title,
                doc_type=stored.doc_type,
                url=stored.url,
                as_of=date.fromisoformat(stored.as_of),
                text=stored.text,
                score=score * weight,
                dense_similarity=similarity,
                lexical_score=lexical_scores.get(chunk_id),
            )
            scored.append((passage.score, passage))
        scored.sort(key=lambda pair: -pair[0])
        passages = [p for _, p in scored]
        doc_order = list(dict.fromkeys(p.doc_id for p in passages))
        return RetrievalResult(passages[:k], vector, dropped, doc_order)

    def _similarity(self, snapshot: IndexSnapshot, chunk_id: str, vector: Vectors | None) -> float | None:
        if vector is None:
            return None
        return float(np.dot(snapshot.chunk_vectors[snapshot.position[chunk_id]], vector))

    def _relevant(self, similarity: float | None, lexical_first: bool) -> bool:
        if similarity is None:
            return True
        if similarity >= self.config.min_dense_similarity:
            return True
        return lexical_first and similarity >= self.config.lexical_rescue_similarity
