"""`python -m assistant knowledge check`: one small knowledge folder per kind of finding, and the real one."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant import cli
from assistant.knowledge.check import check_knowledge
from assistant.yaml_data import load_yaml
from tests.conftest import document_text

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 30)
EXIM = "https://www.exim.gov/solutions/medium-term"
GOOD = {"checked": "2026-11-01", "sources": [{"id": "s1", "title": "EXIM", "url": EXIM}]}
FIGURE = {
    "subject": "medium-term cash payment",
    "sentence": r"cash payment",
    "figure": r"(\d+(?:\.\d+)?)\s*%",
}
RULE = """id: cash
title: Cash payment
description: The buyer's cash payment.
cites:
  default: {section: "exim-mt#cash-payment", quote: "cash payment of at least"}
"""


@pytest.fixture
def folder(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A knowledge folder and a copy of the real config; `add` writes a document, `run` checks them."""
    docs = tmp_path / "knowledge" / "documents"
    docs.mkdir(parents=True)
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    settings = load_yaml((config / "knowledge.yaml").read_text())
    settings["figures"] = [FIGURE]
    (config / "knowledge.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    sources = load_yaml((config / "sources.yaml").read_text())
    sources["exceptions"] = []  # the real corpus's exceptions name sections these small folders lack
    (config / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False))

    class Folder:
        root, config_dir = tmp_path / "knowledge", config

        def add(self, doc_id: str, body: str, **meta: object) -> None:
            (docs / f"{doc_id}.md").write_text(document_text(doc_id, body, **{**GOOD, **meta}))

        def run(self, today: date = TODAY):  # type: ignore[no-untyped-def]
            return check_knowledge(self.root, self.config_dir, today)

    return Folder()


def kinds(report) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(f.severity, f.kind, f.where) for f in report.findings}


def test_a_clean_folder_has_no_findings(folder) -> None:
    folder.add("exim-mt", "## Cash payment\nThe buyer makes a cash payment of at least 15%.")
    report = folder.run()
    assert report.findings == [] and report.summary["documents_checked"] == 1


def test_documents_never_checked_or_checked_too_long_ago_are_warnings(folder) -> None:
    folder.add("exim-old", "Text.", checked="2026-01-02")
    folder.add("exim-never", "Text.", checked=None)
    report = folder.run()
    assert kinds(report) == {("warning", "stale", "exim-old"), ("warning", "not_checked", "exim-never")}
    assert not report.errors


def test_lapsed_and_lapsing_time_bound_facts_are_warnings(folder) -> None:
    folder.add(
        "bis-rule",
        "## Suspension\nThe rule is suspended. {until 2026-11-10: suspension}\n\n"
        "## Charter\nThe charter runs to the end of 2026. {until 2026-12-31: charter}\n\n"
        "## Later\nThis holds for a while. {until 2027-06-30}",
    )
    report = folder.run()
    assert kinds(report) == {
        ("warning", "lapsed_fact", "bis-rule#suspension"),
        ("warning", "lapsing_fact", "bis-rule#charter"),
    }
    assert report.summary["time_bound_facts"] == 3 and report.summary["lapsed_facts"] == 1


def test_a_section_linking_outside_the_allowed_classes_is_an_error_unless_listed(folder) -> None:
    sources = [
        {"id": "s1", "title": "EXIM", "url": EXIM},
        {"id": "s2", "title": "Slides", "url": "https://www.slideshare.net/x"},
    ]
    folder.add(
        "exim-mt",
        "## Primary\n<!-- sources: s1, s2 -->\nText.\n\n## Slides\n<!-- sources: s2, s1 -->\nText.",
        sources=sources,
    )
    report = folder.run()
    assert kinds(report) == {("error", "link_outside_classes", "exim-mt#slides")}
    data = load_yaml((folder.config_dir / "sources.yaml").read_text())
    data["exceptions"] = [
        {
            "section": "exim-mt#slides",
            "url": "https://www.slideshare.net/x",
            "reason": "EXIM's own slides, published nowhere else",
        }
    ]
    (folder.config_dir / "sources.yaml").write_text(yaml.safe_dump(data))
    report = folder.run()
    assert report.findings == [] and report.summary["linked_by_class"]["listed_exception"] == 1


def test_an_official_page_must_be_an_agency_or_law_page(folder) -> None:
    folder.add("exim-mt", "Text.", official_url="https://www.reuters.com/x")
    assert kinds(folder.run()) == {("error", "official_url_outside", "exim-mt")}


