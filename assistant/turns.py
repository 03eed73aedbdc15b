"""The one entry point for a turn: used by the HTTP API, the CLI and the evaluation runner alike.

It loads the conversation's (redacted) history, runs the pipeline, adds suggestions, and stores
the turn. It knows nothing of HTTP.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.context import ChatResponse, TurnContext
from assistant.conversations.store import ConversationStore
from assistant.pipeline.runner import Pipeline
from assistant.suggestions import Suggester


class TurnHandler:
    def __init__(self, pipeline: Pipeline, store: ConversationStore, suggester: Suggester) -> None:
        self.pipeline = pipeline
        self.store = store
        self.suggester = suggester

    def handle(
        self, message: str, conversation_id: str | None = None, facts: dict[str, Any] | None = None
    ) -> tuple[ChatResponse, TurnContext]:
        history = self.store.history(conversation_id) if conversation_id else []  # UnknownConversation → 404
        turn = TurnContext(question=message, turn_id=str(uuid.uuid4()), history=history, facts=facts)
        self.pipeline.run(turn)
        turn.conversation_id = conversation_id or self.store.new_conversation()
        turn.suggestions = self.suggester.for_turn(turn)
        self.store.add_turn(turn.conversation_id, turn)
        return ChatResponse.from_turn(turn), turn
