from pathlib import Path

import pytest

from assistant.corpus.loader import load_corpus
from assistant.corpus.markdown import load_markdown, slugify
from assistant.errors import CorpusError

BODY = """Intro paragraph about the product.

## Cash payment
<!-- sources: s1 -->
The buyer pays at least 15% in cash.

## Terms and U.S. content (A:5)
### Repayment
Repayment is semiannual.
"""


def test_sections_are_split_at_headings_with_anchors_and_trails(write_doc):
    doc = load_markdown(write_doc("exim-sample", BODY))
    anchors = [s.anchor for s in doc.sections]
    assert anchors == ["overview", "cash-payment", "repayment"]
    repayment = doc.sections[-1]
    assert repayment.heading_path == ("Title of exim-sample", "Terms and U.S. content (A:5)", "Repayment")
    assert "terms-and-us-content-a5" in doc.anchors  # a heading with no text of its own still resolves
    assert doc.sections[1].source_ids == ("s1",)
    assert "<!--" not in doc.sections[1].text


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Cash payment", "cash-payment"),
        (
            "Short-term support above and below 50% U.S. content",
            "short-term-support-above-and-below-50-us-content",
        ),
        ("Country groups D:1, D:4 and D:5", "country-groups-d1-d4-and-d5"),
        ("  What   ExportAI offers — by term ", "what-exportai-offers-by-term"),
    ],
)
def test_slugify(heading: str, anchor: str) -> None:
    assert slugify(heading) == anchor


def test_malformed_front_matter_names_the_file(write_doc):
    path = write_doc.folder / "broken.md"
    path.write_text("---\nid: broken\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(write_doc.folder)
    assert "broken.md" in str(err.value)
    assert "malformed front matter" in str(err.value)


@pytest.mark.parametrize("field", ["title", "doc_type", "as_of", "sources"])
def test_missing_required_field_names_the_file_and_field(write_doc, field: str) -> None:
    write_doc("exim-missing", BODY, **{field: None})
    with pytest.raises(CorpusError) as err:
        load_corpus(write_doc.folder)
    assert "exim-missing.md" in str(err.value)
    assert field in str(err.value)


def test_duplicate_ids_are_refused_naming_both_files(write_doc):
    # File names must match ids, so a duplicate needs two formats of one name: Markdown and HTML.
    write_doc("exim-one", BODY)
    html = write_doc.folder / "exim-one.html"
    html.write_text("<html><head><title>EXIM one</title></head><body><h2>Overview</h2><p>Text here.</p></body></html>")
    html.with_name("exim-one.html.meta.yaml").write_text(
        "as_of: 2026-06-05\nsources:\n  - {id: s1, title: A source, url: https://example.gov/one}\n"
    )
    with pytest.raises(CorpusError, match="duplicate id 'exim-one'") as err:
        load_corpus(write_doc.folder)
    message = str(err.value)
    assert "exim-one.md" in message and "exim-one.html" in message


def test_file_name_must_match_id(write_doc):
    write_doc("exim-real", BODY, filename="something-else.md")
    with pytest.raises(CorpusError, match="file name must match"):
        load_corpus(write_doc.folder)


def test_unknown_section_source_and_repeated_heading_are_refused(write_doc):
    write_doc("exim-badsrc", "## A\n<!-- sources: s9 -->\nText here.\n")
    with pytest.raises(CorpusError, match="unknown source ids"):
        load_corpus(write_doc.folder)
    (write_doc.folder / "exim-badsrc.md").unlink()
    write_doc("exim-twice", "## Same\nOne.\n\n## Same\nTwo.\n")
    with pytest.raises(CorpusError, match="unique"):
        load_corpus(write_doc.folder)


def test_unknown_front_matter_key_and_bad_url_are_refused(write_doc):
    write_doc("exim-typo", BODY, titel="oops")
    with pytest.raises(CorpusError, match="titel"):
        load_corpus(write_doc.folder)
    (write_doc.folder / "exim-typo.md").unlink()
    write_doc("exim-url", BODY, sources=[{"title": "x", "url": "exim.gov/page"}])
    with pytest.raises(CorpusError, match="http"):
        load_corpus(write_doc.folder)


def test_superseded_by_must_name_a_known_document(write_doc):
    write_doc("exim-old", BODY, superseded_by="exim-new")
    with pytest.raises(CorpusError, match="exim-new"):
        load_corpus(write_doc.folder)
    write_doc("exim-new", BODY)
    assert {d.id for d in load_corpus(write_doc.folder)} == {"exim-old", "exim-new"}


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no documents"):
        load_corpus(tmp_path)
