"""A deal with questions (ADR 0021): the chat page shows the cited answer and the eligibility card together."""

from __future__ import annotations

MIXED = (
    "We're a U.S. maker selling $2M of networking equipment to a buyer in Kenya over 4 years. "
    "How much can EXIM finance, and what down payment is needed?"
)


def test_a_mixed_turn_shows_answer_sources_and_the_check_under_way(page, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.get_by_label("Your question").fill(MIXED)
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("li.turn.assistant").last
    answer.locator("section.eligibility").wait_for()
    assert answer.get_attribute("data-status") == "need_more_info"
    assert answer.locator(".sources a").count() >= 1
    body = answer.locator(".answer-body").inner_text()
    assert "[1]" in body or answer.locator("a.marker").count() >= 1
    assert "What cash (down) payment will the buyer make" not in body  # asked, answered, not asked back
    assert "Still needed" in answer.locator("section.eligibility").inner_text()
    page.screenshot(path=str(artifacts / "chat-mixed-turn.png"), full_page=True)
