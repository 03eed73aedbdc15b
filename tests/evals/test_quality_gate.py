"""The project's own test sets under evals/thresholds.yaml: CI fails when quality drops."""

from __future__ import annotations

from pathlib import Path

from evals import gate
from evals.report import write_reports
from evals.run import execute, load_sets
from evals.runner import InProcessTarget

REPO = Path(__file__).resolve().parents[2]
SETS = sorted((REPO / "evals" / "sets").glob("*.jsonl"))


def test_own_sets_meet_the_thresholds(corpus_services) -> None:
    cases = load_sets(SETS)
    assert len(cases) >= 200
    report = execute(
        InProcessTarget(corpus_services),
        cases,
        [p.name for p in SETS],
        "in-process",
        corpus_services.index.snapshot().manifest["corpus_hash"][:12],
        "test",
        progress=False,
    )
    report["gate"] = gate.verdict(report["metrics"], gate.load_thresholds(REPO / "evals" / "thresholds.yaml"))
    passed, lines = report["gate"]["passed"], report["gate"]["lines"]
    write_reports(REPO / "test-artifacts" / "eval", report)
    print("\n".join(lines))
    assert passed, "quality gate failed:\n" + "\n".join(line for line in lines if line.startswith("FAIL"))
