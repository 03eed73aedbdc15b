"""Freshness tunables and wording, read from config/knowledge.yaml (ADR 0041, 0042)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.corpus.timebound import KINDS
from assistant.errors import AssistantError
from assistant.yaml_data import load_yaml


class FigureSubject(BaseModel):
    """One figure the corpus states in several places: every unflagged statement must give one value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    subject: str
    sentence: str = Field(description="Pattern of a sentence about the subject (case-insensitive).")
    figure: str = Field(description="Pattern of the figure; its first group is the value compared.")
    window: int = Field(80, gt=0, description="The figure must lie this close to the subject's words.")

    @field_validator("sentence", "figure")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class NoteWording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    lapsed: dict[str, str]
    lapsing: dict[str, str]

    @field_validator("lapsed", "lapsing")
    @classmethod
    def _every_kind(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [k for k in KINDS if k not in value]
        if missing:
            raise ValueError(f"wording missing for kinds {missing}")
        return value


class KnowledgeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    stale_after_days: int = Field(gt=0, description="A document not checked for longer is listed as stale.")
    lapse_window_days: int = Field(ge=0, description="Answers say when a quoted fact lapses within this many days.")
    notes: NoteWording
    not_checked: str = Field(description="Said of a document no one has checked against its primary sources.")
    official_page: str = Field(description="How a citation names the document's official page; {name}, {subject}.")
    subjects: dict[str, str] = Field(description="doc_type → what an official page is the page for.")
    conflict_flags: list[str] = Field(description="Words marking a statement as historical or disputed.")
    figures: list[FigureSubject] = Field(default_factory=list)

    @classmethod
    def load(cls, config_dir: Path) -> KnowledgeConfig:
        path = config_dir / "knowledge.yaml"
        try:
            return cls.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise AssistantError(f"knowledge settings not found: {path}") from exc
        except (yaml.YAMLError, ValidationError, re.error) as exc:
            raise AssistantError(f"{path}: invalid knowledge settings: {exc}") from exc
