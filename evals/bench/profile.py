"""`python -m evals.bench.profile`: where a turn's time and CPU go, in process (ADR 0057).

Runs the single-turn questions of the chat and retrieval sets through the same entry point as the API,
against the index under DATA_DIR (build it first: `python -m assistant index`), and prints per-stage
p50/p95 and the process's CPU time per turn. CPU per turn is what other work on a shared machine does
not change; wall-clock figures are only comparable at the same load average, which is printed too.
`--cprofile N` adds the N functions with the most time of their own (the profiler slows every call it sees).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from collections import defaultdict
from pathlib import Path

from api.main import one_model_thread
from assistant.settings import Settings
from assistant.wiring import Services
from evals.bench.turns import _questions
from evals.metrics import percentile

SETS = [Path("evals/sets/chat.jsonl"), Path("evals/sets/retrieval.jsonl")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1, help="times through the questions")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the top N functions")
    args = parser.parse_args()
    services = Services(Settings())
    questions = _questions(SETS)
    one_model_thread()  # as the server runs it (api/main.py)
    services.warm_up()
    for question in questions[:10]:  # first-use costs (model, caches) are not a turn's
        services.turns.handle(question)
    profiler = cProfile.Profile() if args.cprofile else None
    stages: dict[str, list[float]] = defaultdict(list)
    latencies: list[float] = []
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            _, turn = services.turns.handle(question)
            if profiler:
                profiler.disable()
            latencies.append((time.perf_counter() - started) * 1000)
            for timing in turn.timings:
                stages[timing.stage].append(timing.ms)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{len(latencies)} turns ({type(services.embedder).__name__}): p50 {percentile(latencies, 50):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms; CPU {cpu / len(latencies) * 1000:.1f} ms a turn, wall "
        f"{wall / len(latencies) * 1000:.1f} ms; load average {os.getloadavg()[0]:.1f} (2 cores)"
    )
    for stage, ms in stages.items():
        print(f"  {stage:18s} p50 {percentile(ms, 50):6.2f} ms  p95 {percentile(ms, 95):6.2f} ms  ({len(ms)} turns)")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
