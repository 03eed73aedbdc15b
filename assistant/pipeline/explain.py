"""Stage: say in plain words what the engine decided, citing the rule passages it applied.

The text only explains: every outcome, amount and program comes from the engine's result.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.context import AnswerStatus, TurnContext
from assistant.eligibility.advice_text import advice_blocks
from assistant.eligibility.compare import compare
from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import FIELD_ORDER
from assistant.eligibility.models import Comparison, EligibilityResult
from assistant.intake.config import IntakeConfig
from assistant.intake.state import IntakeState
from assistant.intake.wording import describe, money, summary_lines
from assistant.messages import ResultWording
from assistant.sources import Citation


class Explain:
    name = "explain"

    def __init__(self, config: IntakeConfig, countries: CountryTable, wording: ResultWording) -> None:
        self.config = config
        self.countries = countries
        self.wording = wording  # config/messages.yaml `result`

    def __call__(self, turn: TurnContext) -> None:
        state = turn.intake if turn.intake is not None else IntakeState()
        result = turn.eligibility
        assert result is not None, "check_eligibility runs before explain"
        if turn.status is AnswerStatus.need_more_info:
            turn.answer = self._ask(state, result, turn.asked_about)
            if turn.route != "deal_question":
                turn.eligibility = None  # no verdict yet: the card waits for complete facts
            else:
                # A mixed turn keeps the engine's "more information needed" result, so the page shows the
                # check under way beside the answer; its "Still needed" (and `missing_facts`) names only
                # what the user neither stated nor asked about: the answer above covers what they asked.
                still = [f for f in result.missing_facts if f not in turn.asked_about and f not in state.facts]
                result.missing_facts = still  # the turn's own result: what the response shows
                turn.missing_facts = still
        elif turn.status is AnswerStatus.clarification:
            turn.answer = self._check_your_answers(state)
            turn.eligibility = None
        else:
            result.compared_with = self._compare(state, result)
            turn.answer, turn.citations = self._result(state, result)
            # Remember what was shown, so the next "what if…" is compared with it: the verdict and checks
            # only (the advice would triple what is stored with every turn).
            state.shown = {
                "facts": dict(state.facts),
                "result": result.model_dump(mode="json", exclude=_ADVICE),
            }
            turn.intake = state

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
            questions.append(f"- {self.wording.once_you_know.format(facts=named)}")
        for name, value in state.assumptions.items():
            label = self.config.labels[name]
            assumed = self.wording.assumed.format(
                fact=label[0].lower() + label[1:],
                value=describe(name, value, self.countries, self.config),
                item=describe("item", state.facts.get("item"), self.countries, self.config),
            )
            questions.append(f"- {assumed}")
        parts = [self.wording.ask, "\n".join(questions)]
        known = summary_lines(state.facts, {}, FIELD_ORDER, self.config, self.countries)
        if known:
            parts.append(self.wording.so_far + "\n" + "\n".join(known))
        return "\n\n".join(parts)

    def _check_your_answers(self, state: IntakeState) -> str:
        lines = summary_lines(state.facts, state.assumptions, FIELD_ORDER, self.config, self.countries)
        return "\n\n".join([self.wording.check_your_answers, "\n".join(lines), self.wording.check_your_answers_then])

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
        words = self.wording
        parts += [words.headlines[result.outcome], "\n".join(f"- {c.message}{cite(c.citation)}" for c in shown)]
        facts = []
        if result.term:
            facts.append(words.term.format(term=words.terms[result.term]))
        if result.supported_amount_usd is not None:
            facts.append(words.supported.format(amount=money(result.supported_amount_usd)))
        if result.programs and not result.products:
            facts.append(words.programs.format(programs=", ".join(p.name for p in result.programs)))
        if facts:
            parts.append(" ".join(facts))
        parts += advice_blocks(result, words.advice, cite)
        if result.outcome == "refer_to_human":
            parts.append(words.handed_off)
        parts.append(words.correct_me)
        return "\n\n".join(p for p in parts if p), citations

    def _what_changed(self, comparison: Comparison, after: EligibilityResult) -> str:
        """The what-if, side by side: the facts changed, then before → after for each part of the result,
        with what moved in bold."""
        before = EligibilityResult.model_validate(comparison.before)
        changed = "; ".join(
            f"{self.config.labels[c.fact].lower()} {self._fact(c.fact, c.before)} → **{self._fact(c.fact, c.after)}**"
            for c in comparison.changed_facts
        )
        w = self.wording
        values: dict[str, Callable[[EligibilityResult], str]] = {
            "outcome": lambda r: w.outcome_words[r.outcome],
            "term": lambda r: w.terms.get(r.term or "", w.unknown),
            "supported_amount_usd": lambda r: (
                w.none if r.supported_amount_usd is None else money(r.supported_amount_usd)
            ),
            "programs": lambda r: ", ".join(p.name for p in r.programs) or w.none,
        }
        lines = [w.what_changed.format(changes=changed)]
        for part, label in w.compare_rows.items():
            old, new = values[part](before), values[part](after)
            lines.append(
                f"- {label}: {old} → **{new}**" if part in comparison.differences else f"- {label}: {new} {w.unchanged}"
            )
        results_before = {c.rule_id: c.result for c in before.checks}
        for check in after.checks:
            if check.rule_id in comparison.differences:
                moved = w.check_moved.format(
                    rule=check.rule_id, before=results_before.get(check.rule_id), after=check.result
                )
                lines.append(f"- {moved}")
        return "\n".join(lines)

    def _fact(self, name: str, value: object) -> str:
        return self.wording.not_given if value is None else describe(name, value, self.countries, self.config)


_ADVICE = {"compared_with", "changes", "products", "boundaries"}
