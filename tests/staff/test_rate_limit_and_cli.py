"""Rate limits on public endpoints (in process and Redis), and the staff token commands."""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import uuid

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.ratelimit import InProcessRateLimiter, RedisRateLimiter
from assistant import cli
from assistant.health import Health
from assistant.settings import Settings
from assistant.wiring import Services


def test_in_process_limiter_counts_per_client_per_minute() -> None:
    now = [120.0]
    limiter = InProcessRateLimiter(2, clock=lambda: now[0])
    assert limiter.count("a")[0] and limiter.count("a")[0]
    allowed, retry = limiter.count("a")
    assert not allowed and 1 <= retry <= 61
    assert limiter.count("b")[0], "clients are counted separately"
    now[0] += 60
    assert limiter.count("a")[0], "a new minute starts a new window"


def test_redis_limiter_when_redis_is_reachable(one_rate_window) -> None:  # type: ignore[no-untyped-def]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379; start it to test the shared rate limit")
    limiter = RedisRateLimiter("redis://127.0.0.1:6379/0", per_minute=3, health=Health())
    key = f"test-{uuid.uuid4()}"

    async def four() -> list[bool]:
        return [(await limiter.allow(key))[0] for _ in range(4)]

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever else runs here
        assert pool.submit(asyncio.run, four()).result() == [True, True, True, False]


def test_public_endpoints_answer_429_with_retry_after(corpus_services, one_rate_window) -> None:  # type: ignore[no-untyped-def]
    settings = corpus_services.settings.model_copy(update={"rate_limit_per_minute": 2})
    services = Services(settings, embedder=corpus_services.embedder, store=corpus_services.store)
    with TestClient(create_app(services, warm_up=False)) as client:
        codes = [client.post("/api/eligibility/check", json={"buyer_country": "DE"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        limited = client.post("/api/chat", json={"message": "What is CIRR?"})
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200, "operations endpoints are not limited"


def test_staff_token_commands(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert cli.main(["staff", "create-token", "bob"]) == 0
    token = capsys.readouterr().out.strip()
    services = Services(Settings())
    assert services.staff.staff_name(token) == "bob"
    assert cli.main(["staff", "create-token", "bob"]) == 2, "one live token per name"
    assert cli.main(["staff", "revoke", "bob"]) == 0
    assert services.staff.staff_name(token) is None
    assert cli.main(["staff", "revoke", "bob"]) == 1
