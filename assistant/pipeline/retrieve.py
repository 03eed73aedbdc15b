"""Stage: find passages for the (standalone) question."""

from __future__ import annotations

from assistant.context import TurnContext
from assistant.retrieval.retriever import HybridRetriever


class Retrieve:
    name = "retrieve"

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def __call__(self, turn: TurnContext) -> None:
        stated = turn.stated.facts if turn.stated is not None else None
        result = self.retriever.retrieve(turn.query, vector=turn.query_vector, stated=stated)
        turn.passages = result.passages
        turn.query_vector = result.query_vector
