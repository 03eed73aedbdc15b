"""Load benchmarks against a served app (all workers): turns/s and p95 with 8 clients, 50 clients for
60 s (errors and p95), and what one client sending hostile input (within the default rate limit)
leaves of the others' throughput.

Clients are asyncio tasks on one event loop, each with its own connection, so the load generator
costs little CPU next to the server (it shares the machine's cores all the same; say so with figures).
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from evals.metrics import percentile

GOAL_TURNS_PER_SECOND = 55.0
GOAL_P95_MS_8_CLIENTS = 200.0
GOAL_P95_MS_50_CLIENTS = 1200.0
GOAL_KEPT = 0.90
DEFAULT_RATE_LIMIT = 30  # requests per client per minute (RATE_LIMIT_PER_MINUTE's default)

# Inputs that used to cost quadratic time or break storage: long digit runs, money-looking runs,
# separators, address- and email-looking runs, after a deal question so that the intake reads them.
# Each is a legal 2,000-character message.
_DEAL = "Is my deal eligible for EXIM financing? The contract is worth "
HOSTILE = [
    (_DEAL + filler)[:2000]
    for filler in (
        "1" * 2000,
        "$" + "9" * 2000,
        "1," * 1000,
        "a." * 1000,
        "1 " * 1000,
        "12-" * 667,
        "x at y dot " * 182,
        "1 Aa " * 400,
    )
]


@dataclass
class LoadResult:
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    server_cpu_seconds: float | None = None  # the server's processes, when their id is known
    client_cpu_seconds: float = 0.0  # this load generator's own

    def cpu_note(self) -> str:
        """CPU per turn: unlike turns/s and p95, other work on a shared machine does not change it."""
        per_turn = 1000 / max(self.turns, 1)
        server = f"server {self.server_cpu_seconds * per_turn:.1f} ms, " if self.server_cpu_seconds is not None else ""
        return f"CPU a turn: {server}load generator {self.client_cpu_seconds * per_turn:.1f} ms"

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95) if self.latencies_ms else float("nan")


async def _client(
    base: str, questions: list[str], offset: int, stop: float, result: LoadResult, pause: float = 0.0
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        n = 0
        while time.monotonic() < stop:
            question = questions[(offset + n) % len(questions)]
            n += 1
            started = time.perf_counter()
            try:
                reply = await client.post("/api/chat", json={"message": question})
                result.statuses[reply.status_code] = result.statuses.get(reply.status_code, 0) + 1
                if reply.status_code == 200:
                    result.latencies_ms.append((time.perf_counter() - started) * 1000)
                else:
                    result.errors += 1
            except httpx.HTTPError:
                result.errors += 1
            if pause:
                await asyncio.sleep(pause)


async def _run(base: str, questions: list[str], clients: int, seconds: float, hostile: bool) -> LoadResult:
    result = LoadResult(seconds)
    hostile_result = LoadResult(seconds)
    stop = time.monotonic() + seconds
    tasks = [_client(base, questions, i * 7, stop, result) for i in range(clients)]
    if hostile:  # within the default limit: 30 a minute, sent as fast as that allows
        tasks.append(_client(base, HOSTILE, 0, stop, hostile_result, pause=60 / DEFAULT_RATE_LIMIT))
    started = time.monotonic()
    await asyncio.gather(*tasks)
    result.seconds = time.monotonic() - started
    return result


def run(
    base: str, questions: list[str], clients: int, seconds: float, hostile: bool = False, server_pid: int | None = None
) -> LoadResult:
    server, client = _tree_cpu_seconds(server_pid), time.process_time()
    result = asyncio.run(_run(base, questions, clients, seconds, hostile))
    result.client_cpu_seconds = time.process_time() - client
    if server is not None:
        result.server_cpu_seconds = (_tree_cpu_seconds(server_pid) or 0.0) - server
    return result


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _tree_cpu_seconds(pid: int | None) -> float | None:
    """User and system CPU of a process and its children (the server and its workers), from /proc."""
    if pid is None:
        return None
    ticks = 0
    for proc in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def report(
    base: str, questions: list[str], soak_seconds: float = 60.0, server_pid: int | None = None
) -> dict[str, float]:
    """Runs the three load benchmarks and prints their figures against the goals."""
    run(base, questions, 4, 3)  # warm every worker
    print(f"Load average before: {os.getloadavg()[0]:.1f} (2 cores; the load generator and others' work count)")
    eight = run(base, questions, 8, 20, server_pid=server_pid)
    print(
        f"Throughput with 8 concurrent clients for 20 s (all workers): {eight.per_second:.1f} turns/s, "
        f"p95 {eight.p95:.0f} ms, {eight.errors} errors (goal >= {GOAL_TURNS_PER_SECOND:.0f}/s and p95 <= "
        f"{GOAL_P95_MS_8_CLIENTS:.0f} ms: "
        f"{'met' if eight.per_second >= GOAL_TURNS_PER_SECOND and eight.p95 <= GOAL_P95_MS_8_CLIENTS else 'NOT met'}); "
        f"{eight.cpu_note()}"
    )
    soak = run(base, questions, 50, soak_seconds, server_pid=server_pid)
    print(
        f"50 concurrent clients for {soak_seconds:.0f} s: {soak.turns} turns ({soak.per_second:.1f}/s), "
        f"{soak.errors} errors, p95 {soak.p95:.0f} ms (goal 0 errors and p95 <= {GOAL_P95_MS_50_CLIENTS:.0f} ms: "
        f"{'met' if soak.errors == 0 and soak.p95 <= GOAL_P95_MS_50_CLIENTS else 'NOT met'}); {soak.cpu_note()}"
    )
    calm = run(base, questions, 7, 20)
    stormy = run(base, questions, 7, 20, hostile=True)
    kept = stormy.per_second / calm.per_second if calm.per_second else float("nan")
    print(
        f"One client sending hostile 2,000-character messages (30/min) beside 7 ordinary clients: the others keep "
        f"{kept:.0%} of their throughput ({stormy.per_second:.1f} vs {calm.per_second:.1f} turns/s; p95 "
        f"{stormy.p95:.0f} vs {calm.p95:.0f} ms) (goal >= {GOAL_KEPT:.0%}: {'met' if kept >= GOAL_KEPT else 'NOT met'})"
    )
    print(f"Load average after: {os.getloadavg()[0]:.1f}")
    return {
        "turns_per_second_8": eight.per_second,
        "p95_ms_8": eight.p95,
        "errors_50": soak.errors,
        "p95_ms_50": soak.p95,
        "kept_under_hostile": kept,
    }
