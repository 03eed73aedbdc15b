"""Typed settings: the only place that reads the environment.

Each section is its own `BaseSettings` with an environment prefix, so the variable names stay the
ones the architecture promises (`CHROMA_HOST`, `DATABASE_URL`, `LLM_*` …). Tests build a
`Settings` object directly instead of touching the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_COMMON = {"env_file": ".env", "extra": "ignore"}


class PathSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)  # type: ignore[typeddict-item]

    knowledge_dir: Path = Field(Path("knowledge"), description="Folder holding documents/, rules/ and countries.csv.")
    data_dir: Path = Field(Path("data"), description="Writable folder for the embedded index and the database.")
    config_dir: Path = Field(Path("config"), description="Folder of versioned tunables (retrieval.yaml …).")

    @property
    def documents_dir(self) -> Path:
        return self.knowledge_dir / "documents"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


class ChromaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHROMA_", **_COMMON)  # type: ignore[typeddict-item]

    host: str | None = Field(
        None, description="Chroma server host; when set, the server is used instead of the embedded client."
    )
    port: int = Field(8000, description="Chroma server port.")
    collection_prefix: str = Field("exporters", description="Prefix of the collection names this app owns.")
    timeout_seconds: float = Field(
        3.0, gt=0, le=60, description="Give up on a Chroma server request after this long (503, not a hang)."
    )
    build_timeout_seconds: float = Field(
        300.0, gt=0, description="Give up on one bulk write of an index build to a Chroma server after this long."
    )

    @property
    def mode(self) -> Literal["embedded", "http"]:
        return "http" if self.host else "embedded"


class RetrievalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RETRIEVAL_", **_COMMON)  # type: ignore[typeddict-item]

    profile: str = Field("default", description="Name of the tunables file config/retrieval/<profile>.yaml.")


class EmbeddingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EMBEDDING_", **_COMMON)  # type: ignore[typeddict-item]

    runtime: Literal["onnx", "torch"] = Field(
        "onnx",
        description="Run the packaged MiniLM with ONNX Runtime (its weights exported once under DATA_DIR/models, "
        "vectors checked against torch to 1e-5) or with torch; the vectors are the same (ADR 0055).",
    )
    cache_dir: Path | None = Field(
        None, description="Where the exported ONNX graph is kept (default DATA_DIR/models); shared by all workers."
    )


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LLM_", **_COMMON)  # type: ignore[typeddict-item]

    provider: Literal["none", "openai_compatible"] = Field(
        "none",
        description="'none' keeps the extractive composer; 'openai_compatible' uses a chat model endpoint.",
    )
    base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible endpoint (vLLM, Ollama, hosted).")
    model: str | None = Field(None, description="Model name at that endpoint.")
    api_key: SecretStr | None = Field(None, description="API key for the endpoint, if it needs one.")
    timeout_seconds: float = Field(
        20.0,
        gt=0,
        description="Give up on one LLM request after this long without a byte (and on an answer that takes "
        "longer to write once started); then answer extractively.",
    )
    max_retries: int = Field(
        1, ge=0, le=5, description="Retries of an LLM request that failed or timed out (with backoff) before giving up."
    )


class DatabaseSettings(BaseSettings):
    """Time limits and pool bounds: a database that stops answering costs a request seconds, not the server."""

    model_config = SettingsConfigDict(env_prefix="DATABASE_", **_COMMON)  # type: ignore[typeddict-item]

    connect_timeout_seconds: float = Field(2.0, gt=0, le=60, description="Give up connecting after this long.")
    statement_timeout_seconds: float = Field(
        5.0, gt=0, le=300, description="Give up on one statement after this long (server- and client-side)."
    )
    pool_size: int = Field(8, gt=0, le=200, description="Connections kept open per worker process.")
    pool_overflow: int = Field(16, ge=0, le=400, description="Extra connections a busy worker may open.")
    pool_timeout_seconds: float = Field(2.0, gt=0, le=60, description="Wait this long for a free connection.")
    turn_lock_timeout_seconds: float = Field(
        10.0, gt=0, le=120, description="Wait this long for an earlier turn of the same conversation to finish."
    )


class ServingSettings(BaseSettings):
    """How `assistant serve` runs: processes, threads and whom to believe about the client's address."""

    model_config = SettingsConfigDict(**_COMMON)  # type: ignore[typeddict-item]

    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1, gt=0, le=64, description="Server processes (default: cores)."
    )
    worker_threads: int = Field(
        16, gt=0, le=256, description="Threads per process for blocking work (model, database, Chroma)."
    )
    turn_concurrency: int = Field(
        2,
        gt=0,
        le=64,
        description="Turns computed at once per process; later ones wait in arrival order (shorter tail under load).",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed.",
    )
    ready_timeout_seconds: float = Field(
        0.6, gt=0, le=10, description="/readyz gives each dependency this long before calling it failed."
    )
    redis_timeout_seconds: float = Field(0.3, gt=0, le=10, description="Give up on a Redis call after this long.")
    min_free_disk_mb: int = Field(50, ge=0, description="Below this much free space under DATA_DIR, not ready.")
    circuit_cooldown_seconds: float = Field(
        2.0, gt=0, le=60, description="After a dependency fails, callers fail at once for this long (assistant/health)."
    )
    blame_within_seconds: float = Field(
        30.0, gt=0, le=3600, description="A turn failing without a reason names a dependency that failed this recently."
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


class Settings(BaseSettings):
    """Everything the app can be told from outside; built once by the composition root."""

    model_config = SettingsConfigDict(**_COMMON)  # type: ignore[typeddict-item]

    paths: PathSettings = Field(default_factory=PathSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    serving: ServingSettings = Field(default_factory=ServingSettings)

    database_url: str | None = Field(None, description="SQLAlchemy URL; default is SQLite under data/.")
    redis_url: str | None = Field(None, description="Redis URL for shared rate limits; default: in process.")
    rate_limit_per_minute: int = Field(30, gt=0, description="Public chat requests per client per minute.")
    conversation_retention_days: int = Field(
        90,
        gt=0,
        le=3650,
        description="Conversations (with their hand-offs and messages) are deleted this long after their last "
        "activity; until then their owner can reopen them.",
    )
    show_progress: bool | None = Field(None, description="Force progress bars on or off; default: only on a terminal.")

    @classmethod
    def test_profile(cls, knowledge_dir: Path, data_dir: Path, config_dir: Path = Path("config")) -> Settings:
        """The test profile: explicit folders and embedded defaults, whatever the environment says."""
        return cls(
            paths=PathSettings(knowledge_dir=knowledge_dir, data_dir=data_dir, config_dir=config_dir),
            chroma=ChromaSettings(host=None, port=8000, collection_prefix="exporters"),
            retrieval=RetrievalSettings(profile="default"),
            embedding=EmbeddingSettings(runtime="onnx"),
            llm=LLMSettings(
                provider="none", base_url=None, model=None, api_key=None, timeout_seconds=20.0, max_retries=1
            ),
            database=DatabaseSettings(),
            serving=ServingSettings(workers=1, trusted_proxies=[]),
            database_url=None,
            redis_url=None,
            rate_limit_per_minute=100_000,
            conversation_retention_days=90,
            show_progress=False,
        )
