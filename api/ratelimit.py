"""Per-client rate limits for the public endpoints: in process by default, Redis when configured.

Fixed one-minute windows: simple, predictable, and the same arithmetic in both backends. The client
is the connection's peer address; `X-Forwarded-For` is believed only from TRUSTED_PROXIES
(api/client.py), so a header cannot buy a fresh quota.

Redis down degrades, it does not fail: the limit falls back to this process's own counts (logged
once per outage through Health, shown as "degraded" by /readyz), and Redis is tried again after the
health cooldown. Redis calls are asynchronous with a short timeout: never a blocking call on the
event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from fastapi import HTTPException, Request

from api.client import client_address
from assistant.health import Health


class RateLimiter(Protocol):
    async def allow(self, key: str) -> tuple[bool, int]:
        """(allowed, seconds until the window resets)."""
        ...

    async def ping(self) -> None:
        """Raises when the backend cannot be reached (only a shared backend can fail)."""
        ...


class InProcessRateLimiter:
    # Wall-clock minutes, as in Redis: the windows of both backends (and Retry-After) agree, and a
    # caller can tell when a window turns.
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.time) -> None:
        if per_minute <= 0:
            raise ValueError(f"per_minute must be positive, got {per_minute}")
        self.per_minute = per_minute
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def count(self, key: str) -> tuple[bool, int]:
        now = self.clock()
        window = int(now // 60)
        with self._lock:
            if len(self._windows) > 100_000:  # forget old windows; memory stays bounded
                self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
            start, count = self._windows.get(key, (window, 0))
            if start != window:
                start, count = window, 0
            count += 1
            self._windows[key] = (start, count)
        return count <= self.per_minute, int(60 - now % 60) + 1

    async def allow(self, key: str) -> tuple[bool, int]:
        return self.count(key)

    async def ping(self) -> None:
        return None


class RedisRateLimiter:
    def __init__(self, url: str, per_minute: int, health: Health, timeout_seconds: float = 0.3) -> None:
        self.url = url
        self.per_minute = per_minute
        self.health = health
        self.timeout = timeout_seconds
        self.fallback = InProcessRateLimiter(per_minute)
        self._clients: dict[int, Any] = {}  # one asyncio client per event loop (tests run several loops)

    def _client(self) -> Any:
        import redis.asyncio as redis

        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            self._clients[loop] = redis.Redis.from_url(
                self.url, socket_timeout=self.timeout, socket_connect_timeout=self.timeout, retry_on_timeout=False
            )
        return self._clients[loop]

    async def allow(self, key: str) -> tuple[bool, int]:
        if self.health.failing("redis") is not None:
            return self.fallback.count(key)
        window = int(time.time() // 60)
        name = f"exporters:rate:{key}:{window}"
        try:
            async with asyncio.timeout(self.timeout * 2):
                pipe = self._client().pipeline()
                pipe.incr(name)
                pipe.expire(name, 61)
                count, _ = await pipe.execute()
        except Exception as exc:
            self.health.failed("redis", f"{type(exc).__name__}; rate limits are counted in this process")
            return self.fallback.count(key)
        self.health.succeeded("redis")
        return int(count) <= self.per_minute, int(60 - time.time() % 60) + 1

    async def ping(self) -> None:
        async with asyncio.timeout(self.timeout * 2):
            await self._client().ping()


async def enforce(request: Request) -> None:
    """A FastAPI dependency: 429 with Retry-After when the client is over its limit."""
    limiter: RateLimiter = request.app.state.rate_limiter
    allowed, retry_after = await limiter.allow(client_address(request, request.app.state.trusted_proxies))
    if not allowed:
        raise HTTPException(
            status_code=429,
            detail=f"Too many requests; try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
