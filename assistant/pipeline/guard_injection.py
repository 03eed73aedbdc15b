"""Stage: refuse instruction and authority attacks, and requests to evade export controls, sanctions
or EXIM's rules or to misstate facts to them; say briefly why and where to go (ADR 0022)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.context import AnswerStatus, TurnContext
from assistant.guardrails.injection import InjectionGuard
from assistant.guardrails.text import folded
from assistant.messages import Messages


class GuardInjection:
    name = "guard_injection"

    def __init__(
        self, guard: InjectionGuard, messages: Messages, request_to_act: Callable[[str], bool] | None = None
    ) -> None:
        self.guard = guard
        self.messages = messages
        # "Translate: the EXIM loan was approved" reads as a claimed approval to the classifier, but it is a
        # request to act: `route` puts it out of scope, and no approval is stated either way (ADR 0028).
        self.request_to_act = request_to_act

    def __call__(self, turn: TurnContext) -> None:
        earlier = [t.question for t in turn.history]
        refused_before = self.guard.refused_recently(
            [t.status == AnswerStatus.guardrail_jailbreak for t in turn.history]
        )
        attack, turn.intent = self.guard.classify(turn.question, turn.message_vector, earlier, refused_before)
        if attack is not None and self._a_task_of_another_field(attack, turn):
            return
        if attack is not None:
            reply = {
                "evasion": self.messages.evasion,
                "misrepresentation": self.messages.misrepresentation,
                "authority": self.messages.authority,
                "jailbreak": self.messages.jailbreak,
            }[attack]
            turn.abort(AnswerStatus.guardrail_jailbreak, reply)

    def _a_task_of_another_field(self, attack: str, turn: TurnContext) -> bool:
        """A request to act (translate a manual, book a flight) that the classifier alone reads as an attack
        because it asks to write something: `route` puts it out of scope (ADR 0028, 0118). An authority
        reading always yields to it; an evasion or misrepresentation reading only when the classifier also
        gives the task of another field real weight and no evasion pattern matched."""
        if self.request_to_act is None or attack == "jailbreak" or not self.request_to_act(folded(turn.question)):
            return False
        if attack == "authority":
            return True
        return (turn.intent or {}).get("off_topic_task", 0.0) >= self.guard.config.intent.task_yields_at and (
            self.guard.pattern(turn.question) is None
        )
