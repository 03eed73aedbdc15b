"""Request and response models of the HTTP contract (ARCHITECTURE §6), with examples."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from assistant.guardrails.text import MAX_MESSAGE_CHARS

# NUL (which PostgreSQL cannot store), lone surrogates (which cannot be encoded) and Unicode
# non-characters (U+FDD0-U+FDEF and the last two code points of every plane) are refused at the edge.
_UNSAFE = re.compile(
    r"[\x00\ud800-\udfff\ufdd0-\ufdef" + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17)) + "]"
)


def _safe(value: str) -> str:
    if _UNSAFE.search(value):
        raise ValueError("must not contain NUL, unpaired surrogates or Unicode non-characters")
    return value


SafeText = Annotated[str, AfterValidator(_safe)]
# Ids the API hands out are UUIDs; anything outside this shape cannot name a stored row.
ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


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

    message: SafeText = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    conversation_id: Id | None = None
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

    conversation_id: Id
    turn_id: Id
    rating: Literal["up", "down"]
    comment: SafeText | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    id: int
    status: Literal["recorded"] = "recorded"


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, str]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
