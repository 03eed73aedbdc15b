"""What the assistant can and cannot do, how current its knowledge is, and whom to ask instead.

The wording is data (config/about.yaml); the dates are read from the serving index, so the chat page
states the knowledge's real age rather than a date typed into a page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.index.handle import IndexHandle
from assistant.yaml_data import load_yaml


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    purpose: str
    url: str
    phone: str | None = None


class AboutConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    can: str
    cannot: list[str]
    kept: str
    contacts: list[Contact]

    @classmethod
    def load(cls, config_dir: Path) -> AboutConfig:
        return cls.model_validate(load_yaml((config_dir / "about.yaml").read_text()))


def _newest(documents: dict[str, dict[str, Any]], key: str) -> date | None:
    days = [date.fromisoformat(str(doc[key])) for doc in documents.values() if doc.get(key)]
    return max(days) if days else None


class About:
    def __init__(self, config: AboutConfig, index: IndexHandle, retention_days: int) -> None:
        self.config = config
        self.index = index
        self.retention_days = retention_days

    def describe(self) -> dict[str, Any]:
        """Raises IndexNotReady when no index is built (the knowledge dates cannot be known then)."""
        documents = self.index.snapshot().documents()
        return {
            "knowledge_as_of": _newest(documents, "as_of"),
            "knowledge_checked": _newest(documents, "checked"),
            "documents": len(documents),
            "retention_days": self.retention_days,
            **self.config.model_dump(),
            "kept": self.config.kept.format(days=self.retention_days),
        }
