"""Jailbreaks, instruction and authority attacks, evasion and misrepresentation: decided on intent.

High-precision patterns (config/guardrails/injection.yaml) refuse on their own. Everything else is
decided by the trained intent classifier (assistant/intent, ADR 0022), which also sees the earlier
questions of the conversation, so a set-up whose first turn is innocent is caught on the turn that
reveals it; benign compliance questions that share the attack's words are its other half.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.guardrails.text import folded, unleet
from assistant.intent import ATTACKS
from assistant.intent.model import IntentModel
from assistant.yaml_data import load_yaml

Attack = Literal["jailbreak", "evasion", "misrepresentation", "authority"]
_REFUSAL = {"evasion": "evasion", "misrepresentation": "misrepresentation", "injection_authority": "authority"}


class IntentThresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    refuse_at: float = Field(gt=0, le=1)  # the message alone: the attack intents together at least this likely
    conversation_refuse_at: float = Field(gt=0, le=1)  # with the earlier questions joined
    conversation_floor: float = Field(ge=0, le=1)  # …and the message alone at least this much attack
    # …or this, when one of those earlier turns was itself refused: a refused request rephrased as a
    # follow-up ("and if we invoice their Singapore office?") is still that request (ADR 0094).
    after_refusal_refuse_at: float = Field(gt=0, le=1)
    earlier_turns: int = Field(ge=0)
    # An evasion pattern's match is overruled when the classifier is at least this sure the message is a
    # compliance question ("our sales rep suggested we split the order to stay under a threshold: is that
    # allowed?"); jailbreak patterns are never overruled.
    compliance_overrules_at: float = Field(gt=0, le=1)
    # A request to act (the router's patterns) read as evasion or misrepresentation by the classifier alone
    # goes to `route` (out of scope) when the classifier gives "a task of another field" at least this.
    task_yields_at: float = Field(gt=0, le=1)


class InjectionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: IntentThresholds
    patterns: dict[Attack, list[str]]

    @classmethod
    def load(cls, config_dir: Path) -> InjectionConfig:
        return cls.model_validate(load_yaml((config_dir / "guardrails" / "injection.yaml").read_text()))


class InjectionGuard:
    def __init__(self, config: InjectionConfig, model: IntentModel) -> None:
        self.config = config
        self.model = model
        self._patterns = {
            kind: [re.compile(p, re.IGNORECASE | re.DOTALL) for p in patterns]
            for kind, patterns in config.patterns.items()
        }

    def pattern(self, text: str) -> Attack | None:
        norm = folded(text)
        for kind, patterns in self._patterns.items():
            if any(p.search(norm) for p in patterns):
                return kind
        # Instructions spelled with look-alike digits ("1gn0r3 y0ur 1n5truct10n5") are still instructions.
        read = unleet(norm)
        if read != norm and any(p.search(read) for p in self._patterns.get("jailbreak", [])):
            return "jailbreak"
        return None

    def refused_recently(self, refusals: Sequence[bool]) -> bool:
        """Whether one of the last `earlier_turns` turns of a conversation (oldest first) was refused."""
        looked_at = self.config.intent.earlier_turns
        return any(refusals[-looked_at:]) if looked_at else False

    def classify(
        self, message: str, vector: Any, earlier: list[str] | None = None, refused_before: bool = False
    ) -> tuple[Attack | None, dict[str, float]]:
        """The attack the message makes (or None), and the intent scores of the message alone.
        `refused_before`: one of the last `earlier_turns` turns of the conversation was refused."""
        scores = self.model.scores(message, vector)
        limits = self.config.intent
        found = self.pattern(message)
        if found == "jailbreak" or (found and scores["benign_compliance"] < limits.compliance_overrules_at):
            return found, scores
        attack = _top_attack(scores, limits.refuse_at)
        if attack is None and earlier and limits.earlier_turns:
            alone = sum(scores[a] for a in ATTACKS)
            if alone >= limits.conversation_floor:
                joined = self.model.scores(message, vector, earlier[-limits.earlier_turns :])
                bar = limits.conversation_refuse_at
                if refused_before:  # never a higher bar than without the refusal
                    bar = min(bar, limits.after_refusal_refuse_at)
                attack = _top_attack(joined, bar)
        return attack, scores


def _top_attack(scores: dict[str, float], at_least: float) -> Attack | None:
    """The likeliest attack, when the attacks together are at least `at_least` likely (an evasion that is
    also a misrepresentation splits its probability between the two; it is no less an attack)."""
    if sum(scores[a] for a in ATTACKS) < at_least:
        return None
    top = max(ATTACKS, key=scores.__getitem__)
    return _REFUSAL[top]  # type: ignore[return-value]
