"""HTML and PDF files dropped into the documents folder are ingested like Markdown."""

from pathlib import Path

import pytest

from assistant.corpus.loader import load_corpus
from assistant.errors import CorpusError

HTML = """<!doctype html><html><head><title>EXIM Letter of Credit Insurance</title>
<link rel="canonical" href="https://www.exim.gov/what-we-do/export-credit-insurance/letter-credit">
<meta name="date" content="2026-03-02T10:00:00Z"><meta name="doc:doc_type" content="program">
<script>var tracking = "not text";</script></head>
<body><nav>Home | Products</nav><h1>Letter of Credit Insurance</h1>
<p>EXIM's letter of credit policy covers U.S. banks that confirm irrevocable letters of credit.</p>
<h2>Terms</h2><p>Terms run to 180 days for consumer goods.</p>
<ul><li>Capital goods may reach 360 days.</li></ul>
</body></html>"""


def _pdf_with_text(lines: list[str], title: str = "EXIM Fact Sheet") -> bytes:
    """A minimal, valid one-page PDF with real text (no PDF-writing dependency needed)."""
    stream = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /ModDate (D:20260415120000Z) >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_html_page_with_canonical_url_and_date_needs_no_sidecar(tmp_path: Path) -> None:
    (tmp_path / "exim-lc-page.html").write_text(HTML)
    [doc] = load_corpus(tmp_path)
    assert doc.id == "exim-lc-page"
    assert doc.meta.title == "EXIM Letter of Credit Insurance"
    assert doc.meta.as_of.isoformat() == "2026-03-02"
    assert doc.meta.sources[0].url.endswith("/letter-credit")
    assert [s.anchor for s in doc.sections] == ["overview", "terms"]
    assert "360 days" in doc.sections[1].text
    assert "tracking" not in " ".join(s.text for s in doc.sections)
    assert "Home | Products" not in doc.sections[0].text


def test_pdf_is_ingested_page_by_page_with_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "fact-sheet.pdf").write_bytes(_pdf_with_text(["EXIM guarantees 90% of the loan.", "Lenders keep 10%."]))
    (tmp_path / "fact-sheet.pdf.meta.yaml").write_text(
        "id: exim-wclg-fact-sheet\ndoc_type: program\n"
        "sources: [{title: EXIM WCLG fact sheet, url: 'https://www.exim.gov/wclg.pdf'}]\n"
    )
    [doc] = load_corpus(tmp_path)
    assert doc.id == "exim-wclg-fact-sheet"
    assert doc.meta.title == "EXIM Fact Sheet"  # read from the PDF itself
    assert doc.meta.as_of.isoformat() == "2026-04-15"
    assert doc.sections[0].anchor == "page-1"
    assert "90% of the loan" in doc.sections[0].text


def test_pdf_without_a_source_url_is_refused_with_instructions(tmp_path: Path) -> None:
    (tmp_path / "orphan.pdf").write_bytes(_pdf_with_text(["Some text."]))
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path)
    assert "orphan.pdf" in str(err.value)
    assert "orphan.pdf.meta.yaml" in str(err.value)


def test_unreadable_pdf_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "bad.pdf.meta.yaml").write_text("as_of: 2026-01-01\nsources: [{title: x, url: 'https://x.gov'}]\n")
    with pytest.raises(CorpusError, match=r"bad\.pdf"):
        load_corpus(tmp_path)
