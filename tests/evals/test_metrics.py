"""Scoring and metrics on small hand-made cases whose scores are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import gate
from evals.cases import CaseFileError, EvalCase, load_cases
from evals.compare import compare
from evals.runner import Observation
from evals.scoring import aggregate, score_case, summarise


def case(**fields) -> EvalCase:  # type: ignore[no-untyped-def]
    base = {"id": "c", "kind": "qa", "turns": ["q?"], "expect": {}, "tags": []}
    return EvalCase.model_validate({**base, **fields})


def obs(status: str, answer: str = "", docs: tuple[str, ...] = (), **kw) -> Observation:  # type: ignore[no-untyped-def]
    return Observation(
        status=status,
        answer=answer,
        citations=[{"doc_id": d} for d in docs],
        latency_ms=10,
        turn_latencies_ms=[10],
        **kw,
    )


def test_answer_case_scores() -> None:
    c = case(
        expect={
            "status": ["answered"],
            "must_include": [["15%", "15 percent"], ["CIRR"]],
            "must_not_include": ["guaranteed approval"],
            "sources": ["b", "z"],
        }
    )
    s = score_case(c, obs("answered", "The buyer pays 15  PERCENT in cash.", ("a", "b", "c")))
    assert s.status_ok and s.facts_matched == 1 and s.facts_expected == 2
    assert s.source_hit and s.source_rr == pytest.approx(0.5)
    assert not s.passed and s.failures == ["missing 'CIRR'"]


def test_refusal_precision_and_recall_count_both_mistakes() -> None:
    scores = [
        score_case(case(id="1", expect={"status": ["out_of_scope"]}), obs("out_of_scope")),  # TP
        score_case(case(id="2", expect={"status": ["guardrail_jailbreak"]}), obs("answered")),  # FN: should refuse
        score_case(case(id="3", expect={"status": ["answered", "partial"]}), obs("out_of_scope")),  # FP
        score_case(case(id="4", expect={"status": ["answered"]}), obs("answered")),  # TN
    ]
    metrics = aggregate(scores)
    assert metrics["refusal_precision"] == pytest.approx(0.5)
    assert metrics["refusal_recall"] == pytest.approx(0.5)
    assert metrics["status_accuracy"] == pytest.approx(0.5)


def test_eligibility_outcome_and_reason_code_recall() -> None:
    c = case(
        kind="eligibility",
        turns=[],
        facts={"buyer_country": "CU"},
        expect={"outcome": "not_eligible", "reason_codes": ["destination_sanctioned", "exporter_not_us"]},
    )
    s = score_case(c, obs("eligibility_result", outcome="not_eligible", reason_codes=["destination_sanctioned"]))
    assert s.outcome_ok and s.codes_matched == 1 and s.codes_expected == 2
    metrics = summarise([s])
    assert metrics["overall"]["reason_code_recall"] == pytest.approx(0.5)
    assert metrics["by_kind"]["eligibility"]["outcome_accuracy"] == 1.0


def test_must_not_include_and_errors_fail_a_case() -> None:
    s = score_case(case(expect={"must_not_include": ["Guaranteed approval"]}), obs("answered", "guaranteed approval!"))
    assert s.must_not_violations == ["Guaranteed approval"] and not s.passed
    crashed = score_case(case(expect={"status": ["answered"]}), Observation(status=None, error="boom"))
    assert not crashed.passed and "error: boom" in crashed.failures


def test_gate_passes_and_fails_on_bounds() -> None:
    metrics = {
        "overall": {"fact_recall": 0.8, "latency_p95_ms": 200.0, "outcome_accuracy": None},
        "by_kind": {},
        "by_tag": {},
    }
    ok, lines = gate.check(metrics, {"overall": {"fact_recall": {"min": 0.7}}})
    assert ok
    ok, lines = gate.check(metrics, {"overall": {"latency_p95_ms": {"max": 150}, "outcome_accuracy": {"min": 0.9}}})
    assert not ok and any("not measured" in line for line in lines)


def test_compare_lists_newly_failing_and_passing() -> None:
    before = {
        "metrics": {"overall": {"fact_recall": 0.7}},
        "cases": [{"id": "a", "passed": True}, {"id": "b", "passed": False}],
    }
    now = {
        "metrics": {"overall": {"fact_recall": 0.8}},
        "cases": [{"id": "a", "passed": False}, {"id": "b", "passed": True}],
    }
    result = compare(now, before, "old")
    assert result["newly_failing"] == ["a"] and result["newly_passing"] == ["b"]
    assert result["deltas"]["fact_recall"]["delta"] == pytest.approx(0.1)


def test_a_malformed_line_stops_the_run_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    good = json.dumps({"id": "a", "kind": "qa", "turns": ["q"], "expect": {}})
    path.write_text(good + "\n" + '{"id": "b", "kind": "qa", "turns": ["q"], "expect": {"status": ["happy"]}}\n')
    with pytest.raises(CaseFileError, match=r"set\.jsonl:2"):
        load_cases(path)
    path.write_text(good + "\n\n{not json\n")
    with pytest.raises(CaseFileError, match=r"set\.jsonl:3"):
        load_cases(path)


def test_figures_by_set_keep_each_file_apart() -> None:
    scores = [
        score_case(case(id="a1", expect={"status": ["answered"]}), obs("answered")),
        score_case(case(id="a2", expect={"status": ["answered"]}), obs("out_of_scope")),
        score_case(case(id="b1", expect={"status": ["guardrail_jailbreak"]}), obs("guardrail_jailbreak")),
    ]
    metrics = summarise(scores, {"a1": "evals/frozen/x.jsonl", "a2": "evals/frozen/x.jsonl", "b1": "y.jsonl"})
    assert list(metrics["by_set"]) == ["evals/frozen/x.jsonl", "y.jsonl"]
    assert metrics["by_set"]["evals/frozen/x.jsonl"]["status_accuracy"] == pytest.approx(0.5)
    assert metrics["by_set"]["y.jsonl"]["refusal_recall"] == 1.0
    assert summarise(scores)["by_set"] == {}  # without the files, no figures by set
