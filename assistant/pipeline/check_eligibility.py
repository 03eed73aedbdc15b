"""Stage: run the engine on the facts gathered, and decide whether to ask, confirm or answer."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.state import IntakeState


class CheckEligibility:
    name = "check_eligibility"

    def __init__(self, engine: EligibilityEngine) -> None:
        self.engine = engine

    def __call__(self, turn: TurnContext) -> None:
        state = turn.intake if turn.intake is not None else IntakeState()
        result = self.engine.check(self.engine.parse_facts(state.facts))
        turn.eligibility = result
        turn.missing_facts = result.missing_facts
        if result.outcome == "need_more_info" or state.assumptions:
            state.stage = "collecting"
            turn.status = AnswerStatus.need_more_info
        elif state.stage != "ready" and not state.shown:
            state.stage = "confirming"  # "check your answers" before the first result
            turn.status = AnswerStatus.clarification
        else:
            # Complete facts, confirmed or already checked once in this conversation: a "what if…" or a
            # correction after a result is answered at once, side by side with the result before it.
            state.stage = "done"
            # A deal that needs a person's decision goes to staff with its facts and rule trace.
            turn.status = (
                AnswerStatus.handoff if result.outcome == "refer_to_human" else AnswerStatus.eligibility_result
            )
        turn.intake = state
