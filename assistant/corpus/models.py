"""What a knowledge document is once loaded: validated front matter plus its sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DocType = Literal["program", "rule_summary", "process", "faq", "glossary", "news"]
DOC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,79}$"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    title: str = Field(min_length=1)
    url: str
    published: str | None = None
    accessed: date | None = None
    confidence: Literal["high", "medium", "low"] | None = None

    @field_validator("url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"source url must start with http:// or https://, got {value!r}")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _published_as_text(cls, value: object) -> object:
        # YAML turns 2024-02-22 into a date; the field keeps the source's own wording either way.
        return value.isoformat() if isinstance(value, date) else value


class DocumentMeta(BaseModel):
    """Front matter (ARCHITECTURE §4). Unknown keys are refused so typos surface at build time."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=DOC_ID_PATTERN)
    title: str = Field(min_length=1)
    doc_type: DocType
    summary: str | None = None
    sources: list[Source] = Field(min_length=1)
    as_of: date
    effective_from: date | None = None
    effective_to: date | None = None
    superseded_by: str | None = None
    tags: list[str] = Field(default_factory=list)

    def source(self, source_id: str | None) -> Source:
        for src in self.sources:
            if src.id == source_id:
                return src
        return self.sources[0]


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading."""

    anchor: str
    heading: str
    heading_path: tuple[str, ...]
    text: str
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    sections: tuple[Section, ...]
    path: Path
    content_hash: str
    anchors: frozenset[str] = field(default=frozenset())

    @property
    def id(self) -> str:
        return self.meta.id

    def section_url(self, section: Section) -> str:
        """The public page behind a section: its first named source, else the document's first."""
        first = section.source_ids[0] if section.source_ids else None
        return self.meta.source(first).url
