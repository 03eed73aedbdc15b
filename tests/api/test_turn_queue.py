"""Turns run a few at a time per process, first come first served (api/turn_queue.py, ADR 0090)."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from api.turn_queue import TurnQueue


def _run_many(concurrency: int, count: int) -> tuple[list[int], int]:
    started: list[int] = []
    running = 0
    peak = 0
    lock = threading.Lock()

    def turn(number: int) -> int:
        nonlocal running, peak
        with lock:
            started.append(number)
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)  # stands for a turn's work; the gate, not the work, is under test
        with lock:
            running -= 1
        return number

    async def main() -> None:
        queue = TurnQueue(concurrency)
        async with anyio.create_task_group() as group:
            for number in range(count):
                group.start_soon(queue.run, turn, number)
                await anyio.sleep(0.001)  # arrive in this order
        assert queue.waiting == 0

    anyio.run(main)
    return started, peak


def test_no_more_turns_run_at_once_than_configured() -> None:
    _, peak = _run_many(concurrency=2, count=12)
    assert peak == 2


def test_waiting_turns_start_in_the_order_they_arrived() -> None:
    started, _ = _run_many(concurrency=1, count=10)
    assert started == list(range(10))


def test_a_cancelled_waiter_frees_its_place() -> None:
    async def main() -> None:
        queue = TurnQueue(1)
        release = threading.Event()
        async with anyio.create_task_group() as group:
            group.start_soon(queue.run, release.wait)
            await anyio.sleep(0.01)
            with anyio.move_on_after(0.05):  # a client that gives up while queued
                await queue.run(lambda: None)
            assert queue.waiting == 0
            release.set()
        assert await queue.run(lambda: 7) == 7

    anyio.run(main)


def test_concurrency_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        TurnQueue(0)
