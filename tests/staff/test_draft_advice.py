"""The staff draft carries the engine's advice: what would change the outcome and which products fit."""

from __future__ import annotations

INQUIRY = """Hello,

Can EXIM support this? We are a U.S. manufacturer selling $2M of water pumps to a private buyer in
Germany, repaid over 5 years, with 10% cash down, 90% U.S. content, EAR99, civil use, and the buyer is
not on any restricted list.

Thanks,
Sam Lee"""


def test_the_draft_says_what_would_change_the_outcome_and_which_products_fit(corpus_services) -> None:
    draft = corpus_services.drafts.write(INQUIRY)
    assert draft.eligibility is not None and draft.eligibility["outcome"] == "not_eligible"
    assert draft.eligibility["changes"][0]["set"] == {"cash_payment_pct": 15}
    assert "What would change the outcome" in draft.draft
    assert "A cash payment of at least 15% (you entered 10%)" in draft.draft
    assert "Which products would fit" in draft.draft and "Medium-term export credit insurance" in draft.draft
