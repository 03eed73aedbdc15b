"""Request and response models of the HTTP contract (ARCHITECTURE §6), with examples."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.guardrails.text import MAX_MESSAGE_CHARS


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "message": "What down payment does EXIM require on a medium-term deal?",
                    "conversation_id": None,
                    "facts": None,
                }
            ]
        },
    )

    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    conversation_id: str | None = Field(None, max_length=64)
    facts: dict[str, Any] | None = Field(None, description="DealFacts (see POST /api/eligibility/check).")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "conversation_id": "…",
                    "turn_id": "…",
                    "rating": "down",
                    "comment": "The answer missed the 15% cash payment.",
                }
            ]
        },
    )

    conversation_id: str = Field(min_length=1, max_length=64)
    turn_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    id: int
    status: Literal["recorded"] = "recorded"


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, str]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
