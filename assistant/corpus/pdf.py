"""PDF files dropped into the documents folder: one section per page, metadata as front matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from assistant.errors import CorpusError


def pdf_to_markdown(path: Path) -> tuple[dict[str, Any], str]:
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise CorpusError(path, f"cannot read PDF: {exc}") from exc
    info = reader.metadata
    found: dict[str, Any] = {}
    if info is not None:
        if info.title:
            found["title"] = str(info.title)
        modified = info.modification_date or info.creation_date
        if modified is not None:
            found["as_of"] = modified.date().isoformat()
    # PDFs rarely have reliable headings, so each page is its own citable section.
    body = "\n\n".join(f"## Page {n}\n\n{text.strip()}" for n, text in enumerate(pages, 1) if text.strip())
    return found, body
