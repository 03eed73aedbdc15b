"""Source URLs are stored with a plain host: no trailing dot, no default port, lower case."""

from __future__ import annotations

import pytest

from assistant.corpus.links import host_of, host_problems, normalise_url
from assistant.corpus.markdown import load_markdown


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://exim.gov./solutions/loan-guarantee", "https://exim.gov/solutions/loan-guarantee"),
        ("https://www.exim.gov:443/x?y=1#z", "https://www.exim.gov/x?y=1#z"),
        ("http://www.bis.doc.gov.:80/entities/", "http://www.bis.doc.gov/entities/"),
        ("HTTPS://WWW.Ecfr.GOV/current/title-15", "https://www.ecfr.gov/current/title-15"),
        ("https://example.gov:8443/x", "https://example.gov:8443/x"),  # a real port stays
        ("https://www.federalregister.gov/d/2024-22587", "https://www.federalregister.gov/d/2024-22587"),
    ],
)
def test_normalise_url(raw: str, clean: str) -> None:
    assert normalise_url(raw) == clean
    assert host_problems(clean) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://exim.gov./x", "trailing dot"),
        ("https://www.exim.gov:443/x", "default port :443"),
        ("http://bis.gov:80/x", "default port :80"),
        ("https://WWW.EXIM.GOV/x", "upper-case"),
        ("http://3.127.128.221/?p=1", "IP address"),
        ("http://https.omb.report/icr/1", "'https' read as part"),
    ],
)
def test_host_problems_name_what_is_wrong(url: str, problem: str) -> None:
    assert any(problem in p for p in host_problems(url))


def test_host_of_ignores_dot_and_port() -> None:
    assert host_of("https://Exim.gov.:443/a") == "exim.gov"


def test_loader_stores_normalised_source_and_official_urls(write_doc) -> None:
    doc = load_markdown(
        write_doc(
            "exim-sample",
            "Text about the product.",
            sources=[{"id": "s1", "title": "EXIM", "url": "https://exim.gov./solutions/x"}],
            official_url="https://www.exim.gov:443/solutions/x",
        )
    )
    assert doc.meta.sources[0].url == "https://exim.gov/solutions/x"
    assert doc.meta.official_url == "https://www.exim.gov/solutions/x"
    assert doc.section_url(doc.sections[0]) == "https://exim.gov/solutions/x"
