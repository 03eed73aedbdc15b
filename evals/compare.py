"""Compare a run with an earlier report.json: metric deltas and cases that changed verdict."""

from __future__ import annotations

from typing import Any


def compare(now: dict[str, Any], before: dict[str, Any], label: str) -> dict[str, Any]:
    deltas = {}
    for name, value in now["metrics"]["overall"].items():
        old = before.get("metrics", {}).get("overall", {}).get(name)
        if isinstance(value, int | float) and isinstance(old, int | float):
            deltas[name] = {"before": old, "now": value, "delta": value - old}
    old_cases = {c["id"]: c["passed"] for c in before.get("cases", [])}
    new_cases = {c["id"]: c["passed"] for c in now["cases"]}
    return {
        "against": label,
        "sets_before": before.get("meta", {}).get("sets"),
        "not_in_before": sorted(i for i in new_cases if i not in old_cases),
        "deltas": deltas,
        "newly_failing": sorted(i for i, ok in new_cases.items() if not ok and old_cases.get(i) is True),
        "newly_passing": sorted(i for i, ok in new_cases.items() if ok and old_cases.get(i) is False),
    }
