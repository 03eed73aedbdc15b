"""/readyz: is every dependency a turn needs answering now? Within a second, whatever is hung.

Each probe runs on a small executor of its own (never the event loop, never the request thread pool
that a hung dependency may have filled) and gets `ready_timeout_seconds`; a probe still running from
an earlier call is awaited again instead of being started twice, so a hung dependency holds one
thread, not one per poll. A probe's result also opens or closes that dependency's circuit in Health:
a passing probe is how the service notices a dependency is back.

Required (503 when failing): index, database, chroma, disk. Optional (200, status "degraded"): redis,
whose outage only moves rate limits into the process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import DependencyUnavailable, IndexNotReady
from assistant.wiring import Services

REQUIRED = ("index", "database", "chroma", "disk")


@dataclass
class Report:
    checks: dict[str, bool] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    index_build: str | None = None

    @property
    def ready(self) -> bool:
        return all(self.checks.get(name, False) for name in REQUIRED)

    def body(self) -> dict[str, Any]:
        status = "not_ready" if not self.ready else "degraded" if self.failed else "ready"
        # `worker` (the process id) tells which of the server's workers answered.
        body: dict[str, Any] = {"status": status, "checks": self.checks, "worker": os.getpid()}
        if self.failed:
            body["failed"] = self.failed
        if self.index_build:
            body["index_build"] = self.index_build
        return body


class Readiness:
    def __init__(self, services: Services, redis_ping: Callable[[], Any] | None = None) -> None:
        self.services = services
        self.redis_ping = redis_ping
        self.timeout = services.settings.serving.ready_timeout_seconds
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")
        self._running: dict[str, concurrent.futures.Future[Any]] = {}
        self._lock = threading.Lock()

    def _submit(self, name: str, probe: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        with self._lock:
            running = self._running.get(name)
            if running is None or running.done():
                running = self._running[name] = self._pool.submit(probe)
            return running

    async def check(self) -> Report:
        probes: dict[str, Callable[[], Any]] = {
            "index": self._index,
            "database": self.services.conversations.ping,
            "chroma": self._chroma,
            "disk": self._disk,
        }
        futures = {name: asyncio.wrap_future(self._submit(name, probe)) for name, probe in probes.items()}
        if self.redis_ping is not None:
            futures["redis"] = asyncio.ensure_future(self.redis_ping())
        await asyncio.wait(futures.values(), timeout=self.timeout)
        report = Report()
        for name, future in futures.items():
            if not future.done():
                if name == "redis":
                    future.cancel()
                outcome: Any = TimeoutError(f"no answer within {self.timeout:g} s")
            else:
                outcome = future.exception() or future.result()
            ok = not isinstance(outcome, BaseException)
            report.checks[name] = ok
            if ok:
                if name == "index":
                    report.index_build = outcome
                if name in ("database", "chroma"):
                    self.services.health.succeeded(name)
            else:
                reason = outcome.reason if isinstance(outcome, DependencyUnavailable) else _reason(outcome)
                report.failed[name] = reason
                if name in ("database", "chroma", "redis"):
                    self.services.health.failed(name, reason)
        return report

    def _index(self) -> str:
        return self.services.index.snapshot().build_id

    def _chroma(self) -> None:
        try:
            collection = self.services.index.snapshot().collection
        except IndexNotReady:  # that is the index's failure; Chroma only has to answer
            self.services.store.list_collections()
            return
        self.services.store.count(collection)  # the serving collection must answer: Chroma's cheapest real read

    def _disk(self) -> None:
        data_dir = self.services.settings.paths.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        stats = os.statvfs(data_dir)
        free_mb = stats.f_bavail * stats.f_frsize / 2**20
        minimum = self.services.settings.serving.min_free_disk_mb
        if free_mb < minimum:
            raise DependencyUnavailable("disk", f"{free_mb:.0f} MiB free under DATA_DIR, below {minimum} MiB")
        failure = self.services.health.failing("disk")
        if failure is not None:  # a write just failed for lack of space (the database said so)
            raise DependencyUnavailable("disk", failure.reason)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
