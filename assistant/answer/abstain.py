"""Parts of a question the sources cannot answer: a live figure, one party's own case, a count so far.

Published, dated documents cannot hold this month's rate, the premium for one buyer, a named company's
application or how many deals were signed this year. Such a part is answered with what the sources lack,
why, and who knows (ADR 0011). Whether a part asks for such a thing is decided by a learned classifier
(abstain_model.py, ADR 0013) whose inputs include the regex kinds and cues of
`config/answer/abstention.yaml`; the wording for each kind is data in the same file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.abstain_model import AbstentionModel, Cues
from assistant.answer.parts import Part, context_of
from assistant.yaml_data import load_yaml


class AbstentionKind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: list[str] = Field(default_factory=list)  # a kind with no patterns is known only by the classifier
    when: list[str] = Field(default_factory=list)
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

    decline_at: float = Field(gt=0, lt=1)
    kinds: dict[str, AbstentionKind]
    cues: dict[str, list[str]]
    wording: AbstentionWording

    @classmethod
    def load(cls, config_dir: Path) -> AbstentionConfig:
        return cls.model_validate(load_yaml((config_dir / "answer" / "abstention.yaml").read_text()))

    def classifier_cues(self) -> Cues:
        """The classifier's cue inputs: each regex kind as a whole, then the question-type cues."""
        kind_cues = {f"kind_{name}": [_kind_pattern(kind)] for name, kind in self.kinds.items() if kind.needs}
        return Cues({**kind_cues, **self.cues})


def _kind_pattern(kind: AbstentionKind) -> str:
    """One regular expression for 'one of needs AND one of when AND none of unless'."""
    needs = "|".join(f"(?:{p})" for p in kind.needs)
    when = "|".join(f"(?:{p})" for p in kind.when)
    unless = "|".join(f"(?:{p})" for p in kind.unless)
    veto = f"(?!.*(?:{unless}))" if unless else ""
    return f"^{veto}(?=.*(?:{needs}))(?=.*(?:{when}))"


def kind_by_patterns(config: AbstentionConfig, text: str) -> str | None:
    """The first regex kind `text` matches (the hand-written rule of ADR 0011), or None."""
    for name, kind in config.kinds.items():
        if kind.needs and kind.when and re.search(_kind_pattern(kind), text, re.I | re.S):
            return name
    return None


def classifier_input(question: str, part: Part | str) -> str:
    """What the classifier reads for a part: the message's statements ("Our banker says the CIRR went
    up.") and then the part's own words, so "What is it now?" is judged with what "it" is."""
    text = part if isinstance(part, str) else part.text
    context = context_of(question)
    return f"{context} {text}" if context and context not in text else text


@dataclass(frozen=True)
class Gap:
    """One part of a question the sources cannot answer, and how to say so."""

    kind: str
    part: str
    statement: str
    probability: float = 1.0  # P(the sources cannot know this part), from the classifier


class Abstainer:
    def __init__(self, config: AbstentionConfig, model: AbstentionModel) -> None:
        unknown = set(model.kinds) - set(config.kinds)
        if unknown:
            raise ValueError(f"the abstention model knows kinds with no wording: {sorted(unknown)}")
        self.config = config
        self.model = model

    @classmethod
    def load(cls, config_dir: Path) -> Abstainer:
        config = AbstentionConfig.load(config_dir)
        return cls(config, AbstentionModel.load(config_dir, config.classifier_cues()))

    def gaps(self, question: str, parts: list[Part], part_vectors: Any) -> list[Gap]:
        """The parts of `question` the sources cannot answer, in the order asked (`part_vectors`: one
        sentence vector per part, as the composer embeds them)."""
        return self.decide([classifier_input(question, p) for p in parts], part_vectors, [p.text for p in parts])

    def decide(self, texts: list[str], vectors: Any, part_texts: list[str]) -> list[Gap]:
        """A gap for each classifier input the dated sources cannot know."""
        return [
            self._gap(kind, part, cannot)
            for part, (cannot, kind) in zip(part_texts, self.model.predict(texts, vectors), strict=True)
            if cannot >= self.config.decline_at
        ]

    def _gap(self, name: str, part: str, probability: float) -> Gap:
        kind = self.config.kinds[name]
        statement = self.config.wording.part.format(
            what=kind.what, why=kind.why, authority=kind.authority, url=kind.url
        )
        return Gap(name, part, statement, round(probability, 4))

    @property
    def helps(self) -> str:
        return self.config.wording.helps
