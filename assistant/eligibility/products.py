"""Which products fit, and both sides of every threshold a deal sits near.

Products come from knowledge/rules/programs.yaml (by term, plus ExportAI for its items), each with the
one or two conditions that decide it, written there with the rule parameters as placeholders, and a
citation to its document section. A boundary's sides are each run through the engine, so the term,
outcome, amount and programs shown on either side are the engine's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.eligibility.advice import AdviceConfig, Evaluate, Numbering, money
from assistant.eligibility.evaluation import Evaluation, program_ids
from assistant.eligibility.models import Boundary, BoundarySide, ProductFit, ProgramOption
from assistant.eligibility.ruleset import Rule

_PLACEHOLDER = re.compile(r"\{([a-z-]+)\.([a-z_]+)(?:\.([a-z_]+))?(?::([a-z]+))?\}")


@dataclass(frozen=True)
class _Threshold:
    rule_id: str
    fact: str
    value: float
    low_includes: bool  # the low side is "up to and including" the threshold (else "below" it)
    labels: tuple[str, str]  # the low side, the high side
    message: str
    cite: str = "default"


class ProductAdvisor:
    def __init__(self, rules: dict[str, Rule], config: AdviceConfig, evaluate: Evaluate) -> None:
        self.rules = rules
        self.config = config
        self.evaluate = evaluate

    def products(self, ev: Evaluation, numbering: Numbering) -> list[ProductFit]:
        rule = self.rules["programs"]
        out = []
        for program in program_ids(self.rules, ev.term, ev.facts.item, ev.day):
            conditions = [self._fill(t, ev) for t in rule.spec.conditions.get(program, [])]
            out.append(
                ProductFit(
                    id=program,
                    name=rule.spec.names.get(program, program),
                    conditions=conditions,
                    citation=numbering.cite(rule.citation(program)),
                )
            )
        return out

    def boundaries(self, ev: Evaluation, numbering: Numbering) -> list[Boundary]:
        out = []
        for threshold in self._near(ev):
            sides = self._sides(ev, threshold)
            if sides:
                out.append(
                    Boundary(
                        rule_id=threshold.rule_id,
                        fact=threshold.fact,
                        threshold=threshold.value,
                        message=threshold.message,
                        sides=sides,
                        citation=numbering.cite(self.rules[threshold.rule_id].citation(threshold.cite)),
                    )
                )
        return out

    def _near(self, ev: Evaluation) -> list[_Threshold]:
        """The thresholds of the rules that the deal's own facts sit within a margin of."""
        f, day, margins = ev.facts, ev.day, self.config.boundary_margins
        terms, cash, content = self.rules["term-class"], self.rules["mlt-cash-payment"], self.rules["us-content"]
        short = terms.param("short_term_max_months", day)
        medium = terms.param("medium_term_max_months", day)
        limit = terms.param("medium_term_max_contract_value_usd", day)
        minimum = cash.param("min_cash_payment_pct", day)
        above = content.param("short_term_full_value_above_pct", day)
        transformational = content.param("transformational_min_content_pct", day)
        cap = content.param("mlt_max_support_pct", day)
        ai_sector = f.item in content.param("transformational_items", day)

        def near(fact: str, value: float) -> bool:
            given = getattr(f, fact)
            return given is not None and abs(given - value) <= margins[fact]

        candidates = [
            (
                near("repayment_months", short),
                _Threshold(
                    "term-class",
                    "repayment_months",
                    short,
                    True,
                    (f"a repayment term of up to {short:g} months", f"a repayment term of more than {short:g} months"),
                    f"Up to {short:g} months is short term; more than {short:g} months is medium or long term.",
                ),
            ),
            (
                near("repayment_months", medium) and (f.repayment_months or 0) > short,
                _Threshold(
                    "term-class",
                    "repayment_months",
                    medium,
                    True,
                    (
                        f"a repayment term of up to {medium:g} months",
                        f"a repayment term of more than {medium:g} months",
                    ),
                    f"More than {short:g} and up to {medium:g} months, with a contract of up to {money(limit)}, is "
                    f"medium term; more than {medium:g} months is long term.",
                ),
            ),
            (
                near("contract_value_usd", limit) and short < (f.repayment_months or 0) <= medium,
                _Threshold(
                    "term-class",
                    "contract_value_usd",
                    limit,
                    True,
                    (f"a contract value of up to {money(limit)}", f"a contract value above {money(limit)}"),
                    f"Between {short:g} and {medium:g} months, a contract of up to {money(limit)} is medium term; "
                    "a larger one is long term.",
                ),
            ),
            (
                near("cash_payment_pct", minimum) and ev.term in ("medium_term", "long_term"),
                _Threshold(
                    "mlt-cash-payment",
                    "cash_payment_pct",
                    minimum,
                    False,
                    (f"a cash payment below {minimum:g}%", f"a cash payment of at least {minimum:g}%"),
                    f"Medium- and long-term deals need a cash payment of at least {minimum:g}%.",
                ),
            ),
            (
                near("us_content_pct", above) and ev.term == "short_term",
                _Threshold(
                    "us-content",
                    "us_content_pct",
                    above,
                    True,
                    (f"U.S. content of {above:g}% or less", f"U.S. content above {above:g}%"),
                    f"On short term, above {above:g}% U.S. content the whole contract value is supported; at "
                    f"{above:g}% or less, only the U.S. share.",
                    "short_term",
                ),
            ),
            (
                near("us_content_pct", transformational) and ev.term in ("medium_term", "long_term") and ai_sector,
                _Threshold(
                    "us-content",
                    "us_content_pct",
                    transformational,
                    False,
                    (f"U.S. content below {transformational:g}%", f"U.S. content of at least {transformational:g}%"),
                    f"In a transformational sector, {transformational:g}% U.S. content or more gets {cap:g}% of the "
                    "contract value; below it, only the U.S. content.",
                    "transformational",
                ),
            ),
            (
                near("us_content_pct", cap) and ev.term in ("medium_term", "long_term") and not ai_sector,
                _Threshold(
                    "us-content",
                    "us_content_pct",
                    cap,
                    False,
                    (f"U.S. content below {cap:g}%", f"U.S. content of {cap:g}% or more"),
                    f"On medium and long term EXIM supports the lesser of {cap:g}% of the contract and the U.S. "
                    "content.",
                ),
            ),
        ]
        return [t for ok, t in candidates if ok]

    def _sides(self, ev: Evaluation, t: _Threshold) -> list[BoundarySide]:
        value = getattr(ev.facts, t.fact)
        step = self.config.steps[t.fact]
        on_low = value <= t.value if t.low_includes else value < t.value
        low_value = t.value if t.low_includes else t.value - step
        high_value = t.value + step if t.low_includes else t.value
        other = high_value if on_low else low_value
        if other < 0 or (t.fact.endswith("_pct") and other > 100):
            return []
        patched = self.evaluate(ev.facts.model_copy(update={t.fact: other}), ev.day)
        current = self._side(t.labels[0 if on_low else 1], True, {}, ev)
        moved = self._side(t.labels[1 if on_low else 0], False, {t.fact: other}, patched)
        return [current, moved] if on_low else [moved, current]

    def _side(self, label: str, current: bool, patch: dict[str, Any], ev: Evaluation) -> BoundarySide:
        names = self.rules["programs"].spec.names
        return BoundarySide(
            label=label,
            current=current,
            set=patch,
            outcome=ev.verdict,
            term=ev.term,
            # As in the result itself: no amount is shown for a side that is not eligible.
            supported_amount_usd=ev.amount if ev.verdict != "not_eligible" else None,
            programs=[
                ProgramOption(id=i, name=names.get(i, i), why=self.rules["programs"].spec.why.get(i, ""))
                for i in program_ids(self.rules, ev.term, ev.facts.item, ev.day)
            ],
        )

    def _fill(self, template: str, ev: Evaluation) -> str:
        """'{term-class.short_term_max_months}' → 12: conditions say the numbers of the rules in effect."""

        def value(match: re.Match[str]) -> str:
            rule_id, name, key, style = match.groups()
            found: Any = self.rules[rule_id].param(name, ev.day)
            if key:
                found = found[key]
            if style == "money":
                return money(float(found))
            if style == "items":
                return ", ".join(str(i).replace("_", " ").replace("ai ", "AI ") for i in found)
            return f"{found:g}" if isinstance(found, int | float) else str(found)

        return _PLACEHOLDER.sub(value, template)
