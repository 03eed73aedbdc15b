"""Runs stages in order, times each one, and stops when a stage ends the turn."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from assistant.context import AnswerStatus, StageTiming, TurnContext
from assistant.errors import InvalidInput

log = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "Sorry, something went wrong on our side and I can't answer right now. Please try again in a "
    "moment, or contact EXIM directly."
)


class Stage(Protocol):
    """A step of the turn. A stage with a `routes` attribute runs only on those routes."""

    name: str

    def __call__(self, turn: TurnContext) -> None: ...


class Pipeline:
    def __init__(self, stages: Sequence[Stage], clock: Callable[[], float] = time.perf_counter) -> None:
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique, got {names}")
        self.stages = list(stages)
        self.clock = clock

    def run(self, turn: TurnContext) -> TurnContext:
        for stage in self.stages:
            routes = getattr(stage, "routes", None)
            if routes is not None and turn.route not in routes:
                continue
            started = self.clock()
            try:
                stage(turn)
            except InvalidInput:
                raise  # the caller's input is wrong: the API answers 4xx, the CLI exits non-zero
            except Exception:
                # Unexpected errors are caught once, here; expected outcomes are statuses.
                log.exception("stage %s failed", stage.name)
                turn.abort(AnswerStatus.error_unavailable, UNAVAILABLE_MESSAGE)
            finally:
                turn.timings.append(StageTiming(stage=stage.name, ms=(self.clock() - started) * 1000))
            if turn.aborted:
                break
        if turn.status is None:
            turn.status = AnswerStatus.error_unavailable
            turn.answer = UNAVAILABLE_MESSAGE
        return turn
