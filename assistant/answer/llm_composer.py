"""The optional LLM composer: a LangChain chat model writes, citation checks decide what stays."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.prompts import SYSTEM, USER, format_passages
from assistant.drafting import draft_gate
from assistant.llm import ChatLLM, LLMUnavailable
from assistant.sources import Passage
from assistant.yaml_data import load_yaml

_MARKER = re.compile(r"\[(\d+)\]")


class LLMComposerConfig(BaseModel):
    """config/llm.yaml: what the optional LLM composer is shown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_passages: int = Field(gt=0)

    @classmethod
    def load(cls, config_dir: Path) -> LLMComposerConfig:
        return cls.model_validate(load_yaml((config_dir / "llm.yaml").read_text()))


class LLMComposer:
    def __init__(self, llm: ChatLLM, max_passages: int = 5) -> None:
        if max_passages <= 0:
            raise ValueError(f"max_passages must be positive, got {max_passages}")
        self.llm = llm
        self.max_passages = max_passages

    def compose(self, question: str, passages: list[Passage]) -> tuple[str, dict[int, Passage]]:
        """Draft answer with [n] markers and the passages the numbers refer to."""
        shown = passages[: self.max_passages]
        numbered = {n: p for n, p in enumerate(shown, 1)}
        block = format_passages([(n, p.title, p.heading_path, p.text) for n, p in numbered.items()])
        gate = draft_gate()  # someone watching the turn sees the draft as it is written
        text = self.llm.complete(USER.format(passages=block, question=question), system=SYSTEM, on_text=gate)
        if gate is not None:
            gate.close()
        if not _MARKER.search(text):
            raise LLMUnavailable("the LLM answer cites no passage")
        return text.strip(), numbered
