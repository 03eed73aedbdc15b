"""Hybrid retrieval: Chroma (dense) + BM25 (lexical) + the passages of rules the question's stated facts
trigger, fused, weighted by document type, filtered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np

from assistant.index.embedder import Embedder, Vectors
from assistant.index.handle import IndexHandle
from assistant.index.snapshot import IndexSnapshot
from assistant.index.vector_store import VectorStore
from assistant.retrieval.config import RetrievalConfig
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.rule_links import SectionLinker
from assistant.sources import Passage

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass
class RetrievalResult:
    passages: list[Passage]
    query_vector: Vectors | None
    dropped_below_floor: int = 0
    ranked_doc_ids: list[str] = field(default_factory=list)


class HybridRetriever:
    def __init__(
        self,
        index: IndexHandle,
        store: VectorStore,
        embedder: Embedder,
        config: RetrievalConfig,
        rule_links: SectionLinker | None = None,
    ) -> None:
        self.index = index
        self.store = store
        self.embedder = embedder
        self.config = config
        self.rule_links = rule_links

    def best_similarity(self, vector: Vectors) -> float:
        """Cosine similarity of the closest chunk: how much the corpus has to say at all."""
        hits = self.store.query(self.index.snapshot().collection, vector, 1)
        return hits[0].similarity if hits else 0.0

    def retrieve(
        self,
        query: str,
        mode: Mode = "hybrid",
        top_k: int | None = None,
        vector: Vectors | None = None,
        stated: dict[str, Any] | None = None,
    ) -> RetrievalResult:
        """`stated`: the deal facts the turn read from the message, for rule-linked passages."""
        if top_k is not None and top_k <= 0:
            raise ValueError(f"top_k must be a positive number of passages, got {top_k}")
        snapshot = self.index.snapshot()
        cfg = self.config
        k = cfg.top_k if top_k is None else top_k
        if mode == "lexical":
            vector = None
        elif vector is None:
            vector = self.embedder.embed_query(query)
        rankings: list[tuple[list[str], float]] = []
        lexical_scores: dict[str, float] = {}
        if vector is not None:
            rankings.append((self._dense(snapshot, vector, cfg.dense_candidates), cfg.dense_weight))
        if mode != "dense":
            lexical = snapshot.lexical.search(query, cfg.lexical_candidates)
            ids = [snapshot.chunks[h.position].chunk.chunk_id for h in lexical]
            lexical_scores = {i: h.score for i, h in zip(ids, lexical, strict=True)}
            rankings.append((ids, cfg.lexical_weight))
        linked: dict[str, str] = {}  # chunk id → the words its rule quotes
        if mode == "hybrid" and self.rule_links is not None and cfg.rule_link_weight > 0:
            for link in self.rule_links.sections(query, stated):
                for chunk_id in snapshot.section_chunks.get((link.doc_id, link.section), []):
                    linked.setdefault(chunk_id, link.quote)
            rankings.append((list(linked), cfg.rule_link_weight))
        fused = reciprocal_rank_fusion(rankings, cfg.rrf_k)
        top_lexical = next(iter(lexical_scores), None)

        scored: list[tuple[float, Passage]] = []
        dropped = 0
        for chunk_id, score in fused.items():
            if chunk_id not in snapshot.position:
                continue  # the collection and side files come from one build; this guards a mixed read
            similarity = self._similarity(snapshot, chunk_id, vector)
            # A rule-linked passage is relevant by construction: the question's own facts trigger it.
            if mode == "hybrid" and chunk_id not in linked and not self._relevant(similarity, chunk_id == top_lexical):
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
                rule_quote=linked.get(chunk_id),
            )
            scored.append((passage.score, passage))
        scored.sort(key=lambda pair: -pair[0])
        passages = [p for _, p in scored]
        doc_order = list(dict.fromkeys(p.doc_id for p in passages))
        return RetrievalResult(_keep_linked(passages, k), vector, dropped, doc_order)

    def _dense(self, snapshot: IndexSnapshot, vector: Vectors, k: int) -> list[str]:
        """The k chunks nearest the question, best first. Chroma's HNSW search is approximate: on our 607
        chunks it dropped a passage at cosine 0.51 from its top 40 in about one process in six, so the
        same question got different answers run to run (ADR 0102). Up to `exact_dense_max_chunks` the
        snapshot's own vectors are searched exactly (one matrix product, well under a millisecond here);
        past it, Chroma's index is what scales."""
        vectors = snapshot.chunk_vectors
        if len(vectors) > self.config.exact_dense_max_chunks:
            return [h.id for h in self.store.query(snapshot.collection, vector, k)]
        similarity = vectors @ np.asarray(vector, dtype=vectors.dtype)
        best = np.argsort(-similarity, kind="stable")[:k]  # ties keep index order: the same list every run
        return [snapshot.chunks[i].chunk.chunk_id for i in best]

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


def _keep_linked(passages: list[Passage], k: int) -> list[Passage]:
    """The best k passages, except that passages cited by a triggered rule are never cut off: a finding
    about the asker's own deal must reach the answer. They take the places of the weakest, up to half."""
    top = passages[:k]
    late = [p for p in passages[k:] if p.rule_linked][: k // 2]
    if not late:
        return top
    return top[: k - len(late)] + late
