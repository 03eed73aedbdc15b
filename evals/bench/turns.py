"""Turn benchmarks: latency in process and over HTTP, throughput with 8 concurrent clients, and the
server's memory after 100 and after 1,000 turns (a leak shows as growth)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from assistant.wiring import Services
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
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _start_server(data_dir: Path, knowledge: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATA_DIR": str(data_dir), "KNOWLEDGE_DIR": str(knowledge), "RATE_LIMIT_PER_MINUTE": "1000000"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not become ready")


def over_http(data_dir: Path, knowledge: Path, questions: list[str]) -> dict[str, float]:
    proc, base = _start_server(data_dir, knowledge)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:

            def ask(question: str) -> float:
                started = time.perf_counter()
                reply = client.post("/api/chat", json={"message": question})
                reply.raise_for_status()
                return (time.perf_counter() - started) * 1000

            ask("warm-up: what is EXIM?")
            sequential = [ask(q) for q in questions]

            # Throughput: 8 clients, each with its own connection, asking in a loop.
            done: list[int] = []
            stop = time.monotonic() + 20

            def client_loop(offset: int) -> None:
                count = 0
                with httpx.Client(base_url=base, timeout=60) as own:
                    while time.monotonic() < stop:
                        own.post("/api/chat", json={"message": questions[(offset + count) % len(questions)]})
                        count += 1
                done.append(count)

            started = time.monotonic()
            threads = [threading.Thread(target=client_loop, args=(i * 7,)) for i in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started

            # Memory after the server has seen every code path (including 8 threads at once): a leak shows
            # as growth between 100 and 1,000 further turns; thread start-up costs do not.
            for n in range(1000):
                ask(questions[n % len(questions)])
                if n + 1 == 100:
                    rss_100 = _rss_mib(proc.pid)
            rss_1000 = _rss_mib(proc.pid)
            turns = len(questions) + 1 + sum(done) + 1000
        return {
            "http_p50": percentile(sequential, 50),
            "http_p95": percentile(sequential, 95),
            "rps_8": sum(done) / elapsed,
            "rss_100": rss_100,
            "rss_1000": rss_1000,
            "turns": turns,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
