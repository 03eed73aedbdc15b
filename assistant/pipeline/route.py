"""Stage: pick the turn's branch, looking at the whole conversation (ADR 0001, 0020).

It ends the turn itself for a clarifying question (vague input), out of scope (including requests
to act) and a hand-off.
"""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.intake.state import open_intake
from assistant.messages import Messages
from assistant.routing.router import Router


class Route:
    name = "route"

    def __init__(self, router: Router, messages: Messages, eligibility_enabled: bool = True) -> None:
        self.router = router
        self.messages = messages
        self.eligibility_enabled = eligibility_enabled

    def __call__(self, turn: TurnContext) -> None:
        if turn.facts is not None and self.eligibility_enabled:
            turn.route = "eligibility"
            return
        decision = self.router.route(
            turn.question,
            turn.query_vector,
            stated=turn.stated,
            intake_open=open_intake(turn.history),
            follow_up=turn.standalone_question is not None,
            intent=turn.intent,
            first_message=not turn.history,
        )
        route = decision.route
        if route in ("eligibility", "deal_question") and not self.eligibility_enabled:
            route = "question"
        turn.route = route  # type: ignore[assignment]
        turn.asked_about = decision.asked_about
        if route == "out_of_scope":
            turn.abort(AnswerStatus.out_of_scope, self.messages.out_of_scope)
        elif route == "handoff":
            turn.abort(AnswerStatus.handoff, self.messages.handoff)
        elif route == "clarify":
            turn.suggestions = decision.choices
            turn.abort(AnswerStatus.clarification, self.router.config.vague.message)
