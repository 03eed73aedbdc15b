"""EligibilityResult (ARCHITECTURE §7) and its parts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.context import Citation

Outcome = Literal["eligible", "not_eligible", "refer_to_human", "need_more_info"]
Term = Literal["short_term", "medium_term", "long_term"]
CheckResult = Literal["pass", "fail", "refer", "missing", "not_applicable"]


class ProgramOption(BaseModel):
    id: str
    name: str
    why: str


class Check(BaseModel):
    rule_id: str
    rule_version: date
    result: CheckResult
    reason_code: str | None = None
    message: str
    citation: Citation
    missing_facts: list[str] = Field(default_factory=list)


class EligibilityResult(BaseModel):
    outcome: Outcome
    term: Term | None
    programs: list[ProgramOption]
    supported_amount_usd: float | None
    checks: list[Check]
    missing_facts: list[str]
    rules_as_of: date

    @property
    def reason_codes(self) -> list[str]:
        return [c.reason_code for c in self.checks if c.reason_code and c.result in ("fail", "refer")]
