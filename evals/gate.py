"""The quality gate: evals/thresholds.yaml holds a minimum (or maximum) per metric.

A metric the run could not measure (no case of that kind, no expectation of that sort: a chat-only run
has no eligibility outcomes) is reported as "not measured" and never fails the gate; what was measured
and missed its bar fails it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.yaml_data import load_yaml

PASS, FAIL, NOT_MEASURED = "pass", "fail", "not_measured"


def load_thresholds(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    data = load_yaml(path.read_text())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: thresholds must be a mapping of group → metric → min/max")
    return data


def _group(metrics: dict[str, Any], group: str) -> dict[str, Any]:
    if group == "overall":
        return dict(metrics["overall"])
    if group.startswith("kind:"):
        return dict(metrics["by_kind"].get(group[5:], {}))
    if group.startswith("tag:"):
        return dict(metrics["by_tag"].get(group[4:], {}))
    raise ValueError(f"unknown threshold group {group!r}")


def evaluate(metrics: dict[str, Any], thresholds: dict[str, dict[str, dict[str, float]]]) -> list[dict[str, Any]]:
    """One row per bar: group, metric, value, min/max, and verdict (pass, fail or not_measured)."""
    rows = []
    for group, rules in thresholds.items():
        values = _group(metrics, group)
        for name, bound in rules.items():
            value = values.get(name)
            if value is None:
                verdict = NOT_MEASURED
            elif ("min" in bound and value < bound["min"]) or ("max" in bound and value > bound["max"]):
                verdict = FAIL
            else:
                verdict = PASS
            rows.append(
                {
                    "group": group,
                    "metric": name,
                    "value": value,
                    "min": bound.get("min"),
                    "max": bound.get("max"),
                    "verdict": verdict,
                }
            )
    return rows


def line(row: dict[str, Any]) -> str:
    where = f"{row['group']} {row['metric']}"
    if row["verdict"] == NOT_MEASURED:
        return f"n/a  {where}: not measured (no case in this run measures it)"
    if row["verdict"] == FAIL:
        if row["min"] is not None and row["value"] < row["min"]:
            return f"FAIL {where} = {row['value']:.3f} < minimum {row['min']}"
        return f"FAIL {where} = {row['value']:.3f} > maximum {row['max']}"
    return f"ok   {where} = {row['value']:.3f}"


def check(metrics: dict[str, Any], thresholds: dict[str, dict[str, dict[str, float]]]) -> tuple[bool, list[str]]:
    """Groups: `overall`, `kind:<kind>` or `tag:<tag>`. Passes when no measured metric misses its bar."""
    rows = evaluate(metrics, thresholds)
    return all(r["verdict"] != FAIL for r in rows), [line(r) for r in rows]


def verdict(metrics: dict[str, Any], thresholds: dict[str, dict[str, dict[str, float]]]) -> dict[str, Any]:
    """What a report stores: passed, the printed lines, and the rows (the HTML draws bars against them)."""
    rows = evaluate(metrics, thresholds)
    return {"passed": all(r["verdict"] != FAIL for r in rows), "lines": [line(r) for r in rows], "rows": rows}
