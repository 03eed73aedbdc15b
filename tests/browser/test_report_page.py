"""report.html in a real browser at 1280×800 and 390×844: the banner, a case opened, no sideways scroll,
nothing serious for axe-core, and no request leaving the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.evals.test_report_html import _report

WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_report_reads_top_down_on_both_screens(browser, axe, artifacts, tmp_path: Path, width: str) -> None:  # type: ignore[no-untyped-def]
    previous = {"metrics": {"overall": {"fact_recall": 1.0}}, "cases": [{"id": "cirr-bad", "passed": True}]}
    _report(tmp_path, previous)
    context = browser.new_context(viewport=WIDTHS[width], is_mobile=width == "phone")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((tmp_path / "report.html").as_uri())
    banner = page.get_by_role("region", name="Quality gate")
    assert "Quality gate: FAIL" in banner.inner_text()
    assert banner.bounding_box()["y"] < WIDTHS[width]["height"], "the verdict is on the first screen"
    page.locator("#case-cirr-bad summary").click()
    assert page.locator("#case-cirr-bad").get_attribute("open") is not None
    assert "missing: OECD" in page.locator("#case-cirr-bad").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe(page) == []
    assert requests == [(tmp_path / "report.html").as_uri()], "self-contained: nothing else is loaded"
    page.screenshot(path=str(artifacts / f"report-{width}.png"), full_page=True)
    context.close()
