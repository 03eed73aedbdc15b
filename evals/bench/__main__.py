"""`make bench`: one fresh index, then the retrieval benchmark and the turn benchmarks, figures printed."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from assistant.settings import Settings
from assistant.wiring import Services
from evals.bench import eligibility, retrieval, turns
from evals.metrics import percentile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--skip-http", action="store_true", help="skip the HTTP and memory benchmarks")
    args = parser.parse_args()
    sets = [Path("evals/sets/chat.jsonl"), Path("evals/sets/retrieval.jsonl")]
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        data = Path(folder)
        services = Services(Settings.test_profile(args.knowledge.resolve(), data, Path("config").resolve()))
        retrieval.report(services, [p for p in retrieval.RETRIEVAL_SETS if p.exists()])

        questions = turns._questions(sets)
        latencies = turns.in_process(services, questions)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(
            f"\nTurns in process (extractive path, {len(latencies)} single-turn questions from the chat and "
            f"retrieval sets): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"(goal p95 <= {turns.GOAL_P95_MS:.0f} ms: {'met' if p95 <= turns.GOAL_P95_MS else 'NOT met'})"
        )
        eligibility.report(args.knowledge.resolve(), http=not args.skip_http, data_dir=data)
        if args.skip_http:
            return 0
        http = turns.over_http(data, args.knowledge.resolve(), questions)
        print(
            f"Turns over HTTP (uvicorn, one worker, sequential): p50 {http['http_p50']:.1f} ms, "
            f"p95 {http['http_p95']:.1f} ms (goal p95 <= {turns.GOAL_P95_MS:.0f} ms: "
            f"{'met' if http['http_p95'] <= turns.GOAL_P95_MS else 'NOT met'})"
        )
        print(f"Throughput with 8 concurrent clients for 20 s: {http['rps_8']:.1f} requests/s")
        growth = http["rss_1000"] - http["rss_100"]
        print(
            f"Server memory (RSS) after warm-up and the concurrent run: {http['rss_100']:.0f} MiB after 100 more "
            f"turns, {http['rss_1000']:.0f} MiB after 1,000 more ({growth:+.0f} MiB; "
            f"{http['turns']:.0f} turns served in all)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
