"""Markdown with YAML front matter → validated `Document` with heading-anchored sections."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.corpus.models import Document, DocumentMeta, Section
from assistant.corpus.timebound import MarkerError, strip_markers
from assistant.errors import CorpusError
from assistant.yaml_data import load_yaml

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SOURCES_COMMENT = re.compile(r"^\s*<!--\s*sources:\s*(.*?)\s*-->\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
OVERVIEW_ANCHOR = "overview"


def slugify(heading: str) -> str:
    """GitHub-style anchor: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\s-]", "", heading.lower().replace("_", " "))
    return re.sub(r"[\s-]+", "-", text).strip("-")


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        raise CorpusError(path, "no front matter: the file must start with a '---' line")
    parts = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise CorpusError(path, "front matter is not closed by a second '---' line")
    try:
        meta = load_yaml(parts[1])
    except yaml.YAMLError as exc:
        raise CorpusError(path, f"malformed front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise CorpusError(path, "front matter must be a YAML mapping")
    return meta, parts[2]


def validate_meta(path: Path, raw: dict[str, Any]) -> DocumentMeta:
    try:
        return DocumentMeta.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'front matter'}: {err['msg']}" for err in exc.errors()
        )
        raise CorpusError(path, f"invalid front matter: {problems}") from exc


def parse_sections(path: Path, meta: DocumentMeta, body: str) -> tuple[Section, ...]:
    """Split the body at headings (## and deeper); text before the first heading is the overview."""
    sections: list[Section] = []
    known_sources = {s.id for s in meta.sources if s.id}
    path_stack: list[tuple[int, str]] = []
    heading, anchor, level = meta.title, OVERVIEW_ANCHOR, 1
    source_ids: tuple[str, ...] = ()
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        try:
            text, time_bound = strip_markers(_COMMENT.sub("", "\n".join(lines)).strip())
        except MarkerError as exc:
            raise CorpusError(path, f"section '{heading}': {exc}") from exc
        if text:
            trail = tuple(h for _, h in path_stack) if anchor != OVERVIEW_ANCHOR else ()
            sections.append(Section(anchor, heading, (meta.title, *trail), text, source_ids, time_bound))

    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and len(match.group(1)) >= 2:
            flush()
            level, heading = len(match.group(1)), match.group(2).strip()
            anchor = slugify(heading)
            path_stack = [(lv, h) for lv, h in path_stack if lv < level] + [(level, heading)]
            source_ids, lines = (), []
            continue
        if match:  # a '# H1' in the body: the title comes from front matter
            raise CorpusError(path, "use '##' headings in the body; the title comes from the front matter")
        sources = _SOURCES_COMMENT.match(line)
        if sources and not lines:
            source_ids = tuple(s.strip() for s in sources.group(1).split(",") if s.strip())
            unknown = [s for s in source_ids if s not in known_sources]
            if unknown:
                raise CorpusError(path, f"section '{heading}' names unknown source ids {unknown}")
            continue
        lines.append(line)
    flush()
    return tuple(sections)


def heading_anchors(body: str) -> list[str]:
    return [slugify(m.group(2)) for m in (_HEADING.match(ln) for ln in body.splitlines()) if m]


def load_markdown(path: Path) -> Document:
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"not UTF-8 text: {exc}") from exc
    raw_meta, body = split_front_matter(path, text)
    meta = validate_meta(path, raw_meta)
    if path.stem != meta.id:
        raise CorpusError(path, f"file name must match the id: expected {meta.id}.md")
    anchors = heading_anchors(body)
    duplicates = sorted({a for a in anchors if anchors.count(a) > 1})
    if duplicates:
        raise CorpusError(path, f"headings must be unique within a document; repeated: {duplicates}")
    sections = parse_sections(path, meta, body)
    if not sections:
        raise CorpusError(path, "the document has no text")
    return Document(
        meta=meta,
        sections=sections,
        path=path,
        content_hash=hashlib.sha256(raw_bytes).hexdigest(),
        anchors=frozenset([OVERVIEW_ANCHOR, *anchors]),
    )
