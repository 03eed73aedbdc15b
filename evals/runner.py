"""Runs test cases against the assistant: in process (the same entry point as the API) or over HTTP.

A case is sent turn by turn in one conversation; expectations are checked against the last turn.
`kind: eligibility` cases send their facts straight to the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from evals.cases import EvalCase


@dataclass
class Observation:
    """What the assistant did on a case's last turn (or the engine on its facts)."""

    status: str | None
    answer: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    outcome: str | None = None
    reason_codes: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    turn_latencies_ms: list[float] = field(default_factory=list)
    turn_statuses: list[str | None] = field(default_factory=list)
    error: str | None = None


class Target(Protocol):
    def chat(self, message: str, conversation_id: str | None) -> dict[str, Any]: ...

    def check(self, facts: dict[str, Any]) -> dict[str, Any]: ...


class InProcessTarget:
    """Calls the TurnHandler and the engine directly, exactly as the API routes do."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def chat(self, message: str, conversation_id: str | None) -> dict[str, Any]:
        response, _ = self.services.turns.handle(message, conversation_id)
        return response.model_dump(mode="json")

    def check(self, facts: dict[str, Any]) -> dict[str, Any]:
        engine = self.services.eligibility
        return engine.check(engine.parse_facts(facts)).model_dump(mode="json")


class HttpTarget:
    """A live deployment, through its public API."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self._secrets: dict[str, str] = {}  # conversation id → the secret that continues it

    def chat(self, message: str, conversation_id: str | None) -> dict[str, Any]:
        headers = {"X-Conversation-Secret": self._secrets[conversation_id]} if conversation_id else {}
        reply = self.client.post(
            "/api/chat", json={"message": message, "conversation_id": conversation_id}, headers=headers
        )
        reply.raise_for_status()
        body: dict[str, Any] = reply.json()
        if reply.headers.get("X-Conversation-Secret"):  # a new conversation's secret, sent once
            self._secrets[body["conversation_id"]] = reply.headers["X-Conversation-Secret"]
        return body

    def check(self, facts: dict[str, Any]) -> dict[str, Any]:
        reply = self.client.post("/api/eligibility/check", json=facts)
        reply.raise_for_status()
        return reply.json()


def _codes(result: dict[str, Any] | None) -> list[str]:
    if not result:
        return []
    return [
        c["reason_code"] for c in result.get("checks", []) if c.get("reason_code") and c["result"] in ("fail", "refer")
    ]


def observe(target: Target, case: EvalCase) -> Observation:
    try:
        if case.kind == "eligibility" and case.facts is not None and not case.turns:
            started = time.perf_counter()
            result = target.check(case.facts)
            ms = (time.perf_counter() - started) * 1000
            return Observation(
                status="eligibility_result",
                outcome=result["outcome"],
                reason_codes=_codes(result),
                latency_ms=ms,
                turn_latencies_ms=[ms],
                turn_statuses=["eligibility_result"],
            )
        conversation: str | None = None
        latencies: list[float] = []
        statuses: list[str | None] = []
        reply: dict[str, Any] = {}
        for message in case.turns:
            started = time.perf_counter()
            reply = target.chat(message, conversation)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses.append(reply.get("status"))
            conversation = reply["conversation_id"]
        eligibility = reply.get("eligibility")
        return Observation(
            status=reply["status"],
            answer=reply["answer"],
            citations=reply["citations"],
            outcome=eligibility["outcome"] if eligibility else None,
            reason_codes=_codes(eligibility),
            latency_ms=latencies[-1],
            turn_latencies_ms=latencies,
            turn_statuses=statuses,
        )
    except Exception as exc:  # a case that crashes is a failed case, reported, not a crashed run
        return Observation(status=None, error=f"{type(exc).__name__}: {exc}")


def run_cases(
    target: Target,
    cases: Iterable[EvalCase],
    progress: Callable[[Iterable[EvalCase]], Iterable[EvalCase]] | None = None,
) -> list[tuple[EvalCase, Observation]]:
    items = list(cases)
    iterator = progress(items) if progress else items
    return [(case, observe(target, case)) for case in iterator]
