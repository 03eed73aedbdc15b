"""Stage: turn a follow-up ("and for long-term deals?") into a question that stands on its own.

A follow-up that names another value of an attribute the previous question fixed (term, product,
item, kind of buyer: config/routing.yaml `follow_up_attributes`) *replaces* that value: "What's the
cash payment for a medium-term deal?" then "and for long-term?" asks about long term only. Otherwise,
without an LLM, the follow-up is joined to the previous standalone question, which is what hybrid
retrieval needs: the new words steer, the old ones keep the topic. With an LLM configured, the LLM
rewrites it, and the join is the fallback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.context import AnswerStatus, TurnContext
from assistant.index.embedder import Embedder
from assistant.llm import ChatLLM
from assistant.yaml_data import load_yaml

log = logging.getLogger(__name__)

_LEAD = re.compile(
    r"^(and|also|plus|but|so|then|ok(ay)?|what about|how about|what if|and if|same (for|with|question)|"
    r"does (that|this|it)|do (they|those|these)|is (that|this|it|there)|are (they|those|these)|"
    r"can (that|this|it|they)|would (that|this|it)|how (long|much|many|soon|often)|why|which one|"
    r"when|where|who)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"\b(it|its|that|this|they|them|their|those|these|there|same|such|former|latter)\b", re.I)
# Short messages that compare with something said before ("is the bar lower for us?").
_COMPARATIVE = re.compile(
    r"\b(lower|higher|longer|shorter|more|less|cheaper|bigger|smaller|faster|slower|also|too|instead|either)\b",
    re.I,
)


class CondenseConfig(BaseModel):
    """config/condense.yaml: when a message counts as a follow-up, and what an LLM rewrite may be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference_max_words: int = Field(gt=0)
    comparative_max_words: int = Field(gt=0)
    llm_history_turns: int = Field(gt=0)
    llm_min_chars: int = Field(ge=0)
    llm_max_chars: int = Field(gt=0)
    llm_prompt: str

    @classmethod
    def load(cls, config_dir: Path) -> CondenseConfig:
        return cls.model_validate(load_yaml((config_dir / "condense.yaml").read_text()))


def is_follow_up(message: str, config: CondenseConfig) -> bool:
    """A message that leans on the conversation: a leading 'and…/what about…', a pronoun that
    points back, or a short comparison. A full new question has none of these."""
    words = len(message.split())
    if _LEAD.match(message.strip()):
        return True
    if words <= config.reference_max_words and _REFERENCE.search(message):
        return True
    return words <= config.comparative_max_words and bool(_COMPARATIVE.search(message))


def _same(a: str, b: str) -> bool:
    return re.sub(r"[\s-]+", "", a.casefold()) == re.sub(r"[\s-]+", "", b.casefold())


class AttributeSwitch:
    """Finds, in a follow-up, a new value of an attribute the previous question named."""

    def __init__(self, attributes: Mapping[str, Sequence[str]]) -> None:
        self._patterns = [
            re.compile(r"\b(" + "|".join(values) + r")\b", re.I) for values in attributes.values() if values
        ]

    def replace(self, previous: str, follow_up: str) -> str | None:
        """The previous question with the attribute switched, or None when the follow-up switches none."""
        switched = previous
        for pattern in self._patterns:
            new, old = pattern.search(follow_up), pattern.search(switched)
            if new and old and not _same(new.group(0), old.group(0)):
                switched = switched[: old.start()] + new.group(0) + switched[old.end() :]
        return switched if switched != previous else None


class Condense:
    name = "condense"

    def __init__(
        self,
        embedder: Embedder,
        config: CondenseConfig,
        llm: ChatLLM | None = None,
        attributes: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.embedder = embedder
        self.config = config
        self.llm = llm
        self.switch = AttributeSwitch(attributes or {})

    def __call__(self, turn: TurnContext) -> None:
        previous = next((t for t in reversed(turn.history) if t.status is not AnswerStatus.out_of_scope), None)
        if previous is None or not is_follow_up(turn.question, self.config):
            return
        topic = previous.standalone_question or previous.question
        standalone = self.switch.replace(topic, turn.question)
        if standalone is None and self.llm:
            standalone = self._with_llm(turn)
        turn.standalone_question = standalone or f"{turn.question} (following on from: {topic})"
        turn.query_vector = self.embedder.embed_query(turn.standalone_question)

    def _with_llm(self, turn: TurnContext) -> str | None:
        assert self.llm is not None
        recent = turn.history[-self.config.llm_history_turns :]
        history = "\n".join(f"User: {t.standalone_question or t.question}" for t in recent)
        try:
            text = self.llm.complete(self.config.llm_prompt.format(history=history, message=turn.question))
        except Exception:
            log.warning("LLM condensation failed; joining the follow-up to the previous question", exc_info=True)
            return None
        text = text.strip().strip('"')
        return text if self.config.llm_min_chars <= len(text) <= self.config.llm_max_chars else None
