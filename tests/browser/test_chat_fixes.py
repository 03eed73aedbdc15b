"""The chat page's fixes of issue 15, each in a real browser at 1280×800 and 390×844."""

from __future__ import annotations

import json
import re

QUESTION = "What down payment does EXIM require on a medium-term deal?"


def _ask(page, text: str = QUESTION):  # type: ignore[no-untyped-def]
    before = page.locator("li.turn.assistant .feedback").count()
    page.get_by_label("Your question").fill(text)
    page.get_by_role("button", name="Ask").click()
    page.locator("li.turn.assistant .feedback").nth(before).wait_for()
    return page.locator("li.turn.assistant").last


def test_a_failed_request_keeps_the_question_and_offers_retry(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    page.route("**/api/chat/stream", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    summary = page.locator("#question-error")
    summary.wait_for(state="visible")
    text = summary.inner_text()
    assert "There is a problem" in text and "could not be reached" in text
    assert "Failed to fetch" not in text
    assert page.get_by_label("Your question").input_value() == QUESTION, "the typed question is kept"
    assert page.locator("li.turn").count() == 0, "no unanswered 'You' bubble stays"
    assert page.evaluate("document.activeElement.id") == "question-error", "focus moves to the error summary"

    page.unroute("**/api/chat/stream")
    summary.get_by_role("button", name="Retry").click()
    page.locator("li.turn.assistant .feedback").wait_for()
    assert summary.is_hidden()
    assert page.locator("li.turn.user").count() == 1 and QUESTION in page.locator("li.turn.user").inner_text()


def test_server_refusals_are_explained_in_words(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    body = json.dumps({"error": {"code": "rate_limited", "message": "Too many requests"}})
    page.route(
        "**/api/chat/stream",
        lambda route: route.fulfill(
            status=429, body=body, content_type="application/json", headers={"Retry-After": "30"}
        ),
    )
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    summary = page.locator("#question-error")
    summary.wait_for(state="visible")
    assert "Wait 30 seconds, then press Retry" in summary.inner_text()
    assert page.get_by_label("Your question").input_value() == QUESTION


def test_finding_sources_shows_while_waiting(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    held = []
    page.route("**/api/chat/stream", lambda route: held.append(route))
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    pending = page.locator("li.turn.assistant .pending")
    pending.wait_for()
    assert "Finding sources…" in pending.inner_text()
    assert page.locator("li.turn.assistant").get_attribute("aria-busy") == "true"
    assert page.get_by_role("button", name="Ask").is_disabled()
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.locator("li.turn.assistant .feedback").wait_for()
    assert pending.count() == 0
    assert page.locator("li.turn.assistant").get_attribute("aria-busy") == "false"


def test_first_screen_says_what_it_cannot_do_and_whom_to_ask(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    about = page.get_by_role("region", name="What this can and can't do")
    about.locator(".knowledge-date").wait_for()
    text = about.inner_text()
    assert "It cannot" in text and "approve, refuse or promise anything" in text
    assert "give legal advice" in text and "see or change your application" in text
    assert re.search(r"last checked on \d{1,2} \w+ 20\d\d", text), text
    assert "stored without personal details" in text
    assert "tel:" not in about.inner_html()  # no unconfirmed phone numbers (config/about.yaml)
    links = {a.inner_text(): a.get_attribute("href") for a in about.locator("a").all()}
    assert any(name.startswith("EXIM") and "exim.gov" in href for name, href in links.items())
    assert any(name.startswith("BIS") and "bis.gov" in href for name, href in links.items())
    box = about.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], "on the first screen"


def test_sources_by_heading_and_publisher_merged_with_dates_in_words(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    with page.expect_response("**/api/chat/stream") as streamed:
        answer = _ask(page)
    final = json.loads(streamed.value.text().split("event: final\ndata: ")[1].strip())
    citations = final["citations"]
    documents = list(dict.fromkeys(c["doc_id"] for c in citations))
    sources = answer.locator(".citations li.source")
    assert sources.count() == len(documents), "one entry per document, however many of its sections are cited"
    assert answer.locator(".citations li.section").count() == len(citations)
    for citation in citations:
        row = answer.locator(f"[id$='-c{citation['ref']}']")
        assert citation["heading"] and citation["heading"] in row.inner_text(), "the section's own heading"
        assert citation["section"] not in row.inner_text() or citation["section"] == citation["heading"]
    meta = sources.first.locator(".meta").first.inner_text()
    assert re.search(r"^\S.* (page|text|report|alert|product page)", meta), meta  # the publisher label
    assert not re.search(r"\d{4}-\d{2}-\d{2}", answer.inner_text()), "no machine dates"
    assert "Sources:" not in answer.locator(".answer-body").inner_text(), "no paragraph repeating the list"
    assert answer.locator("a.marker").first.get_attribute("href").endswith("-c1")


def test_an_old_source_is_flagged_and_a_recent_one_is_not(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    page.wait_for_function("() => typeof renderCitations === 'function'")
    base = {
        "section": "cash-payment",
        "heading": "Cash payment",
        "title": "T",
        "url": "https://www.exim.gov/x",
        "as_of": "2026-06-05",
        "quote": "q",
        "dated": "EXIM page of June 2026, checked 30 Nov 2026",
    }
    old = {**base, "ref": 1, "doc_id": "old", "source_date": "2023-03-01"}
    recent = {**base, "ref": 2, "doc_id": "new", "source_date": "2026-06-05"}
    texts = page.evaluate(
        "(cs) => [...renderCitations({citations: cs}, 'x').querySelectorAll('li.source')].map(li => li.innerText)",
        [old, recent],
    )
    assert "Older than 18 months" in texts[0]
    assert "Older than 18 months" not in texts[1]


def test_a_partial_answer_is_visibly_marked(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")

    def as_partial(route) -> None:  # type: ignore[no-untyped-def]
        reply = route.fetch()
        body = reply.text().replace('"status": "answered"', '"status": "partial"')
        route.fulfill(response=reply, body=body)

    page.route("**/api/chat/stream", as_partial)
    answer = _ask(page)
    tag = answer.locator(".partial-tag")
    assert tag.is_visible() and "Partial answer" in tag.inner_text()
    assert answer.get_attribute("data-status") == "partial"


def test_one_announcement_per_answer_and_no_log_role(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    log = page.locator("#log")
    assert log.get_attribute("role") is None and log.get_attribute("aria-live") is None
    page.evaluate(
        """() => { window.announced = [];
        new MutationObserver(() => { const t = document.getElementById('announcer').textContent;
          if (t) window.announced.push(t); }).observe(document.getElementById('announcer'),
          {childList: true, characterData: true, subtree: true}); }"""
    )
    _ask(page)
    page.wait_for_function("() => window.announced.length > 0")
    page.wait_for_timeout(300)
    announced = page.evaluate("window.announced")
    assert len(announced) == 1, announced
    assert "15%" in announced[0]
    inside = page.evaluate("document.querySelectorAll('#log[aria-live], #log [aria-live], #log[role=log]').length")
    assert inside == 0, "the streamed words are in no live region"


def test_after_an_answer_the_page_shows_its_start(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    _ask(page)
    answer = _ask(page, "What is the ExportAI Initiative?")
    top = answer.evaluate("e => e.getBoundingClientRect().top")
    assert -2 <= top <= 60, f"the new answer starts at the top of the screen, not below it ({top})"


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_has_3_to_1_contrast(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    page.locator(".suggestion").first.wait_for()
    page.locator("#about .knowledge-date").wait_for()
    seen = set()
    for _ in range(30):  # the skip link, the about links, the suggestions, the question box and buttons
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
            return {what: e.tagName + '.' + e.className, color: s.outlineColor, width: parseFloat(s.outlineWidth),
                    style: s.outlineStyle}; }"""
        )
        if style["what"].startswith("BODY"):
            break  # past the last control
        seen.add(style["what"].split(".")[0])
        assert style["style"] == "solid" and style["width"] >= 3, style
        assert _contrast(style["color"], "rgb(255, 255, 255)") >= 3.0, style
    assert {"A", "BUTTON", "TEXTAREA"} <= seen, seen


def test_feedback_buttons_look_pressed_and_the_comment_box_opens_on_no(sized_page) -> None:  # type: ignore[no-untyped-def]
    page = sized_page
    page.goto(page.base_url + "/")
    answer = _ask(page)
    yes = answer.get_by_role("button", name="Yes", exact=True)
    no = answer.get_by_role("button", name="No", exact=True)
    assert yes.inner_text() == "Yes" and no.inner_text() == "No", "accessible names are the visible words"
    comment = answer.get_by_label("What was wrong or missing? (optional)")
    assert comment.is_hidden(), "the comment box is closed until 'No'"
    unpressed = yes.evaluate("e => getComputedStyle(e).backgroundColor")
    yes.click()
    answer.get_by_role("status").filter(has_text="Thank you").wait_for()
    assert yes.get_attribute("aria-pressed") == "true" and no.get_attribute("aria-pressed") == "false"
    assert yes.evaluate("e => getComputedStyle(e).backgroundColor") != unpressed, "pressed looks pressed"
    assert comment.is_hidden()
    no.click()
    comment.wait_for(state="visible")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert no.get_attribute("aria-pressed") == "true" and yes.get_attribute("aria-pressed") == "false"
