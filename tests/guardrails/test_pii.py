import pytest

from assistant.guardrails.pii import only_placeholders, redact


@pytest.mark.parametrize(
    ("text", "kinds", "gone"),
    [
        ("Write to jane.doe@acme-exports.com please", ("email",), "jane.doe@acme-exports.com"),
        ("Call +1 (202) 555-0147 or 202.555.0199", ("phone",), "555-0147"),
        ("Phone +44 20 7946 0958", ("phone",), "7946"),
        ("SSN 078-05-1120 on file", ("ssn",), "078-05-1120"),
        ("card 4111 1111 1111 1111 exp 09/28", ("card",), "4111"),
        ("card 5500-0000-0000-0004", ("card",), "5500"),
        ("IBAN DE89 3704 0044 0532 0130 00", ("iban",), "DE89"),
        ("write to jsmith at acme-exports dot com", ("email",), "jsmith"),
        ("call 2025550147 tomorrow", ("phone",), "2025550147"),
        ("social security 219099999", ("ssn",), "219099999"),
        ("our EIN is 12-3456789", ("tax_id",), "3456789"),
        ("passport number X12345678", ("passport",), "X12345678"),
        ("driver's license D1234567", ("driver_licence",), "D1234567"),
        ("routing number 021000021 and account number 4500123456", ("routing_number", "bank_account"), "4500123456"),
        ("we are at 1600 Pennsylvania Avenue NW", ("address",), "Pennsylvania"),
        ("date of birth March 3, 1979", ("date_of_birth",), "1979"),
    ],
)
def test_personal_data_is_replaced(text: str, kinds: tuple[str, ...], gone: str) -> None:
    result = redact(text)
    assert result.kinds == kinds
    assert gone not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "H.R. 1615 and P.L. 116-94, 15 CFR 740, 84 months, 4A090.a, ECCN 3A090",
        "A contract of $25,000,000 signed on 2026-05-21 with 15% cash",
        "Order 1234567890123 shipped",  # 13 digits but fails the Luhn check: not a card
        "TPP of 4800 and performance density 5.92; 12 U.S.C. 635(b)(6)(I)",
        "a contract of 250000000 dollars, repaid over 5 years from 2026-05-21",
        "I have 5 big trucks on the way; look at section 3 of the rule",
        "see https://www.federalregister.gov/d/2025-12345 and page /133931800",
    ],
)
def test_domain_numbers_are_left_alone(text: str) -> None:
    assert redact(text).text == text


def test_a_message_of_only_personal_data_is_recognised() -> None:
    assert only_placeholders(redact("my card is 4111 1111 1111 1111 exp 09/28").text)
    assert not only_placeholders(redact("card 4111 1111 1111 1111 - how do ECI premiums work?").text)


def test_what_the_cited_sources_publish_is_not_removed_from_an_answer() -> None:
    """An agency's own application address in a quoted source sentence is public; anyone else's is not."""
    from assistant.guardrails.output import scrub_personal_data

    source = "EXIM also accepts applications as PDF scans sent by email to exim.applications@exim.gov, or by fax."
    answer = "EXIM accepts PDF scans by email to exim.applications@exim.gov [1]. Or write to jane.doe@acme-exports.com."
    kept = scrub_personal_data(answer, source)
    assert "exim.applications@exim.gov" in kept and "jane.doe" not in kept
    assert "exim.applications@exim.gov" not in scrub_personal_data(answer)  # no sources: everything goes
