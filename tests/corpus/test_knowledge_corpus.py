"""The shipped knowledge corpus: complete, sourced, dated, and shaped for the index."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = REPO / "knowledge" / "documents"


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return {d.id: d for d in load_corpus(DOCUMENTS)}


def test_corpus_is_large_enough_and_ids_are_unique(corpus) -> None:
    assert len(corpus) >= 35  # load_corpus refuses duplicate ids


def test_every_document_is_sourced_and_dated(corpus) -> None:
    for doc in corpus.values():
        assert doc.meta.sources, doc.id
        assert all(s.url.startswith("https://") or s.url.startswith("http://") for s in doc.meta.sources)
        assert date(2000, 1, 1) <= doc.meta.as_of <= date(2026, 11, 27), doc.id


def test_all_doc_types_are_represented(corpus) -> None:
    assert {d.meta.doc_type for d in corpus.values()} == {
        "program",
        "rule_summary",
        "process",
        "faq",
        "glossary",
        "news",
    }


# Sections the eligibility rules and the architecture's topics cite by anchor.
REQUIRED_ANCHORS = [
    "exim-overview#authorization-and-exposure-cap",
    "exim-medium-term-insurance#cash-payment-and-financed-portion",
    "exim-who-can-apply#the-exporter-must-be-a-us-exporter",
    "exim-term-classes#how-the-assistants-eligibility-check-sorts-terms",
    "exim-mlt-financing-terms#cash-payment",
    "exim-content-policy-short-term#short-term-support-above-and-below-50-us-content",
    "exim-content-policy-medium-long-term#level-of-support-85-or-the-us-content",
    "exim-content-policy-transformational-exports#full-support-at-51-us-content",
    "exim-country-limitation-schedule#russia-and-belarus-are-off-cover",
    "exim-military-dual-use-policy#no-financing-for-defense-articles",
    "exim-military-dual-use-policy#dual-use-items-need-exims-own-determination",
    "restricted-party-screening#restricted-parties-block-the-deal",
    "advanced-computing-licence-requirements#destination-test-for-advanced-computing-items",
    "advanced-computing-licence-requirements#headquarters-rule",
    "sanctions-and-embargoes#comprehensive-embargoes",
    "exim-exportai-initiative#licence-before-financing",
    "exim-exportai-initiative#what-exportai-offers-by-term",
    "licensing-and-financing-interlock#order-of-steps-for-an-ai-export-deal",
]


@pytest.mark.parametrize("anchor", REQUIRED_ANCHORS)
def test_required_sections_resolve(corpus, anchor: str) -> None:
    doc_id, section = anchor.split("#")
    assert doc_id in corpus, f"missing document {doc_id}"
    assert section in corpus[doc_id].anchors, f"{doc_id} has no section #{section}"


def test_every_chunk_fits_the_model_and_points_at_a_real_anchor(corpus, embedder) -> None:
    for doc in corpus.values():
        for chunk in chunk_document(doc, embedder.count_tokens):
            assert embedder.count_tokens(chunk.embed_text) <= 256, chunk.chunk_id
            assert chunk.section in doc.anchors, chunk.chunk_id
            assert chunk.url.startswith("http"), chunk.chunk_id
            assert chunk.sentences, chunk.chunk_id


def test_uncertain_facts_are_flagged_in_the_text(corpus) -> None:
    # The ExportAI approval date conflicts between sources; the document must say so.
    exportai = " ".join(s.text for s in corpus["exim-exportai-initiative"].sections).lower()
    assert "20 may" in exportai and "21 may" in exportai
    term = " ".join(s.text for s in corpus["exim-term-classes"].sections)
    assert "$10 million" in term and "$25 million" in term


def test_test_sets_cite_only_documents_that_exist(corpus) -> None:
    for path in (REPO / "evals" / "sets").glob("*.jsonl"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.strip():
                for source in json.loads(line).get("expect", {}).get("sources") or []:
                    assert source in corpus, f"{path.name}:{number} names unknown document {source}"


def test_country_table_has_as_of_date_source_and_valid_codes() -> None:
    with (REPO / "knowledge" / "countries.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 90
    assert {r["as_of"] for r in rows} == {"2026-07-23"}
    assert all(r["source_url"].startswith("https://www.ecfr.gov/") for r in rows)
    assert all(re.fullmatch(r"[A-Z]{2}(-\d{2})?", r["iso2"]) for r in rows)
    by_code = {r["iso2"]: r for r in rows}
    assert by_code["CN"]["D5"] == "1" and by_code["MO"]["D5"] == "" and by_code["MO"]["D1"] == "1"
    assert by_code["IL"]["A6"] == "1" and by_code["IL"]["D4"] == "1"
    assert "BR" not in by_code
