"""`python -m evals run`: load every set (refusing a malformed one before any case runs), run, score,
report, compare and gate."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from evals import gate
from evals.cases import EvalCase, load_cases
from evals.compare import compare
from evals.report import write_reports
from evals.runner import HttpTarget, InProcessTarget, Target, run_cases
from evals.scoring import score_case, summarise


def load_sets(paths: list[Path]) -> list[EvalCase]:
    return [case for case, _ in load_sets_with_files(paths)]


def load_sets_with_files(paths: list[Path]) -> list[tuple[EvalCase, str]]:
    """Every case of the files, in order, with the file it came from (the report's figures by set)."""
    cases: list[tuple[EvalCase, str]] = []
    seen: dict[str, Path] = {}
    for path in paths:
        for case in load_cases(path):  # CaseFileError names the file and line
            if case.id in seen:
                raise ValueError(f"{path}: case id {case.id!r} is also in {seen[case.id]}")
            seen[case.id] = path
            cases.append((case, str(path)))
    return cases


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _settings_hash(services: Any | None) -> str:
    digest = hashlib.sha256()
    if services is not None:
        config = services.settings.paths.config_dir
        for path in sorted(config.rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
        digest.update(services.settings.model_dump_json(exclude={"llm": {"api_key"}}).encode())
    return digest.hexdigest()[:12] if services is not None else "remote"


def execute(
    target: Target,
    cases: list[EvalCase],
    sets: list[str],
    target_label: str,
    corpus_hash: str,
    settings_hash: str,
    progress: bool = True,
    set_of: dict[str, str] | None = None,
) -> dict[str, Any]:
    bar = (lambda items: tqdm(items, desc="cases", unit="case", file=sys.stderr)) if progress else None
    scores = [score_case(case, seen) for case, seen in run_cases(target, cases, bar)]
    return {
        "meta": {
            "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "target": target_label,
            "sets": sets,
            "git_commit": _git_commit(),
            "corpus_hash": corpus_hash,
            "settings_hash": settings_hash,
        },
        "metrics": summarise(scores, set_of),
        "cases": [s.to_json() for s in scores],
    }


def main(args: Any) -> int:
    with_files = load_sets_with_files(args.set)
    cases = [case for case, _ in with_files]
    set_of = {case.id: path for case, path in with_files}
    sets = [str(p) for p in args.set]
    if args.base_url:
        target: Target = HttpTarget(args.base_url)
        label, corpus, settings = args.base_url, "remote", "remote"
    else:
        from assistant.settings import Settings
        from assistant.wiring import Services

        services = Services(Settings())
        services.warm_up()
        target, label = InProcessTarget(services), "in-process"
        corpus = str(services.index.snapshot().manifest["corpus_hash"])[:12]
        settings = _settings_hash(services)
    report = execute(target, cases, sets, label, corpus, settings, progress=not args.no_progress, set_of=set_of)
    if args.compare:
        report["comparison"] = compare(report, json.loads(Path(args.compare).read_text()), str(args.compare))
    passed = True
    if args.thresholds:
        report["gate"] = gate.verdict(report["metrics"], gate.load_thresholds(Path(args.thresholds)))
        passed = report["gate"]["passed"]
    write_reports(Path(args.out), report)
    overall = report["metrics"]["overall"]
    print(f"{overall['passed']}/{overall['cases']} cases passed; reports in {args.out}/report.(json|md|html)")
    for line in report.get("gate", {}).get("lines", []):
        print(line)
    return 0 if passed else 1
