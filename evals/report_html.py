"""report.html: one self-contained file (inline CSS and SVG, no script) that an evaluator reads top down —
the gate's verdict, what changed since the previous run, the failing cases first, charts with their
thresholds, and every case openable to see its answer, statuses, sources, facts and timings."""

from __future__ import annotations

import html
from itertools import pairwise
from typing import Any

NOT_MEASURED = "not measured"
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;color:#1b1f24;"
    "line-height:1.45}h1{margin-bottom:.2rem}.meta{color:#545b64;font-size:.85rem}"
    ".banner{border:4px solid;padding:.6rem 1rem;margin:1rem 0}.banner h2{margin:.1rem 0 .4rem;font-size:1.5rem}"
    ".banner.pass{border-color:#1e6b35;background:#eef7f0}.banner.fail{border-color:#a12622;background:#fdecea}"
    ".banner.none{border-color:#545b64;background:#f3f5f7}.banner ul{margin:.2rem 0;padding-left:1.2rem}"
    ".v-fail{color:#a12622;font-weight:700}.v-pass{color:#1e6b35}.v-na{color:#545b64;font-style:italic}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;"
    "font-size:.85rem;text-align:left;vertical-align:top}details.case{border:1px solid #d0d5db;border-radius:6px;"
    "margin:.3rem 0;padding:.2rem .6rem}details.case.bad{border-left:6px solid #a12622}"
    "details.case.ok{border-left:6px solid #1e6b35}summary{cursor:pointer}summary .id{font-weight:600}"
    ".tag{display:inline-block;padding:0 .35rem;border-radius:3px;font-size:.8rem;margin-right:.3rem}"
    ".tag.bad{background:#a12622;color:#fff}.tag.ok{background:#1e6b35;color:#fff}.tag.new{background:#8a5a00;color:#fff}"
    ".answer{white-space:pre-wrap;background:#f3f5f7;padding:.4rem .6rem;border-radius:4px;font-size:.9rem}"
    ".hit{color:#1e6b35;font-weight:600}.miss{color:#a12622;font-weight:600}svg{display:block;margin:1rem 0;"
    "max-width:100%;height:auto}dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}"
    "dl.kv dt{font-weight:600}dl.kv dd{margin:0}@media (max-width:40rem){dl.kv{grid-template-columns:1fr}}"
)


def fmt(value: Any) -> str:
    if value is None:
        return NOT_MEASURED
    if isinstance(value, float):
        return f"{value:.1f}" if value > 1.5 else f"{value:.3f}"
    return str(value)


def _e(value: Any) -> str:
    return html.escape(str(value))


def _banner(report: dict[str, Any]) -> str:
    gate = report.get("gate")
    if not gate:
        return (
            '<section class="banner none"><h2>No quality gate applied</h2>'
            "<p>Run with --thresholds to gate.</p></section>"
        )
    rows = gate.get("rows")
    lines = gate["lines"]
    if rows is None:  # a report written before the gate stored its rows
        items = "".join(f"<li>{_e(line)}</li>" for line in sorted(lines, key=lambda x: not x.startswith("FAIL")))
    else:
        order = {"fail": 0, "not_measured": 1, "pass": 2}
        css = {"fail": "v-fail", "not_measured": "v-na", "pass": "v-pass"}
        word = {"fail": "FAIL", "not_measured": "not measured", "pass": "pass"}
        items = "".join(
            f'<li><span class="{css[r["verdict"]]}">{word[r["verdict"]]}</span> {_e(r["group"])} {_e(r["metric"])}'
            f" = {_e(fmt(r['value']))}"
            + (f" (minimum {r['min']})" if r["min"] is not None else f" (maximum {r['max']})")
            + "</li>"
            for r, line in sorted(zip(rows, lines, strict=True), key=lambda p: order[p[0]["verdict"]])
        )
    verdict = "PASS" if gate["passed"] else "FAIL"
    failing = sum(1 for line in lines if line.startswith("FAIL"))
    said = "every measured metric meets its bar" if gate["passed"] else f"{failing} metric(s) below their bar"
    return (
        f'<section class="banner {verdict.lower()}" aria-label="Quality gate"><h2>Quality gate: {verdict}</h2>'
        f"<p>{said}; metrics this run cannot measure are shown as not measured and never fail.</p>"
        f"<ul>{items}</ul></section>"
    )


