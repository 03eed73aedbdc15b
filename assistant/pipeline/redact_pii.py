"""Stage: replace personal data before anything is logged, stored, retrieved or echoed."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.guardrails.pii import only_placeholders, redact
from assistant.messages import Messages


class RedactPII:
    name = "redact_pii"

    def __init__(self, messages: Messages) -> None:
        self.messages = messages

    def __call__(self, turn: TurnContext) -> None:
        result = redact(turn.question)
        if not result.kinds:
            return
        turn.question = result.text
        turn.redactions = list(result.kinds)
        if only_placeholders(result.text):
            turn.abort(AnswerStatus.guardrail_pii, self.messages.pii_only)
