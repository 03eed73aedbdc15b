"""The eligibility card in a real browser: from the facts form, and at the end of a chat intake."""

from __future__ import annotations


def test_facts_form_shows_the_result_card_and_names_bad_fields(page, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="Check a deal's eligibility").click()
    form = page.locator("#facts-form")
    form.get_by_label("Buyer's country", exact=True).fill("Saudi Arabia")
    form.get_by_label("Item", exact=True).select_option("ai_servers")
    form.get_by_label("ECCN", exact=True).fill("4A090.a")
    form.get_by_label("End use", exact=True).select_option("civil")
    form.get_by_label("Buyer or end user on a restricted list?", exact=True).select_option("false")
    form.get_by_label("Export licence", exact=True).select_option("approved")
    form.get_by_label("Contract value (USD)", exact=True).fill("2,000,000")
    form.get_by_label("U.S. content (%)", exact=True).fill("70")
    form.get_by_label("Cash payment (%)", exact=True).fill("10")
    form.get_by_label("Repayment (months)", exact=True).fill("60")
    page.get_by_role("button", name="Check eligibility").click()
    card = page.locator("#facts-result .eligibility")
    card.wait_for()
    assert "Not eligible on these facts" in card.locator("h3").inner_text()
    assert "Medium term" in card.inner_text()
    card.locator("summary").click()
    failing = card.locator(".check.result-fail")
    assert failing.count() == 1 and "10%" in failing.inner_text() and "15%" in failing.inner_text()
    assert card.locator(".check a").first.get_attribute("href").startswith("http")
    page.screenshot(path=str(artifacts / "eligibility-form.png"), full_page=True)

    form.get_by_label("U.S. content (%)", exact=True).fill("150")
    page.get_by_role("button", name="Check eligibility").click()
    error = page.locator("#facts-error")
    error.wait_for(state="visible")
    assert "U.S. content must be between 0 and 100%" in error.inner_text()
    assert form.get_by_label("U.S. content (%)", exact=True).get_attribute("aria-invalid") == "true"


def test_chat_intake_ends_with_the_result_card(page, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    question = page.get_by_label("Your question")
    for message in [
        "Is my deal eligible? We're an American exporter selling $4 million of water pumps to a private "
        "buyer in Brazil over 5 years.",
        "U.S. content is 90%, cash payment 15%, civil use, the buyer is not on any restricted list, EAR99",
        "yes",
    ]:
        before = page.locator("li.turn.assistant").count()
        question.fill(message)
        page.get_by_role("button", name="Ask").click()
        page.locator("li.turn.assistant").nth(before).locator(".feedback").wait_for()
    last = page.locator("li.turn.assistant").last
    assert (
        "Check your answers" in page.locator("li.turn.assistant").nth(1).inner_text()
        or "check your answers" in page.locator("li.turn.assistant").nth(1).inner_text()
    )
    card = last.locator(".eligibility")
    card.wait_for()
    assert "Likely eligible" in card.inner_text()
    assert "$3,400,000" in card.inner_text()
    page.screenshot(path=str(artifacts / "eligibility-chat.png"), full_page=True)
