"""The facts form as people fill it in (country names, money as typed, questions for what is missing),
axe-core on the chat page after an answer, and the screenshots in docs/screenshots/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _open_form(page):  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="Check a deal's eligibility").click()
    page.wait_for_function("() => document.querySelectorAll('#country-names option').length > 200")
    return page.locator("#facts-form")


def _checked_facts(page, form) -> dict:  # type: ignore[no-untyped-def,type-arg]
    with page.expect_request("**/api/eligibility/check") as sent:
        form.get_by_role("button", name="Check eligibility").click()
    page.locator("#facts-result .eligibility").wait_for()
    return json.loads(sent.value.post_data or "{}")


@pytest.mark.parametrize(
    ("typed", "dollars"),
    [("$4M", 4_000_000), ("4 million", 4_000_000), ("USD 4,000,000", 4_000_000), ("2.5m", 2_500_000)],
)
def test_money_as_people_type_it(page, typed: str, dollars: int) -> None:  # type: ignore[no-untyped-def]
    form = _open_form(page)
    form.get_by_label("Contract value (USD)", exact=True).fill(typed)
    assert "Read as $" in page.locator("#contract-value-echo").inner_text()
    assert _checked_facts(page, form)["contract_value_usd"] == dollars


def test_country_names_autocomplete_and_questions_for_what_is_missing(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    form = _open_form(page)
    buyer = form.get_by_label("Buyer's country", exact=True)
    assert buyer.get_attribute("list") == "country-names"
    assert page.locator("#country-names option[value='Vietnam']").count() == 1
    buyer.fill("Vietnam")
    assert buyer.input_value() == "Vietnam", "the name is not cut to five letters"
    facts = _checked_facts(page, form)
    assert facts["buyer_country"] == "VN" and facts["exporter_country"] == "US"
    card = page.locator("#facts-result .eligibility")
    needed = card.locator(".still-needed li")
    assert needed.count() >= 1
    for text in needed.all_inner_texts():
        assert text.endswith("?") and "_" not in text, text
    needed.first.locator("a").click()
    assert page.evaluate("document.activeElement.closest('#facts-form') !== null")


def test_an_unknown_country_is_refused_in_words_at_its_field(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    form = _open_form(page)
    form.get_by_label("Buyer's country", exact=True).fill("Narnia")
    form.get_by_role("button", name="Check eligibility").click()
    summary = page.locator("#facts-error")
    summary.wait_for(state="visible")
    assert "There is a problem" in summary.inner_text()
    assert "Enter a country name, for example Vietnam" in summary.inner_text()
    assert "Narnia" in form.locator(".field-error").inner_text()
    assert form.get_by_label("Buyer's country", exact=True).get_attribute("aria-invalid") == "true"
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "f-buyer_country"


def test_axe_finds_nothing_serious_on_the_chat_page_after_an_answer(sized_page, axe, artifacts) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    page.get_by_label("Your question").fill("What down payment does EXIM require on a medium-term deal?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("li.turn.assistant").last
    answer.locator(".feedback").wait_for()
    answer.get_by_role("button", name="No", exact=True).click()
    answer.locator("details summary").first.click()
    assert axe(page) == []
    # The facts form with a result card and an error shown, too.
    form = _open_form(page)
    form.get_by_label("Buyer's country", exact=True).fill("Vietnam")
    form.get_by_label("Contract value (USD)", exact=True).fill("$4M")
    form.get_by_role("button", name="Check eligibility").click()
    page.locator("#facts-result .eligibility").wait_for()
    assert axe(page) == []


def _conversation_screen(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.locator("#about .knowledge-date").wait_for()
    page.get_by_label("Your question").fill("What down payment does EXIM require on a medium-term deal?")
    page.get_by_role("button", name="Ask").click()
    page.locator("li.turn.assistant .feedback").wait_for()


def test_screenshots_of_the_chat_page_at_both_widths(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _conversation_screen(page)
    page.locator("li.turn.assistant").last.get_by_role("button", name="No", exact=True).click()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"chat-{page.width_name}.png"), full_page=True)
    form = _open_form(page)
    form.get_by_label("Buyer's country", exact=True).fill("Vietnam")
    form.get_by_label("Contract value (USD)", exact=True).fill("$4M")
    form.get_by_label("Repayment (months)", exact=True).fill("60")
    _checked_facts(page, form)
    page.locator("#facts-panel").screenshot(path=str(SCREENSHOTS / f"facts-{page.width_name}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_at_200_percent_zoom_nothing_needs_sideways_scrolling(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    # 200% zoom of a 1280×800 laptop screen is a 640×400 CSS-pixel viewport.
    context = browser.new_context(viewport={"width": 640, "height": 400})
    page = context.new_page()
    page.base_url = live_server  # type: ignore[attr-defined]
    _conversation_screen(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    form = _open_form(page)
    form.get_by_label("Buyer's country", exact=True).fill("Vietnam")
    _checked_facts(page, form)
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    context.close()
