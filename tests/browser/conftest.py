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
