"""Stage: read the deal facts the message states, once per turn (ADR 0001).

The router, the intake and the rule-linked retrieval all use this one reading; nothing else runs
the extractor during a turn.
"""

from __future__ import annotations

from assistant.context import TurnContext
from assistant.intake.extract import FactExtractor


class ReadFacts:
    name = "read_facts"

    def __init__(self, extractor: FactExtractor) -> None:
        self.extractor = extractor

    def __call__(self, turn: TurnContext) -> None:
        turn.stated = self.extractor.extract(turn.question)
