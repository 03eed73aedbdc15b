"""Hybrid retrieval over the real corpus, real model and real embedded Chroma."""

import pytest

from assistant.index.analysis import terms

EXACT_TERMS = [
    ("3A090", {"advanced-computing-eccns", "advanced-computing-licence-requirements"}),
    ("ExportAI", {"exim-exportai-initiative"}),
    ("SNAP-R", {"bis-licence-process"}),
    ("CIRR", {"exim-cirr"}),
    ("4E091", {"ai-model-weights", "ai-diffusion-rule"}),
    ("D:5 headquarters", {"advanced-computing-licence-requirements"}),
]


@pytest.mark.parametrize(("query", "expected"), EXACT_TERMS)
def test_exact_terms_are_found(corpus_services, query: str, expected: set[str]) -> None:
    result = corpus_services.retriever.retrieve(query)
    assert set(result.ranked_doc_ids[:3]) & expected, result.ranked_doc_ids[:5]


@pytest.mark.parametrize(("query", "expected"), EXACT_TERMS[:4])
def test_exact_terms_are_found_by_bm25_alone(corpus_services, query: str, expected: set[str]) -> None:
    result = corpus_services.retriever.retrieve(query, mode="lexical")
    assert set(result.ranked_doc_ids[:3]) & expected


def test_lexical_terms_keep_codes_intact() -> None:
    assert terms("License for 4A090.a servers to D:5 via SNAP-R?") == [
        "licence",
        "4a090.a",
        "4a090",
        "server",
        "d:5",
        "via",
        "snap-r",
        "snap",
    ]


def test_passages_carry_citation_fields_and_respect_top_k(corpus_services) -> None:
    result = corpus_services.retriever.retrieve(
        "How much cash must a foreign buyer pay up front on a medium-term deal?"
    )
    assert 0 < len(result.passages) <= corpus_services.retrieval_config.top_k
    top = result.passages[0]
    assert top.url.startswith("http") and top.title and top.section and top.as_of
    assert top.doc_id in {"exim-mlt-financing-terms", "exim-medium-term-insurance", "exim-faq"}


@pytest.mark.parametrize("top_k", [0, -3])
def test_a_top_k_that_is_not_positive_is_refused(corpus_services, top_k: int) -> None:
    with pytest.raises(ValueError, match=f"top_k must be a positive number of passages, got {top_k}"):
        corpus_services.retriever.retrieve("cash payment on a medium-term deal", top_k=top_k)


def test_an_explicit_top_k_is_used_instead_of_the_default(corpus_services) -> None:
    assert corpus_services.retrieval_config.top_k > 1
    result = corpus_services.retriever.retrieve("cash payment on a medium-term deal", top_k=1)
    assert len(result.passages) == 1


def test_irrelevant_question_finds_nothing_above_the_floor(corpus_services) -> None:
    result = corpus_services.retriever.retrieve("What is a good recipe for sourdough bread with rye flour?")
    assert result.passages == [] or all((p.dense_similarity or 0) < 0.4 for p in result.passages)


def test_the_exact_dense_search_returns_the_nearest_chunks_by_the_snapshots_vectors(corpus_services) -> None:
    """Below the size limit the dense ranking is the exact top k (ADR 0102): no approximate-search misses,
    the same list in every process. Checked against a plain sort of every chunk's similarity."""
    import numpy as np

    retriever = corpus_services.retriever
    snapshot = retriever.index.snapshot()
    assert len(snapshot.chunks) <= retriever.config.exact_dense_max_chunks
    vector = corpus_services.embedder.embed_query("Can construction jobs count towards EXIM's MMIA jobs metric?")
    similarity = snapshot.chunk_vectors @ vector
    expected = [snapshot.chunks[i].chunk.chunk_id for i in sorted(range(len(similarity)), key=lambda i: -similarity[i])]
    assert retriever._dense(snapshot, vector, 40) == expected[:40]
    assert np.isclose(similarity.max(), retriever._similarity(snapshot, expected[0], vector))


def test_past_the_size_limit_the_dense_search_is_chromas(corpus_services) -> None:
    """The scaled path (Chroma's HNSW index) still answers, and agrees with the exact search at the top."""
    import copy

    retriever = corpus_services.retriever
    snapshot = retriever.index.snapshot()
    vector = corpus_services.embedder.embed_query("What down payment does EXIM require on a medium-term deal?")
    exact = retriever._dense(snapshot, vector, 10)
    scaled = copy.copy(retriever)
    scaled.config = retriever.config.model_copy(update={"exact_dense_max_chunks": 0})
    approximate = scaled._dense(snapshot, vector, 10)
    assert len(approximate) == 10 and approximate[:3] == exact[:3]
