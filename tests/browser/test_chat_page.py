"""The chat page in a real browser: ask, see the streamed answer and citation links, give feedback."""

from __future__ import annotations

import re


def test_ask_see_cited_answer_and_send_feedback(page, artifacts, corpus_services) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.wait_for_selector(".suggestion")  # starter suggestions loaded
    page.get_by_label("Your question").fill("What down payment does EXIM require on a medium-term deal?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("li.turn.assistant").last
    answer.locator(".sources a").first.wait_for()
    assert "15%" in answer.locator(".answer-body").inner_text()
    link = answer.locator(".citations a").first
    assert link.get_attribute("href").startswith("http")
    # The source's own date and when the team last checked it, in words ("EXIM page of …, checked 30 Nov 2026").
    cited = answer.locator(".citations li.source").first.inner_text()
    assert re.search(r" (of|facts as of) .*\d{4}\)?, (checked \d{1,2} \w{3} \d{4}|not yet checked)", cited), cited
    marker = answer.locator("a.marker").first
    assert marker.get_attribute("href").endswith("-c1")

    answer.get_by_role("button", name="No", exact=True).click()
    answer.get_by_role("status").filter(has_text="Thank you").wait_for()
    page.screenshot(path=str(artifacts / "chat-page.png"), full_page=True)

    turn_id = None
    conversation = page.evaluate("state.conversationId")
    stored = corpus_services.conversations.conversation(conversation)
    turn_id = stored["turns"][-1]["id"]
    assert stored["feedback"][-1]["turn_id"] == turn_id and stored["feedback"][-1]["rating"] == "down"


def test_keyboard_only_use_and_follow_up_suggestion(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") in {"question", ""}
    page.locator("#question").focus()
    page.keyboard.type("What is the ExportAI Initiative?")
    page.keyboard.press("Enter")
    page.locator("li.turn.assistant .citations").last.wait_for()
    assert page.locator("#announcer").get_attribute("aria-live") == "polite"
    page.locator(".suggestion").first.click()
    page.locator("li.turn.assistant").nth(1).locator(".feedback").wait_for()
    assert page.locator("li.turn.user").count() == 2


def test_phone_sized_screen_and_empty_question_error(browser, live_server, artifacts) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("button", name="Ask").click()
    assert "Enter a question" in page.locator("#question-error").inner_text()
    page.get_by_label("Your question").fill("Which countries are under a comprehensive U.S. embargo?")
    page.get_by_role("button", name="Ask").click()
    page.locator("li.turn.assistant .citations").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "no horizontal scrolling on a phone"
    page.screenshot(path=str(artifacts / "chat-page-phone.png"), full_page=True)
    context.close()
