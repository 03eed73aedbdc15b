"""Stage: gather deal facts from the message (and from a facts form), on top of earlier turns."""

from __future__ import annotations

import re

from assistant.context import TurnContext
from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.extract import FactExtractor
from assistant.intake.state import IntakeState

_QUESTION = re.compile(r"\?\s*$|^\s*(what|how|when|where|why|which|who|does|do|is|are|can|could|should)\b", re.I)


class ExtractFacts:
    name = "extract_facts"
    routes = frozenset({"eligibility"})

    def __init__(self, extractor: FactExtractor, engine: EligibilityEngine) -> None:
        self.extractor = extractor
        self.engine = engine

    def __call__(self, turn: TurnContext) -> None:
        prior = next((t.intake for t in reversed(turn.history) if t.intake), None)
        state = IntakeState.model_validate(prior) if prior else IntakeState()
        if state.stage == "done":
            state.stage = "collecting"  # a correction after a result re-opens the check
        extraction = self.extractor.extract(turn.question)
        if turn.facts is not None:  # the facts form: stated outright, nothing to confirm
            state.merge(turn.facts, {})
            state.stage = "ready"
        elif (
            prior
            and not extraction.found_anything
            and not (extraction.yes or extraction.no)
            and _QUESTION.search(turn.question)
        ):
            turn.route = "question"  # the user moved on to a general question; the intake waits
            return
        else:
            if extraction.yes:
                state.confirm_assumptions()
                if state.stage == "confirming" and not extraction.found_anything:
                    state.stage = "ready"
            if extraction.found_anything:
                state.stage = "collecting"
            if extraction.no and not extraction.found_anything:
                state.stage = "collecting"
            state.merge(extraction.facts, extraction.assumptions)
        state.facts = self.engine.accepted(state.facts)
        turn.intake = state.model_dump()
