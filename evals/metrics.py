"""Ranking, latency and decline metrics shared by the benchmark, the evaluation runner and the training reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def decline_figures(truth: list[bool], declined: list[bool], positives: str) -> dict[str, Any]:
    """Parts, how many should be declined (under the name `positives`), how many were, and the precision
    and recall of the declines: the abstention classifier's and the "sources lack it" check's report rows."""
    hit = sum(t and d for t, d in zip(truth, declined, strict=True))
    return {
        "parts": len(truth),
        positives: sum(truth),
        "declined": sum(declined),
        "precision": round(hit / max(1, sum(declined)), 4),
        "recall": round(hit / max(1, sum(truth)), 4),
    }
