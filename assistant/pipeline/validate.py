"""Stage: clean the message (control and invisible characters out) and enforce its length."""

from __future__ import annotations

from assistant.context import TurnContext
from assistant.guardrails.text import clean_message


class Validate:
    name = "validate"

    def __call__(self, turn: TurnContext) -> None:
        turn.question = clean_message(turn.question)
