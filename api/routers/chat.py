"""POST /api/chat and POST /api/chat/stream (Server-Sent Events, framed by FastAPI's EventSourceResponse)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from api.deps import MetricsDep, ServicesDep, TurnQueueDep
from api.facts import facts_from
from api.handoff_schemas import Secret
from api.live_turn import LiveTurn
from api.ratelimit import enforce
from api.responses import BODY, errors, json_errors
from api.schemas import ChatRequest
from api.turn_queue import TurnQueue
from assistant.context import ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])
limited = [Depends(enforce)]
_ERRORS = errors(*BODY, 404, 409, 429, 503)
SECRET_HEADER = "X-Conversation-Secret"
_CREATED: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            SECRET_HEADER: {
                "description": "On a new conversation's first turn only: the secret that lets its owner read and "
                "continue it. Send it back in the same header; it is not shown again.",
                "schema": {"type": "string"},
            }
        }
    }
}


async def _answer(
    request: ChatRequest,
    services: ServicesDep,
    metrics: MetricsDep,
    queue: TurnQueue,
    secret: str | None,
    watcher: LiveTurn | None = None,
) -> ChatResponse:
    if request.conversation_id is not None:  # only its owner continues a conversation (else 404)
        await run_in_threadpool(services.owners.require_owner, request.conversation_id, secret)
    facts = facts_from(services, request.facts)
    started = time.perf_counter()
    handle = services.turns.handle
    response, _ = await queue.run(handle, request.message, request.conversation_id, facts, watcher)
    metrics.turn_seconds.observe(time.perf_counter() - started)
    metrics.turns.labels(response.status.value).inc()
    return response


@router.post("/chat", response_model=ChatResponse, responses={**_CREATED, **_ERRORS}, dependencies=limited)
async def chat(
    request: ChatRequest,
    response: Response,
    services: ServicesDep,
    metrics: MetricsDep,
    queue: TurnQueueDep,
    x_conversation_secret: Secret = None,
) -> ChatResponse:
    """A turn. A new conversation's first response carries its secret in the X-Conversation-Secret
    header (the body stays the contract's); send it back in that header to continue the conversation."""
    answer = await _answer(request, services, metrics, queue, x_conversation_secret)
    if answer.conversation_secret:
        response.headers[SECRET_HEADER] = answer.conversation_secret
    return answer


async def _live(
    request: ChatRequest,
    services: ServicesDep,
    metrics: MetricsDep,
    queue: TurnQueueDep,
    x_conversation_secret: Secret = None,
) -> LiveTurn:
    live = LiveTurn()
    await live.begin(lambda watcher: _answer(request, services, metrics, queue, x_conversation_secret, watcher))
    return live


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses=json_errors(*BODY, 404, 409, 429, 503),
    dependencies=limited,
)
async def chat_stream(live: Annotated[LiveTurn, Depends(_live)]) -> AsyncIterator[ServerSentEvent]:
    """Server-Sent Events: `meta` (ids), `delta` (`{"text"}`: an LLM's draft as it is written, else the
    answer in pieces) and `final` (the full response, which replaces the draft)."""
    async for name, data in live.events():
        yield ServerSentEvent(event=name, data=data)


@router.get("/suggestions", responses=errors(503))
async def suggestions(services: ServicesDep) -> dict[str, list[str]]:
    """Starter questions for an empty chat."""
    return {"suggestions": services.suggester.starters()}
