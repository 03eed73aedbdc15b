"""Suggested next questions: starters before a conversation, related ones after an answer."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.context import AnswerStatus, TurnContext
from assistant.yaml_data import load_yaml


class SuggestionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    per_answer: int = Field(gt=0)
    starter: list[str]
    by_document: dict[str, list[str]]

    @classmethod
    def load(cls, config_dir: Path) -> SuggestionConfig:
        return cls.model_validate(load_yaml((config_dir / "suggestions.yaml").read_text()))


class Suggester:
    def __init__(self, config: SuggestionConfig) -> None:
        self.config = config
        self.limit = config.per_answer

    def starters(self) -> list[str]:
        return list(self.config.starter)

    def for_turn(self, turn: TurnContext) -> list[str]:
        if turn.status in (AnswerStatus.need_more_info, AnswerStatus.clarification):
            return []  # the intake's own questions are what to answer next
        asked = {turn.question.casefold(), *(t.question.casefold() for t in turn.history)}
        related = [
            q for c in turn.citations for q in self.config.by_document.get(c.doc_id, []) if q.casefold() not in asked
        ]
        picks = list(dict.fromkeys(related))[: self.limit]
        return picks or [q for q in self.config.starter if q.casefold() not in asked][: self.limit]
