"""EligibilityResult (ARCHITECTURE §7) and its parts."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.sources import Citation

Outcome = Literal["eligible", "not_eligible", "refer_to_human", "need_more_info"]
Term = Literal["short_term", "medium_term", "long_term"]
CheckResult = Literal["pass", "fail", "refer", "missing", "not_applicable"]
# decisive: a fact the exporter cannot change decides (no workaround); review: only EXIM or BIS staff
# can resolve it; threshold: a number to reach; process: a step to take first (the BIS licence);
# term: a repayment term (or contract size) on the other side of a term boundary; amount: U.S. content
# that raises the supported amount.
ChangeKind = Literal["decisive", "review", "threshold", "process", "term", "amount"]


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


class Change(BaseModel):
    """What would change a check: the smallest change to facts the exporter controls, computed by the
    engine from the rule parameters in effect (and re-checked by it), or `decisive` with no workaround."""

    rule_id: str
    kind: ChangeKind
    decisive: bool = False
    set: dict[str, Any] = Field(default_factory=dict, description="the facts to change, and their new values")
    entered: dict[str, Any] = Field(default_factory=dict, description="what was entered for those facts")
    message: str
    check_after: CheckResult | None = None
    resolves: list[str] = Field(default_factory=list, description="other checks the change stops failing")
    also_fails: list[str] = Field(default_factory=list, description="checks the change would newly fail or refer")
    outcome_after: Outcome | None = None
    term_after: Term | None = None
    supported_amount_before: float | None = None
    supported_amount_after: float | None = None
    citation: Citation


class ProductFit(BaseModel):
    """An EXIM product that matches the deal's term and facts, with the conditions that decide it."""

    id: str
    name: str
    conditions: list[str]
    citation: Citation


class BoundarySide(BaseModel):
    label: str
    current: bool
    set: dict[str, Any] = Field(default_factory=dict)
    outcome: Outcome
    term: Term | None
    supported_amount_usd: float | None
    programs: list[ProgramOption]


class Boundary(BaseModel):
    """A threshold the deal sits near, with the result on each side of it."""

    rule_id: str
    fact: str
    threshold: float
    message: str
    sides: list[BoundarySide]
    citation: Citation


class FactChange(BaseModel):
    fact: str
    before: Any
    after: Any


class Comparison(BaseModel):
    """A what-if: the facts changed since the result shown before, and that result."""

    changed_facts: list[FactChange]
    differences: list[str] = Field(
        description="parts of the result that differ: outcome, term, amount, programs, rule ids"
    )
    before: dict[str, Any]


class EligibilityResult(BaseModel):
    outcome: Outcome
    term: Term | None
    programs: list[ProgramOption]
    supported_amount_usd: float | None
    checks: list[Check]
    missing_facts: list[str]
    rules_as_of: date
    # Additive (issue 17): what would change the outcome, which products fit, the boundaries the deal
    # sits near, and (in chat, after a what-if) the result it is compared with.
    changes: list[Change] = Field(default_factory=list)
    products: list[ProductFit] = Field(default_factory=list)
    boundaries: list[Boundary] = Field(default_factory=list)
    compared_with: Comparison | None = None

    @property
    def reason_codes(self) -> list[str]:
        return [c.reason_code for c in self.checks if c.reason_code and c.result in ("fail", "refer")]
