"""The staff page in a real browser: sign in, draft a reply with sources, approve it, read the queue."""

from __future__ import annotations


def test_staff_sign_in_draft_approve_and_queue(page, artifacts, corpus_services) -> None:  # type: ignore[no-untyped-def]
    corpus_services.staff.revoke("browser-staff")
    token = corpus_services.staff.create_token("browser-staff")
    page.goto(page.base_url + "/staff")
    page.get_by_label("Staff token").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.locator("#signin-error").filter(has_text="not accepted").wait_for()

    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#whoami").filter(has_text="browser-staff").wait_for()

    page.get_by_label("Customer's email (pasted as is)").fill(
        "Hi, what down payment does EXIM need on a medium-term deal? And how long does a BIS licence take? Thanks"
    )
    page.get_by_role("button", name="Draft reply").click()
    page.locator("#draft-sources li").first.wait_for()
    draft = page.get_by_label("Draft (edit before approving)").input_value()
    assert "15%" in draft and "90 calendar days" in draft
    assert page.locator("#draft-sources .verified").count() >= 2
    page.get_by_label("Draft (edit before approving)").fill(draft + "\nEdited by staff.")
    page.get_by_role("button", name="Approve").click()
    page.locator("#draft-status").filter(has_text="Approved").wait_for()

    reply = corpus_services.turns.handle("Can I speak to a human please?")[0]
    page.get_by_role("button", name="Refresh").click()
    page.locator("#handoffs li").filter(has_text="asked for person").first.wait_for()
    page.locator("#handoffs li").filter(has_text="asked for person").first.get_by_role(
        "button", name="Open conversation"
    ).click()
    page.locator("#conversation-turns li").first.wait_for()
    assert "Can I speak to a human" in page.locator("#conversation-turns").inner_text()
    assert reply.status.value == "handoff"

    page.get_by_role("button", name="Run check").click()  # the knowledge check (issue 13)
    page.locator("#knowledge-summary").filter(has_text="documents checked").wait_for()
    assert page.locator("#knowledge-findings li").count() >= 1
    page.screenshot(path=str(artifacts / "staff-page.png"), full_page=True)
