"""Prometheus metrics, on a registry of the app's own (two apps in one process don't collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.turns = Counter("assistant_turns_total", "Turns by status", ["status"], registry=self.registry)
        self.turn_seconds = Histogram(
            "assistant_turn_seconds",
            "Time to answer a turn",
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5),
        )
        self.eligibility = Counter(
            "assistant_eligibility_checks_total",
            "Eligibility checks by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.feedback = Counter("assistant_feedback_total", "Feedback by rating", ["rating"], registry=self.registry)
