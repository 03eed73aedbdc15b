"""The whole hand-off loop in a real browser, customer and staff in two browser contexts:
the customer asks for a person → staff see the case in the inbox, assign it and reply → the customer
reloads and sees the reply (with a badge) → answers → staff resolve it with a note. Then axe-core on
both pages as they stand at the end of the loop: no serious or critical violations."""

from __future__ import annotations

import re
import uuid

import pytest


@pytest.fixture
def staff_page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.base_url = live_server  # type: ignore[attr-defined]
    yield page
    context.close()


def _sign_in(page, token: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/staff")
    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#whoami").filter(has_text="Signed in").wait_for()


def test_customer_to_staff_to_customer_and_resolved(page, staff_page, corpus_services, artifacts, axe) -> None:  # type: ignore[no-untyped-def]
    name = f"loop-{uuid.uuid4().hex[:6]}"
    token = corpus_services.staff.create_token(name)
    # The customer asks a question, then for a person.
    page.goto(page.base_url + "/")
    page.get_by_label("Your question").fill("What down payment does EXIM need on a medium-term deal?")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.locator("#log li.turn.assistant[data-status]").first.wait_for()
    page.get_by_label("Your question").fill("Can I speak to a human please?")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.locator("#log li[data-status=handoff]").wait_for()
    reference_text = page.locator("#helpdesk-reference")
    reference_text.filter(has_text="Your reference: HD-").wait_for()
    reference = re.search(r"HD-\d{6}", reference_text.inner_text()).group(0)  # type: ignore[union-attr]
    assert "replies here" in page.locator("#helpdesk").inner_text()

    # Staff find it in the inbox, assign it to themselves and reply.
    _sign_in(staff_page, token)
    case = staff_page.locator("#case-list .case").filter(has_text=reference)
    case.wait_for()
    assert "medium-term deal" in case.inner_text(), "the headline names the customer's question"
    case.click()
    staff_page.locator("#case-body").wait_for()
    assert "Can I speak to a human" in staff_page.locator("#case-transcript").inner_text()
    staff_page.get_by_role("button", name="Assign to me").click()
    staff_page.locator("#case-meta").filter(has_text=f"assigned to {name}").wait_for()
    reply = "Hello, EXIM asks for a cash payment of at least 15% on medium-term deals. Which country is the buyer in?"
    staff_page.get_by_label("Reply to the customer (appears in their conversation)").fill(reply)
    staff_page.get_by_role("button", name="Send reply").click()
    staff_page.locator("#reply-status").filter(has_text="Sent").wait_for()
    assert staff_page.locator("#count-waiting").inner_text() != "0"

    # The customer comes back: the conversation is restored with the reply and a badge.
    page.reload()
    page.locator("#log li.helpdesk").filter(has_text="cash payment of at least 15%").wait_for()
    assert "Can I speak to a human" in page.locator("#log").inner_text(), "the transcript came back"
    page.locator("#helpdesk-badge").filter(has_text="1 new reply from the help desk").wait_for()
    page.get_by_label("Your message to the help desk").fill("The buyer is in Vietnam. Thank you!")
    page.get_by_role("button", name="Send to the help desk").click()
    page.locator("#helpdesk-send-status").filter(has_text="Sent to the help desk").wait_for()
    assert page.locator("#helpdesk-badge").is_hidden()

    # Staff see the answer and resolve the case with a note.
    staff_page.get_by_role("button", name="Refresh").click()
    staff_page.locator("#case-list .case").filter(has_text=reference).click()
    staff_page.locator("#case-transcript").filter(has_text="The buyer is in Vietnam").wait_for()
    staff_page.get_by_label("Resolution note (what was done; kept with the case)").fill("Explained the 15% rule.")
    staff_page.get_by_role("button", name="Resolve").click()
    staff_page.locator("#case-meta").filter(has_text=f"resolved by {name}").wait_for()
    activity = staff_page.locator("#case-activity").inner_text()
    for move in ("opened the case", "took the case", "replied to the customer", "answered the help desk", "resolved"):
        assert move in activity, move
    staff_page.screenshot(path=str(artifacts / "staff-inbox.png"), full_page=True)
    assert axe(staff_page) == [], "the staff page (inbox with a case open) has serious or critical violations"

    page.reload()
    page.locator("#helpdesk-reference").filter(has_text="closed this request").wait_for()
    page.screenshot(path=str(artifacts / "chat-helpdesk.png"), full_page=True)
    assert axe(page) == [], "the chat page (with the help desk panel) has serious or critical violations"


def test_staff_inbox_tabs_filters_and_keyboard(staff_page, corpus_services) -> None:  # type: ignore[no-untyped-def]
    token = corpus_services.staff.create_token(f"keys-{uuid.uuid4().hex[:6]}")
    facts = {
        "exporter_country": "US",
        "buyer_country": "VN",
        "item": "ai_servers",
        "contract_value_usd": 4_000_000,
        "license_status": "not_applied",
    }
    packet = {
        "facts": facts,
        "eligibility": None,
        "transcript": [{"question": "servers", "answer": "", "status": "handoff"}],
    }
    response, turn = corpus_services.turns.handle("Can I speak to a human please?")
    corpus_services.cases.open_case(response.conversation_id, turn.turn_id, "refer_to_human", packet)
    _sign_in(staff_page, token)
    headline = "AI servers · $4.0M · Vietnam · licence not applied"
    staff_page.locator("#case-list .case").filter(has_text=headline).first.wait_for()
    staff_page.get_by_label("Buyer's country (code)").fill("DE")
    staff_page.get_by_role("button", name="Apply").click()
    staff_page.locator("#case-list .case").filter(has_text=headline).wait_for(state="detached")
    staff_page.get_by_label("Buyer's country (code)").fill("VN")
    staff_page.get_by_role("button", name="Apply").click()
    staff_page.locator("#case-list .case").filter(has_text=headline).first.wait_for()
    staff_page.locator("body").click(position={"x": 5, "y": 5})
    staff_page.keyboard.press("j")
    staff_page.locator("#case-heading").filter(has_text=headline).wait_for()
    staff_page.keyboard.press("a")
    staff_page.locator("#case-meta").filter(has_text="assigned to keys-").wait_for()
    staff_page.locator("body").click(position={"x": 5, "y": 5})
    staff_page.keyboard.press("d")  # a draft from the customer's questions, logged on the case
    staff_page.locator("#reply-status").filter(has_text="Draft ready").wait_for()
    assert staff_page.get_by_label("Reply to the customer (appears in their conversation)").input_value()
    staff_page.get_by_role("button", name="Send reply").click()
    staff_page.locator("#case-activity").filter(has_text="approved the draft").wait_for()
    assert "drafted a reply" in staff_page.locator("#case-activity").inner_text()
    staff_page.locator("body").click(position={"x": 5, "y": 5})
    staff_page.keyboard.press("2")
    staff_page.locator("#tab-waiting[aria-selected=true]").wait_for()
    staff_page.get_by_role("button", name="Sign out").click()
    staff_page.locator("#signin").wait_for()
    assert staff_page.locator("#workspace").is_hidden()
