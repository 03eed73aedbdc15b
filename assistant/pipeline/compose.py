"""Stage: turn passages into a cited answer, or say plainly that the sources do not cover it."""

from __future__ import annotations

from assistant.answer.extractive import NO_CONTENT_MESSAGE, ExtractiveComposer
from assistant.context import AnswerStatus, TurnContext


class Compose:
    name = "compose"

    def __init__(self, composer: ExtractiveComposer) -> None:
        self.composer = composer

    def __call__(self, turn: TurnContext) -> None:
        if not turn.passages or turn.query_vector is None:
            turn.abort(AnswerStatus.unanswerable_no_content, NO_CONTENT_MESSAGE)
            return
        result = self.composer.compose(turn.query, turn.query_vector, turn.passages)
        if result.status is AnswerStatus.unanswerable_no_content:
            turn.abort(result.status, result.answer)
            return
        turn.status = result.status
        turn.answer = result.answer
        turn.citations = result.citations
