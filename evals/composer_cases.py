"""What the composer saw on each question case of the dev sets: the standalone question, its vector and
the retrieved passages. Captured once through the real pipeline, it lets the composer be trained and
measured in seconds instead of re-running retrieval for every change (`make train-composer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.context import AnswerStatus, TurnContext
from assistant.sources import Passage
from evals.cases import EvalCase, load_cases


@dataclass
class ComposerCase:
    case: EvalCase
    query: str
    query_vector: np.ndarray
    passages: list[Passage]


class _Recorder:
    """Stands in for the compose stage: remembers its input and ends the turn, so what is captured does
    not depend on the composer being trained."""

    def __init__(self, stage: Any) -> None:
        self.stage = stage
        self.name = stage.name
        self.seen: TurnContext | None = None

    def __call__(self, turn: TurnContext) -> None:
        self.seen = turn
        turn.abort(AnswerStatus.unanswerable_no_content, "(captured for the composer)")


def question_cases(set_paths: list[Path]) -> list[EvalCase]:
    """Cases that expect the question path and state what a right answer holds or is."""
    out = []
    for path in set_paths:
        for case in load_cases(path):
            wanted = {s.value for s in case.expect.status or []}
            if case.kind in ("qa", "conversation") and wanted & {"answered", "partial", "unanswerable_no_content"}:
                out.append(case)
    return out


def capture(services: Any, cases: list[EvalCase]) -> list[ComposerCase]:
    """Runs each case through the real pipeline with every branch's compose stage recording its input."""
    pipeline = services.pipeline
    places = [
        (stages, i)
        for stages in pipeline.branches.values()
        for i, stage in enumerate(stages)
        if stage.name == "compose"
    ]
    if not places:
        raise ValueError("the pipeline has no compose stage to record")
    recorder = _Recorder(places[0][0][places[0][1]])
    originals = [stages[i] for stages, i in places]
    for stages, i in places:
        stages[i] = recorder
    out: list[ComposerCase] = []
    try:
        for case in cases:
            conversation = None
            for message in case.turns:
                recorder.seen = None
                response, _ = services.turns.handle(message, conversation)
                conversation = response.conversation_id
            turn = recorder.seen
            if turn is not None and turn.query_vector is not None and turn.passages:
                out.append(ComposerCase(case, turn.query, np.asarray(turn.query_vector), list(turn.passages)))
    finally:
        for (stages, i), stage in zip(places, originals, strict=True):
            stages[i] = stage
    return out
