"""Table tests: every case in tests/eligibility/cases/*.yaml, checked against the real rules and data.

The cases were written by hand from docs/eligibility-rules.md, independently of the engine's code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.eligibility.engine import EligibilityEngine

REPO = Path(__file__).resolve().parents[2]
CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((REPO / "tests" / "eligibility" / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())
]


@pytest.fixture(scope="module")
def engine() -> EligibilityEngine:
    return EligibilityEngine.load(REPO / "knowledge")


@pytest.mark.parametrize("case", CASES)
def test_case(engine: EligibilityEngine, case: dict) -> None:
    result = engine.check(engine.parse_facts(case["facts"]))
    expect = case["expect"]
    trace = "\n".join(f"  {c.rule_id}: {c.result} {c.reason_code or ''} {c.missing_facts or ''}" for c in result.checks)
    assert result.outcome == expect["outcome"], trace
    if "term" in expect:
        assert result.term == expect["term"], trace
    if "reason_codes" in expect:
        assert sorted(result.reason_codes) == sorted(expect["reason_codes"]), trace
    if "missing_facts" in expect:
        assert result.missing_facts == expect["missing_facts"], trace
    if "supported_amount_usd" in expect:
        if expect["supported_amount_usd"] is None:
            assert result.supported_amount_usd is None
        else:
            assert result.supported_amount_usd == pytest.approx(expect["supported_amount_usd"], abs=0.01)
    if "programs" in expect:
        assert sorted(p.id for p in result.programs) == sorted(expect["programs"])
    for rule_id, expected in (expect.get("checks") or {}).items():
        actual = {c.rule_id: c.result for c in result.checks}[rule_id]
        assert actual == expected, f"{rule_id}: {actual} != {expected}\n{trace}"


def test_there_are_enough_cases_covering_every_reason_code() -> None:
    assert len(CASES) >= 60
    codes = {code for p in CASES for code in p.values[0]["expect"].get("reason_codes", [])}
    assert codes >= {
        "exporter_not_us",
        "destination_sanctioned",
        "destination_off_cover",
        "restricted_party",
        "military_end_use",
        "dual_use_review",
        "license_denied",
        "license_required_before_financing",
        "license_likely_required",
        "cash_payment_below_minimum",
        "no_us_content",
        "short_term_content_not_small_business",
    }
    outcomes = {p.values[0]["expect"]["outcome"] for p in CASES}
    assert outcomes == {"eligible", "not_eligible", "refer_to_human", "need_more_info"}
