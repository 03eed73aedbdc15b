"""The test-set format (ARCHITECTURE §8): JSON Lines, one case a line. Fields not given are not checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.context import AnswerStatus


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: list[AnswerStatus] | None = None
    must_include: list[list[str]] | None = None
    must_not_include: list[str] | None = None
    sources: list[str] | None = None
    outcome: str | None = None
    reason_codes: list[str] | None = None


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    kind: Literal["qa", "eligibility", "guardrail", "conversation"]
    turns: list[str] = Field(default_factory=list)
    facts: dict[str, Any] | None = None
    expect: Expectation = Field(default_factory=Expectation)
    tags: list[str] = Field(default_factory=list)


class CaseFileError(ValueError):
    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")


def load_cases(path: Path) -> list[EvalCase]:
    """Every case of a file, or an error naming the file and line before any case runs."""
    cases: list[EvalCase] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = EvalCase.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CaseFileError(path, number, f"not valid JSON: {exc.msg}") from exc
        except ValidationError as exc:
            raise CaseFileError(
                path,
                number,
                f"not a valid case: {exc.errors()[0]['msg']} at {'.'.join(str(p) for p in exc.errors()[0]['loc'])}",
            ) from exc
        if case.id in seen:
            raise CaseFileError(path, number, f"duplicate case id {case.id!r}")
        if case.kind != "eligibility" and not case.turns:
            raise CaseFileError(path, number, "a case needs at least one turn")
        seen.add(case.id)
        cases.append(case)
    return cases
