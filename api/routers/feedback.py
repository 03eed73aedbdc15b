"""POST /api/feedback: thumbs up or down on a turn, with an optional comment (redacted)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from api.deps import MetricsDep, ServicesDep
from api.ratelimit import enforce
from api.responses import BODY, errors
from api.schemas import FeedbackRequest, FeedbackResponse
from assistant.guardrails.pii import redact
from assistant.guardrails.text import clean_message

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    dependencies=[Depends(enforce)],
    response_model=FeedbackResponse,
    status_code=201,
    responses=errors(*BODY, 404, 429, 503),
)
async def feedback(request: FeedbackRequest, services: ServicesDep, metrics: MetricsDep) -> FeedbackResponse:
    comment = redact(clean_message(request.comment)).text if request.comment and request.comment.strip() else None
    feedback_id = await run_in_threadpool(
        services.conversations.add_feedback, request.conversation_id, request.turn_id, request.rating, comment
    )
    metrics.feedback.labels(request.rating).inc()
    return FeedbackResponse(id=feedback_id)
