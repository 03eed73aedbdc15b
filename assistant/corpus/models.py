"""What a knowledge document is once loaded: validated front matter plus its sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.corpus.links import normalise_url
from assistant.corpus.timebound import TimeBound

DocType = Literal["program", "rule_summary", "process", "faq", "glossary", "news"]
DOC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,79}$"


def _web_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"url must start with http:// or https://, got {value!r}")
    return normalise_url(value)  # a citation never shows 'exim.gov.' or ':443' (corpus/links.py)


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
        return _web_url(value)

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
    # How precisely the source dates itself: an undated page known only by its year is 'year', so a
    # citation says "of 2023" rather than a made-up "1 January 2023".
    as_of_precision: Literal["day", "month", "year"] = "day"
    # When the team last confirmed the document against its primary sources (None: never).
    checked: date | None = None
    # The responsible agency's own page for the subject, when there is one.
    official_url: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    superseded_by: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("official_url")
    @classmethod
    def _official_url(cls, value: str | None) -> str | None:
        return None if value is None else _web_url(value)

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
    # Sentences of `text` marked as holding only until a date (corpus/timebound.py).
    time_bound: tuple[TimeBound, ...] = ()


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
