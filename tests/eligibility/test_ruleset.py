"""Rules as data: dated parameters, verbatim citations, and loud failures for broken rule files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus.loader import load_corpus
from assistant.eligibility.engine import EligibilityEngine, InvalidFacts
from assistant.eligibility.ruleset import RuleError, load_rules

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine() -> EligibilityEngine:
    return EligibilityEngine.load(REPO / "knowledge")


@pytest.fixture(scope="module")
def documents():  # type: ignore[no-untyped-def]
    return {d.id: d for d in load_corpus(REPO / "knowledge" / "documents")}


def test_every_check_cites_a_verbatim_sentence_of_its_section(engine, documents) -> None:
    facts = engine.parse_facts(
        {
            "exporter_country": "CA",
            "buyer_country": "SA",
            "end_use": "dual_use",
            "item": "ai_servers",
            "eccn": "4A090.a",
            "license_status": "pending",
            "restricted_party": False,
            "contract_value_usd": 2e6,
            "us_content_pct": 60,
            "cash_payment_pct": 10,
            "repayment_months": 60,
        }
    )
    result = engine.check(facts)
    assert len(result.checks) == 9
    for check in result.checks:
        doc = documents[check.citation.doc_id]
        section = next(s for s in doc.sections if s.anchor == check.citation.section)
        assert check.citation.quote in section.text.replace("\n", " ")
        assert check.citation.url.startswith("http") and check.citation.as_of == doc.meta.as_of
    refs = {(c.citation.doc_id, c.citation.quote): c.citation.ref for c in result.checks}
    assert sorted(set(refs.values())) == list(range(1, len(refs) + 1))


def test_all_failures_are_reported_not_only_the_first(engine) -> None:
    facts = engine.parse_facts(
        {
            "exporter_country": "DE",
            "buyer_country": "RU",
            "restricted_party": True,
            "end_use": "military",
            "repayment_months": 36,
            "contract_value_usd": 1e6,
            "cash_payment_pct": 5,
            "us_content_pct": 0,
        }
    )
    codes = set(engine.check(facts).reason_codes)
    assert codes == {
        "exporter_not_us",
        "destination_off_cover",
        "restricted_party",
        "military_end_use",
        "cash_payment_below_minimum",
        "no_us_content",
    }


def test_parameters_are_chosen_by_date_and_version_is_their_effective_date(engine) -> None:
    content = engine.rules["us-content"]
    assert content.param("transformational_min_content_pct", date(2026, 11, 27)) == 51
    with pytest.raises(RuleError, match="no value in effect"):
        content.param("transformational_min_content_pct", date(2019, 1, 1))
    licence = engine.rules["ai-export-licence"]
    assert licence.version(date(2026, 11, 27)) == date(2026, 7, 23)
    result = engine.check(engine.parse_facts({}))
    assert result.rules_as_of >= date(2026, 7, 23)
    assert {c.rule_id: c.rule_version for c in result.checks}["mlt-cash-payment"] == date(2023, 4, 1)


def test_impossible_facts_name_every_bad_field(engine) -> None:
    with pytest.raises(InvalidFacts) as err:
        engine.parse_facts(
            {
                "us_content_pct": 150,
                "contract_value_usd": -5,
                "buyer_country": "XX",
                "item": "boats",
                "eccn": "4A09",
                "colour": "red",
            }
        )
    fields = {e["field"] for e in err.value.errors}
    assert fields == {"us_content_pct", "contract_value_usd", "buyer_country", "item", "eccn", "colour"}


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(REPO / "knowledge" / "rules", target)
    return target


def test_a_rule_citing_a_missing_section_or_passage_is_refused(tmp_path: Path, documents) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "mlt-cash-payment.yaml"
    path.write_text(path.read_text().replace("exim-mlt-financing-terms#cash-payment", "exim-mlt-financing-terms#nope"))
    with pytest.raises(RuleError, match="no section #nope"):
        load_rules(rules, list(documents.values()))
    path.write_text(
        path.read_text()
        .replace("exim-mlt-financing-terms#nope", "exim-mlt-financing-terms#cash-payment")
        .replace("must make a cash payment of at least 15%", "a sentence that is not there")
    )
    with pytest.raises(RuleError, match="no sentence"):
        load_rules(rules, list(documents.values()))


def test_a_threshold_without_a_source_or_date_is_refused(tmp_path: Path, documents) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "mlt-cash-payment.yaml"
    path.write_text(path.read_text().replace("effective_from: 2023-04-01, ", ""))
    with pytest.raises(RuleError, match=r"mlt-cash-payment\.yaml"):
        load_rules(rules, list(documents.values()))
