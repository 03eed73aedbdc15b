"""Staff-only routes: drafts, reviews, the queue and the knowledge check. All need a token (the inbox: inbox.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.auth import StaffDep
from api.deps import ServicesDep
from api.responses import BODY, errors
from api.schemas import ID_PATTERN, SafeText
from assistant.guardrails.pii import redact
from assistant.knowledge.check import check_knowledge
from assistant.staff.drafts import MAX_INQUIRY_CHARS

router = APIRouter(tags=["staff"], responses=errors(401, 503))
Id = Annotated[str, Path(pattern=ID_PATTERN, max_length=64)]


_EXAMPLE = (
    "Hello, we make AI servers in Texas. What down payment does EXIM need on a 5-year deal? And do we need a "
    "licence to ship 4A090 servers to Vietnam? The deal is $2M, 70% U.S. content. Thanks, Sam"
)


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"inquiry": _EXAMPLE}]})

    inquiry: SafeText = Field(min_length=1, max_length=MAX_INQUIRY_CHARS)
    handoff_id: int | None = Field(None, ge=1, le=2**31 - 1, description="The hand-off this reply is drafted for.")


class DraftResponse(BaseModel):
    draft_id: str
    draft: str
    citations: list[dict[str, Any]]
    facts: dict[str, Any]
    eligibility: dict[str, Any] | None
    status: str


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["approved", "rejected"]
    text: SafeText | None = Field(None, max_length=20_000, description="The edited reply or corrected answer.")
    key_facts: list[Annotated[SafeText, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=20,
        description="Facts a correct answer must contain (become test expectations).",
    )
    sources: list[Annotated[SafeText, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="Document ids that should be cited."
    )


def _clean_review(review: ReviewRequest) -> tuple[str | None, list[str], list[str]]:
    text = redact(review.text).text if review.text else None
    return text, [redact(f).text for f in review.key_facts if f.strip()], review.sources


@router.get("/api/staff/me")
async def me(staff: StaffDep) -> dict[str, str]:
    return {"name": staff}


@router.post("/api/drafts", response_model=DraftResponse, responses=errors(*BODY, 404))
async def draft(request: DraftRequest, staff: StaffDep, services: ServicesDep) -> DraftResponse:
    if request.handoff_id is not None and not await run_in_threadpool(services.cases.exists, request.handoff_id):
        raise HTTPException(status_code=404, detail=f"no hand-off with id {request.handoff_id}")
    written = await run_in_threadpool(services.drafts.write, request.inquiry)
    draft_id = await run_in_threadpool(
        services.staff.save_draft,
        staff,
        written.inquiry,
        written.draft,
        written.citations,
        written.facts,
        written.eligibility,
        request.handoff_id,
    )
    if request.handoff_id is not None:
        await run_in_threadpool(services.cases.log, request.handoff_id, staff, "drafted")
    return DraftResponse(
        draft_id=draft_id,
        draft=written.draft,
        citations=written.citations,
        facts=written.facts,
        eligibility=written.eligibility,
        status=written.status.value,
    )


@router.post("/api/drafts/{draft_id}/review", status_code=204, responses=errors(*BODY, 404, 409))
async def review_draft(draft_id: Id, review: ReviewRequest, staff: StaffDep, services: ServicesDep) -> None:
    """One review per draft: a second one (a double click) is refused with 409 `already_reviewed`."""
    text, facts, sources = _clean_review(review)
    case_id = await run_in_threadpool(
        services.staff.review_draft, draft_id, staff, review.decision, text, facts, sources
    )
    if case_id is not None:
        await run_in_threadpool(services.cases.log, case_id, staff, review.decision)


@router.post("/api/staff/turns/{turn_id}/review", status_code=204, responses=errors(*BODY, 404))
async def review_turn(turn_id: Id, review: ReviewRequest, staff: StaffDep, services: ServicesDep) -> None:
    text, facts, sources = _clean_review(review)
    await run_in_threadpool(services.staff.review_turn, turn_id, staff, review.decision, text, facts, sources)


@router.get("/api/staff/queue")
async def queue(staff: StaffDep, services: ServicesDep) -> dict[str, list[dict[str, Any]]]:
    return await run_in_threadpool(services.staff.queue)


@router.get("/api/staff/knowledge")
async def knowledge(
    staff: StaffDep, services: ServicesDep, today: Annotated[date | None, Query()] = None
) -> dict[str, Any]:
    """The knowledge check's findings (stale, lapsed, unlinked, conflicting), as `knowledge check --json`."""
    paths = services.settings.paths
    report = await run_in_threadpool(check_knowledge, paths.knowledge_dir, paths.config_dir, today or date.today())
    return report.to_json()
