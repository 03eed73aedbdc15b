"""The intake patterns are data (config/intake.yaml), checked when loaded to run in linear time (ADR 0085)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from assistant.intake.config import IntakeConfig, IntakePatterns
from assistant.intake.linear import NotLinear, check_linear

REPO = Path(__file__).resolve().parents[2]
CONFIG = IntakeConfig.load(REPO / "config")

QUADRATIC_OR_WORSE = [
    r"(a+)+b",  # nested repeats: exponential
    r"(\w+\s?)*$",
    r"(a|ab)*c",  # alternatives beginning alike under a repeat
    r"(a?)*b",  # a repeat of something that can match nothing
    r"\s*\s*x",  # two repeats over the same characters
    r"a.*b.*c",
    r"\d\d+%",  # every digit of a run starts a scan of the rest of it
    r"\w+x",
    r"\s*x",
    r"(?<![\d,.])\d+\s*(k|m)?\s*dollars",  # the money pattern's shape before ADR 0085
    r"(headquarter\w*)[^.;]{0,30}$",
    r"(x)\1",  # back-references are refused outright
]
LINEAR = [
    r"^\s*yes",
    r"\b\w{3,}ing\b",
    r"(?<![\d,])\d+",
    r"x\s+y\s+z",
    r"(?<![\d,.])\d+\s*(?:(k|m)\s*)?dollars",
    r"\b(\d[A-E]\d{3}(?:\.[A-Z0-9]+){0,8})\b",
    r"\bserver.{0,30}\b(h100|h200)\b",
    r"(\bbased in|\bship(ping|s)? from)\s*(the\s+)?$",
]


@pytest.mark.parametrize("pattern", QUADRATIC_OR_WORSE)
def test_a_pattern_that_can_backtrack_more_than_linearly_is_refused(pattern: str) -> None:
    with pytest.raises(NotLinear, match=r"quadratic or exponential|not allowed"):
        check_linear(pattern)


@pytest.mark.parametrize("pattern", LINEAR)
def test_linear_patterns_pass(pattern: str) -> None:
    check_linear(pattern)


def _config_with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    shutil.copytree(REPO / "config", tmp_path / "config", ignore=shutil.ignore_patterns("intent", "answer"))
    path = tmp_path / "config" / "intake.yaml"
    data = yaml.safe_load(path.read_text())
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return tmp_path / "config"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["patterns"].update(net_terms=r"(?i)\bnet[\s-]*\s*(\d{2,3})\b"), "net_terms"),
        (lambda d: d["items"]["networking"].append(r"(\w+\s?)+switch"), "networking"),
        (lambda d: d["licence_status"].append(["pending", r"(a|ab)*licence"]), "pending"),
        (lambda d: d["patterns"].update(money=r"{amount}{currency}"), "no part named 'currency'"),
        (lambda d: d["patterns"].update(eccn=r"(\d"), "eccn: not a regular expression"),
    ],
)
def test_a_bad_pattern_stops_loading_and_is_named(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=re.escape(message)):
        IntakeConfig.load(_config_with(tmp_path, edit))


def test_every_pattern_the_parser_uses_is_configured() -> None:
    assert set(yaml.safe_load((REPO / "config" / "intake.yaml").read_text())["patterns"]) - {"parts"} == set(
        IntakePatterns.model_fields
    )


def _hostile(n: int) -> list[str]:
    """Long runs of the characters the patterns repeat over, and of the words they look for."""
    runs = ["1" + " " * n + "x", "$1" + " " * n, "9" * n, "1," * (n // 2), " " * n, "a" * n, "-" * n, "5 " * (n // 2)]
    words = ["headquarter", "based in ", "licence ", "we're ", "net ", "us$", "1A234.a", "1.1", "owned by "]
    return runs + [w * (n // len(w)) + ".x;" for w in words]


def _cpu(patterns: list[re.Pattern[str]], texts: list[str]) -> list[float]:
    costs = []
    for pattern in patterns:
        for text in texts:
            best = float("inf")
            for _ in range(2):
                start = time.process_time()
                for _match in pattern.finditer(text):
                    pass
                best = min(best, time.process_time() - start)
            costs.append(best)
    return costs


def test_every_configured_pattern_takes_linear_time_on_hostile_text() -> None:
    """Eight times the text may cost at most 24 times the CPU (linear: 8; quadratic: 64). A ratio of the same
    process's CPU time, so a busy machine slows both sides alike; a floor of 1 ms keeps timer noise out."""
    patterns = [getattr(CONFIG.patterns, name) for name in IntakePatterns.model_fields]
    patterns += [re.compile(p, re.I) for ps in CONFIG.items.values() for p in ps]
    patterns += [re.compile(p, re.I) for _, p in [*CONFIG.licence_status, *CONFIG.end_use]]
    short, long = _cpu(patterns, _hostile(1_000)), _cpu(patterns, _hostile(8_000))
    slow = [
        (pattern.pattern[:60], text[:20], round(b / max(a, 1e-3), 1))
        for (pattern, text), a, b in zip([(p, t) for p in patterns for t in _hostile(1_000)], short, long, strict=True)
        if b > 24 * max(a, 1e-3)
    ]
    assert not slow
