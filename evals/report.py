"""Reports of a run: report.json (everything), report.md (for reading), report.html (self-contained, charts)."""

from __future__ import annotations

import html
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

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


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}" if value > 1.5 else f"{value:.3f}"
    return str(value)


def write_reports(folder: Path, report: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(report, indent=2))
    (folder / "report.md").write_text(markdown(report))
    (folder / "report.html").write_text(html_report(report))


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
    meta, metrics = report["meta"], report["metrics"]
    out = [
        "# Evaluation report",
        "",
        f"Run {meta['run_at']} against {meta['target']}; git {meta['git_commit']}, corpus {meta['corpus_hash']}, "
        f"settings {meta['settings_hash']}. Sets: {', '.join(meta['sets'])}.",
        "",
        "## Overall",
        "",
        *_metric_table({"all": metrics["overall"]}, "group"),
        "",
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
        out += ["## Quality gate", ""] + [f"- {line}" for line in report["gate"]["lines"]] + [""]
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


def _bars(title: str, rows: list[tuple[str, float | None]], max_value: float = 1.0) -> str:
    """A horizontal bar chart as inline SVG (no scripts, no external files)."""
    height = 22 * len(rows) + 30
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="640" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><text x="0" y="16" font-weight="bold">{html.escape(title)}</text>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 30 + i * 22
        width = 0 if value is None else max(0.0, min(1.0, value / max_value)) * 380
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{html.escape(label[:32])}</text>'
            f'<rect x="200" y="{y}" width="{width:.1f}" height="16" fill="#0b4f8a"/>'
            f'<text x="{205 + width:.1f}" y="{y + 13}" font-size="12">{fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _histogram(latencies: list[float]) -> str:
    if not latencies:
        return ""
    edges = [0, 10, 25, 50, 100, 150, 250, 500, 1000, float("inf")]
    counts = [sum(1 for v in latencies if lo <= v < hi) for lo, hi in pairwise(edges)]
    labels = [f"{lo:g}–{hi:g} ms" if hi != float("inf") else f"≥{lo:g} ms" for lo, hi in pairwise(edges)]
    top = max(counts) or 1
    return _bars("Turn latency distribution (turns per band)", list(zip(labels, counts, strict=True)), top)


def html_report(report: dict[str, Any]) -> str:
    metrics = report["metrics"]
    tags = metrics["by_tag"]
    latencies = [ms for c in report["cases"] for ms in c["turn_latencies_ms"]]
    pass_rate = [(f"{t} ({m['cases']})", m["passed"] / m["cases"] if m["cases"] else None) for t, m in tags.items()]
    body = [
        "<h1>Evaluation report</h1>",
        f"<p>{html.escape(markdown(report).splitlines()[2])}</p>",
        "<h2>Overall</h2><table>"
        + "".join(
            f"<tr><th>{html.escape(METRIC_LABELS.get(k, k))}</th><td>{fmt(v)}</td></tr>"
            for k, v in metrics["overall"].items()
        )
        + "</table>",
        "<h2>Charts</h2>",
        _bars("Pass rate by tag", pass_rate),
        _bars("Fact recall by tag", [(f"{t} ({m['cases']})", m["fact_recall"]) for t, m in tags.items()]),
        _bars("Status accuracy by kind", [(k, m["status_accuracy"]) for k, m in metrics["by_kind"].items()]),
        _histogram(latencies),
        "<h2>Cases</h2><table><tr><th>id</th><th>status</th><th>passed</th><th>question</th><th>why it failed</th></tr>"
        + "".join(
            f'<tr class="{"ok" if c["passed"] else "bad"}"><td>{html.escape(c["id"])}</td>'
            f"<td>{html.escape(str(c['status']))}</td>"
            f"<td>{'yes' if c['passed'] else 'no'}</td><td>{html.escape(c['question'][:140])}</td>"
            f"<td>{html.escape('; '.join(c['failures']))}</td></tr>"
            for c in report["cases"]
        )
        + "</table>",
    ]
    style = (
        "body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;"
        "font-size:.85rem;text-align:left;vertical-align:top}tr.bad td{background:#fdecea}"
        "svg{display:block;margin:1rem 0}"
    )
    head = f'<meta charset="utf-8"><title>Evaluation report</title><style>{style}</style>'
    return f'<!doctype html><html lang="en"><head>{head}</head><body>{"".join(body)}</body></html>'
