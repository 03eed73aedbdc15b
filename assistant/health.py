"""What each dependency last did, shared by the adapters that call it and by /readyz.

A failure opens a short circuit: for `cooldown` seconds, callers that ask first (`require`) fail at
once instead of each waiting out a timeout, so a dead or hung dependency cannot fill the thread
pool. After the cooldown the next call tries again (that is how the service recovers by itself),
and any success, or a passing readiness probe, closes the circuit.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.errors import DependencyUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    reason: str
    at: float


class Health:
    def __init__(
        self,
        cooldown_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        blame_within_seconds: float = 30.0,
    ) -> None:
        if cooldown_seconds <= 0 or blame_within_seconds <= 0:
            raise ValueError(f"durations must be positive, got {cooldown_seconds} and {blame_within_seconds}")
        self.cooldown = cooldown_seconds
        self.blame_within = blame_within_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, Failure] = {}

    def failed(self, dependency: str, reason: str) -> None:
        with self._lock:
            first = dependency not in self._failures
            self._failures[dependency] = Failure(reason, self.clock())
        if first:  # once per outage, not once per request
            log.warning("dependency %s failed: %s", dependency, reason)

    def succeeded(self, dependency: str) -> None:
        if dependency not in self._failures:  # the common case costs one dict lookup, no lock
            return
        with self._lock:
            if self._failures.pop(dependency, None) is not None:
                log.warning("dependency %s recovered", dependency)

    def failing(self, dependency: str) -> Failure | None:
        """The failure that still holds the circuit open, or None."""
        failure = self._failures.get(dependency)
        if failure is None or self.clock() - failure.at >= self.cooldown:
            return None
        return failure

    def last_failure(self, dependency: str) -> Failure | None:
        """The most recent failure not yet followed by a success, however old."""
        return self._failures.get(dependency)

    def require(self, *dependencies: str) -> None:
        """Fail fast with DependencyUnavailable while any of these is known to be failing."""
        for dependency in dependencies:
            failure = self.failing(dependency)
            if failure is not None:
                raise DependencyUnavailable(dependency, failure.reason)

    def blame(self) -> DependencyUnavailable | None:
        """The dependency to name when a turn failed without saying why: the latest recorded failure."""
        with self._lock:
            if not self._failures:
                return None
            name, failure = max(self._failures.items(), key=lambda item: item[1].at)
        if self.clock() - failure.at > self.blame_within:
            return None
        return DependencyUnavailable(name, failure.reason)
