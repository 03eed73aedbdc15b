"""Table tests: every case in tests/eligibility/cases/*.yaml, checked against the real rules and data.

The cases were written by hand from docs/eligibility-rules.md, independently of the engine's code. Each
case is checked on its own `as_of` day, so a rule value dated later cannot silently change what it tests.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from assistant.eligibility.engine import EligibilityEngine
from assistant.yaml_data import load_yaml

REPO = Path(__file__).resolve().parents[2]
CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((REPO / "tests" / "eligibility" / "cases").glob("*.yaml"))
    for case in load_yaml(path.read_text())
]


@pytest.fixture(scope="module")
def engine() -> EligibilityEngine:
    return EligibilityEngine.load(REPO / "knowledge")


@pytest.mark.parametrize("case", CASES)
def test_case(engine: EligibilityEngine, case: dict) -> None:
    result = engine.check(engine.parse_facts(case["facts"]), case["as_of"])
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


def test_every_case_names_the_day_it_was_written_for() -> None:
    undated = [p.id for p in CASES if not isinstance(p.values[0].get("as_of"), datetime.date)]
    assert not undated, f"cases without an as_of date: {undated}"


def test_a_later_rule_value_does_not_change_an_older_case(tmp_path: Path) -> None:
    """A stricter cash payment dated after the case: the case (on its day) still passes, later days fail."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    rule = knowledge / "rules" / "mlt-cash-payment.yaml"
    first = next(line for line in rule.read_text().splitlines() if "{value: 15, effective_from:" in line)
    later = first.replace("value: 15,", "value: 25,").replace("2023-04-01", "2030-01-01")
    rule.write_text(rule.read_text().replace(first, f"{first}\n{later}"))
    engine = EligibilityEngine.load(knowledge)
    name = "exactly 15 percent cash passes and 14 percent would fail"
    case = next(p.values[0] for p in CASES if p.values[0]["name"] == name)
    facts = engine.parse_facts(case["facts"])
    assert engine.check(facts, case["as_of"]).outcome == case["expect"]["outcome"] == "eligible"
    later_result = engine.check(facts, datetime.date(2030, 6, 1))
    assert "cash_payment_below_minimum" in later_result.reason_codes
