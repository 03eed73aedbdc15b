"""python -m evals run --set PATH [--set PATH …] [--base-url URL] --out DIR [--compare OLD] [--thresholds FILE]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evals.cases import CaseFileError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m evals", description="Run Q&A test sets against the assistant.")
    commands = p.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run test sets and write reports")
    run.add_argument("--set", type=Path, action="append", required=True, help="a JSONL test set (repeatable)")
    run.add_argument("--base-url", help="a live deployment to test over HTTP (default: in process)")
    run.add_argument("--out", type=Path, required=True, help="folder for report.json, report.md, report.html")
    run.add_argument("--compare", type=Path, help="an earlier report.json to compare with")
    run.add_argument("--thresholds", type=Path, help="YAML of metric minimums; below one the run exits 1")
    run.add_argument("--no-progress", action="store_true")
    feedback = commands.add_parser("add-from-feedback", help="turn reviewed feedback into test cases")
    feedback.add_argument("--out", type=Path, default=Path("evals/sets/reviewed.jsonl"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "run":
            from evals.run import main as run_main

            return run_main(args)
        from evals.reviewed import main as reviewed_main

        return reviewed_main(args)
    except (CaseFileError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
