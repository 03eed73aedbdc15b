"""report.html: the gate's verdict, the comparison, failures first, a drill-down per case, "not measured"
instead of a failure, and thresholds on the charts — in one self-contained file."""

from __future__ import annotations

import re
from pathlib import Path

from evals import gate
from evals.cases import EvalCase
from evals.compare import compare
from evals.report import write_reports
from evals.runner import Observation
from evals.scoring import score_case, summarise

THRESHOLDS = {
    "overall": {"status_accuracy": {"min": 0.9}, "fact_recall": {"min": 0.8}, "latency_p95_ms": {"max": 150}},
    "kind:eligibility": {"outcome_accuracy": {"min": 1.0}},
}


def _case(case_id: str, turns: list[str], expect: dict, tags: list[str]) -> EvalCase:  # type: ignore[type-arg]
    return EvalCase.model_validate({"id": case_id, "kind": "qa", "turns": turns, "expect": expect, "tags": tags})


def _report(tmp_path: Path, previous: dict | None = None) -> tuple[dict, str]:  # type: ignore[type-arg]
    good = _case(
        "cash-ok",
        ["What down payment?"],
        {"status": ["answered"], "must_include": [["15%"]], "sources": ["exim-mlt"]},
        ["terms"],
    )
    bad = _case(
        "cirr-bad",
        ["Tell me about rates", "and CIRR?"],
        {"status": ["answered"], "must_include": [["CIRR"], ["OECD"]], "sources": ["exim-cirr"]},
        ["rates"],
    )
    seen_good = Observation(
        status="answered",
        answer="At least 15% [1].",
        citations=[{"doc_id": "exim-mlt"}],
        latency_ms=12,
        turn_latencies_ms=[12],
        turn_statuses=["answered"],
    )
    seen_bad = Observation(
        status="partial",
        answer="CIRR is a rate <b>x</b> [1].",
        citations=[{"doc_id": "glossary"}],
        latency_ms=30,
        turn_latencies_ms=[20, 30],
        turn_statuses=["answered", "partial"],
    )
    scores = [score_case(bad, seen_bad), score_case(good, seen_good)]
    metrics = summarise(scores)
    report = {
        "meta": {
            "run_at": "2026-11-30T22:00:00+00:00",
            "target": "in-process",
            "sets": ["chat.jsonl"],
            "git_commit": "abc",
            "corpus_hash": "c",
            "settings_hash": "s",
        },
        "metrics": metrics,
        "cases": [s.to_json() for s in scores],
    }
    if previous is not None:
        report["comparison"] = compare(report, previous, "reports/run0/report.json")
    report["gate"] = gate.verdict(metrics, THRESHOLDS)
    write_reports(tmp_path, report)
    return report, (tmp_path / "report.html").read_text()


def test_a_chat_only_run_is_not_failed_on_what_it_cannot_measure() -> None:
    metrics = {"overall": {"status_accuracy": 1.0}, "by_kind": {"qa": {}}, "by_tag": {}}
    result = gate.verdict(
        metrics, {"overall": {"status_accuracy": {"min": 0.9}}, "kind:eligibility": {"outcome_accuracy": {"min": 1.0}}}
    )
    assert result["passed"]
    assert [r["verdict"] for r in result["rows"]] == ["pass", "not_measured"]
    assert "not measured" in result["lines"][1] and not result["lines"][1].startswith("FAIL")


def test_the_banner_gives_the_verdict_and_the_gate_lines_failures_first(tmp_path: Path) -> None:
    report, page = _report(tmp_path)
    assert not report["gate"]["passed"]
    banner = re.search(r'<section class="banner fail".*?</section>', page, re.S)
    assert banner and "Quality gate: FAIL" in banner.group(0)
    items = re.findall(r"<li><span class=\"(v-\w+)\">", banner.group(0))
    assert items[0] == "v-fail" and "v-na" in items and items.index("v-na") > items.index("v-fail")
    assert "kind:eligibility outcome_accuracy = not measured" in banner.group(0)
    assert "Quality gate: FAIL" in (tmp_path / "report.md").read_text()


def test_comparison_failures_first_and_a_drill_down_per_case(tmp_path: Path) -> None:
    previous = {
        "meta": {"sets": ["chat.jsonl", "eligibility.jsonl"]},
        "metrics": {"overall": {"fact_recall": 1.0}},
        "cases": [{"id": "cirr-bad", "passed": True}, {"id": "cash-ok", "passed": False}],
    }
    _, page = _report(tmp_path, previous)
    assert "Compared with reports/run0/report.json" in page
    assert "The runs covered different sets (before: chat.jsonl, eligibility.jsonl)" in page
    assert re.search(r"Newly failing \(1\):</strong> <a href=\"#case-cirr-bad\">cirr-bad</a>", page)
    _, same = _report(tmp_path, {**previous, "meta": {"sets": ["chat.jsonl"]}})
    assert "The runs covered different sets" not in same
    assert re.search(r"Newly passing \(1\):</strong> <a href=\"#case-cash-ok\">cash-ok</a>", page)
    assert page.index('id="case-cirr-bad"') < page.index('id="case-cash-ok"'), "failures first"
    case = re.search(r'<details class="case bad" id="case-cirr-bad">.*?</details>', page, re.S).group(0)
    assert "newly failing" in case
    assert "Tell me about rates" in case and "and CIRR?" in case, "every turn"
    assert re.search(r"<td>answered</td><td>20 ms</td>.*<td>partial</td><td>30 ms</td>", case, re.S), "status, time"
    assert "exim-cirr" in case and "glossary" in case, "expected and cited sources"
    assert 'class="hit">found: CIRR' in case and 'class="miss">missing: OECD' in case
    assert "CIRR is a rate &lt;b&gt;x&lt;/b&gt; [1]." in case, "the answer, escaped"


def test_charts_draw_their_threshold_and_the_file_is_self_contained(tmp_path: Path) -> None:
    _, page = _report(tmp_path)
    fact_chart = re.search(
        r'<svg role="img" aria-label="Fact recall by tag: the 1 tags under 1.000 \(1 more at 1.000\); '
        r'threshold 0.8".*?</svg>',
        page,
        re.S,
    )
    assert fact_chart and "stroke-dasharray" in fact_chart.group(0) and "#a12622" in fact_chart.group(0)
    assert "p95 limit 150 ms" in page
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page), "no external resource"
    assert "<style>" in page


def test_several_sets_get_a_table_of_their_own(tmp_path: Path) -> None:
    from evals.report import markdown
    from evals.report_html import html_report

    report, _ = _report(tmp_path)
    seen = Observation(status="answered", answer="15% [1].", latency_ms=5, turn_latencies_ms=[5])
    scores = [
        score_case(_case("blind-1", ["q?"], {"status": ["answered"]}, []), seen),
        score_case(_case("dev-1", ["q?"], {"status": ["guardrail_jailbreak"]}, []), seen),
    ]
    report["metrics"] = summarise(scores, {"blind-1": "evals/frozen/blind.jsonl", "dev-1": "evals/sets/dev.jsonl"})
    page = html_report(report, {}, "run")
    assert "<h2>By set</h2>" in page and "evals/frozen/blind.jsonl" in page and "evals/sets/dev.jsonl" in page
    assert "## By set" in markdown(report)
    report["metrics"] = summarise(scores)  # one run without the files: nothing to tell apart
    assert "By set" not in html_report(report, {}, "run")
