"""The intake's memory between turns: facts gathered, assumptions proposed, and where we are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:  # the turn carries an IntakeState: the state must not need the turn to be imported
    from assistant.context import PriorTurn

Stage = Literal["collecting", "confirming", "ready", "done"]


class IntakeState(BaseModel):
    facts: dict[str, Any] = Field(default_factory=dict)
    assumptions: dict[str, Any] = Field(default_factory=dict)  # proposed values awaiting a "yes"
    stage: Stage = "collecting"
    # The facts and result last shown in this conversation, so a later "what if…" (or a correction) is
    # shown side by side with it. Set by the explain stage after it explains a result.
    shown: dict[str, Any] | None = None

    @property
    def open(self) -> bool:
        return self.stage in ("collecting", "confirming")

    def merge(self, facts: dict[str, Any], assumptions: dict[str, Any]) -> None:
        """Later statements win ("actually the buyer is in Vietnam"); a stated value replaces a guess."""
        self.facts.update(facts)
        for name in list(self.assumptions):
            if name in self.facts:
                del self.assumptions[name]
        for name, value in assumptions.items():
            if name not in self.facts:
                self.assumptions[name] = value

    def confirm_assumptions(self) -> None:
        self.facts.update(self.assumptions)
        self.assumptions.clear()


def latest_intake(history: Sequence[PriorTurn]) -> IntakeState | None:
    """The intake state of the most recent turn that carried one: a side question in between (which
    carries none) does not close it."""
    return next((t.intake for t in reversed(history) if t.intake), None)


def open_intake(history: Sequence[PriorTurn]) -> bool:
    prior = latest_intake(history)
    return prior is not None and prior.open
