"""Stage: embed the question once; guardrails, routing and retrieval all reuse the vector."""

from __future__ import annotations

from assistant.context import TurnContext
from assistant.index.embedder import Embedder


class EmbedQuestion:
    name = "embed_question"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, turn: TurnContext) -> None:
        turn.query_vector = self.embedder.embed_query(turn.query)
        turn.message_vector = turn.query_vector