def _comparison(report: dict[str, Any], labels: dict[str, str]) -> str:
    comparison = report.get("comparison")
    if not comparison:
        return ""
    failing, passing = comparison["newly_failing"], comparison["newly_passing"]
    links = lambda ids: ", ".join(f'<a href="#case-{_e(i)}">{_e(i)}</a>' for i in ids) or "none"  # noqa: E731
    rows = "".join(
        f"<tr><th>{_e(labels.get(name, name))}</th><td>{fmt(r['before'])}</td><td>{fmt(r['now'])}</td>"
        f"<td>{'+' if r['delta'] > 0 else ''}{fmt(r['delta']) if r['delta'] else '0'}</td></tr>"
        for name, r in comparison["deltas"].items()
    )
    sets_now, sets_before = report["meta"].get("sets"), comparison.get("sets_before")
    scope = (
        f"<p>The runs covered different sets (before: {_e(', '.join(sets_before))}); cases and metrics are not "
        f"like for like. {len(comparison.get('not_in_before') or [])} cases of this run were not in it.</p>"
        if sets_before is not None and sets_before != sets_now
        else ""
    )
    return (
        f"<h2>Compared with {_e(comparison['against'])}</h2>{scope}"
        f"<p><strong>Newly failing ({len(failing)}):</strong> {links(failing)}</p>"
        f"<p><strong>Newly passing ({len(passing)}):</strong> {links(passing)}</p>"
        f"<table><tr><th>metric</th><th>before</th><th>now</th><th>change</th></tr>{rows}</table>"
    )


def _bound(report: dict[str, Any], metric: str, group: str = "overall") -> float | None:
    for row in (report.get("gate") or {}).get("rows") or []:
        if row["metric"] == metric and row["group"] == group and row["min"] is not None:
            return float(row["min"])
    return None


