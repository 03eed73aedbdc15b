"""Free text → DealFacts fields, on the real country table and intake data."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.eligibility.countries import CountryTable
from assistant.intake.config import IntakeConfig
from assistant.intake.extract import FactExtractor

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor(CountryTable.load(REPO / "knowledge"), IntakeConfig.load(REPO / "config"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We're a US company selling $2M of H100 servers to a buyer in Vietnam, repaid over 5 years with 15% down. "
            "US content is about 70%.",
            {
                "exporter_country": "US",
                "buyer_country": "VN",
                "item": "ai_servers",
                "contract_value_usd": 2e6,
                "repayment_months": 60,
                "cash_payment_pct": 15,
                "us_content_pct": 70,
            },
        ),
        (
            "Our customer in Singapore is a subsidiary of a Chinese group; 180 days terms, $750k, 40% U.S. content",
            {
                "buyer_country": "SG",
                "buyer_hq_country": "CN",
                "repayment_months": 6,
                "contract_value_usd": 750_000,
                "us_content_pct": 40,
            },
        ),
        (
            "We're a Mexican manufacturer shipping turbines to Peru, 30% foreign content, 7-year loan, $30 million",
            {
                "exporter_country": "MX",
                "buyer_country": "PE",
                "us_content_pct": 70,
                "repayment_months": 84,
                "contract_value_usd": 30e6,
                "item": "other_goods",
            },
        ),
        (
            "2 million dollars of AI chips for a data centre in Riyadh; our licence is pending",
            {
                "contract_value_usd": 2e6,
                "item": "ai_chips",
                "buyer_country": "SA",
                "license_status": "pending",
            },
        ),
        (
            "They've been screened and are clear. We haven't applied for the licence yet.",
            {"restricted_party": False, "license_status": "not_applied"},
        ),
        (
            "The buyer is the Ministry of Defence of Egypt",
            {"buyer_country": "EG", "end_use": "military", "buyer_sector": "public"},
        ),
        (
            "ECCN is 5a992.z, dual-use, net 60",
            {"eccn": "5A992.z", "end_use": "dual_use", "repayment_months": 2},
        ),
        (
            "Contract is USD 1,200,000 with $300,000 down payment over 4 years; we've been in business 12 years",
            {"contract_value_usd": 1.2e6, "cash_payment_pct": 25, "repayment_months": 48},
        ),
        ("actually the buyer is in the UAE", {"buyer_country": "AE"}),
        (
            "We don't need a licence, it's EAR99 networking gear",
            {"license_status": "not_required", "eccn": "EAR99", "item": "networking"},
        ),
        ("$5M of data center servers for a hospital in Brazil", {"item": "data_center_equipment"}),
        ("We sell servers to a bank in Peru", {"item": "other_goods"}),
        # Chat forms: a sum with "mil"/"mln"/"million" and no currency, "pct", a share paid "now".
        (
            "were shipping tractors to a co-op in Kenya, about 1.5 mil, they pay 15 pct now, rest over 5 yrs",
            {"contract_value_usd": 1.5e6, "cash_payment_pct": 15, "repayment_months": 60},
        ),
        ("USD 3 mln deal for a buyer in Peru, 20 pct cash", {"contract_value_usd": 3e6, "cash_payment_pct": 20}),
        ("hospital in Quito, MRI scanners, 3.8 million dollars", {"contract_value_usd": 3.8e6}),
        ("they'll put down 20%", {"cash_payment_pct": 20}),
        (
            "US content is eighty-five percent and they pay twenty percent down",
            {"us_content_pct": 85, "cash_payment_pct": 20},
        ),
    ],
)
def test_facts_are_pulled_from_free_text(extractor: FactExtractor, text: str, expected: dict) -> None:
    facts = extractor.extract(text).facts
    for name, value in expected.items():
        assert (
            facts.get(name) == pytest.approx(value)
            if isinstance(value, float | int) and not isinstance(value, bool)
            else facts.get(name) == value
        ), (name, facts)
    assert set(expected) <= set(facts)


@pytest.mark.parametrize(
    ("text", "exporter", "buyer"),
    [
        ("We're selling to a German buyer, can EXIM help?", None, "DE"),
        ("I'm shipping servers to a Brazilian distributor", None, "BR"),
        ("We're a Mexican manufacturer shipping to Peru", "MX", "PE"),
        ("We are a small family-owned Canadian exporter", "CA", None),
        ("Our buyer is based in Kenya", None, "KE"),
        ("We're based in Ohio and sell to Kenya", "US", "KE"),
        ("We ship from California to Japan", "US", "JP"),
        ("We're hiring a Chinese national engineer for our lab", None, None),
        ("We're sponsors of a desalination SPV in Oman", None, "OM"),
        ("Comms gear for a South American army", None, None),
        ("I run a Texas company exporting networking gear to Mexico", "US", "MX"),
        ("An Ohio-based maker is selling pumps to Chile", "US", "CL"),
        ("Small business in Vermont, an order from a buyer in Montreal", "US", "CA"),
    ],
)
def test_the_exporters_country_is_only_where_the_speaker_describes_themselves(
    extractor: FactExtractor, text: str, exporter: str | None, buyer: str | None
) -> None:
    facts = extractor.extract(text).facts
    assert (facts.get("exporter_country"), facts.get("buyer_country")) == (exporter, buyer), facts


def test_ai_items_get_a_proposed_eccn_not_a_silent_one(extractor: FactExtractor) -> None:
    result = extractor.extract("20 HGX H200 servers for a buyer in India")
    assert result.facts["item"] == "ai_servers" and "eccn" not in result.facts
    assert result.assumptions == {"eccn": "4A090.a"}


def test_a_count_with_a_scale_word_is_not_a_sum(extractor: FactExtractor) -> None:
    assert "contract_value_usd" not in extractor.extract("we make 5 million chips a year for buyers in Kenya").facts


@pytest.mark.parametrize(
    "text",
    ["What does U.S. content mean for EXIM?", "Is it made in the US?", "us and them", "Do I need a licence?"],
)
def test_passing_mentions_are_not_facts(extractor: FactExtractor, text: str) -> None:
    facts = extractor.extract(text).facts
    assert "buyer_country" not in facts and "license_status" not in facts and "exporter_country" not in facts


def test_yes_and_no_are_recognised(extractor: FactExtractor) -> None:
    assert extractor.extract("Yes, that's right").yes
    assert extractor.extract("no, that's wrong").no


@pytest.mark.parametrize(
    ("text", "buyer"),
    [
        ("dialysis machines for a clinic network in Santo Domingo", "DO"),
        ("a hospital group in Port-au-Prince", "HT"),  # words joined by hyphens
        ("a distributor in Guinea-Bissau", "GW"),  # not Guinea
        ("olive presses for a cooperative near Meknes", "MA"),
        ("a port operator in Dar es Salaam", "TZ"),
        ("a contractor in Côte d\u2019Ivoire", "CI"),  # accents and apostrophes as the names' keys drop them
        ("a ministry in Sana'a", "YE"),
        ("a hospital in Yaoundé", "CM"),
    ],
)
def test_a_buyers_city_names_its_country(extractor: FactExtractor, text: str, buyer: str) -> None:
    assert extractor.extract(text).facts.get("buyer_country") == buyer


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("dialysis machines for a private clinic network", "other_goods"),  # a network of clinics is no goods
        ("network switches and routers", "networking"),
        ("$12M of telecom towers for an operator", "other_goods"),
    ],
)
def test_the_item_is_what_is_sold_not_a_word_about_the_buyer(extractor: FactExtractor, text: str, item: str) -> None:
    assert extractor.extract(text).facts.get("item") == item
