"""What would change the outcome: for each failing or referring check, the smallest change to facts the
exporter controls that makes it pass, or, when the fact is not the exporter's to change, that it is
decisive. Also the U.S. content that would raise the supported amount.

Every proposed value comes from the rule parameters in effect (knowledge/rules/*.yaml), and every change
is run through the engine again before it is offered: its reported consequences (the check's result, the
outcome, the term, the amount, any check it would newly fail) are the engine's, never an estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.eligibility.checks import Outcome
from assistant.eligibility.evaluation import Evaluation
from assistant.eligibility.facts import DealFacts
from assistant.eligibility.models import Change, ChangeKind
from assistant.eligibility.ruleset import Rule
from assistant.sources import Citation
from assistant.yaml_data import load_yaml

Evaluate = Callable[[DealFacts, date], Evaluation]
_PROJECT_CONFIG = Path(__file__).resolve().parents[2] / "config"


class AdviceConfig(BaseModel):
    """config/eligibility.yaml: how advice is shown. No rule threshold lives here."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    steps: dict[str, float]
    boundary_margins: dict[str, float]
    decisive_reasons: list[str]
    review_reasons: list[str]

    @classmethod
    def load(cls, config_dir: Path | None = None) -> AdviceConfig:
        path = (config_dir or _PROJECT_CONFIG) / "eligibility.yaml"
        return cls.model_validate(load_yaml(path.read_text(encoding="utf-8")))


class Numbering:
    """One citation number per cited sentence, shared by the checks, the changes and the products."""

    def __init__(self) -> None:
        self._refs: dict[tuple[str, str], int] = {}

    def cite(self, citation: Citation) -> Citation:
        ref = self._refs.setdefault((citation.doc_id, citation.quote), len(self._refs) + 1)
        return citation.model_copy(update={"ref": ref})


def money(amount: float | None) -> str:
    if amount is None:
        return "nothing"
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


