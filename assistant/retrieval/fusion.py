"""Reciprocal rank fusion: combines rankings without needing their scores to be comparable."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> dict[str, float]:
    """`rankings` are (ids best-first, weight) pairs; returns id → fused score."""
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, id_ in enumerate(ids):
            scores[id_] = scores.get(id_, 0.0) + weight / (k + rank + 1)
    return scores
