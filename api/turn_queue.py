"""Turns are computed a few at a time per process, the rest wait in arrival order.

A turn is CPU-bound Python (the query embedding, ranking, composing) and holds the GIL for most of
its ~25 ms. Handed to a thread pool of 16, sixteen queued turns share one core and every one of them
finishes late (processor sharing: the slowest waits for all of them). Run through a small FIFO gate
instead, each turn finishes as early as its place in the queue allows, so the mean and the tail of
the wait both fall under overload while throughput stays the same (ADR 0090).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class TurnQueue:
    def __init__(self, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError("turn concurrency must be at least 1")
        self.concurrency = concurrency
        self._limiter: anyio.CapacityLimiter | None = None  # made on the event loop, at first use
        self.waiting = 0

    async def run(self, func: Callable[..., T], *args: object) -> T:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.concurrency)
        limiter = self._limiter
        self.waiting += 1
        try:
            await limiter.acquire()  # anyio wakes waiters first come, first served
        finally:
            self.waiting -= 1
        try:
            # Not abandoned on cancel: a turn that started finishes (and stores) before its slot is freed.
            return await anyio.to_thread.run_sync(func, *args)
        finally:
            limiter.release()
