"""POST /api/chat and POST /api/chat/stream (Server-Sent Events)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import MetricsDep, ServicesDep
from api.facts import facts_from
from api.handoff_schemas import Secret
from api.ratelimit import enforce
from api.responses import BODY, errors
from api.schemas import ChatRequest
from assistant.context import ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])
limited = [Depends(enforce)]
_ERRORS = errors(*BODY, 404, 409, 429, 503)


async def _answer(request: ChatRequest, services: ServicesDep, metrics: MetricsDep, secret: str | None) -> ChatResponse:
    if request.conversation_id is not None:  # only its owner continues a conversation (else 404)
        await run_in_threadpool(services.owners.require_owner, request.conversation_id, secret)
    facts = facts_from(services, request.facts)
    started = time.perf_counter()
    response, _ = await run_in_threadpool(services.turns.handle, request.message, request.conversation_id, facts)
    metrics.turn_seconds.observe(time.perf_counter() - started)
    metrics.turns.labels(response.status.value).inc()
    return response


@router.post("/chat", response_model=ChatResponse, responses=_ERRORS, dependencies=limited)
async def chat(
    request: ChatRequest, services: ServicesDep, metrics: MetricsDep, x_conversation_secret: Secret = None
) -> ChatResponse:
    """A turn. A new conversation's first response carries `conversation_secret`; send it back in the
    X-Conversation-Secret header to continue the conversation."""
    return await _answer(request, services, metrics, x_conversation_secret)


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


def _pieces(text: str, words: int = 4) -> list[str]:
    tokens = text.split(" ")
    return [
        " ".join(tokens[i : i + words]) + (" " if i + words < len(tokens) else "") for i in range(0, len(tokens), words)
    ]


@router.post("/chat/stream", responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS}, dependencies=limited)
async def chat_stream(
    request: ChatRequest, services: ServicesDep, metrics: MetricsDep, x_conversation_secret: Secret = None
) -> StreamingResponse:
    # The turn runs before streaming starts, so bad input still gets a plain 4xx JSON error.
    response = await _answer(request, services, metrics, x_conversation_secret)

    async def events() -> AsyncIterator[str]:
        meta = {"conversation_id": response.conversation_id, "turn_id": response.turn_id}
        if response.conversation_secret:
            meta["conversation_secret"] = response.conversation_secret
        yield _event("meta", meta)
        for piece in _pieces(response.answer):
            yield _event("delta", {"text": piece})
            await asyncio.sleep(0)
        yield _event("final", response.model_dump(mode="json"))

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/suggestions", responses=errors(503))
async def suggestions(services: ServicesDep) -> dict[str, list[str]]:
    """Starter questions for an empty chat."""
    return {"suggestions": services.suggester.starters()}
