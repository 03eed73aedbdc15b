"""Stage: say in plain words what the engine decided, citing the rule passages it applied.

The text only explains: every outcome, amount and program comes from the engine's result.
"""

from __future__ import annotations

from assistant.context import AnswerStatus, Citation, TurnContext
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import FIELD_ORDER
from assistant.eligibility.models import EligibilityResult
from assistant.intake.config import IntakeConfig
from assistant.intake.state import IntakeState
from assistant.intake.wording import describe, money, summary_lines

_HEADLINES = {
    "eligible": "**Likely eligible.** On these facts the deal passes every check; EXIM makes the final decision.",
    "not_eligible": "**Not eligible on these facts.**",
    "refer_to_human": "**Needs review by a person.** Nothing rules the deal out, but part of it needs a decision "
    "that only EXIM or BIS staff can make.",
    "need_more_info": "**More information needed.**",
}
_TERMS = {"short_term": "short term", "medium_term": "medium term", "long_term": "long term"}


class Explain:
    name = "explain"
    routes = frozenset({"eligibility"})

    def __init__(self, config: IntakeConfig, countries: CountryTable) -> None:
        self.config = config
        self.countries = countries

    def __call__(self, turn: TurnContext) -> None:
        state = IntakeState.model_validate(turn.intake or {})
        result = EligibilityResult.model_validate(turn.eligibility)
        if turn.status is AnswerStatus.need_more_info:
            turn.answer = self._ask(state, result)
            turn.eligibility = None  # no verdict yet: the card waits for complete facts
        elif turn.status is AnswerStatus.clarification:
            turn.answer = self._check_your_answers(state)
            turn.eligibility = None
        else:
            turn.answer, turn.citations = self._result(state, result)

    def _ask(self, state: IntakeState, result: EligibilityResult) -> str:
        wanted = [f for f in result.missing_facts if f not in state.assumptions]
        questions = [f"- {self.config.questions[f]}" for f in wanted[: self.config.ask_at_most]]
        for name, value in state.assumptions.items():
            label = self.config.labels[name]
            questions.append(
                f"- I've assumed the {label[0].lower() + label[1:]} is "
                f"{describe(name, value, self.countries)}, which is usual for "
                f"{describe('item', state.facts.get('item'), self.countries)}. Is that right?"
            )
        parts = ["To check whether this deal could be financed, I need a little more:", "\n".join(questions)]
        known = summary_lines(state.facts, {}, FIELD_ORDER, self.config, self.countries)
        if known:
            parts.append("What I have so far:\n" + "\n".join(known))
        return "\n\n".join(parts)

    def _check_your_answers(self, state: IntakeState) -> str:
        lines = summary_lines(state.facts, state.assumptions, FIELD_ORDER, self.config, self.countries)
        return "\n\n".join(
            [
                "Please check your answers before I run the eligibility check:",
                "\n".join(lines),
                "Reply **yes** to run the check, or tell me what to change (for example "
                '"actually the buyer is in Vietnam").',
            ]
        )

    def _result(self, state: IntakeState, result: EligibilityResult) -> tuple[str, list[Citation]]:
        shown = [c for c in result.checks if c.result in ("fail", "refer")] or [
            c
            for c in result.checks
            if c.result == "pass" and c.rule_id in ("ai-export-licence", "us-content", "mlt-cash-payment", "term-class")
        ]
        numbering: dict[tuple[str, str], int] = {}
        citations: list[Citation] = []
        lines = []
        for check in shown:
            key = (check.citation.doc_id, check.citation.quote)
            if key not in numbering:
                numbering[key] = len(numbering) + 1
                citations.append(check.citation.model_copy(update={"ref": numbering[key]}))
            lines.append(f"- {check.message} [{numbering[key]}]")
        parts = [_HEADLINES[result.outcome], "\n".join(lines)]
        facts = []
        if result.term:
            facts.append(f"Term: {_TERMS[result.term]}.")
        if result.supported_amount_usd is not None:
            facts.append(f"EXIM could support up to {money(result.supported_amount_usd)}.")
        if result.programs:
            facts.append("Programs that fit: " + ", ".join(p.name for p in result.programs) + ".")
        if facts:
            parts.append(" ".join(facts))
        if result.outcome == "refer_to_human":
            parts.append(
                "I've passed this to our help-desk staff, who will see these facts and this check and "
                "reply to you here."
            )
        parts.append(
            'If any fact is wrong, tell me (for example "actually the buyer is in Vietnam") and I\'ll check again.'
        )
        return "\n\n".join(p for p in parts if p), citations
