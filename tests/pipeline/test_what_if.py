"""Side by side in chat: after a result, "what if the buyer paid 20% down?" or "what if it were 9 years?"
is answered at once with both results and what changed highlighted.

The stages are driven directly with intake states (no router): however a what-if reaches the
eligibility stages, the comparison rests only on the facts and result the intake state remembers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.context import AnswerStatus, PriorTurn, TurnContext
from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.config import IntakeConfig
from assistant.intake.extract import FactExtractor
from assistant.intake.state import IntakeState
from assistant.messages import Messages
from assistant.pipeline.check_eligibility import CheckEligibility
from assistant.pipeline.explain import Explain
from assistant.pipeline.read_facts import ReadFacts
from assistant.pipeline.update_intake import UpdateIntake

REPO = Path(__file__).resolve().parents[2]
DEAL = {
    "exporter_country": "US",
    "buyer_country": "DE",
    "item": "other_goods",
    "eccn": "EAR99",
    "end_use": "civil",
    "restricted_party": False,
    "contract_value_usd": 2_000_000,
    "us_content_pct": 90,
    "cash_payment_pct": 10,
    "repayment_months": 60,
}


@pytest.fixture(scope="module")
def stages():  # type: ignore[no-untyped-def]
    engine = EligibilityEngine.load(REPO / "knowledge")
    config = IntakeConfig.load(REPO / "config")
    return (
        (ReadFacts(FactExtractor(engine.countries, config)), UpdateIntake(engine)),
        CheckEligibility(engine),
        Explain(config, engine.countries, Messages.load(REPO / "config").result),
    )


def _turn(stages, question: str, intake: IntakeState | None, history_intake: IntakeState | None = None) -> TurnContext:  # type: ignore[no-untyped-def]
    """One eligibility turn: the facts stage when the state comes from history, then check and explain."""
    extract, check, explain = stages
    turn = TurnContext(question=question, route="eligibility")
    if history_intake is not None:
        turn.history = [PriorTurn(question="earlier", intake=history_intake, status=AnswerStatus.eligibility_result)]
        read, update = extract
        read(turn)
        update(turn)
    else:
        turn.intake = intake
    check(turn)
    explain(turn)
    return turn


def _first_result(stages) -> TurnContext:  # type: ignore[no-untyped-def]
    turn = _turn(stages, "yes", IntakeState(facts=dict(DEAL), stage="ready"))
    assert turn.status is AnswerStatus.eligibility_result
    assert turn.eligibility and turn.eligibility.outcome == "not_eligible"
    assert turn.eligibility.compared_with is None and "What changed" not in turn.answer
    return turn


def test_the_result_names_what_would_change_it_and_which_products_fit(stages) -> None:
    turn = _first_result(stages)
    assert "**What would change the outcome:**" in turn.answer
    assert "A cash payment of at least 15% (you entered 10%)" in turn.answer
    assert "**Which products would fit:**" in turn.answer and "Medium-term export credit insurance" in turn.answer
    cited = {(c.doc_id, c.section) for c in turn.citations}
    assert ("exim-mlt-financing-terms", "cash-payment") in cited
    assert ("exim-medium-term-insurance", "credit-terms-and-transaction-size") in cited
    # every [n] in the text points at a citation of the turn
    import re

    refs = {int(n) for n in re.findall(r"\[(\d+)\]", turn.answer)}
    assert refs == {c.ref for c in turn.citations}


def test_what_if_the_buyer_paid_20_percent_down_shows_both_results(stages) -> None:
    first = _first_result(stages)
    turn = _turn(stages, "what if the buyer paid 20% down?", None, history_intake=first.intake)
    assert turn.status is AnswerStatus.eligibility_result  # at once: no second "check your answers"
    assert turn.eligibility and turn.eligibility.compared_with
    comparison = turn.eligibility.compared_with
    assert [c.fact for c in comparison.changed_facts] == ["cash_payment_pct"]
    assert comparison.before["outcome"] == "not_eligible" and turn.eligibility.outcome == "eligible"
    assert {"outcome", "supported_amount_usd", "programs", "mlt-cash-payment"} <= set(comparison.differences)
    assert "**What changed:** cash payment 10% → **20%**" in turn.answer
    assert "- Outcome: not eligible → **likely eligible**" in turn.answer
    assert "- Term: medium term (unchanged)" in turn.answer
    assert "- Check mlt-cash-payment: fail → **pass**" in turn.answer


def test_what_if_it_were_9_years_compares_with_the_result_just_shown(stages) -> None:
    first = _first_result(stages)
    second = _turn(stages, "what if the buyer paid 20% down?", None, history_intake=first.intake)
    third = _turn(stages, "what if it were 9 years?", None, history_intake=second.intake)
    assert third.eligibility and third.eligibility.compared_with
    comparison = third.eligibility.compared_with
    assert [(c.fact, c.before, c.after) for c in comparison.changed_facts] == [("repayment_months", 60, 108.0)]
    assert comparison.before["term"] == "medium_term" and third.eligibility.term == "long_term"
    assert "- Term: medium term → **long term**" in third.answer
    assert "Direct loan" in third.answer


def test_a_what_if_arriving_as_changed_facts_in_the_state_is_compared_too(stages) -> None:
    """Robust to how the message arrives: another stage may have merged the new fact already."""
    first = _first_result(stages)
    assert first.intake is not None
    state = first.intake.model_copy(deep=True)
    state.facts["us_content_pct"] = 40
    state.stage = "collecting"
    turn = _turn(stages, "and with 40% U.S. content?", state)
    assert turn.status is AnswerStatus.eligibility_result
    assert turn.eligibility and turn.eligibility.compared_with
    assert [c.fact for c in turn.eligibility.compared_with.changed_facts] == ["us_content_pct"]
    assert "u.s. content 90% → **40%**" in turn.answer.lower()


def test_yes_after_a_result_shows_the_result_again_without_a_comparison(stages) -> None:
    first = _first_result(stages)
    again = _turn(stages, "yes", None, history_intake=first.intake)
    assert again.status is AnswerStatus.eligibility_result
    assert again.eligibility and again.eligibility.compared_with is None


def test_before_any_result_complete_facts_are_still_confirmed_first(stages) -> None:
    turn = _turn(stages, "deal", IntakeState(facts=dict(DEAL), stage="collecting"))
    assert turn.status is AnswerStatus.clarification
