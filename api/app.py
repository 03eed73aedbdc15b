"""The app factory: `create_app(services)` builds the FastAPI app around already-built services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.metrics import Metrics
from api.middleware import BodySizeLimit, RequestMetrics
from api.ratelimit import InProcessRateLimiter, RateLimiter, RedisRateLimiter
from api.routers import chat, eligibility, feedback, health, pages, staff
from assistant.wiring import Services

MAX_BODY_BYTES = 64 * 1024


def create_app(services: Services, warm_up: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            services.warm_up()  # model load and example embeddings now, not on the first request
        services.conversations  # noqa: B018 - creates the schema before the first request
        yield

    app = FastAPI(
        title="The exporters' assistant",
        description=(
            "Cited, dated answers about EXIM financing, the ExportAI Initiative and BIS export controls, "
            "and a "
            "deterministic eligibility check. EXIM decides on financing and BIS on export licences."
        ),
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.metrics = metrics = Metrics()
    settings = services.settings
    limiter: RateLimiter = (
        RedisRateLimiter(settings.redis_url, settings.rate_limit_per_minute)
        if settings.redis_url
        else InProcessRateLimiter(settings.rate_limit_per_minute)
    )
    app.state.rate_limiter = limiter
    errors.install(app)
    for router in (chat.router, feedback.router, eligibility.router, health.router, pages.router, staff.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.add_middleware(RequestMetrics, metrics=metrics)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    return app
