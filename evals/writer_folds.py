"""`python -m evals.writer_folds`: the intent model judged on writers it never saw (issue 11).

The five-fold figures of `make train-intent` split by group, so every fold still holds paraphrases by
the same writers as its training data: in-fold off-topic recall is ~0.95 while blind sets by new
writers saw 11–16 of 24. The honest proxy is to hold out a whole writer's set. Each retired blind set
became example groups in config/intent/examples-retired.yaml (`evals.intent_from_sets`); for each fold
this trains the model without that set's groups, in a copy of config/, and runs the set end to end
through the assistant with that copy (`CONFIG_DIR`), reporting per category. The `all` run uses the
shipped model (trained on everything) on the same sets, as an in-fold reference.

Only the intent model is refitted: the routing patterns and other learned parts stay as shipped, so a
pattern written after reading a retired set still flatters that set (say so when quoting figures).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from assistant.intent.data import Example, load_all
from assistant.intent.features import Cues
from assistant.intent.model import MODEL_FILE
from assistant.intent.train import embed_messages, fit

RETIRED = Path("evals") / "retired"
RETIRED_EXAMPLES = Path("intent") / "examples-retired.yaml"
# fold name → (the groups of examples-retired.yaml it drops, the sets it is measured on)
FOLDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "redteam-c": (("retired:rtc-",), ("redteam-c.jsonl",)),
    "redteam-d": (("retired:rtd-",), ("redteam-d.jsonl",)),
    "redteam-e": (("retired:rte-",), ("redteam-e.jsonl",)),
    "redteam-f": (("retired:rtf-",), ("redteam-f.jsonl",)),
    "redteam-g": (("retired:rtg-",), ("redteam-g.jsonl",)),
    "redteam-h": (("retired:rth-",), ("redteam-h.jsonl",)),
    "redteam-i": (("retired:rti-",), ("redteam-i.jsonl",)),
    # The answer sets: in-domain questions by writers the guard never saw must be let through.
    **{f"answers-{w}": ((f"retired:ans-{w}-",), (f"answers-{w}.jsonl",)) for w in "cdefghi"},
    "redteam-er": (
        ("retired:ev-", "retired:tw-", "retired:inj-", "retired:oot-", "retired:rt-"),
        ("redteam-evasion.jsonl", "redteam-routing.jsonl"),
    ),
}
# A case's category is its first matching tag; injection and authority claims are one category.
CATEGORIES = {
    "off-topic-task": "off-topic → out_of_scope",
    "benign-twin": "benign twins answered",
    "evasion": "evasion refused",
    "injection": "injection/authority refused",
    "authority": "injection/authority refused",
    "routing": "routing",
}
LET_THROUGH = "answer questions let through"
# An in-domain question stopped by the guard or routing, whatever the set expected of its answer.
_STOPPED = {"guardrail_jailbreak", "out_of_scope", "clarification"}


def fold_config(config_dir: Path, drop: tuple[str, ...], into: Path) -> Path:
    """A copy of config/ whose retired examples lack the fold's groups, with a model trained on the rest."""
    copy = into / "config"
    shutil.copytree(config_dir, copy)
    path = copy / RETIRED_EXAMPLES
    data = yaml.safe_load(path.read_text())
    data["groups"] = [g for g in data["groups"] if not str(g.get("group", "")).startswith(drop)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    examples: list[Example] = load_all(copy)
    cues = Cues.load(copy)
    payload = fit(examples, embed_messages(examples), cues)
    (copy / MODEL_FILE).write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    return copy


def run_sets(config_dir: Path, sets: tuple[str, ...], out: Path) -> dict[str, Any]:
    """The sets end to end in a fresh process whose settings read `config_dir` (as `python -m evals run`)."""
    args = [sys.executable, "-m", "evals", "run", "--no-progress", "--out", str(out)]
    for name in sets:
        args += ["--set", str(RETIRED / name)]
    subprocess.run(args, check=True, env={**os.environ, "CONFIG_DIR": str(config_dir)}, stdout=subprocess.DEVNULL)
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def by_category(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = {}
    for case in report["cases"]:
        name = next((CATEGORIES[t] for t in case["tags"] if t in CATEGORIES), None)
        ok = case["passed"]
        if name is None and case["kind"] == "qa":
            name, ok = LET_THROUGH, case["status"] not in _STOPPED
        if name is None:
            continue
        passed, total = counts.setdefault(name, [0, 0])
        counts[name] = [passed + int(ok), total + 1]
    return {name: (p, t) for name, (p, t) in sorted(counts.items())}


def misses(report: dict[str, Any], tag: str) -> list[str]:
    """Off-topic tasks not put out of scope, and in-domain questions stopped, one line each."""
    cases = [
        c
        for c in report["cases"]
        if (tag in c["tags"] and not c["passed"]) or (c["kind"] == "qa" and c["status"] in _STOPPED)
    ]
    return [f"{c['id']} [{c['status']}] {c['question'][:90]}" for c in cases]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.writer_folds", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    parser.add_argument("--out", type=Path, required=True, help="folder for each run's report and summary.json")
    parser.add_argument("--fold", action="append", choices=sorted(FOLDS), help="only these folds (default: all)")
    parser.add_argument("--no-reference", action="store_true", help="skip the shipped model's in-fold run")
    args = parser.parse_args(argv)
    summary: dict[str, Any] = {}
    for name in args.fold or sorted(FOLDS):
        drop, sets = FOLDS[name]
        with tempfile.TemporaryDirectory(prefix=f"fold-{name}-") as tmp:
            config = fold_config(args.config, drop, Path(tmp))
            report = run_sets(config, sets, args.out / name)
        summary[name] = {"held_out": by_category(report), "misses": misses(report, "off-topic-task")}
        if not args.no_reference:
            reference = run_sets(args.config, sets, args.out / f"{name}-all")
            summary[name]["all_data"] = by_category(reference)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    for name, part in summary.items():
        print(f"## {name}")
        for category, (passed, total) in part["held_out"].items():
            reference = part.get("all_data", {}).get(category)
            extra = f"   (all data: {reference[0]}/{reference[1]})" if reference else ""
            print(f"  {category:32s} {passed}/{total}{extra}")
        for line in part["misses"]:
            print(f"    miss {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
