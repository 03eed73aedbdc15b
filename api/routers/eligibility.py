"""POST /api/eligibility/check: DealFacts → EligibilityResult, straight from the engine."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from api.deps import MetricsDep, ServicesDep
from api.facts import facts_schema, parse_facts
from api.ratelimit import enforce
from api.responses import BODY, errors
from assistant.eligibility.facts import DealFacts
from assistant.eligibility.models import EligibilityResult

router = APIRouter(prefix="/api/eligibility", tags=["eligibility"])


@router.post(
    "/check",
    dependencies=[Depends(enforce)],
    response_model=EligibilityResult,
    responses=errors(*BODY, 429),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": facts_schema(),
                    "example": DealFacts.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
                }
            },
        }
    },
)
async def check(
    services: ServicesDep, metrics: MetricsDep, facts: Annotated[dict[str, Any], Body()]
) -> EligibilityResult:
    # The body is validated here (strict types and bounds, then the country table); every bad field is named.
    result = services.eligibility.check(parse_facts(services.eligibility, facts))
    metrics.eligibility.labels(result.outcome).inc()
    return result