class Advisor:
    def __init__(self, rules: dict[str, Rule], config: AdviceConfig, evaluate: Evaluate) -> None:
        self.rules = rules
        self.config = config
        self.evaluate = evaluate

    def changes(self, ev: Evaluation, numbering: Numbering) -> list[Change]:
        out: list[Change] = []
        for rule_id, outcome in ev.outcomes.items():
            if outcome.result not in ("fail", "refer"):
                continue
            if outcome.reason_code in self.config.decisive_reasons:
                out.append(self._fixed(rule_id, outcome, ev, numbering, "decisive"))
            elif outcome.reason_code in self.config.review_reasons:
                out.append(self._fixed(rule_id, outcome, ev, numbering, "review"))
            else:
                out += self._changeable(rule_id, outcome, ev, numbering)
        if not any(c.decisive for c in out):  # more support is moot while a decisive fact stands
            out += self._amount(ev, numbering)
        return out

    # --- facts the exporter cannot change --------------------------------------------------------
    def _fixed(self, rule_id: str, outcome: Outcome, ev: Evaluation, numbering: Numbering, kind: ChangeKind) -> Change:
        f, countries = ev.facts, ev.inputs.countries
        country = countries.get(f.buyer_country).name if f.buyer_country else "the buyer's country"
        if outcome.reason_code == "destination_sanctioned" and f.hq_country:
            embargoed = (
                f.buyer_country if f.buyer_country and countries.get(f.buyer_country).embargoed else f.hq_country
            )
            country = countries.get(embargoed).name
        exporter = countries.get(f.exporter_country).name if f.exporter_country else "another country"
        messages = {
            "exporter_not_us": f"Decisive: EXIM supports U.S. exporters, and an exporter seated in {exporter} is "
            "not something the deal's terms can change; no workaround is offered.",
            "destination_sanctioned": f"Decisive: {country} is under a comprehensive U.S. embargo; no change to the "
            "deal's terms makes it eligible, and none is offered.",
            "destination_off_cover": f"Decisive: EXIM is off cover in {country}; no change to the deal's terms "
            "opens cover, and none is offered.",
            "restricted_party": "Decisive: a buyer or end user on a restricted-party list cannot be financed; "
            "there is no workaround, and the deal needs compliance review.",
            "military_end_use": "Decisive: EXIM may not finance defense articles or services; no change to the "
            "deal's terms alters that.",
            "license_denied": "Decisive: BIS denied the export licence, and the export cannot be financed without "
            "it; that is BIS's decision, not a term of the deal.",
            "dual_use_review": "No change of facts settles this: EXIM makes its own determination that a dual-use "
            "item is non-lethal and mainly for civilian use, so a person at EXIM must review it.",
        }
        return Change(
            rule_id=rule_id,
            kind=kind,
            decisive=kind == "decisive",
            message=messages.get(outcome.reason_code or "", f"Decisive: {outcome.message}"),
            citation=numbering.cite(self.rules[rule_id].citation(outcome.cite)),
        )

    # --- changes the exporter can make -----------------------------------------------------------
    def _changeable(self, rule_id: str, outcome: Outcome, ev: Evaluation, numbering: Numbering) -> list[Change]:
        f, day = ev.facts, ev.day
        found: list[Change | None] = []
        if rule_id == "mlt-cash-payment":
            minimum = self.rules[rule_id].param("min_cash_payment_pct", day)
            found.append(
                self._verified(
                    ev,
                    rule_id,
                    "threshold",
                    {"cash_payment_pct": minimum},
                    f"A cash payment of at least {minimum:g}% (you entered {f.cash_payment_pct:g}%) would meet the "
                    "minimum for medium- and long-term deals.",
                    numbering,
                )
            )
            found.append(self._short_term_instead(ev, numbering))
        elif rule_id == "us-content" and outcome.reason_code == "short_term_content_not_small_business":
            # Short-term support above the content threshold covers the whole value, for any exporter.
            above = self.rules[rule_id].param("short_term_full_value_above_pct", day)
            found.append(
                self._verified(
                    ev,
                    rule_id,
                    "threshold",
                    {"us_content_pct": above + self.config.steps["us_content_pct"]},
                    f"U.S. content above {above:g}% (you entered {f.us_content_pct:g}%) takes the deal out of the "
                    "unconfirmed rule for exporters that are not small businesses; EXIM could then support "
                    "{after}, the whole contract value.",
                    numbering,
                    cite="short_term",
                )
            )
        elif rule_id == "us-content":  # no U.S. content: any share above 0% passes
            step = self.config.steps["us_content_pct"]
            found.append(
                self._verified(
                    ev,
                    rule_id,
                    "threshold",
                    {"us_content_pct": step},
                    "Some U.S. content: EXIM supports only U.S. content, so any share above 0% (you entered 0%) "
                    f"clears this check; at {step:g}% the content rule would allow {{after}}.",
                    numbering,
                    cite="zero",
                )
            )
        elif rule_id == "ai-export-licence":
            status = (f.license_status or "").replace("_", " ")
            if outcome.reason_code == "license_likely_required":
                text = (
                    "Have the classification checked and apply for the BIS licence: the rules require one here, "
                    f"and financing cannot be signed before it is granted (you entered: {status}). Once BIS "
                    "approves it, this check passes."
                )
            else:
                text = (
                    "Apply for the BIS licence first: financing cannot be signed before it is granted "
                    f"(licence status you entered: {status}). Once BIS approves it, this check passes."
                )
            found.append(
                self._verified(ev, rule_id, "process", {"license_status": "approved"}, text, numbering, cite="refer")
            )
        return [c for c in found if c is not None]

    def _short_term_instead(self, ev: Evaluation, numbering: Numbering) -> Change | None:
        """Near the short-term boundary, a shorter term clears the cash minimum too (it does not apply)."""
        months = ev.facts.repayment_months
        short = self.rules["term-class"].param("short_term_max_months", ev.day)
        if months is None or months - short > self.config.boundary_margins["repayment_months"]:
            return None
        return self._verified(
            ev,
            "term-class",
            "term",
            {"repayment_months": short},
            f"A repayment term of up to {short:g} months (you entered {months:g}) would make this short term, "
            "where no minimum cash payment applies.",
            numbering,
        )

    def _amount(self, ev: Evaluation, numbering: Numbering) -> list[Change]:
        """U.S. content that would raise the amount the content rule allows, from the rule's own levels."""
        f, rule, day = ev.facts, self.rules["us-content"], ev.day
        content = f.us_content_pct
        if ev.result("us-content") != "pass" or content is None or ev.term is None:
            return []
        step = self.config.steps["us_content_pct"]
        if ev.term == "short_term":
            above = rule.param("short_term_full_value_above_pct", day)
            if content > above:
                return []
            target, text, cite = (
                above + step,
                f"U.S. content above {above:g}% (you entered {content:g}%) would raise the supported amount from "
                "{before} to {after}, the whole contract value.",
                "short_term",
            )
        else:
            cap = rule.param("mlt_max_support_pct", day)
            threshold = rule.param("transformational_min_content_pct", day)
            if f.item in rule.param("transformational_items", day) and content < threshold:
                target, text, cite = (
                    threshold,
                    f"U.S. content of at least {threshold:g}% for this sector (you entered {content:g}%) would "
                    "raise the supported amount from {before} to {after}.",
                    "transformational",
                )
            elif f.item not in rule.param("transformational_items", day) and content < cap:
                target, text, cite = (
                    cap,
                    f"U.S. content of {cap:g}% (you entered {content:g}%) would raise the supported amount from "
                    f"{{before}} to {{after}}, the most EXIM supports ({cap:g}% of the contract).",
                    "default",
                )
            else:
                return []
        change = self._verified(ev, "us-content", "amount", {"us_content_pct": target}, text, numbering, cite=cite)
        if change is None or (change.supported_amount_after or 0) <= (change.supported_amount_before or 0):
            return []
        return [change]

    def _verified(
        self,
        ev: Evaluation,
        rule_id: str,
        kind: ChangeKind,
        patch: dict[str, Any],
        text: str,
        numbering: Numbering,
        cite: str = "default",
    ) -> Change | None:
        """The change, run through the engine: offered only when its check then passes (or, with facts
        still to come, only waits for facts that were never given: the change itself is not in doubt)."""
        after = self.evaluate(ev.facts.model_copy(update=patch), ev.day)
        waits_for = after.outcomes[rule_id].missing
        clears = after.result(rule_id) == "pass" or (
            after.result(rule_id) == "missing" and all(getattr(ev.facts, m) is None for m in waits_for)
        )
        if not clears or (kind == "term" and after.term == ev.term):
            return None
        if after.result(rule_id) == "missing":
            text += " To finish the check it also needs: " + ", ".join(m.replace("_", " ") for m in waits_for) + "."
        before_blocking, after_blocking = ev.blocking(), after.blocking()
        return Change(
            rule_id=rule_id,
            kind=kind,
            set=patch,
            entered={k: getattr(ev.facts, k) for k in patch},
            message=text.format(before=money(ev.amount), after=money(after.amount)),
            check_after=after.result(rule_id),
            resolves=[r for r in before_blocking if r != rule_id and r not in after_blocking],
            also_fails=[r for r in after_blocking if r not in before_blocking or after.result(r) != ev.result(r)],
            outcome_after=after.verdict,
            term_after=after.term,
            supported_amount_before=ev.amount,
            supported_amount_after=after.amount,
            citation=numbering.cite(self.rules[rule_id].citation(cite)),
        )
