"""`make bench`: one fresh index, then the retrieval benchmark and the turn benchmarks, figures printed."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from api.main import one_model_thread
from assistant.settings import Settings
from assistant.wiring import Services
from evals.bench import eligibility, inbox, load, retrieval, turns
from evals.metrics import percentile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--skip-http", action="store_true", help="skip the HTTP and memory benchmarks")
    parser.add_argument("--workers", type=int, default=None, help="server processes (default: one per core)")
    parser.add_argument("--soak-seconds", type=float, default=60.0, help="length of the 50-client run")
    parser.add_argument(
        "--load-only", metavar="URL", default=None, help="only the load benchmarks, against a server already running"
    )
    parser.add_argument(
        "--server-pid", type=int, default=None, help="with --load-only: the server's process id, for its CPU a turn"
    )
    args = parser.parse_args()
    sets = [Path("evals/sets/chat.jsonl"), Path("evals/sets/retrieval.jsonl")]
    if args.load_only:
        load.report(args.load_only, turns._questions(sets), args.soak_seconds, args.server_pid)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        data = Path(folder)
        services = Services(Settings.test_profile(args.knowledge.resolve(), data, Path("config").resolve()))
        retrieval.report(services, [p for p in retrieval.RETRIEVAL_SETS if p.exists()])

        questions = turns._questions(sets)
        one_model_thread()  # as the server runs it (api/main.py)
        latencies = turns.in_process(services, questions)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(
            f"\nTurns in process (extractive path, {len(latencies)} single-turn questions from the chat and "
            f"retrieval sets): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"(goal p95 <= {turns.GOAL_P95_MS:.0f} ms: {'met' if p95 <= turns.GOAL_P95_MS else 'NOT met'})"
        )
        eligibility.report(args.knowledge.resolve(), http=not args.skip_http, data_dir=data)
        inbox.report(args.knowledge.resolve())
        if args.skip_http:
            return 0
        print(f"\nMachine load before the HTTP benchmarks: {_load_average()} (2 cores; others' work counts)")
        http = turns.over_http(data, args.knowledge.resolve(), questions, args.workers, args.soak_seconds)
        print(
            f"Turns over HTTP (sequential, one client): p50 {http['http_p50']:.1f} ms, "
            f"p95 {http['http_p95']:.1f} ms (goal p95 <= {turns.GOAL_P95_MS:.0f} ms: "
            f"{'met' if http['http_p95'] <= turns.GOAL_P95_MS else 'NOT met'})"
        )
        print(f"Machine load after: {_load_average()}")
        growth = http["rss_1000"] - http["rss_100"]
        print(
            f"Server memory (RSS, all workers) after warm-up and the load runs: {http['rss_100']:.0f} MiB after 100 "
            f"more turns, {http['rss_1000']:.0f} MiB after 1,000 more ({growth:+.0f} MiB)"
        )
    return 0


def _load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


if __name__ == "__main__":
    raise SystemExit(main())
