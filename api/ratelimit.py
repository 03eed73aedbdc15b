"""Per-client rate limits for the public chat endpoints: in process by default, Redis when configured.

Fixed one-minute windows: simple, predictable, and the same arithmetic in both backends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from fastapi import HTTPException, Request


class RateLimiter(Protocol):
    def allow(self, key: str) -> tuple[bool, int]:
        """(allowed, seconds until the window resets)."""
        ...


class InProcessRateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0:
            raise ValueError(f"per_minute must be positive, got {per_minute}")
        self.per_minute = per_minute
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def allow(self, key: str) -> tuple[bool, int]:
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


class RedisRateLimiter:
    def __init__(self, url: str, per_minute: int) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.per_minute = per_minute

    def allow(self, key: str) -> tuple[bool, int]:
        window = int(time.time() // 60)
        name = f"exporters:rate:{key}:{window}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, 61)
        count, _ = pipe.execute()
        return int(count) <= self.per_minute, int(60 - time.time() % 60) + 1


def enforce(request: Request) -> None:
    """A FastAPI dependency: 429 with Retry-After when the client is over its limit."""
    limiter: RateLimiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "unknown"
    allowed, retry_after = limiter.allow(client)
    if not allowed:
        raise HTTPException(
            status_code=429,
            detail=f"Too many requests; try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
