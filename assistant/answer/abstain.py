"""Parts of a question the sources cannot answer: a live figure, one party's own case, a count so far.

Published, dated documents cannot hold this month's rate, the premium for one buyer, a named company's
application or how many deals were signed this year. Such a part is answered with what the sources lack,
why, and who knows (ADR 0011); the patterns and wording are data (`config/answer/abstention.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field


class AbstentionKind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: list[str] = Field(min_length=1)
    when: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    what: str
    why: str
    authority: str
    url: str


class AbstentionWording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    part: str
    helps: str


class AbstentionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[str, AbstentionKind]
    wording: AbstentionWording

    @classmethod
    def load(cls, config_dir: Path) -> AbstentionConfig:
        return cls.model_validate(yaml.safe_load((config_dir / "answer" / "abstention.yaml").read_text()))


@dataclass(frozen=True)
class Gap:
    """One part of a question the sources cannot answer, and how to say so."""

    kind: str
    part: str
    statement: str


class Abstainer:
    def __init__(self, config: AbstentionConfig) -> None:
        self.config = config
        self._compiled = {
            name: tuple([re.compile(p, re.I) for p in getattr(kind, key)] for key in ("needs", "when", "unless"))
            for name, kind in config.kinds.items()
        }

    def kind_of(self, part: str) -> str | None:
        """The first kind of unknowable thing `part` asks for, or None."""
        for name, (needs, when, unless) in self._compiled.items():
            if (
                any(p.search(part) for p in needs)
                and any(p.search(part) for p in when)
                and not any(p.search(part) for p in unless)
            ):
                return name
        return None

    def gap(self, part: str) -> Gap | None:
        name = self.kind_of(part)
        if name is None:
            return None
        kind = self.config.kinds[name]
        statement = self.config.wording.part.format(
            what=kind.what, why=kind.why, authority=kind.authority, url=kind.url
        )
        return Gap(name, part, statement)

    @property
    def helps(self) -> str:
        return self.config.wording.helps
