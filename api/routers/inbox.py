"""Staff-only routes of the inbox: the list of cases, one case, assign to me, reply, resolve with a note."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.auth import StaffDep
from api.deps import ServicesDep
from api.handoff_schemas import CaseId, InboxResponse, ReplyRequest, ReplyResponse, ResolveRequest
from api.responses import BODY, errors
from api.schemas import SafeText
from assistant.guardrails.pii import redact
from assistant.staff.inbox import InboxQuery
from assistant.staff.store import AlreadyReviewed
from assistant.wiring import Services

router = APIRouter(prefix="/api/staff", tags=["staff"], responses=errors(401, 503))
Code = Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")]


@router.get("/inbox", response_model=InboxResponse, responses=errors(422))
async def inbox(
    staff: StaffDep,
    services: ServicesDep,
    tab: Literal["open", "waiting", "resolved"] = "open",
    q: Annotated[SafeText | None, Query(max_length=200, description="Words in the transcript or messages.")] = None,
    reason: Code = None,
    outcome: Code = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    item: Code = None,
    age: Literal["day", "week", "older"] | None = None,
    assigned: Literal["me", "unassigned"] | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 25,
) -> dict[str, Any]:
    """A page of cases in one tab (newest activity first), the count of every tab under the same filters."""
    assigned_to = {"me": staff, "unassigned": ""}.get(assigned or "")
    query = InboxQuery(tab, q, reason, outcome, country, item, age, assigned_to, page, per_page)
    return await run_in_threadpool(services.inbox.list, query)


def _case_view(services: Services, case_id: int) -> dict[str, Any]:
    case = services.cases.case(case_id)
    case["conversation"] = services.conversations.conversation(case["conversation_id"])
    case["headline"] = services.inbox.headline(case, case["packet"])
    return case


@router.get("/handoffs/{handoff_id}", responses=errors(404, 422))
async def case(handoff_id: CaseId, staff: StaffDep, services: ServicesDep) -> dict[str, Any]:
    """One case: headline, packet, the whole conversation with its messages, activity, contact if given."""
    return await run_in_threadpool(_case_view, services, handoff_id)


@router.post("/handoffs/{handoff_id}/assign", status_code=204, responses=errors(404, 422))
async def assign(handoff_id: CaseId, staff: StaffDep, services: ServicesDep) -> None:
    """Assign the case to me."""
    await run_in_threadpool(services.cases.assign, handoff_id, staff)


def _approve_draft(services: Services, case_id: int, staff: str, draft_id: str, body: str) -> None:
    try:
        drafted_for = services.staff.review_draft(draft_id, staff, "approved", body, [], [])
    except AlreadyReviewed:
        return  # approved before sending: the reply still goes out
    if drafted_for == case_id:
        services.cases.log(case_id, staff, "approved")


@router.post(
    "/handoffs/{handoff_id}/reply", status_code=201, response_model=ReplyResponse, responses=errors(*BODY, 404, 409)
)
async def reply(handoff_id: CaseId, request: ReplyRequest, staff: StaffDep, services: ServicesDep) -> ReplyResponse:
    """Write to the customer: the message appears in their conversation; the case waits for them."""
    body = redact(request.body).text
    if not await run_in_threadpool(services.cases.exists, handoff_id):
        await run_in_threadpool(services.cases.case, handoff_id)  # UnknownCase → 404
    if request.draft_id:
        await run_in_threadpool(_approve_draft, services, handoff_id, staff, request.draft_id, body)
    message_id = await run_in_threadpool(services.cases.reply, handoff_id, staff, body)
    return ReplyResponse(message_id=message_id)


@router.post("/handoffs/{handoff_id}/resolve", status_code=204, responses=errors(*BODY, 404, 409))
async def resolve(handoff_id: CaseId, request: ResolveRequest, staff: StaffDep, services: ServicesDep) -> None:
    """Resolve the case with a note of what was done (409 if it is already resolved)."""
    await run_in_threadpool(services.cases.resolve, handoff_id, staff, redact(request.note).text)
