"""Side by side on the facts form, in a real browser: the card says what would change the outcome;
"Try this" (or changing one fact by hand) shows both results together with what changed highlighted."""

from __future__ import annotations


def _fill(form, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for label, value in values.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_changing_one_fact_shows_both_results_with_the_change_highlighted(page, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="Check a deal's eligibility").click()
    form = page.locator("#facts-form")
    _fill(
        form,
        {
            "Buyer's country": "Germany",
            "Item": "other_goods",
            "ECCN": "EAR99",
            "End use": "civil",
            "Buyer or end user on a restricted list?": "false",
            "Contract value (USD)": "2,000,000",
            "U.S. content (%)": "90",
            "Cash payment (%)": "10",
            "Repayment (months)": "60",
        },
    )
    page.get_by_role("button", name="Check eligibility").click()
    card = page.locator("#facts-result .eligibility")
    card.wait_for()
    advice = card.locator(".advice")
    assert "What would change the outcome" in advice.inner_text()
    assert "A cash payment of at least 15% (you entered 10%)" in advice.inner_text()
    assert "Which products would fit" in advice.inner_text()
    assert advice.locator(".products a").first.get_attribute("href").startswith("http")

    # "Try this" applies the suggested change and checks again: both results, side by side.
    advice.get_by_role("button", name="Try this change: Cash payment").click()
    comparison = page.locator("#facts-result .comparison")
    comparison.wait_for()
    assert form.get_by_label("Cash payment (%)", exact=True).input_value() == "15"
    changed = comparison.locator(".changed-facts li")
    assert changed.count() == 1 and "Cash payment" in changed.inner_text()
    assert changed.locator("del").inner_text() == "10%" and changed.locator("mark").inner_text() == "15%"
    before, after = comparison.locator(".column.before"), comparison.locator(".column.after")
    assert "Not eligible" in before.locator("h3").inner_text()
    assert "Likely eligible" in after.locator("h3").inner_text()
    assert "moved" in after.locator("h3").get_attribute("class")
    assert after.locator(".check.moved").count() == 1 and "15%" in after.locator(".check.moved").inner_text()
    page.screenshot(path=str(artifacts / "eligibility-side-by-side.png"), full_page=True)

    # One fact changed by hand: 9 years makes the deal long term; the term is what moved.
    form.get_by_label("Repayment (months)", exact=True).fill("108")
    page.get_by_role("button", name="Check eligibility").click()
    page.wait_for_function(
        "() => document.querySelector('#facts-result .changed-facts')?.innerText.includes('Repayment term')"
    )
    comparison = page.locator("#facts-result .comparison")
    assert "60 months" in comparison.locator(".changed-facts del").inner_text()
    assert "108 months" in comparison.locator(".changed-facts mark").inner_text()
    moved = comparison.locator(".column.after dd.moved")
    assert "Long term" in moved.all_inner_texts()
    assert "Direct loan" in comparison.locator(".column.after").inner_text()
    assert "Medium term" in comparison.locator(".column.before").inner_text()


DEAL = {
    "exporter_country": "US",
    "buyer_country": "DE",
    "item": "other_goods",
    "eccn": "EAR99",
    "end_use": "civil",
    "restricted_party": False,
    "contract_value_usd": 2000000,
    "us_content_pct": 90,
    "cash_payment_pct": 10,
    "repayment_months": 60,
}


def test_a_what_if_in_chat_shows_both_results_side_by_side(page) -> None:  # type: ignore[no-untyped-def]
    """The chat page renders the server's comparison. The two turns are real (facts sent with the chat
    request, so no routing is involved); the page's stream is served the second turn's real response."""
    import json

    created = page.request.post(page.base_url + "/api/chat", data={"message": "Check this deal", "facts": DEAL})
    first, secret = created.json(), created.headers["x-conversation-secret"]
    second = page.request.post(
        page.base_url + "/api/chat",
        data={
            "message": "what if the buyer paid 20% down?",
            "conversation_id": first["conversation_id"],
            "facts": {**DEAL, "cash_payment_pct": 20},
        },
        headers={"X-Conversation-Secret": secret},
    ).json()
    assert second["eligibility"]["compared_with"] is not None
    events = (
        f"event: meta\ndata: {json.dumps({'conversation_id': second['conversation_id']})}\n\n"
        f"event: final\ndata: {json.dumps(second)}\n\n"
    )
    page.route(
        "**/api/chat/stream",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=events),
    )
    page.goto(page.base_url + "/")
    page.get_by_label("Your question").fill("what if the buyer paid 20% down?")
    page.get_by_role("button", name="Ask").click()
    turn = page.locator("li.turn.assistant").last
    comparison = turn.locator(".comparison")
    comparison.wait_for()
    assert "What changed" in turn.locator(".answer-body").inner_text()
    assert turn.locator(".answer-body strong", has_text="20%").count() >= 1
    assert comparison.locator(".changed-facts mark").inner_text() == "20%"
    assert comparison.locator(".changed-facts del").inner_text() == "10%"
    assert "Not eligible" in comparison.locator(".column.before h3").inner_text()
    assert "Likely eligible" in comparison.locator(".column.after h3").inner_text()
    assert "moved" in comparison.locator(".column.after h3").get_attribute("class")
