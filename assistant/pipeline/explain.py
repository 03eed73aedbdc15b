"""Stage: say in plain words what the engine decided, citing the rule passages it applied.

The text only explains: every outcome, amount and program comes from the engine's result.
"""

from __future__ import annotations

from assistant.context import AnswerStatus, Citation, TurnContext
from assistant.eligibility.advice_text import advice_blocks
from assistant.eligibility.compare import compare
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import FIELD_ORDER
from assistant.eligibility.models import Comparison, EligibilityResult
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

    def __init__(self, config: IntakeConfig, countries: CountryTable) -> None:
        self.config = config
        self.countries = countries

    def __call__(self, turn: TurnContext) -> None:
        state = IntakeState.model_validate(turn.intake or {})
        result = EligibilityResult.model_validate(turn.eligibility)
        if turn.status is AnswerStatus.need_more_info:
            turn.answer = self._ask(state, result, turn.asked_about)
            if turn.route != "deal_question":
                turn.eligibility = None  # no verdict yet: the card waits for complete facts
            # A mixed turn keeps the engine's "more information needed" result, so the page shows the
            # check under way (what is still needed) beside the answer to the questions.
        elif turn.status is AnswerStatus.clarification:
            turn.answer = self._check_your_answers(state)
            turn.eligibility = None
        else:
            comparison = self._compare(state, result)
            if comparison is not None:
                result.compared_with = comparison
                turn.eligibility = result.model_dump(mode="json")
            turn.answer, turn.citations = self._result(state, result)
            # Remember what was shown, so the next "what if…" is compared with it: the verdict and checks
            # only (the advice would triple what is stored with every turn).
            state.shown = {
                "facts": dict(state.facts),
                "result": result.model_dump(mode="json", exclude=_ADVICE),
            }
            turn.intake = state.model_dump()

    def _compare(self, state: IntakeState, result: EligibilityResult) -> Comparison | None:
        if not state.shown:
            return None
        before = EligibilityResult.model_validate(state.shown["result"])
        return compare(state.shown["facts"], before, state.facts, result)

    def _ask(self, state: IntakeState, result: EligibilityResult, asked_about: list[str]) -> str:
        """Asks for what is missing, except a fact the user just asked about (the answer above covers it)."""
        wanted = [f for f in result.missing_facts if f not in state.assumptions and f not in asked_about]
        later = [f for f in result.missing_facts if f in asked_about and f not in state.assumptions]
        questions = [f"- {self.config.questions[f]}" for f in wanted[: self.config.ask_at_most]]
        if later and not questions:
            named = ", ".join(self.config.labels[f].lower() for f in later)
            questions.append(f"- Once you know the {named}, tell me and I'll run the check.")
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

        def cite(citation: Citation) -> str:
            key = (citation.doc_id, citation.quote)
            if key not in numbering:
                numbering[key] = len(numbering) + 1
                citations.append(citation.model_copy(update={"ref": numbering[key]}))
            return f" [{numbering[key]}]"

        parts = [self._what_changed(result.compared_with, result)] if result.compared_with else []
        parts += [_HEADLINES[result.outcome], "\n".join(f"- {c.message}{cite(c.citation)}" for c in shown)]
        facts = []
        if result.term:
            facts.append(f"Term: {_TERMS[result.term]}.")
        if result.supported_amount_usd is not None:
            facts.append(f"EXIM could support up to {money(result.supported_amount_usd)}.")
        if result.programs and not result.products:
            facts.append("Programs that fit: " + ", ".join(p.name for p in result.programs) + ".")
        if facts:
            parts.append(" ".join(facts))
        parts += advice_blocks(result, cite)
        if result.outcome == "refer_to_human":
            parts.append(
                "I've passed this to our help-desk staff, who will see these facts and this check and "
                "reply to you here."
            )
        parts.append(
            'If any fact is wrong, tell me (for example "actually the buyer is in Vietnam") and I\'ll check again.'
        )
        return "\n\n".join(p for p in parts if p), citations

    def _what_changed(self, comparison: Comparison, after: EligibilityResult) -> str:
        """The what-if, side by side: the facts changed, then before → after for each part of the result,
        with what moved in bold."""
        before = EligibilityResult.model_validate(comparison.before)
        changed = "; ".join(
            f"{self.config.labels[c.fact].lower()} {self._fact(c.fact, c.before)} → **{self._fact(c.fact, c.after)}**"
            for c in comparison.changed_facts
        )
        rows = [
            ("outcome", "Outcome", lambda r: _OUTCOME_WORDS[r.outcome]),
            ("term", "Term", lambda r: _TERMS.get(r.term or "", "unknown")),
            ("supported_amount_usd", "Amount EXIM could support", lambda r: _amount(r.supported_amount_usd)),
            ("programs", "Programs", lambda r: ", ".join(p.name for p in r.programs) or "none"),
        ]
        lines = [f"**What changed:** {changed}. Before and after:"]
        for part, label, words in rows:
            old, new = words(before), words(after)
            lines.append(
                f"- {label}: {old} → **{new}**" if part in comparison.differences else f"- {label}: {new} (unchanged)"
            )
        results_before = {c.rule_id: c.result for c in before.checks}
        for check in after.checks:
            if check.rule_id in comparison.differences:
                lines.append(f"- Check {check.rule_id}: {results_before.get(check.rule_id)} → **{check.result}**")
        return "\n".join(lines)

    def _fact(self, name: str, value: object) -> str:
        return "(not given)" if value is None else describe(name, value, self.countries)


_ADVICE = {"compared_with", "changes", "products", "boundaries"}
_OUTCOME_WORDS = {
    "eligible": "likely eligible",
    "not_eligible": "not eligible",
    "refer_to_human": "needs review by a person",
    "need_more_info": "more information needed",
}


def _amount(value: float | None) -> str:
    return money(value) if value is not None else "none"
