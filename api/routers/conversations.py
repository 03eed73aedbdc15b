"""A conversation for its owner (the browser holding its secret) and for staff: read it, write to the
help desk, leave a contact e-mail, delete it. Without the secret or a staff token it is not found (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from api.auth import MaybeStaffDep
from api.deps import ServicesDep
from api.handoff_schemas import (
    MAX_MESSAGE_BODY,
    ContactRequest,
    ConversationId,
    CustomerMessageResponse,
    MessageRequest,
    Secret,
)
from api.ratelimit import enforce
from api.responses import BODY, errors
from assistant.guardrails.pii import redact
from assistant.guardrails.text import clean_message
from assistant.wiring import Services

router = APIRouter(prefix="/api/conversations", tags=["conversations"], responses=errors(404, 422, 503))
limited = [Depends(enforce)]


def owner_view(services: Services, conversation_id: str) -> dict[str, Any]:
    conversation = services.conversations.conversation(conversation_id)
    for message in conversation["messages"]:
        message["author"] = None  # the customer sees "Help desk", not which staff member
    conversation["handoff"] = services.cases.for_conversation(conversation_id)
    conversation["contact"] = {"given": services.owners.contact(conversation_id)["email"] is not None}
    last_activity = datetime.fromisoformat(conversation["updated_at"])
    conversation["expires_at"] = (last_activity + services.owners.retention).isoformat()
    return conversation


def staff_view(services: Services, conversation_id: str) -> dict[str, Any]:
    services.owners.require_live(conversation_id)
    conversation = services.conversations.conversation(conversation_id)
    conversation["handoff"] = services.cases.for_conversation(conversation_id)
    return conversation


@router.get("/{conversation_id}", dependencies=limited, responses=errors(429))
async def read(
    conversation_id: ConversationId, services: ServicesDep, staff: MaybeStaffDep, x_conversation_secret: Secret = None
) -> dict[str, Any]:
    """The transcript: turns, help-desk messages, the hand-off's reference and status. Its owner (header
    X-Conversation-Secret) or staff (bearer token); anyone else gets 404."""
    if staff is not None:
        return await run_in_threadpool(staff_view, services, conversation_id)
    await run_in_threadpool(services.owners.require_owner, conversation_id, x_conversation_secret)
    return await run_in_threadpool(owner_view, services, conversation_id)


@router.delete("/{conversation_id}", status_code=204, dependencies=limited, responses=errors(429))
async def delete(conversation_id: ConversationId, services: ServicesDep, x_conversation_secret: Secret = None) -> None:
    """Delete the conversation and everything kept with it (hand-off, messages, feedback). Owner only."""
    await run_in_threadpool(services.owners.require_owner, conversation_id, x_conversation_secret)
    await run_in_threadpool(services.owners.delete, conversation_id)


@router.post(
    "/{conversation_id}/messages",
    status_code=201,
    response_model=CustomerMessageResponse,
    dependencies=limited,
    responses=errors(*BODY, 409, 429),
)
async def write(
    conversation_id: ConversationId,
    message: MessageRequest,
    services: ServicesDep,
    x_conversation_secret: Secret = None,
) -> CustomerMessageResponse:
    """The customer answers the help desk (409 if the conversation was never handed off)."""
    await run_in_threadpool(services.owners.require_owner, conversation_id, x_conversation_secret)
    body = redact(clean_message(message.body, MAX_MESSAGE_BODY)).text
    message_id = await run_in_threadpool(services.cases.customer_message, conversation_id, body)
    case = await run_in_threadpool(services.cases.for_conversation, conversation_id)
    assert case is not None
    return CustomerMessageResponse(id=message_id, reference=case["reference"], status=case["status"])


@router.put("/{conversation_id}/contact", status_code=204, dependencies=limited, responses=errors(*BODY, 429))
async def give_contact(
    conversation_id: ConversationId,
    contact: ContactRequest,
    services: ServicesDep,
    x_conversation_secret: Secret = None,
) -> None:
    """An e-mail address for the help desk to write to, kept only with explicit consent (422 without)."""
    await run_in_threadpool(services.owners.require_owner, conversation_id, x_conversation_secret)
    await run_in_threadpool(services.owners.set_contact, conversation_id, contact.email.strip(), contact.consent)


@router.delete("/{conversation_id}/contact", status_code=204, dependencies=limited, responses=errors(429))
async def withdraw_contact(
    conversation_id: ConversationId, services: ServicesDep, x_conversation_secret: Secret = None
) -> None:
    await run_in_threadpool(services.owners.require_owner, conversation_id, x_conversation_secret)
    await run_in_threadpool(services.owners.withdraw_contact, conversation_id)
