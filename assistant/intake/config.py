"""Intake data: field questions and labels, demonyms, item words and assumed ECCNs."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.yaml_data import load_yaml


class IntakeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: dict[str, str]
    labels: dict[str, str]
    ask_at_most: int = Field(gt=0)
    demonyms: dict[str, str]
    us_places: list[str] = Field(default_factory=list)
    items: dict[str, list[str]]
    assumed_eccn: dict[str, str]
    licence_status: list[tuple[str, str]]
    end_use: list[tuple[str, str]]

    @classmethod
    def load(cls, config_dir: Path) -> IntakeConfig:
        return cls.model_validate(load_yaml((config_dir / "intake.yaml").read_text()))
