"""The staff page in a real browser: sign in, the draft editor hidden until a draft exists, draft a
reply with sources, approve it once (never `/api/drafts/null/review`), the knowledge check."""

from __future__ import annotations


def test_staff_sign_in_draft_approve_once_and_knowledge(page, artifacts, corpus_services) -> None:  # type: ignore[no-untyped-def]
    corpus_services.staff.revoke("browser-staff")
    token = corpus_services.staff.create_token("browser-staff")
    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)
    page.goto(page.base_url + "/staff")
    page.get_by_label("Staff token").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.locator("#signin-error").filter(has_text="not accepted").wait_for()

    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#whoami").filter(has_text="browser-staff").wait_for()
    assert page.locator("#draft-area").is_hidden(), "no empty draft editor before a draft exists"
    assert page.get_by_role("button", name="Approve").is_hidden()

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
    assert page.get_by_role("button", name="Approve").is_disabled(), "a second click cannot approve again"
    assert not [url for url in posted if "/api/drafts/null" in url]
    assert len([url for url in posted if url.endswith("/review")]) == 1

    page.get_by_role("button", name="Run check").click()  # the knowledge check (issue 13)
    page.locator("#knowledge-summary").filter(has_text="documents checked").wait_for()
    assert page.locator("#knowledge-findings li").count() >= 1
    page.screenshot(path=str(artifacts / "staff-page.png"), full_page=True)
