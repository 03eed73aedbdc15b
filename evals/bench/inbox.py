"""The staff inbox with 2,000 open cases (plus waiting and resolved ones): list, search and filter through
the real app (staff token, JSON), on PostgreSQL and SQLite. Goal: p95 <= 150 ms on PostgreSQL.

PostgreSQL: BENCH_DATABASE_URL, default a database `bench_inbox` on 127.0.0.1 (created if missing,
emptied at each run: use a database of its own). Run alone with `python -m evals.bench.inbox`.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, insert, text
from sqlalchemy.engine import make_url

from api.app import create_app
from assistant.settings import Settings
from assistant.storage.deadline import hold_longer
from assistant.storage.schema import HandoffRow, now
from assistant.wiring import Services
from evals.metrics import percentile

GOAL_P95_MS = 150.0
OPEN_CASES, WAITING_CASES, RESOLVED_CASES = 2000, 500, 1500
REPEATS = 60
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_inbox"
ITEMS = ["ai_servers", "ai_chips", "networking", "data_center_equipment", "ai_software", "cloud_services"]
COUNTRIES = ["VN", "IN", "BR", "MX", "DE", "AE", "SA", "ID", "TH", "PL"]
LICENCES = ["not_applied", "pending", "approved", "not_required", None]
QUERIES: dict[str, dict[str, str]] = {
    "list (open tab, page 1)": {},
    "list (open tab, page 40)": {"page": "40"},
    "search 'vietnam'": {"q": "vietnam"},
    "search a rare phrase": {"q": "letter of credit from a bank in lagos"},
    "filter country + item": {"country": "VN", "item": "ai_servers"},
    "filter reason + outcome + age": {"reason": "refer_to_human", "outcome": "refer_to_human", "age": "week"},
    "search + filter, waiting tab": {"tab": "waiting", "q": "servers", "country": "IN"},
}


def _packet(rng: random.Random, n: int) -> dict[str, Any]:
    country, item = rng.choice(COUNTRIES), rng.choice(ITEMS)
    facts = {
        "buyer_country": country,
        "item": item,
        "contract_value_usd": float(rng.randrange(200_000, 40_000_000, 50_000)),
        "license_status": rng.choice(LICENCES),
    }
    answer = (
        "EXIM's medium-term programmes need a cash payment of at least 15% of the contract price [1]. "
        "An export licence from BIS must be granted before financing is signed for sensitive AI items [2]. "
    ) * 3
    transcript = [
        {
            "question": f"We sell {item.replace('_', ' ')} worth about ${facts['contract_value_usd']:,.0f} to "
            f"a buyer in {country} (case {n}). Can EXIM support it?",
            "answer": answer,
            "status": "need_more_info",
        },
        {
            "question": "Repayment over five years, 15% down, 70% U.S. content.",
            "answer": answer,
            "status": "eligibility_result",
        },
        {"question": "Can I speak to a person please?", "answer": "I've passed this on.", "status": "handoff"},
    ]
    return {"facts": facts, "eligibility": {"outcome": "refer_to_human"}, "transcript": transcript}


def seed(services: Services, seed_value: int = 14) -> None:
    rng = random.Random(seed_value)
    rows = []
    statuses = ["open"] * OPEN_CASES + ["waiting"] * WAITING_CASES + ["resolved"] * RESOLVED_CASES
    for n, status in enumerate(statuses):
        packet = _packet(rng, n)
        facts = packet["facts"]
        created = now() - timedelta(hours=rng.uniform(0, 24 * 30))
        rows.append(
            {
                "created_at": created,
                "updated_at": created + timedelta(minutes=rng.uniform(0, 600)),
                "conversation_id": f"bench-{n:06d}",
                "turn_id": f"turn-{n:06d}",
                "reason": rng.choice(["refer_to_human", "asked_for_person"]),
                "packet": packet,
                "status": status,
                "assigned_to": rng.choice([None, "alice", "bob"]),
                "outcome": "refer_to_human",
                "country": facts["buyer_country"],
                "item": facts["item"],
                "value_usd": facts["contract_value_usd"],
                "license_status": facts["license_status"],
                "search_text": " ".join(f"{t['question']} {t['answer']}" for t in packet["transcript"]).lower(),
            }
        )
    with services.conversations.engine.begin() as connection:
        hold_longer(connection, 600)  # seeding (and redacting) 4,000 cases takes longer than one statement may
        for start in range(0, len(rows), 500):
            connection.execute(insert(HandoffRow), rows[start : start + 500])
        if connection.dialect.name == "postgresql":
            connection.execute(text("ANALYZE handoffs"))


def measure(services: Services) -> dict[str, tuple[float, float]]:
    token = services.staff.create_token(f"bench-{time.time_ns()}")
    figures: dict[str, tuple[float, float]] = {}
    with TestClient(create_app(services, warm_up=False)) as client:
        client.headers["authorization"] = f"Bearer {token}"
        for name, params in QUERIES.items():
            assert client.get("/api/staff/inbox", params=params).status_code == 200  # warm the plan cache
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                reply = client.get("/api/staff/inbox", params=params)
                times.append((time.perf_counter() - started) * 1000)
                assert reply.status_code == 200, reply.text
            figures[name] = (percentile(times, 50), percentile(times, 95))
    return figures


def _load() -> str:
    one, _, _ = os.getloadavg()
    return f"machine load {one:.1f} on {os.cpu_count()} cores"


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    try:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = make_url(url).database
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        existing = create_engine(url)
        metadata = MetaData()
        metadata.reflect(existing)
        metadata.drop_all(existing)
        existing.dispose()
    except Exception as exc:
        print(f"  PostgreSQL not reachable at {url} ({type(exc).__name__}): skipped")
        return None
    return url


def report(knowledge: Path, config: Path = Path("config")) -> None:
    total = OPEN_CASES + WAITING_CASES + RESOLVED_CASES
    print(f"\nStaff inbox: {OPEN_CASES:,} open cases ({total:,} in all), {REPEATS} requests per query over the app")
    for backend, url in (("PostgreSQL", _postgres_url()), ("SQLite", "sqlite")):
        if url is None:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-inbox-") as folder:
            settings = Settings.test_profile(knowledge.resolve(), Path(folder), config.resolve())
            settings.database_url = None if url == "sqlite" else url
            services = Services(settings)
            seed(services)
            worst = 0.0
            for name, (p50, p95) in measure(services).items():
                worst = max(worst, p95)
                print(f"  {backend:<10} {name:<32} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
            verdict = "met" if worst <= GOAL_P95_MS else "NOT met"
            goal = f"goal p95 <= {GOAL_P95_MS:.0f} ms: {verdict}" if backend == "PostgreSQL" else "for comparison"
            print(f"  {backend}: worst p95 {worst:.1f} ms ({goal}); {_load()}")
            services.conversations.engine.dispose()


if __name__ == "__main__":
    report(Path("knowledge"))
