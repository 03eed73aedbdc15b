"""The quality gate: evals/thresholds.yaml holds a minimum (or maximum) per metric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_thresholds(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    data = yaml.safe_load(path.read_text())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: thresholds must be a mapping of group → metric → min/max")
    return data


def check(metrics: dict[str, Any], thresholds: dict[str, dict[str, dict[str, float]]]) -> tuple[bool, list[str]]:
    """Groups: `overall`, `kind:<kind>` or `tag:<tag>`. A metric that could not be measured fails."""
    lines: list[str] = []
    ok = True
    for group, rules in thresholds.items():
        if group == "overall":
            values = metrics["overall"]
        elif group.startswith("kind:"):
            values = metrics["by_kind"].get(group[5:], {})
        elif group.startswith("tag:"):
            values = metrics["by_tag"].get(group[4:], {})
        else:
            raise ValueError(f"unknown threshold group {group!r}")
        for name, bound in rules.items():
            value = values.get(name)
            if value is None:
                ok = False
                lines.append(f"FAIL {group} {name}: not measured")
                continue
            if "min" in bound and value < bound["min"]:
                ok = False
                lines.append(f"FAIL {group} {name} = {value:.3f} < minimum {bound['min']}")
            elif "max" in bound and value > bound["max"]:
                ok = False
                lines.append(f"FAIL {group} {name} = {value:.3f} > maximum {bound['max']}")
            else:
                lines.append(f"ok   {group} {name} = {value:.3f}")
    return ok, lines
