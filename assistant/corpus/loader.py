"""Load every knowledge document in a folder, refusing the whole set if any file is wrong."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.html import html_to_markdown
from assistant.corpus.markdown import (
    OVERVIEW_ANCHOR,
    heading_anchors,
    load_markdown,
    parse_sections,
    slugify,
    validate_meta,
)
from assistant.corpus.models import Document
from assistant.corpus.pdf import pdf_to_markdown
from assistant.errors import CorpusError
from assistant.yaml_data import load_yaml

SIDECAR_SUFFIX = ".meta.yaml"
_CONVERTERS: dict[str, Callable[[Path], tuple[dict[str, Any], str]]] = {
    ".html": html_to_markdown,
    ".htm": html_to_markdown,
    ".pdf": pdf_to_markdown,
}


def _sidecar(path: Path) -> tuple[dict[str, Any], bytes]:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.exists():
        return {}, b""
    raw = side.read_bytes()
    try:
        data = load_yaml(raw) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(side, f"malformed metadata: {exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(side, "metadata must be a YAML mapping")
    return data, raw


def load_converted(path: Path) -> Document:
    """HTML or PDF: metadata from the file itself, overridden by an optional `<name>.meta.yaml`."""
    found, body = _CONVERTERS[path.suffix.lower()](path)
    side, side_bytes = _sidecar(path)
    raw_meta: dict[str, Any] = {"id": slugify(path.stem), "doc_type": "program", **found, **side}
    if "sources" not in raw_meta or "as_of" not in raw_meta:
        missing = [k for k in ("sources", "as_of") if k not in raw_meta]
        raise CorpusError(
            path,
            f"no {' or '.join(missing)} could be read from the file; add {path.name}{SIDECAR_SUFFIX} "
            "with id, title, doc_type, as_of and sources (see docs/knowledge-authoring.md)",
        )
    meta = validate_meta(path, raw_meta)
    sections = parse_sections(path, meta, body)
    if not sections:
        raise CorpusError(path, "no text could be extracted")
    digest = hashlib.sha256(path.read_bytes() + side_bytes).hexdigest()
    anchors = frozenset([OVERVIEW_ANCHOR, *heading_anchors(body)])
    return Document(meta=meta, sections=sections, path=path, content_hash=digest, anchors=anchors)


def document_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CorpusError(folder, "documents folder does not exist")
    wanted = {".md", *_CONVERTERS}
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in wanted and not p.name.endswith(SIDECAR_SUFFIX)
    )


def load_document(path: Path) -> Document:
    return load_markdown(path) if path.suffix.lower() == ".md" else load_converted(path)


def load_corpus(folder: Path) -> list[Document]:
    """All documents, checked together: unique ids and known `superseded_by` targets."""
    documents = [load_document(p) for p in document_paths(folder)]
    if not documents:
        raise CorpusError(folder, "no documents found (.md, .html or .pdf)")
    seen: dict[str, Path] = {}
    for doc in documents:
        if doc.id in seen:
            raise CorpusError(doc.path, f"duplicate id '{doc.id}' (also used by {seen[doc.id]})")
        seen[doc.id] = doc.path
    for doc in documents:
        target = doc.meta.superseded_by
        if target and target not in seen:
            raise CorpusError(doc.path, f"superseded_by names an unknown document '{target}'")
    return documents


def corpus_hash(documents: list[Document]) -> str:
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.id):
        digest.update(f"{doc.id}:{doc.content_hash}\n".encode())
    return digest.hexdigest()
