"""The extractive answer's own consistency check (assistant/answer/citations.check_extractive)."""

from __future__ import annotations

from datetime import date

from assistant.answer.citations import check_extractive
from assistant.sources import Citation


def _citation(quote: str) -> Citation:
    return Citation(ref=1, doc_id="d", section="s", title="t", url="https://x", as_of=date(2026, 1, 1), quote=quote)


def test_a_list_introducer_quoted_with_its_items_passes() -> None:
    # The quote joins the sentences with spaces; the introducer ends with a colon, and the answer shows the
    # items (in the list's order, not the quote's) on lines of their own. This used to fail the turn.
    answer = (
        "An EXIM long-term application needs the following items: [1]\n"
        "- Three years of audited financial statements are required [1].\n"
        "- The program attachment is required: Attachment F for project finance [1]."
    )
    quote = (
        "An EXIM long-term application needs the following items: The program attachment is required: "
        "Attachment F for project finance. Three years of audited financial statements are required."
    )
    assert check_extractive(answer, [_citation(quote)]) == []


def test_a_quote_the_answer_does_not_hold_is_still_caught() -> None:
    answer = "An EXIM long-term application needs the following items: [1]\n- Three years of statements [1]."
    quote = "An EXIM long-term application needs the following items: A lender mandate letter is required."
    assert check_extractive(answer, [_citation(quote)]) == ["quote of [1] is not in the answer"]
