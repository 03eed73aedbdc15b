"""Runs a turn: the prelude, then the one branch `route` chose, then the finale (ADR 0001).

Each stage is timed; a stage that ends the turn with a status stops the run. The branch table is
data handed in by the composition root: stages do not know which branches they belong to.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from assistant.context import AnswerStatus, StageTiming, TurnContext
from assistant.errors import InvalidInput

log = logging.getLogger(__name__)


class Stage(Protocol):
    name: str

    def __call__(self, turn: TurnContext) -> None: ...


class Pipeline:
    """`prelude` always runs; then the stages of `branches[turn.route]`; then `finale`, unless a stage
    ended the turn. A route with no branch (a turn the router ended itself) runs nothing more."""

    def __init__(
        self,
        prelude: Sequence[Stage],
        branches: Mapping[str, Sequence[Stage]] | None = None,
        finale: Sequence[Stage] = (),
        *,
        unavailable: str,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.unavailable = unavailable  # the reply to a turn that failed unexpectedly (config/messages.yaml)
        self.prelude = list(prelude)
        self.branches = {route: list(stages) for route, stages in (branches or {}).items()}
        self.finale = list(finale)
        for route, stages in self.branches.items():
            names = [s.name for s in [*self.prelude, *stages, *self.finale]]
            if len(set(names)) != len(names):
                raise ValueError(f"stage names must be unique on branch {route!r}, got {names}")
        self.clock = clock

    def table(self) -> dict[str, list[str]]:
        """The branch table in words: route → the stage names it runs after the prelude."""
        return {route: [s.name for s in [*stages, *self.finale]] for route, stages in self.branches.items()}

    def run(self, turn: TurnContext) -> TurnContext:
        if self._run(self.prelude, turn):
            branch = self.branches.get(turn.route or "", [])
            if self._run(branch, turn):
                self._run(self.finale, turn)
        if turn.status is None:
            turn.status = AnswerStatus.error_unavailable
            turn.answer = self.unavailable
        return turn

    def _run(self, stages: Sequence[Stage], turn: TurnContext) -> bool:
        """Runs the stages in order; False when one of them ended the turn."""
        for stage in stages:
            started = self.clock()
            try:
                stage(turn)
            except InvalidInput:
                raise  # the caller's input is wrong: the API answers 4xx, the CLI exits non-zero
            except Exception:
                # Unexpected errors are caught once, here; expected outcomes are statuses.
                log.exception("stage %s failed", stage.name)
                turn.abort(AnswerStatus.error_unavailable, self.unavailable)
            finally:
                turn.timings.append(StageTiming(stage=stage.name, ms=(self.clock() - started) * 1000))
            if turn.aborted:
                return False
        return True
