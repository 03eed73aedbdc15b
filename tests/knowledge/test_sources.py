"""config/sources.yaml: which hosts a citation may link to, and the listed exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.errors import AssistantError
from assistant.knowledge.sources import SourceClasses
from assistant.yaml_data import load_yaml

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def classes() -> SourceClasses:
    return SourceClasses.load(CONFIG)


@pytest.mark.parametrize(
    ("url", "class_id", "label"),
    [
        ("https://www.exim.gov/solutions/export-credit-insurance", "agency", "EXIM page"),
        ("https://grow.exim.gov/blog/x", "agency", "EXIM page"),
        ("https://exim.gov./solutions/loan-guarantee", "agency", "EXIM page"),
        ("https://www.bis.doc.gov:443/index.php", "agency", "BIS page"),
        ("https://media.bis.gov/press-release/x", "agency", "BIS page"),
        ("https://ofac.treasury.gov/faqs", "agency", "OFAC page"),  # the more specific entry wins
        ("https://home.treasury.gov/news", "agency", "Treasury page"),
        ("https://www.ecfr.gov/current/title-15/part-740", "regulation", "eCFR text"),
        ("https://www.federalregister.gov/d/2024-22587", "regulation", "Federal Register document"),
        ("https://www.reuters.com/world/x", "news", "Reuters report"),
        ("https://www.akingump.com/en/insights/x", "law_firm", "Akin Gump alert"),
    ],
)
def test_allowed_sources_are_classified_and_labelled(classes, url, class_id, label) -> None:
    found = classes.classify(url)
    assert found is not None and (found.class_id, found.label) == (class_id, label)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.slideshare.net/slideshow/eci-e-book/77156472",
        "https://regulations.justia.com/regulations/fedreg/2024/10/02/2024-22587.html",
        "https://thefederalregister.org/documents/2025-19001",  # a mirror, not the Federal Register
        "https://notexim.gov/x",  # a suffix of the name is not a subdomain
        "https://lists.apache.org/thread/x",
    ],
)
def test_other_hosts_are_outside_every_class(classes, url) -> None:
    assert classes.classify(url) is None


def test_exceptions_name_a_section_a_url_and_a_reason(tmp_path) -> None:
    data = load_yaml((CONFIG / "sources.yaml").read_text())
    data["exceptions"] = [
        {"section": "doc-a#intro", "url": "https://example.org./page", "reason": "only public text of the notice"}
    ]
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(data))
    classes = SourceClasses.load(tmp_path)
    assert classes.exception("doc-a#intro", "https://example.org/page") == "only public text of the notice"
    assert classes.exception("doc-a#other", "https://example.org/page") is None


def test_an_exception_without_a_reason_is_refused(tmp_path) -> None:
    data = load_yaml((CONFIG / "sources.yaml").read_text())
    data["exceptions"] = [{"section": "doc-a#intro", "url": "https://example.org/page"}]
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(AssistantError, match=r"sources\.yaml"):
        SourceClasses.load(tmp_path)


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (
            "https://webarchive.library.unt.edu/eot2008/20080916144656/http://www.exim.gov/products/x.cfm",
            "EXIM page (archived copy)",
        ),
        (
            "https://webarchive.library.unt.edu/eot2008/20080916032151/http:/www.exim.gov/centralasia/programs.cfm",
            "EXIM page (archived copy)",
        ),
        ("https://web.archive.org/web/20200101000000/https://www.bis.doc.gov/index.php", "BIS page (archived copy)"),
    ],
)
def test_an_archived_copy_takes_the_class_of_the_page_it_archives(classes, url, label) -> None:
    found = classes.classify(url)
    assert found is not None and found.label == label


def test_an_archived_copy_of_an_outside_page_stays_outside(classes) -> None:
    assert classes.classify("https://web.archive.org/web/20200101000000/https://www.slideshare.net/x") is None
