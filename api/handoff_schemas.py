"""Request and response models of the hand-off loop: the owner's conversation, messages, the inbox."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Header, Path
from pydantic import BaseModel, ConfigDict, Field

from api.schemas import ID_PATTERN, SafeText

MAX_MESSAGE_BODY = 4000
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$"
ConversationId = Annotated[str, Path(pattern=ID_PATTERN, max_length=64)]
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # the column is a 32-bit integer
Secret = Annotated[
    str | None,
    Header(
        max_length=128,
        description="The conversation's secret, returned once as `conversation_secret` when it was created.",
    ),
]


class MessageRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"body": "Thanks — the buyer is a private company."}]}
    )

    body: SafeText = Field(min_length=1, max_length=MAX_MESSAGE_BODY)


class CustomerMessageResponse(BaseModel):
    id: int
    reference: str
    status: str


class ContactRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "sam@example.com", "consent": True}]}
    )

    email: SafeText = Field(max_length=254, pattern=EMAIL_PATTERN, description="Where the help desk may write.")
    consent: bool = Field(description="True only if the customer agreed that the help desk may e-mail them.")


class ReplyRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"body": "Hello Sam, EXIM needs a 15% cash payment."}]}
    )

    body: SafeText = Field(min_length=1, max_length=MAX_MESSAGE_BODY)
    draft_id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)] | None = Field(
        None, description="The draft this reply started from: it is recorded as approved (or corrected)."
    )


class ReplyResponse(BaseModel):
    message_id: int
    status: Literal["waiting"] = "waiting"


class ResolveRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"note": "Answered: 15% cash payment; no licence needed."}]}
    )

    note: SafeText = Field(min_length=1, max_length=2000, description="What was done, for the record.")


class InboxResponse(BaseModel):
    items: list[dict[str, Any]]
    counts: dict[str, int]
    total: int
    page: int
    per_page: int
