"""Stage: add the facts this turn states (and a facts form's) to the intake carried by the conversation."""

from __future__ import annotations

from assistant.context import TurnContext
from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.extract import Extraction
from assistant.intake.state import IntakeState, latest_intake


class UpdateIntake:
    name = "update_intake"

    def __init__(self, engine: EligibilityEngine) -> None:
        self.engine = engine

    def __call__(self, turn: TurnContext) -> None:
        prior = latest_intake(turn.history)
        state = prior.model_copy(deep=True) if prior is not None else IntakeState()  # history stays as it was
        if state.stage == "done":
            state.stage = "collecting"  # a correction after a result re-opens the check
        extraction: Extraction = turn.stated or Extraction()
        if turn.facts is not None:  # the facts form: stated outright, nothing to confirm
            state.merge(turn.facts, {})
            state.stage = "ready"
        else:
            if extraction.yes:
                state.confirm_assumptions()
                if state.stage == "confirming" and not extraction.found_anything:
                    state.stage = "ready"
            if extraction.found_anything:
                state.stage = "collecting"
            if extraction.no and not extraction.found_anything:
                state.stage = "collecting"
            state.merge(extraction.facts, extraction.assumptions)
        state.facts = self.engine.accepted(state.facts)
        turn.intake = state
