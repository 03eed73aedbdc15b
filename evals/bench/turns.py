"""Turn benchmarks: latency in process and over HTTP, the load benchmarks (evals/bench/load.py) against
the server with all its workers, and the server's memory after 100 and after 1,000 turns (a leak
shows as growth)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.wiring import Services
from evals.bench import load
from evals.metrics import percentile

GOAL_P95_MS = 150.0


def _questions(sets: list[Path]) -> list[str]:
    from evals.cases import load_cases

    out = []
    for path in sets:
        out += [c.turns[0] for c in load_cases(path) if c.kind == "qa" and len(c.turns) == 1]
    return out


def in_process(services: Services, questions: list[str]) -> list[float]:
    services.warm_up()
    services.turns.handle("warm-up: what is EXIM?")
    latencies = []
    for question in questions:
        started = time.perf_counter()
        services.turns.handle(question)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _rss_mib(pid: int) -> float:
    """Resident memory of the server: the process and its worker processes."""
    total = 0.0
    for proc in [pid, *load.children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def _start_server(data_dir: Path, knowledge: Path, workers: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATA_DIR": str(data_dir), "KNOWLEDGE_DIR": str(knowledge), "RATE_LIMIT_PER_MINUTE": "1000000"}
    command = [sys.executable, "-m", "assistant", "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # every worker loads the model; on a busy machine that takes minutes
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not become ready")


def over_http(
    data_dir: Path, knowledge: Path, questions: list[str], workers: int | None = None, soak_seconds: float = 60.0
) -> dict[str, float]:
    proc, base = _start_server(data_dir, knowledge, workers)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:

            def ask(question: str) -> float:
                started = time.perf_counter()
                reply = client.post("/api/chat", json={"message": question})
                reply.raise_for_status()
                return (time.perf_counter() - started) * 1000

            ask("warm-up: what is EXIM?")
            sequential = [ask(q) for q in questions]
            figures = load.report(base, questions, soak_seconds, server_pid=proc.pid)

            # Memory after the server has seen every code path (including 50 clients at once): a leak shows
            # as growth between 100 and 1,000 further turns; thread start-up costs do not.
            for n in range(1000):
                ask(questions[n % len(questions)])
                if n + 1 == 100:
                    rss_100 = _rss_mib(proc.pid)
            rss_1000 = _rss_mib(proc.pid)
        return {
            "http_p50": percentile(sequential, 50),
            "http_p95": percentile(sequential, 95),
            "rss_100": rss_100,
            "rss_1000": rss_1000,
            **figures,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
