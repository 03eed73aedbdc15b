"""One pass of every rule over a deal's facts, before citations and wording: what the engine and its
advice (what would change the outcome, which side of a boundary) both build on.

Cheap enough (pure functions over small data) to run again for each change the advice considers, so
every consequence it reports is the engine's own result, never an estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from assistant.eligibility import checks
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import DealFacts
from assistant.eligibility.models import CheckResult, Outcome, Term
from assistant.eligibility.ruleset import Rule

RuleFunction = Callable[[Rule, checks.Inputs], checks.Outcome]

# The order checks are reported in; term-class runs before the checks that depend on the term.
PIPELINE: tuple[tuple[str, RuleFunction], ...] = (
    ("us-exporter", checks.us_exporter),
    ("destination-sanctioned", checks.destination_sanctioned),
    ("destination-off-cover", checks.destination_off_cover),
    ("restricted-party", checks.restricted_party),
    ("military-end-use", checks.military_end_use),
    ("ai-export-licence", checks.ai_export_licence),
    ("term-class", checks.term_class),
    ("mlt-cash-payment", checks.mlt_cash_payment),
    ("us-content", checks.us_content),
)


@dataclass(frozen=True)
class Evaluation:
    facts: DealFacts
    day: date
    outcomes: dict[str, checks.Outcome]  # in PIPELINE order
    inputs: checks.Inputs  # with the term, for the checks after term-class

    @property
    def term(self) -> Term | None:
        return self.inputs.term

    @property
    def verdict(self) -> Outcome:
        """Outcome precedence: fail > missing > refer > eligible."""
        seen = {o.result for o in self.outcomes.values()}
        if "fail" in seen:
            return "not_eligible"
        if "missing" in seen:
            return "need_more_info"
        if "refer" in seen:
            return "refer_to_human"
        return "eligible"

    @property
    def amount(self) -> float | None:
        """The amount the content rule allows (whatever the outcome)."""
        return next((o.data["amount"] for o in self.outcomes.values() if "amount" in o.data), None)

    def result(self, rule_id: str) -> CheckResult:
        return self.outcomes[rule_id].result

    def blocking(self) -> list[str]:
        """Checks that fail, refer or miss a fact, in order."""
        return [r for r, o in self.outcomes.items() if o.result in ("fail", "refer", "missing")]


def evaluate(rules: dict[str, Rule], countries: CountryTable, facts: DealFacts, day: date) -> Evaluation:
    inputs = checks.Inputs(facts=facts, countries=countries, day=day)
    outcomes: dict[str, checks.Outcome] = {}
    for rule_id, function in PIPELINE:
        outcome = function(rules[rule_id], inputs)
        outcomes[rule_id] = outcome
        if rule_id == "term-class":
            inputs = checks.Inputs(
                facts=facts, countries=countries, day=day, term=outcome.data.get("term"), term_missing=outcome.missing
            )
    return Evaluation(facts=facts, day=day, outcomes=outcomes, inputs=inputs)


def program_ids(rules: dict[str, Rule], term: Term | None, item: str | None, day: date) -> list[str]:
    """The programs for a term (and ExportAI for its items on its terms), from knowledge/rules/programs.yaml."""
    if term is None:
        return []
    rule = rules["programs"]
    ids = list(rule.param("by_term", day)[term])
    exportai = rule.param("exportai", day)
    if term in exportai["terms"] and item in exportai["items"]:
        ids.append(exportai["program"])
    return ids
