"""Canned replies, kept as data (config/messages.yaml) so wording changes need no code change."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict


class Messages(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    out_of_scope: str
    jailbreak: str
    evasion: str
    misrepresentation: str
    authority: str
    pii_only: str
    pii_notice: str
    handoff: str
    eligibility_note: str

    @classmethod
    def load(cls, config_dir: Path) -> Messages:
        return cls.model_validate(yaml.safe_load((config_dir / "messages.yaml").read_text()))
