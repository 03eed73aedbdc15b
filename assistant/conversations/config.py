"""config/conversations.yaml: how much of a conversation a new turn sees."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.yaml_data import load_yaml


class ConversationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    history_turns: int = Field(gt=0)

    @classmethod
    def load(cls, config_dir: Path) -> ConversationConfig:
        return cls.model_validate(load_yaml((config_dir / "conversations.yaml").read_text()))
