"""Liveness, readiness (every dependency a turn needs answers, within a second) and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from api.deps import MetricsDep
from api.readiness import Readiness

router = APIRouter(tags=["operations"])


class ReadinessReport(BaseModel):
    status: str
    checks: dict[str, bool]
    failed: dict[str, str] | None = None
    index_build: str | None = None
    worker: int | None = None


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (answers even while a dependency is hung)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=ReadinessReport,
    responses={503: {"model": ReadinessReport, "description": "Not ready; `failed` names each dependency."}},
)
async def readyz(request: Request) -> JSONResponse:
    """Ready (200) when the index, database, Chroma and disk all answer; 503 naming each that does not.
    Redis is optional: its outage is reported as "degraded" with 200 (rate limits fall back to the process)."""
    readiness: Readiness = request.app.state.readiness
    report = await readiness.check()
    return JSONResponse(status_code=200 if report.ready else 503, content=report.body())


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(metrics: MetricsDep) -> Response:
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
