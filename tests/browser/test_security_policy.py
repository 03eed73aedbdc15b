"""The pages under their Content-Security-Policy in a real browser: no violation while the chat page
answers, the staff page loads and /docs renders Swagger UI, and no request leaves the server."""

from __future__ import annotations

from typing import Any


def _watch(page: Any) -> tuple[list[str], list[str]]:
    violations: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.log("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(page.base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    return violations, outside


def test_pages_work_under_the_policy_and_offline(page, artifacts) -> None:  # type: ignore[no-untyped-def]
    violations, outside = _watch(page)
    page.goto(page.base_url + "/")
    page.wait_for_selector(".suggestion")
    page.get_by_label("Your question").fill("What is CIRR?")
    page.get_by_role("button", name="Ask").click()
    page.locator("li.turn.assistant .sources a").first.wait_for()

    page.goto(page.base_url + "/staff")
    page.wait_for_load_state("networkidle")

    page.goto(page.base_url + "/docs")
    page.locator(".swagger-ui .info .title").filter(has_text="The exporters' assistant").wait_for()
    page.locator(".opblock-summary-path").filter(has_text="/api/chat").first.wait_for()
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert violations == []
    assert outside == []
