"""Scores one case, then aggregates metrics overall, per kind and per tag (ARCHITECTURE §8)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from evals.answer_quality import AnswerQuality, aggregate_quality, measure
from evals.cases import EvalCase
from evals.metrics import percentile, reciprocal_rank
from evals.runner import Observation

REFUSALS = frozenset({"out_of_scope", "guardrail_jailbreak", "guardrail_pii"})
SOURCE_K = 3


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class CaseScore:
    id: str
    kind: str
    tags: list[str]
    question: str
    answer: str
    status: str | None
    citations: list[str]
    outcome: str | None
    reason_codes: list[str]
    latency_ms: float
    turn_latencies_ms: list[float]
    status_ok: bool | None = None
    facts_matched: int = 0
    facts_expected: int = 0
    must_not_violations: list[str] = field(default_factory=list)
    source_hit: bool | None = None
    source_rr: float | None = None
    outcome_ok: bool | None = None
    codes_matched: int = 0
    codes_expected: int = 0
    refusal_expected: bool | None = None
    refusal_predicted: bool | None = None
    failures: list[str] = field(default_factory=list)
    quality: AnswerQuality = field(default_factory=AnswerQuality)
    # For the report's drill-down: what was asked and expected beside what happened, turn by turn.
    turns: list[str] = field(default_factory=list)
    turn_statuses: list[str | None] = field(default_factory=list)
    expected_status: list[str] = field(default_factory=list)
    expected_sources: list[str] = field(default_factory=list)
    expected_facts: list[list[str]] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    expected_outcome: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


def score_case(case: EvalCase, seen: Observation) -> CaseScore:
    expect = case.expect
    cited = list(dict.fromkeys(c["doc_id"] for c in seen.citations))
    s = CaseScore(
        id=case.id,
        kind=case.kind,
        tags=case.tags,
        question=case.turns[-1] if case.turns else "(facts)",
        answer=seen.answer,
        status=seen.status,
        citations=cited,
        outcome=seen.outcome,
        reason_codes=seen.reason_codes,
        latency_ms=seen.latency_ms,
        turn_latencies_ms=seen.turn_latencies_ms,
        turns=list(case.turns),
        turn_statuses=list(seen.turn_statuses),
        expected_status=sorted(x.value for x in expect.status or []),
        expected_sources=list(expect.sources or []),
        expected_facts=[list(a) for a in expect.must_include or []],
        expected_outcome=expect.outcome,
    )
    s.quality = measure(case, seen.status, seen.answer)
    if seen.error:
        s.failures.append(f"error: {seen.error}")
    answer = normalise(seen.answer)
    if expect.status:
        wanted = {x.value for x in expect.status}
        s.status_ok = seen.status in wanted
        s.refusal_expected = wanted <= REFUSALS
        s.refusal_predicted = seen.status in REFUSALS
        if not s.status_ok:
            s.failures.append(f"status {seen.status} not in {sorted(wanted)}")
    for alternatives in expect.must_include or []:
        s.facts_expected += 1
        if any(normalise(a) in answer for a in alternatives):
            s.facts_matched += 1
        else:
            s.missing_facts.append(alternatives[0])
            s.failures.append(f"missing {alternatives[0]!r}")
    for forbidden in expect.must_not_include or []:
        if normalise(forbidden) in answer:
            s.must_not_violations.append(forbidden)
            s.failures.append(f"says {forbidden!r}")
    if expect.sources:
        gold = set(expect.sources)
        s.source_rr = reciprocal_rank(cited, gold)
        s.source_hit = bool(set(cited[:SOURCE_K]) & gold)
        if not s.source_hit:
            s.failures.append(f"no source among {sorted(gold)} in the top {SOURCE_K} cited ({cited[:SOURCE_K]})")
    if expect.outcome:
        s.outcome_ok = seen.outcome == expect.outcome
        if not s.outcome_ok:
            s.failures.append(f"outcome {seen.outcome} != {expect.outcome}")
    if expect.reason_codes:
        s.codes_expected = len(expect.reason_codes)
        s.codes_matched = len(set(expect.reason_codes) & set(seen.reason_codes))
        if s.codes_matched < s.codes_expected:
            s.failures.append(
                f"reason codes {sorted(seen.reason_codes)} miss "
                f"{sorted(set(expect.reason_codes) - set(seen.reason_codes))}"
            )
    return s


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def aggregate(scores: list[CaseScore]) -> dict[str, Any]:
    """The metric set of one group of cases. A metric with nothing to measure is None."""
    statused = [s for s in scores if s.status_ok is not None]
    sourced = [s for s in scores if s.source_hit is not None]
    outcomes = [s for s in scores if s.outcome_ok is not None]
    refusal = [s for s in scores if s.refusal_expected is not None]
    tp = sum(1 for s in refusal if s.refusal_expected and s.refusal_predicted)
    fp = sum(1 for s in refusal if not s.refusal_expected and s.refusal_predicted)
    fn = sum(1 for s in refusal if s.refusal_expected and not s.refusal_predicted)
    latencies = [ms for s in scores for ms in s.turn_latencies_ms]
    return {
        "cases": len(scores),
        "passed": sum(1 for s in scores if s.passed),
        "status_accuracy": _ratio(sum(1 for s in statused if s.status_ok), len(statused)),
        "fact_recall": _ratio(sum(s.facts_matched for s in scores), sum(s.facts_expected for s in scores)),
        "must_not_violations": sum(len(s.must_not_violations) for s in scores),
        f"source_hit_at_{SOURCE_K}": _ratio(sum(1 for s in sourced if s.source_hit), len(sourced)),
        "source_mrr": _ratio(sum(s.source_rr or 0.0 for s in sourced), len(sourced)),
        "outcome_accuracy": _ratio(sum(1 for s in outcomes if s.outcome_ok), len(outcomes)),
        "reason_code_recall": _ratio(sum(s.codes_matched for s in scores), sum(s.codes_expected for s in scores)),
        "refusal_precision": _ratio(tp, tp + fp),
        "refusal_recall": _ratio(tp, tp + fn),
        "latency_p50_ms": percentile(latencies, 50) if latencies else None,
        "latency_p95_ms": percentile(latencies, 95) if latencies else None,
        **aggregate_quality([s.quality for s in scores]),
    }


def summarise(scores: list[CaseScore], set_of: dict[str, str] | None = None) -> dict[str, Any]:
    """Overall, by kind, by tag and, given each case's file (`set_of`: case id → set path), by set: a
    blind set's figures are read per file, never pooled with the development sets'."""
    by_kind: dict[str, list[CaseScore]] = defaultdict(list)
    by_tag: dict[str, list[CaseScore]] = defaultdict(list)
    by_set: dict[str, list[CaseScore]] = defaultdict(list)
    for s in scores:
        by_kind[s.kind].append(s)
        for tag in s.tags:
            by_tag[tag].append(s)
        if set_of and s.id in set_of:
            by_set[set_of[s.id]].append(s)
    return {
        "overall": aggregate(scores),
        "by_kind": {k: aggregate(v) for k, v in sorted(by_kind.items())},
        "by_tag": {k: aggregate(v) for k, v in sorted(by_tag.items())},
        "by_set": {k: aggregate(v) for k, v in by_set.items()},  # in the order the sets were given
    }
