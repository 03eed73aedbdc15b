"""The engine: every rule applied, every check reported, the outcome by fixed precedence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.context import Citation
from assistant.corpus.loader import load_corpus
from assistant.eligibility import checks
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import FIELD_ORDER, DealFacts
from assistant.eligibility.models import Check, EligibilityResult, ProgramOption
from assistant.eligibility.ruleset import Rule, RuleError, load_rules
from assistant.errors import InvalidInput

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


class InvalidFacts(InvalidInput):
    """Impossible or unknown facts; `errors` names each bad field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class EligibilityEngine:
    def __init__(self, rules: dict[str, Rule], countries: CountryTable) -> None:
        missing = [rule_id for rule_id, _ in PIPELINE if rule_id not in rules] + (
            ["programs"] if "programs" not in rules else []
        )
        if missing:
            raise RuleError(f"rule files missing for: {missing}")
        self.rules = rules
        self.countries = countries

    @classmethod
    def load(cls, knowledge_dir: Path) -> EligibilityEngine:
        documents = load_corpus(knowledge_dir / "documents")
        return cls(load_rules(knowledge_dir / "rules", documents), CountryTable.load(knowledge_dir))

    def parse_facts(self, data: dict[str, Any]) -> DealFacts:
        """Validate raw facts, naming every bad field (unknown fields, impossible values, unknown codes)."""
        if not isinstance(data, dict):
            raise InvalidFacts([{"field": "facts", "message": "must be a JSON object"}])
        try:
            return DealFacts.model_validate(data, context={"country_codes": self.countries.codes()})
        except ValidationError as exc:
            raise InvalidFacts(
                [{"field": ".".join(str(p) for p in e["loc"]) or "facts", "message": e["msg"]} for e in exc.errors()]
            ) from exc

    def accepted(self, facts: dict[str, Any]) -> dict[str, Any]:
        """The facts this engine accepts; a field it refuses is dropped (and can be asked for again)."""
        try:
            self.parse_facts(facts)
            return facts
        except InvalidFacts as exc:
            bad = {e["field"] for e in exc.errors}
            return {k: v for k, v in facts.items() if k not in bad}

    def check(self, facts: DealFacts, day: date | None = None) -> EligibilityResult:
        day = day or date.today()
        inputs = checks.Inputs(facts=facts, countries=self.countries, day=day)
        results: list[tuple[str, checks.Outcome]] = []
        for rule_id, function in PIPELINE:
            outcome = function(self.rules[rule_id], inputs)
            results.append((rule_id, outcome))
            if rule_id == "term-class":
                inputs = checks.Inputs(
                    facts=facts,
                    countries=self.countries,
                    day=day,
                    term=outcome.data.get("term"),
                    term_missing=outcome.missing,
                )
        return self._assemble(results, inputs, day)

    def _assemble(
        self, results: list[tuple[str, checks.Outcome]], inputs: checks.Inputs, day: date
    ) -> EligibilityResult:
        numbered: dict[tuple[str, str], int] = {}
        report: list[Check] = []
        for rule_id, outcome in results:
            rule = self.rules[rule_id]
            citation: Citation = rule.citation(outcome.cite)
            ref = numbered.setdefault((citation.doc_id, citation.quote), len(numbered) + 1)
            report.append(
                Check(
                    rule_id=rule_id,
                    rule_version=rule.version(day),
                    result=outcome.result,
                    reason_code=outcome.reason_code if outcome.result in ("fail", "refer") else None,
                    message=outcome.message,
                    citation=citation.model_copy(update={"ref": ref}),
                    missing_facts=list(outcome.missing),
                )
            )
        results_seen = {c.result for c in report}
        if "fail" in results_seen:
            verdict = "not_eligible"
        elif "missing" in results_seen:
            verdict = "need_more_info"
        elif "refer" in results_seen:
            verdict = "refer_to_human"
        else:
            verdict = "eligible"
        missing = {m for c in report for m in c.missing_facts}
        amount = next((o.data["amount"] for _, o in results if "amount" in o.data), None)
        return EligibilityResult(
            outcome=verdict,
            term=inputs.term,
            programs=self._programs(inputs, day) if verdict != "not_eligible" else [],
            supported_amount_usd=amount if verdict != "not_eligible" else None,
            checks=report,
            missing_facts=[f for f in FIELD_ORDER if f in missing],
            rules_as_of=max([r.version(day) for r in self.rules.values()] + self._table_dates()),
        )

    def _programs(self, inputs: checks.Inputs, day: date) -> list[ProgramOption]:
        if inputs.term is None:
            return []
        rule = self.rules["programs"]
        ids = list(rule.param("by_term", day)[inputs.term])
        exportai = rule.param("exportai", day)
        if inputs.term in exportai["terms"] and inputs.facts.item in exportai["items"]:
            ids.append(exportai["program"])
        return [ProgramOption(id=i, name=rule.spec.names.get(i, i), why=rule.spec.why.get(i, "")) for i in ids]

    def _table_dates(self) -> list[date]:
        as_of = {self.countries.get(c).as_of for c in self.countries.codes()} - {None}
        return [date.fromisoformat(d) for d in as_of if d]
