"""Retrieval tunables, kept as versioned data in config/retrieval/<profile>.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError
from assistant.yaml_data import load_yaml


class RetrievalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dense_candidates: int = Field(gt=0, description="How many chunks the vector search returns.")
    lexical_candidates: int = Field(gt=0, description="How many chunks BM25 returns.")
    exact_dense_max_chunks: int = Field(
        default=50_000,
        ge=0,
        description="Up to this many chunks the dense search is exact over the snapshot's vectors, not Chroma's HNSW.",
    )
    rrf_k: int = Field(gt=0, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(ge=0)
    lexical_weight: float = Field(ge=0)
    rule_link_weight: float = Field(
        default=0.0, ge=0, description="Weight of the ranking of passages cited by rules the stated facts trigger."
    )
    rule_link_cues: list[str] = Field(
        default_factory=list, description="Patterns of a question about EXIM support; only those get rule links."
    )
    top_k: int = Field(gt=0, description="Passages handed to the composer.")
    doc_type_weights: dict[str, float]
    min_dense_similarity: float = Field(description="A passage below this cosine similarity is dropped…")
    lexical_rescue_similarity: float = Field(
        description="…unless BM25 ranked it first and it reaches this similarity (exact terms: '3A090')."
    )

    @classmethod
    def load(cls, config_dir: Path, profile: str) -> RetrievalConfig:
        path = config_dir / "retrieval" / f"{profile}.yaml"
        try:
            return cls.model_validate(load_yaml(path.read_text()))
        except FileNotFoundError as exc:
            raise AssistantError(f"retrieval profile not found: {path}") from exc
        except (yaml.YAMLError, ValidationError) as exc:
            raise AssistantError(f"{path}: invalid retrieval settings: {exc}") from exc
