"""Reports of a run: report.json (everything), report.md (for reading), report.html (self-contained, charts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.report_html import fmt, html_report

METRIC_LABELS = {
    "status_accuracy": "Status accuracy",
    "fact_recall": "Fact recall",
    "must_not_violations": "Must-not violations",
    "source_hit_at_3": "Source hit@3",
    "source_mrr": "Source MRR",
    "outcome_accuracy": "Outcome accuracy",
    "reason_code_recall": "Reason-code recall",
    "refusal_precision": "Refusal precision",
    "refusal_recall": "Refusal recall",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
    "lead_sentence_hit": "Lead sentence hit",
    "list_completeness": "List completeness",
    "parts_answered": "Parts answered",
    "abstention_precision": "Abstention precision",
    "abstention_recall": "Abstention recall",
    "sentences_per_answer": "Sentences per answer",
    "repeated_facts": "Repeated facts",
    "off_topic_or_repeated": "Off-topic or repeated",
}


def write_reports(folder: Path, report: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(report, indent=2))
    (folder / "report.md").write_text(markdown(report))
    (folder / "report.html").write_text(html_report(report, METRIC_LABELS, _summary_line(report)))


def _summary_line(report: dict[str, Any]) -> str:
    meta = report["meta"]
    return (
        f"Run {meta['run_at']} against {meta['target']}; git {meta['git_commit']}, corpus {meta['corpus_hash']}, "
        f"settings {meta['settings_hash']}. Sets: {', '.join(meta['sets'])}."
    )


def _metric_table(groups: dict[str, dict[str, Any]], first: str) -> list[str]:
    names = list(METRIC_LABELS)
    lines = [
        f"| {first} | cases | passed | " + " | ".join(METRIC_LABELS[n] for n in names) + " |",
        "|" + "---|" * (len(names) + 3),
    ]
    for group, metrics in groups.items():
        lines.append(
            f"| {group} | {metrics['cases']} | {metrics['passed']} | "
            + " | ".join(fmt(metrics.get(n)) for n in names)
            + " |"
        )
    return lines


def markdown(report: dict[str, Any]) -> str:
    metrics = report["metrics"]
    out = [
        "# Evaluation report",
        "",
        _summary_line(report),
        "",
        "## Overall",
        "",
        *_metric_table({"all": metrics["overall"]}, "group"),
        "",
        *(["## By set", "", *_metric_table(metrics["by_set"], "set"), ""] if metrics.get("by_set") else []),
        "## By kind",
        "",
        *_metric_table(metrics["by_kind"], "kind"),
        "",
        "## By tag",
        "",
        *_metric_table(metrics["by_tag"], "tag"),
        "",
    ]
    if report.get("gate"):
        verdict = "PASS" if report["gate"]["passed"] else "FAIL"
        out += [f"## Quality gate: {verdict}", ""] + [f"- {line}" for line in report["gate"]["lines"]] + [""]
    if report.get("comparison"):
        comparison = report["comparison"]
        out += [
            "## Compared with " + comparison["against"],
            "",
            "| metric | before | now | change |",
            "|---|---|---|---|",
        ]
        for name, row in comparison["deltas"].items():
            out.append(
                f"| {METRIC_LABELS.get(name, name)} | {fmt(row['before'])} | {fmt(row['now'])} | {fmt(row['delta'])} |"
            )
        out += [
            "",
            f"Newly failing: {', '.join(comparison['newly_failing']) or 'none'}",
            f"Newly passing: {', '.join(comparison['newly_passing']) or 'none'}",
            "",
        ]
    failing = [c for c in report["cases"] if not c["passed"]]
    out += [f"## Failing cases ({len(failing)})", ""]
    for case in failing:
        out.append(f"- **{case['id']}** ({case['kind']}, status {case['status']}): {case['question'][:120]}")
        out += [f"  - {why}" for why in case["failures"]]
    return "\n".join(out) + "\n"
