"""Jailbreak, prompt-injection, prompt-extraction and evasion detection: patterns plus examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.classify import ExampleClassifier, top_margin
from assistant.guardrails.text import folded
from assistant.index.embedder import Embedder, Vectors

Attack = Literal["jailbreak", "evasion"]


class InjectionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    similarity: float = Field(gt=0, le=1)
    margin: float = Field(ge=0)
    cues: dict[Attack, list[str]]
    patterns: dict[Attack, list[str]]
    examples: dict[str, list[str]]

    @classmethod
    def load(cls, config_dir: Path) -> InjectionConfig:
        return cls.model_validate(yaml.safe_load((config_dir / "guardrails" / "injection.yaml").read_text()))


class InjectionGuard:
    def __init__(self, config: InjectionConfig, embedder: Embedder) -> None:
        self.config = config
        self._patterns = {
            kind: [re.compile(p, re.IGNORECASE | re.DOTALL) for p in patterns]
            for kind, patterns in config.patterns.items()
        }
        self._cues = {kind: [re.compile(p, re.IGNORECASE) for p in cues] for kind, cues in config.cues.items()}
        self._examples = ExampleClassifier(config.examples, embedder)

    def warm_up(self) -> None:
        self._examples.warm_up()

    def classify(self, text: str, vector: Vectors) -> Attack | None:
        norm = folded(text)
        for kind in ("evasion", "jailbreak"):
            if any(p.search(norm) for p in self._patterns.get(kind, [])):
                return kind
        best = self._examples.best_by_label(vector)
        for kind in ("evasion", "jailbreak"):
            if not any(c.search(norm) for c in self._cues.get(kind, [])):  # type: ignore[call-overload]
                continue
            if best.get(kind, -1.0) >= self.config.similarity and top_margin(best, kind) >= self.config.margin:
                return kind  # type: ignore[return-value]
        return None
