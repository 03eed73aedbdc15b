"""Typed settings: the only place that reads the environment.

Each section is its own `BaseSettings` with an environment prefix, so the variable names stay the
ones the architecture promises (`CHROMA_HOST`, `DATABASE_URL`, `LLM_*` …). Tests build a
`Settings` object directly instead of touching the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    @property
    def mode(self) -> Literal["embedded", "http"]:
        return "http" if self.host else "embedded"


class RetrievalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RETRIEVAL_", **_COMMON)  # type: ignore[typeddict-item]

    profile: str = Field("default", description="Name of the tunables file config/retrieval/<profile>.yaml.")


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
        20.0, gt=0, description="Give up on the LLM after this long and answer extractively."
    )


class Settings(BaseSettings):
    """Everything the app can be told from outside; built once by the composition root."""

    model_config = SettingsConfigDict(**_COMMON)  # type: ignore[typeddict-item]

    paths: PathSettings = Field(default_factory=PathSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    database_url: str | None = Field(None, description="SQLAlchemy URL; default is SQLite under data/.")
    redis_url: str | None = Field(None, description="Redis URL for shared rate limits; default: in process.")
    rate_limit_per_minute: int = Field(30, gt=0, description="Public chat requests per client per minute.")
    show_progress: bool | None = Field(None, description="Force progress bars on or off; default: only on a terminal.")

    @classmethod
    def test_profile(cls, knowledge_dir: Path, data_dir: Path, config_dir: Path = Path("config")) -> Settings:
        """The test profile: explicit folders and embedded defaults, whatever the environment says."""
        return cls(
            paths=PathSettings(knowledge_dir=knowledge_dir, data_dir=data_dir, config_dir=config_dir),
            chroma=ChromaSettings(host=None, port=8000, collection_prefix="exporters"),
            retrieval=RetrievalSettings(profile="default"),
            llm=LLMSettings(provider="none", base_url=None, model=None, api_key=None, timeout_seconds=20.0),
            database_url=None,
            redis_url=None,
            rate_limit_per_minute=100_000,
            show_progress=False,
        )