def bars(
    title: str, rows: list[tuple[str, float | None]], max_value: float = 1.0, threshold: float | None = None
) -> str:
    """A horizontal bar chart as inline SVG; a dashed line marks the threshold, bars under it are red."""
    height = 22 * len(rows) + 46
    label = title + (f"; threshold {threshold}" if threshold is not None else "")
    parts = [
        f'<svg role="img" aria-label="{_e(label)}" viewBox="0 0 660 {height}" width="660" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><text x="0" y="16" font-weight="bold">{_e(title)}</text>'
    ]
    for i, (name, value) in enumerate(rows):
        y = 30 + i * 22
        width = 0 if value is None else max(0.0, min(1.0, value / max_value)) * 380
        below = threshold is not None and value is not None and value < threshold
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{_e(name[:32])}</text>'
            f'<rect x="200" y="{y}" width="{width:.1f}" height="16" fill="{"#a12622" if below else "#0b4f8a"}"/>'
            f'<text x="{205 + width:.1f}" y="{y + 13}" font-size="12" fill="{"#a12622" if below else "#1b1f24"}">'
            f"{_e(fmt(value))}</text>"
        )
    if threshold is not None:
        x = 200 + min(1.0, threshold / max_value) * 380
        parts.append(
            f'<line x1="{x:.1f}" y1="26" x2="{x:.1f}" y2="{height - 14}" stroke="#1b1f24" stroke-width="2" '
            f'stroke-dasharray="5 3"/><text x="{x:.1f}" y="{height - 2}" font-size="11" text-anchor="middle">'
            f"threshold {threshold}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _histogram(latencies: list[float], limit: float | None) -> str:
    if not latencies:
        return ""
    edges = [0, 10, 25, 50, 100, 150, 250, 500, 1000, float("inf")]
    counts = [sum(1 for v in latencies if lo <= v < hi) for lo, hi in pairwise(edges)]
    labels = [f"{lo:g}–{hi:g} ms" if hi != float("inf") else f"≥{lo:g} ms" for lo, hi in pairwise(edges)]
    title = "Turn latency distribution (turns per band)"
    if limit is not None:
        title += f"; p95 limit {limit:g} ms"
    return bars(title, list(zip(labels, counts, strict=True)), max(counts) or 1)


def _charts(report: dict[str, Any]) -> str:
    metrics = report["metrics"]
    tags, kinds = metrics["by_tag"], metrics["by_kind"]
    worst = lambda rows: sorted(rows, key=lambda r: (r[1] is None, r[1] if r[1] is not None else 0))  # noqa: E731
    recall = worst([(f"{t} ({m['cases']})", m["fact_recall"]) for t, m in tags.items() if m["fact_recall"] is not None])
    passing = worst(
        [(f"{t} ({m['cases']})", m["passed"] / m["cases"] if m["cases"] else None) for t, m in tags.items()]
    )
    below = [r for r in passing if r[1] is not None and r[1] < 1.0]
    short = [r for r in recall if r[1] is not None and r[1] < 1.0]
    limit = next(
        (r["max"] for r in (report.get("gate") or {}).get("rows") or [] if r["metric"] == "latency_p95_ms"), None
    )
    return "".join(
        [
            "<h2>Charts</h2><p>Worst first. The dashed line is the gate's threshold; red bars are under it.</p>",
            bars(
                "Status accuracy by kind",
                [(k, m["status_accuracy"]) for k, m in kinds.items()],
                threshold=_bound(report, "status_accuracy"),
            ),
            bars(
                f"Fact recall by tag: the {len(short)} tags under 1.000 ({len(recall) - len(short)} more at 1.000)",
                short,
                threshold=_bound(report, "fact_recall"),
            )
            if short
            else "<p>Every tag's fact recall is 1.000.</p>",
            bars(f"Pass rate by tag: the {len(below)} tags with a failing case", below)
            if below
            else "<p>Every tag passes all its cases.</p>",
            _histogram([ms for c in report["cases"] for ms in c["turn_latencies_ms"]], limit),
        ]
    )


def _sources(case: dict[str, Any]) -> str:
    expected, cited = case.get("expected_sources") or [], case.get("citations") or []
    mark = lambda doc: f'<span class="{"hit" if doc in expected else ""}">{_e(doc)}</span>'  # noqa: E731
    got = ", ".join(mark(d) for d in cited) or "none"
    wanted = _e(", ".join(expected)) or "—"
    return f"<dt>Expected sources (any of)</dt><dd>{wanted}</dd><dt>Cited, in order</dt><dd>{got}</dd>"


def _facts(case: dict[str, Any]) -> str:
    expected = case.get("expected_facts") or []
    if not expected:
        return ""
    missing = set(case.get("missing_facts") or [])
    items = "".join(
        f'<li class="{"miss" if alts[0] in missing else "hit"}">{"missing" if alts[0] in missing else "found"}: '
        f"{_e(' / '.join(alts))}</li>"
        for alts in expected
    )
    return f"<dt>Expected facts</dt><dd><ul>{items}</ul></dd>"


def _case(case: dict[str, Any], newly_failing: set[str], newly_passing: set[str]) -> str:
    ok = case["passed"]
    tags = f'<span class="tag {"ok" if ok else "bad"}">{"passed" if ok else "failed"}</span>'
    if case["id"] in newly_failing:
        tags += '<span class="tag new">newly failing</span>'
    if case["id"] in newly_passing:
        tags += '<span class="tag new">newly passing</span>'
    turns = case.get("turns") or [case["question"]]
    statuses = case.get("turn_statuses") or [case["status"]]
    timings = case.get("turn_latencies_ms") or []
    per_turn = "".join(
        f"<tr><td>{i}</td><td>{_e(text)}</td><td>{_e(statuses[i - 1] if i <= len(statuses) else '—')}</td>"
        f"<td>{f'{timings[i - 1]:.0f} ms' if i <= len(timings) else '—'}</td></tr>"
        for i, text in enumerate(turns, 1)
    )
    why = "".join(f"<li>{_e(f)}</li>" for f in case["failures"])
    outcome = (
        f"<dt>Outcome</dt><dd>{_e(case.get('outcome'))} (expected {_e(case.get('expected_outcome'))})</dd>"
        if case.get("expected_outcome") or case.get("outcome")
        else ""
    )
    return (
        f'<details class="case {"ok" if ok else "bad"}" id="case-{_e(case["id"])}"><summary>{tags}'
        f'<span class="id">{_e(case["id"])}</span> · {_e(case["kind"])} · {_e(case["status"])} · '
        f"{_e(case['question'][:110])}</summary>"
        + (f"<p><strong>Why it failed</strong></p><ul>{why}</ul>" if why else "")
        + f"<table><tr><th>turn</th><th>message</th><th>status</th><th>time</th></tr>{per_turn}</table>"
        f'<dl class="kv"><dt>Expected status</dt><dd>{_e(", ".join(case.get("expected_status") or [])) or "—"}</dd>'
        f"{_sources(case)}{_facts(case)}{outcome}</dl>"
        f'<p><strong>Answer</strong></p><div class="answer">{_e(case["answer"]) or "(no answer text)"}</div></details>'
    )


_BY_SET = (
    "status_accuracy",
    "fact_recall",
    "refusal_precision",
    "refusal_recall",
    "lead_sentence_hit",
    "parts_answered",
    "abstention_precision",
    "abstention_recall",
)


def _by_set(by_set: dict[str, dict[str, Any]], labels: dict[str, str]) -> str:
    """Each set file's figures apart (a run of several sets), so a blind set is read on its own."""
    if len(by_set) < 2:
        return ""
    head = "".join(f'<th scope="col">{_e(labels.get(k, k))}</th>' for k in _BY_SET)
    rows = "".join(
        f'<tr><th scope="row">{_e(name)}</th><td>{m["passed"]} / {m["cases"]}</td>'
        + "".join(f"<td>{_e(fmt(m.get(k)))}</td>" for k in _BY_SET)
        + "</tr>"
        for name, m in by_set.items()
    )
    return f'<h2>By set</h2><table><tr><th scope="col">set</th><th scope="col">passed</th>{head}</tr>{rows}</table>'


def html_report(report: dict[str, Any], labels: dict[str, str], summary_line: str) -> str:
    metrics = report["metrics"]
    comparison = report.get("comparison") or {}
    newly_failing, newly_passing = set(comparison.get("newly_failing", [])), set(comparison.get("newly_passing", []))
    cases = sorted(report["cases"], key=lambda c: (c["passed"], c["id"] not in newly_failing))
    failing = sum(1 for c in cases if not c["passed"])
    overall = "".join(
        f"<tr><th>{_e(labels.get(k, k))}</th><td>{_e(fmt(v))}</td></tr>" for k, v in metrics["overall"].items()
    )
    body = [
        "<h1>Evaluation report</h1>",
        f'<p class="meta">{_e(summary_line)}</p>',
        _banner(report),
        _comparison(report, labels),
        f"<h2>Overall</h2><table>{overall}</table>",
        _by_set(metrics.get("by_set") or {}, labels),
        f"<h2>Failing cases: {failing} of {len(cases)}</h2><p>Open a case to see its answer, statuses per turn, "
        "expected and cited sources, expected and missing facts, and timings. Newly failing cases come first.</p>",
        "".join(_case(c, newly_failing, newly_passing) for c in cases if not c["passed"]) or "<p>None.</p>",
        _charts(report),
        f"<h2>Passing cases: {len(cases) - failing}</h2>",
        "".join(_case(c, newly_failing, newly_passing) for c in cases if c["passed"]),
    ]
    head = (
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Evaluation report</title><style>{STYLE}</style>"
    )
    return f'<!doctype html><html lang="en"><head>{head}</head><body><main>{"".join(body)}</main></body></html>'
