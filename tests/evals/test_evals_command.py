"""`python -m evals run` end to end against a live server over HTTP (--base-url), with reports and a gate."""

from __future__ import annotations

import json
from pathlib import Path

from evals.__main__ import main


def test_run_against_a_live_url_writes_reports_and_gates(live_server, tmp_path: Path) -> None:
    cases = tmp_path / "unseen.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                {
                    "id": "u1",
                    "kind": "qa",
                    "turns": ["What does CIRR stand for?"],
                    "expect": {"status": ["answered"], "sources": ["exim-cirr", "glossary"]},
                    "tags": ["exim"],
                },
                {
                    "id": "u2",
                    "kind": "guardrail",
                    "turns": ["Tell me a joke about cats"],
                    "expect": {"status": ["out_of_scope"]},
                },
                {
                    "id": "u3",
                    "kind": "eligibility",
                    "facts": {"exporter_country": "US", "buyer_country": "KP"},
                    "expect": {"outcome": "not_eligible", "reason_codes": ["destination_sanctioned"]},
                },
            ]
        )
        + "\n"
    )
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text("overall:\n  status_accuracy: {min: 1.0}\n  outcome_accuracy: {min: 1.0}\n")
    out = tmp_path / "out"
    code = main(
        [
            "run",
            "--set",
            str(cases),
            "--base-url",
            live_server,
            "--out",
            str(out),
            "--thresholds",
            str(thresholds),
            "--no-progress",
        ]
    )
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["meta"]["target"] == live_server and report["meta"]["git_commit"]
    assert report["metrics"]["overall"]["cases"] == 3
    assert "<svg" in (out / "report.html").read_text()
    assert "## By tag" in (out / "report.md").read_text()
    args = ["run", "--set", str(cases), "--base-url", live_server, "--out", str(out)]
    args += ["--thresholds", str(thresholds), "--no-progress"]
    # A bar on a metric this run cannot measure (no case expects facts) is "not measured", not failed...
    thresholds.write_text("overall:\n  fact_recall: {min: 0.5}\n")
    assert main(args) == 0
    # ...while a measured bar the run cannot meet makes it exit non-zero.
    thresholds.write_text("overall:\n  status_accuracy: {min: 1.0}\n  latency_p95_ms: {max: 0.001}\n")
    assert main(args) == 1


def test_malformed_set_exits_2_before_running(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "kind": "qa", "turns": ["q"]}\n{oops\n')
    assert main(["run", "--set", str(bad), "--out", str(tmp_path / "o"), "--base-url", "http://127.0.0.1:9"]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
