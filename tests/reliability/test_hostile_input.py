"""Patterns run in linear time on long adversarial strings. A quadratic pattern costs seconds on
32,000 characters (the old money pattern took 16-23 s on an 8,000-digit draft); a linear one costs
milliseconds. The bound is far from both, so a busy machine does not make the test flaky."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from assistant.guardrails.pii import redact

HOSTILE: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "1" * n,
    "money digits": lambda n: "$" + "9" * (n - 1),
    "digits and commas": lambda n: "1," * (n // 2),
    "digits and spaces": lambda n: "1 " * (n // 2),
    "digits and dashes": lambda n: "12-" * (n // 3),
    "letters": lambda n: "a" * n,
    "dotted letters": lambda n: "a." * (n // 2),
    "at-signs": lambda n: "a@" * (n // 2),
    "spelled emails": lambda n: "x at y dot " * (n // 10),
    "capitalised words after a number": lambda n: "1 Aa " * (n // 5),
    "passport cues": lambda n: "passport " * (n // 9),
    "birth cues": lambda n: "born on 1/" * (n // 10),
}


def _seconds(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - started)
    return best


LONG = 32_000
BOUND_SECONDS = 3.0  # linear: tens of milliseconds on a quiet machine; quadratic: tens of seconds


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_redactor_is_linear(kind: str) -> None:
    assert _seconds(redact, HOSTILE[kind](LONG)) < BOUND_SECONDS


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_intake_reader_is_linear(corpus_services, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert _seconds(corpus_services.fact_extractor.extract, HOSTILE[kind](LONG)) < BOUND_SECONDS


def test_an_8000_digit_draft_is_fast(corpus_services) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    corpus_services.drafts.write("9" * 8000)
    assert time.perf_counter() - started < 5, "the quadratic money pattern took 16-23 s here"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_chat_message_is_answered(corpus_services, kind: str) -> None:  # type: ignore[no-untyped-def]
    response, _ = corpus_services.turns.handle(HOSTILE[kind](2000)[:2000])
    assert response.status.value != "error_unavailable"
