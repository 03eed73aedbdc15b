"""Eligibility benchmark: `/api/eligibility/check` latency with the advice (changes, products,
boundaries) over HTTP and in process, and the issue-17 goals over the table cases.

    python -m evals.bench.eligibility [--skip-http] [--base-url http://127.0.0.1:8000]

Latency is measured over every table case's facts (tests/eligibility/cases/*.yaml), several rounds.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.eligibility.engine import EligibilityEngine
from assistant.settings import Settings
from assistant.wiring import Services
from assistant.yaml_data import load_yaml
from evals.bench import turns
from evals.metrics import percentile

GOAL_P95_MS = 20.0
CASES = Path("tests/eligibility/cases")
ROUNDS = 5


def table_facts(cases: Path = CASES) -> list[dict[str, Any]]:
    return [case["facts"] for path in sorted(cases.glob("*.yaml")) for case in load_yaml(path.read_text())]


def in_process(engine: EligibilityEngine, facts: list[dict[str, Any]]) -> list[float]:
    """Validation, the engine with its advice, and the JSON the endpoint returns."""
    latencies = []
    for _ in range(ROUNDS):
        for raw in facts:
            started = time.perf_counter()
            engine.check(engine.parse_facts(raw)).model_dump_json()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def over_http(base: str, facts: list[dict[str, Any]]) -> list[float]:
    latencies = []
    with httpx.Client(base_url=base, timeout=30) as client:
        client.post("/api/eligibility/check", json=facts[0]).raise_for_status()
        for _ in range(ROUNDS):
            for raw in facts:
                started = time.perf_counter()
                client.post("/api/eligibility/check", json=raw).raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def goals(engine: EligibilityEngine, facts: list[dict[str, Any]]) -> dict[str, int]:
    """The issue's measures over the table cases: failing checks answered, suggestions that flip their
    check when applied, and suggestions offered for facts the exporter cannot change."""
    unchangeable = {"exporter_country", "buyer_country", "buyer_hq_country", "restricted_party", "end_use"}
    out = dict.fromkeys(("failing", "answered", "suggestions", "flipped", "unchangeable"), 0)
    for raw in facts:
        parsed = engine.parse_facts(raw)
        result = engine.check(parsed)
        if result.outcome != "eligible":
            for check in result.checks:
                if check.result in ("fail", "refer"):
                    out["failing"] += 1
                    out["answered"] += any(c.rule_id == check.rule_id and c.citation.quote for c in result.changes)
        for change in result.changes:
            if not change.set:
                continue
            out["suggestions"] += 1
            out["unchangeable"] += bool(set(change.set) & unchangeable)
            after = engine.check(parsed.model_copy(update=change.set))
            out["flipped"] += next(c.result for c in after.checks if c.rule_id == change.rule_id) == "pass"
    return out


def _measure_served(data_dir: Path, knowledge: Path, facts: list[dict[str, Any]]) -> list[float]:
    """A uvicorn server over `data_dir` (which must hold an index build, as `serve` requires)."""
    proc, base = turns._start_server(data_dir, knowledge)
    try:
        return over_http(base, facts)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def report(knowledge: Path, http: bool = True, base_url: str | None = None, data_dir: Path | None = None) -> None:
    """`data_dir`: a data folder with an index already built (make bench has one); else one is built."""
    engine = EligibilityEngine.load(knowledge)
    facts = table_facts()
    local = in_process(engine, facts)
    print(
        f"\nEligibility check with advice, in process ({len(facts)} table cases x {ROUNDS}): "
        f"p50 {percentile(local, 50):.2f} ms, p95 {percentile(local, 95):.2f} ms"
    )
    if http:
        if base_url:
            remote = over_http(base_url, facts)
        elif data_dir is not None:
            remote = _measure_served(data_dir, knowledge.resolve(), facts)
        else:
            with tempfile.TemporaryDirectory(prefix="bench-elig-") as data:
                settings = Settings.test_profile(knowledge.resolve(), Path(data), Path("config").resolve())
                Services(settings).builder(progress=False).build()
                remote = _measure_served(Path(data), knowledge.resolve(), facts)
        p95 = percentile(remote, 95)
        print(
            f"POST /api/eligibility/check over HTTP (uvicorn, one worker, sequential): p50 "
            f"{percentile(remote, 50):.1f} ms, p95 {p95:.1f} ms "
            f"(goal p95 <= {GOAL_P95_MS:.0f} ms: {'met' if p95 <= GOAL_P95_MS else 'NOT met'})"
        )
    g = goals(engine, facts)
    print(
        f"Advice over the table cases: {g['answered']}/{g['failing']} failing or referring checks of non-eligible "
        f"results answered with a cited change or marked decisive; {g['flipped']}/{g['suggestions']} suggested "
        f"changes flip their check to pass; {g['unchangeable']} suggestions touch a fact the exporter cannot change"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--base-url", help="a running server to measure instead of starting one")
    args = parser.parse_args()
    report(args.knowledge, http=not args.skip_http, base_url=args.base_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
