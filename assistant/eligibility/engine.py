"""The engine: every rule applied, every check reported, the outcome by fixed precedence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.corpus.loader import load_corpus
from assistant.eligibility.advice import AdviceConfig, Advisor, Numbering
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.evaluation import PIPELINE, Evaluation, evaluate, program_ids
from assistant.eligibility.facts import FIELD_ORDER, DealFacts
from assistant.eligibility.models import Check, EligibilityResult, ProgramOption
from assistant.eligibility.products import ProductAdvisor
from assistant.eligibility.ruleset import Rule, RuleError, load_rules
from assistant.errors import InvalidInput


class InvalidFacts(InvalidInput):
    """Impossible or unknown facts; `errors` names each bad field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class EligibilityEngine:
    def __init__(self, rules: dict[str, Rule], countries: CountryTable, advice: AdviceConfig | None = None) -> None:
        missing = [rule_id for rule_id, _ in PIPELINE if rule_id not in rules] + (
            ["programs"] if "programs" not in rules else []
        )
        if missing:
            raise RuleError(f"rule files missing for: {missing}")
        self.rules = rules
        self.countries = countries
        self.advice = advice or AdviceConfig.load()
        self._advisor = Advisor(rules, self.advice, self.evaluate)
        self._products = ProductAdvisor(rules, self.advice, self.evaluate)

    @classmethod
    def load(cls, knowledge_dir: Path, config_dir: Path | None = None) -> EligibilityEngine:
        """`config_dir` holds eligibility.yaml (how advice is shown); the project's config/ by default."""
        documents = load_corpus(knowledge_dir / "documents")
        return cls(
            load_rules(knowledge_dir / "rules", documents),
            CountryTable.load(knowledge_dir),
            AdviceConfig.load(config_dir),
        )

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

    def evaluate(self, facts: DealFacts, day: date) -> Evaluation:
        """Every rule applied, no wording or citations: what the advice re-runs for each change it weighs."""
        return evaluate(self.rules, self.countries, facts, day)

    def check(self, facts: DealFacts, day: date | None = None) -> EligibilityResult:
        day = day or date.today()
        evaluation = self.evaluate(facts, day)
        numbering = Numbering()
        result = self._assemble(evaluation, numbering)
        changes = self._advisor.changes(evaluation, numbering)
        if not any(c.decisive for c in changes):
            # Which products fit, and both sides of any threshold the deal sits near: for a deal that is
            # eligible or could become so (nothing the exporter cannot change stands in the way).
            result.products = self._products.products(evaluation, numbering)
            result.boundaries = self._products.boundaries(evaluation, numbering)
        result.changes = changes
        return result

    def _assemble(self, evaluation: Evaluation, numbering: Numbering) -> EligibilityResult:
        day = evaluation.day
        report: list[Check] = []
        for rule_id, outcome in evaluation.outcomes.items():
            rule = self.rules[rule_id]
            report.append(
                Check(
                    rule_id=rule_id,
                    rule_version=rule.version(day),
                    result=outcome.result,
                    reason_code=outcome.reason_code if outcome.result in ("fail", "refer") else None,
                    message=outcome.message,
                    citation=numbering.cite(rule.citation(outcome.cite)),
                    missing_facts=list(outcome.missing),
                )
            )
        verdict = evaluation.verdict
        missing = {m for c in report for m in c.missing_facts}
        return EligibilityResult(
            outcome=verdict,
            term=evaluation.term,
            programs=self._programs(evaluation) if verdict != "not_eligible" else [],
            supported_amount_usd=evaluation.amount if verdict != "not_eligible" else None,
            checks=report,
            missing_facts=[f for f in FIELD_ORDER if f in missing],
            rules_as_of=max([r.version(day) for r in self.rules.values()] + self._table_dates()),
        )

    def _programs(self, evaluation: Evaluation) -> list[ProgramOption]:
        rule = self.rules["programs"]
        ids = program_ids(self.rules, evaluation.term, evaluation.facts.item, evaluation.day)
        return [ProgramOption(id=i, name=rule.spec.names.get(i, i), why=rule.spec.why.get(i, "")) for i in ids]

    def _table_dates(self) -> list[date]:
        as_of = {self.countries.get(c).as_of for c in self.countries.codes()} - {None}
        return [date.fromisoformat(d) for d in as_of if d]
