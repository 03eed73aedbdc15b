"""Typed access to the app's services from a request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.metrics import Metrics
from api.turn_queue import TurnQueue
from assistant.wiring import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_turn_queue(request: Request) -> TurnQueue:
    queue: TurnQueue = request.app.state.turn_queue
    return queue


ServicesDep = Annotated[Services, Depends(get_services)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
TurnQueueDep = Annotated[TurnQueue, Depends(get_turn_queue)]