def test_malformed_hosts_are_errors_naming_file_and_source(folder) -> None:
    sources = [
        {"id": "s1", "title": "EXIM", "url": "https://exim.gov./solutions/x"},
        {"id": "s2", "title": "EXIM", "url": "https://www.exim.gov:443/y"},
    ]
    folder.add("exim-mt", "Text.", sources=sources)
    report = folder.run()
    assert kinds(report) == {
        ("error", "malformed_host", "exim-mt.md (source s1)"),
        ("error", "malformed_host", "exim-mt.md (source s2)"),
    }
    assert report.summary["malformed_hosts"] == 2


def test_rules_citing_a_section_or_sentence_that_is_gone_are_errors(folder) -> None:
    (folder.root / "rules").mkdir()
    (folder.root / "rules" / "cash.yaml").write_text(RULE)
    folder.add("exim-mt", "## Cash payment\nThe buyer makes a cash payment of at least 15%.")
    assert folder.run().findings == []
    folder.add("exim-mt", "## Cash payment\nThe buyer pays 15% in cash.")
    assert kinds(folder.run()) == {("error", "rule_citation_missing", "cash.yaml:default")}
    folder.add("exim-mt", "## Down payment\nThe buyer makes a cash payment of at least 15%.")
    report = folder.run()
    assert kinds(report) == {("error", "rule_citation_missing", "cash.yaml:default")}
    assert "no section #cash-payment" in report.errors[0].message


def test_a_rule_quoting_a_lapsed_fact_is_a_warning(folder) -> None:
    (folder.root / "rules").mkdir()
    (folder.root / "rules" / "cash.yaml").write_text(RULE)
    folder.add("exim-mt", "## Cash payment\nThe buyer makes a cash payment of at least 15%. {until 2026-10-01}")
    assert ("warning", "rule_cites_lapsed", "cash.yaml:default") in kinds(folder.run())


def test_conflicting_figures_across_documents_are_errors_unless_flagged(folder) -> None:
    folder.add("exim-mt", "## Cash payment\nThe buyer makes a cash payment of at least 15%.")
    folder.add("exim-faq", "## Down payment\nEXIM asks for a cash payment of 20% of the contract.")
    report = folder.run()
    assert kinds(report) == {("error", "conflicting_figures", "medium-term cash payment")}
    assert (
        "15 in exim-faq" not in report.errors[0].message and "20 in exim-faq#down-payment" in report.errors[0].message
    )
    folder.add("exim-faq", "## Down payment\nHistorical: EXIM once asked for a cash payment of 20%.")
    assert folder.run().findings == []


def test_a_figure_repeated_in_several_documents_is_a_warning(folder) -> None:
    folder.add("exim-mt", "## Cash payment\nThe buyer makes a cash payment of at least 15%.")
    folder.add("exim-faq", "## Down payment\nEXIM asks for a cash payment of 15% of the contract.")
    assert kinds(folder.run()) == {("warning", "repeated_figure", "medium-term cash payment")}


def test_a_document_that_does_not_load_is_one_error(folder) -> None:
    folder.add("exim-mt", "## A\nIt holds. {until soon}")
    report = folder.run()
    assert [f.kind for f in report.findings] == ["corpus_error"]


def _point_cli_at(monkeypatch, knowledge: Path, config: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("CONFIG_DIR", str(config))


def test_the_command_exits_1_on_errors_and_0_on_warnings(folder, monkeypatch, capsys) -> None:
    _point_cli_at(monkeypatch, folder.root, folder.config_dir)
    folder.add("exim-mt", "Text.", checked=None)
    assert cli.main(["knowledge", "check", "--today", "2026-11-30"]) == 0
    assert "WARNING not_checked" in capsys.readouterr().out
    folder.add("exim-mt", "Text.", sources=[{"id": "s1", "title": "x", "url": "https://exim.gov./x"}])
    assert cli.main(["knowledge", "check", "--today", "2026-11-30", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"] == 1 and payload["findings"][0]["kind"] == "malformed_host"


def test_the_real_knowledge_folder_has_no_errors(monkeypatch, capsys) -> None:
    _point_cli_at(monkeypatch, REPO / "knowledge", REPO / "config")
    assert cli.main(["knowledge", "check", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"] == 0, [f for f in payload["findings"] if f["severity"] == "error"]
    summary = payload["summary"]
    assert summary["documents_checked"] == summary["documents"]
    assert summary["malformed_hosts"] == 0 and "outside" not in summary["linked_by_class"]


def test_a_listed_exception_no_section_links_any_more_is_a_warning(folder) -> None:
    folder.add("exim-mt", "## Primary\nText.")
    data = load_yaml((folder.config_dir / "sources.yaml").read_text())
    data["exceptions"] = [
        {
            "section": "exim-mt#primary",
            "url": "https://www.slideshare.net/x",
            "reason": "kept from an earlier version of the document",
        }
    ]
    (folder.config_dir / "sources.yaml").write_text(yaml.safe_dump(data))
    assert kinds(folder.run()) == {("warning", "unused_exception", "exim-mt#primary")}
