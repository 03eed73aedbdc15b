"""The app factory: `create_app(services)` builds the FastAPI app around already-built services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api import errors
from api.client import parse_networks
from api.metrics import Metrics
from api.middleware import BodySizeLimit, RequestMetrics, SecurityHeaders
from api.ratelimit import InProcessRateLimiter, RateLimiter, RedisRateLimiter
from api.readiness import Readiness
from api.routers import chat, conversations, eligibility, feedback, health, inbox, pages, reference, staff
from api.turn_queue import TurnQueue
from assistant.errors import DependencyUnavailable
from assistant.wiring import Services

MAX_BODY_BYTES = 64 * 1024
PURGE_EVERY_SECONDS = 3600
log = logging.getLogger(__name__)


async def purge_expired(services: Services) -> None:
    """Delete conversations past their retention period, now and every hour (each worker; deletes are idempotent)."""
    while True:
        try:
            deleted = await anyio.to_thread.run_sync(services.owners.purge)
            if deleted:
                log.info("deleted %d expired conversations", deleted)
        except Exception as exc:  # a database outage must not end the loop; the next round tries again
            log.warning("purging expired conversations failed: %s", type(exc).__name__)
        await asyncio.sleep(PURGE_EVERY_SECONDS)


def create_app(services: Services, warm_up: bool = True) -> FastAPI:
    settings = services.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Blocking work (model, database, Chroma) runs on a bounded thread pool of this size.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.serving.worker_threads
        if warm_up:
            services.warm_up()  # model load and example embeddings now, not on the first request
        try:
            services.conversations  # noqa: B018 - migrates the schema before the first request
        except DependencyUnavailable as exc:  # start anyway: /readyz says why, and it recovers by itself
            log.warning("starting without the database: %s", exc)
        purging = asyncio.create_task(purge_expired(services))
        yield
        purging.cancel()
        readiness.close()

    app = FastAPI(
        title="The exporters' assistant",
        description=(
            "Cited, dated answers about EXIM financing, the ExportAI Initiative and BIS export controls, "
            "and a deterministic eligibility check. EXIM decides on financing and BIS on export licences."
        ),
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by pages.api_docs from the installed package, not from a CDN
        redoc_url=None,
    )
    app.state.services = services
    app.state.metrics = metrics = Metrics()
    app.state.turn_queue = TurnQueue(settings.serving.turn_concurrency)
    app.state.trusted_proxies = parse_networks(settings.serving.trusted_proxies)
    limiter: RateLimiter = (
        RedisRateLimiter(
            settings.redis_url, settings.rate_limit_per_minute, services.health, settings.serving.redis_timeout_seconds
        )
        if settings.redis_url
        else InProcessRateLimiter(settings.rate_limit_per_minute)
    )
    app.state.rate_limiter = limiter
    app.state.readiness = readiness = Readiness(services, limiter.ping if settings.redis_url else None)
    errors.install(app)
    routers = (chat, conversations, feedback, eligibility, health, pages, reference, staff, inbox)
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    app.add_middleware(RequestMetrics, metrics=metrics)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders)
    return app
