"""Stage: refuse jailbreaks, prompt injection and requests to evade export controls or sanctions."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.guardrails.injection import InjectionGuard
from assistant.messages import Messages


class GuardInjection:
    name = "guard_injection"

    def __init__(self, guard: InjectionGuard, messages: Messages) -> None:
        self.guard = guard
        self.messages = messages

    def __call__(self, turn: TurnContext) -> None:
        attack = self.guard.classify(turn.question, turn.query_vector)
        if attack == "evasion":
            turn.abort(AnswerStatus.guardrail_jailbreak, self.messages.evasion)
        elif attack == "jailbreak":
            turn.abort(AnswerStatus.guardrail_jailbreak, self.messages.jailbreak)
