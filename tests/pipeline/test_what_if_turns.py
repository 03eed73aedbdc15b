"""The whole turn, stored and reloaded: facts sent with the chat request, then one fact changed in the
same conversation, give both results side by side (the intake state survives the conversation store)."""

from __future__ import annotations

DEAL = {
    "exporter_country": "US",
    "buyer_country": "SA",
    "item": "ai_servers",
    "eccn": "4A090.a",
    "end_use": "civil",
    "restricted_party": False,
    "license_status": "pending",
    "contract_value_usd": 2_000_000,
    "us_content_pct": 70,
    "cash_payment_pct": 15,
    "repayment_months": 60,
}


def test_a_changed_fact_in_the_same_conversation_is_shown_side_by_side(corpus_services) -> None:
    first, _ = corpus_services.turns.handle("Check this deal", facts=DEAL)
    assert first.status.value == "handoff" and first.eligibility["outcome"] == "refer_to_human"
    assert first.eligibility["changes"][0]["set"] == {"license_status": "approved"}
    assert "Apply for the BIS licence first" in first.answer
    assert "EXIM decides on financing and BIS decides on export licences" in first.answer

    second, _ = corpus_services.turns.handle(
        "What if the licence were approved?", first.conversation_id, facts={**DEAL, "license_status": "approved"}
    )
    assert second.status.value == "eligibility_result" and second.eligibility["outcome"] == "eligible"
    comparison = second.eligibility["compared_with"]
    assert comparison["changed_facts"] == [{"fact": "license_status", "before": "pending", "after": "approved"}]
    assert comparison["before"]["outcome"] == "refer_to_human"
    assert "**What changed:**" in second.answer and "→ **likely eligible**" in second.answer
    assert "ExportAI Initiative" in second.answer
