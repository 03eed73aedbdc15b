"""Property test: every change the engine suggests, applied to the facts and checked again, does what it
says — its check passes, the outcome, term and amount are the ones it reported, and any other check it
makes fail, refer or miss a fact is named in `also_fails` (nothing fails silently). Every boundary side,
applied, gives the term, outcome and amount shown for it.

Facts are drawn around every threshold of the rules (read from the rule files, not written here).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.eligibility.engine import EligibilityEngine
from assistant.eligibility.facts import DealFacts

REPO = Path(__file__).resolve().parents[2]
ENGINE = EligibilityEngine.load(REPO / "knowledge")
DAY = date.today()


def _param(rule: str, name: str) -> float:
    return float(ENGINE.rules[rule].param(name, DAY))


def _around(*thresholds: float, low: float, high: float) -> st.SearchStrategy[float]:
    """Values at, just below and just above each threshold, and anywhere in the range."""
    near = [v for t in thresholds for v in (t - 1, t - 0.5, t, t + 0.5, t + 1) if low <= v <= high]
    return st.one_of(st.sampled_from(near), st.floats(min_value=low, max_value=high, allow_nan=False))


MONTHS = _around(
    _param("term-class", "short_term_max_months"), _param("term-class", "medium_term_max_months"), low=0, high=240
)
VALUE = _around(_param("term-class", "medium_term_max_contract_value_usd"), low=1, high=60_000_000)
CONTENT = _around(
    0,
    _param("us-content", "short_term_full_value_above_pct"),
    _param("us-content", "transformational_min_content_pct"),
    _param("us-content", "mlt_max_support_pct"),
    low=0,
    high=100,
)
CASH = _around(_param("mlt-cash-payment", "min_cash_payment_pct"), low=0, high=100)
# Countries of every kind the rules distinguish: open, A:5, A:6 with D:4, D:4 only, D:5, named (AE, MO),
# embargoed (CU, IR, KP, a region), off cover (RU, BY), and one outside the table (BR).
COUNTRIES = ["US", "DE", "IL", "SA", "CN", "AE", "MO", "VN", "IN", "CU", "IR", "KP", "UA-43", "RU", "BY", "BR", "CA"]


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy, strategy, strategy)


FACTS = st.fixed_dictionaries(
    {
        "exporter_country": st.sampled_from(["US", "US", "US", "CA"]),
        "buyer_country": st.sampled_from(COUNTRIES),
        "buyer_hq_country": optional(st.sampled_from(COUNTRIES)),
        "item": optional(
            st.sampled_from(["ai_chips", "ai_servers", "networking", "ai_software", "other_goods", "services"])
        ),
        "eccn": optional(st.sampled_from(["3A090.a", "4A090.a", "5A992.z", "5A992", "EAR99"])),
        "end_use": optional(st.sampled_from(["civil", "civil", "civil", "dual_use", "military"])),
        "restricted_party": optional(st.sampled_from([False, False, False, True])),
        "license_status": optional(st.sampled_from(["not_required", "approved", "pending", "denied", "not_applied"])),
        "contract_value_usd": optional(VALUE),
        "us_content_pct": optional(CONTENT),
        "cash_payment_pct": optional(CASH),
        "repayment_months": optional(MONTHS),
    }
)


# Stand-in values for facts a change still waits for, to show it then passes.
_COMPLETE = {"repayment_months": 36, "contract_value_usd": 1_000_000, "item": "other_goods", "eccn": "EAR99"}


def _facts(raw: dict) -> DealFacts:
    return ENGINE.parse_facts({k: v for k, v in raw.items() if v is not None})


def _blocking(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.rule_id: c.result for c in result.checks if c.result in ("fail", "refer", "missing")}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FACTS)
def test_every_suggested_change_flips_its_check_and_nothing_fails_silently(raw: dict) -> None:
    facts = _facts(raw)
    result = ENGINE.check(facts, DAY)
    before = _blocking(result)
    failing = {c.rule_id for c in result.checks if c.result in ("fail", "refer")}
    for change in result.changes:
        assert change.citation.quote and change.citation.url.startswith("http")
        if change.decisive or change.kind == "review":
            assert change.set == {} and change.rule_id in failing
            continue
        assert change.set, change
        after = ENGINE.check(facts.model_copy(update=change.set), DAY)
        checks_after = {c.rule_id: c.result for c in after.checks}
        assert checks_after[change.rule_id] == change.check_after, change
        if change.check_after != "pass":
            # Only when facts never given are still needed: with every fact given, the check passes.
            waiting = next(c for c in after.checks if c.rule_id == change.rule_id).missing_facts
            assert change.check_after == "missing" and all(raw.get(m) is None for m in waiting), change
            complete = facts.model_copy(update={m: _COMPLETE[m] for m in waiting})
            redone = ENGINE.check(complete, DAY)
            fixed = next((c for c in redone.changes if c.rule_id == change.rule_id and c.kind == change.kind), None)
            assert fixed is not None and fixed.check_after == "pass", (change, redone.changes)
        assert after.outcome == change.outcome_after
        assert after.term == change.term_after
        amount_after = next((c for c in [change.supported_amount_after]), None)
        if amount_after is not None and after.outcome != "not_eligible":
            assert after.supported_amount_usd == pytest.approx(amount_after)
        newly = {r for r, res in _blocking(after).items() if before.get(r) != res}
        assert newly <= set(change.also_fails), (change, newly)
        for resolved in change.resolves:
            assert checks_after[resolved] in ("pass", "not_applicable")
        if change.kind == "amount":
            assert (change.supported_amount_after or 0) > (change.supported_amount_before or 0)
    # Every failing or referring check is answered: a change that clears it, or decisive / review.
    answered = {c.rule_id for c in result.changes} | {r for c in result.changes for r in c.resolves}
    assert failing <= answered, (failing, [c.rule_id for c in result.changes])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FACTS)
def test_every_boundary_side_is_what_the_engine_gives_on_that_side(raw: dict) -> None:
    facts = _facts(raw)
    result = ENGINE.check(facts, DAY)
    if any(c.decisive for c in result.changes):
        assert result.products == [] and result.boundaries == []
    for boundary in result.boundaries:
        assert [s.current for s in boundary.sides].count(True) == 1
        for side in boundary.sides:
            there = ENGINE.check(facts.model_copy(update=side.set), DAY) if side.set else result
            assert (there.outcome, there.term) == (side.outcome, side.term)
            if there.outcome != "not_eligible":
                assert [p.id for p in side.programs] == [p.id for p in there.programs]
