"""A real browser (Debian's chromium driven by Playwright) against the live app."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    # The launch below uses this exact path, so that is what must exist (a chromium elsewhere on PATH won't do).
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.base_url = live_server  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- axe-core, shared by every page's accessibility test ---------------------------------------------
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(
            "accessibility tests need axe-core: install node and npm (apt-get install -y nodejs npm), "
            "then run `make node-deps` (npm ci from package-lock.json)"
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):  # type: ignore[no-untyped-def]
    """`axe(page)` → the serious and critical violations on the page as it is now (id, help, nodes).

    The script goes in through the DevTools protocol, so the page's own Content-Security-Policy stays on."""

    def violations(page, impacts: tuple[str, ...] = SEVERE) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        found = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)}))"""
        )
        return [v for v in found if v["impact"] in impacts]

    return violations


# The two screens the pages are checked at: a laptop and a phone.
WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, browser, live_server):  # type: ignore[no-untyped-def]
    """A page at 1280×800 and again at 390×844 (a phone: touch, mobile viewport)."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=WIDTHS[request.param], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.base_url = live_server  # type: ignore[attr-defined]
    page.width_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()
