"""Ranking and latency metrics shared by the benchmark and the evaluation runner."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def first_relevant_rank(ranked: Sequence[str], relevant: set[str]) -> int | None:
    """1-based rank of the first relevant id, or None when none is in the list."""
    for rank, item in enumerate(ranked, 1):
        if item in relevant:
            return rank
    return None


def hit_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    rank = first_relevant_rank(ranked, relevant)
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    rank = first_relevant_rank(ranked, relevant)
    return 1.0 / rank if rank else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else 0.0
