"""The classes of source a citation may link to, read from config/sources.yaml (ADR 0040)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.corpus.links import host_of, normalise_url
from assistant.errors import AssistantError
from assistant.yaml_data import load_yaml


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    hosts: list[str] = Field(min_length=1)


class _Class(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    label: str = Field(description="How a citation names such a source; {name} is the entry's name.")
    sources: list[_Entry] = Field(min_length=1)


class _Exception(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    section: str = Field(pattern=r"^[a-z0-9-]+#[a-z0-9-]+$")
    url: str
    reason: str = Field(min_length=10)


class _Archive(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hosts: list[str] = Field(min_length=1)
    label: str = Field(description="How a citation names an archived copy; {label} is the original's label.")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    classes: list[_Class] = Field(min_length=1)
    archives: _Archive | None = None
    exceptions: list[_Exception] = Field(default_factory=list)


# An archive URL embeds the original after a timestamp: /eot2008/20080916144656/http://www.exim.gov/…
_ARCHIVED = re.compile(r"/\d{8,14}[a-z_]*/(https?:/+.+)$")


@dataclass(frozen=True)
class SourceClass:
    """Where a URL falls: the class (`agency`, `regulation` …) and the named owner of its host."""

    class_id: str
    class_title: str
    name: str
    label: str  # "EXIM page", "eCFR text", "Reuters report"


class SourceClasses:
    def __init__(self, data: _File) -> None:
        self._by_host: dict[str, SourceClass] = {}
        for cls in data.classes:
            for entry in cls.sources:
                found = SourceClass(cls.id, cls.title, entry.name, cls.label.format(name=entry.name))
                for host in entry.hosts:
                    self._by_host[host.lower().rstrip(".")] = found
        self.exceptions = {(e.section, normalise_url(e.url)): e.reason for e in data.exceptions}
        self.class_ids = [c.id for c in data.classes]
        self.archives = data.archives

    @classmethod
    def load(cls, config_dir: Path) -> SourceClasses:
        path = config_dir / "sources.yaml"
        try:
            return cls(_File.model_validate(load_yaml(path.read_text(encoding="utf-8"))))
        except FileNotFoundError as exc:
            raise AssistantError(f"source classes not found: {path}") from exc
        except (yaml.YAMLError, ValidationError) as exc:
            raise AssistantError(f"{path}: invalid source classes: {exc}") from exc

    def classify(self, url: str) -> SourceClass | None:
        """The class of `url`'s host, matching the most specific listed host (a subdomain counts).

        A web archive's copy of a page takes the class of the page it archives, so an agency page of
        2008 kept by a public archive is still the agency's own words ("EXIM page (archived copy)")."""
        original = self._archived_original(url)
        if original is not None:
            inner = self._by_host_of(original)
            if inner is None:
                return None
            assert self.archives is not None
            label = self.archives.label.format(label=inner.label)
            return SourceClass(inner.class_id, inner.class_title, inner.name, label)
        return self._by_host_of(url)

    def _archived_original(self, url: str) -> str | None:
        if self.archives is None or host_of(url) not in self.archives.hosts:
            return None
        match = _ARCHIVED.search(url)
        return None if match is None else re.sub(r"^(https?:)/+", r"\1//", match.group(1))

    def _by_host_of(self, url: str) -> SourceClass | None:
        labels = host_of(url).split(".")
        for start in range(len(labels) - 1):
            found = self._by_host.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def exception(self, section_ref: str, url: str) -> str | None:
        """The listed reason why `section_ref` (doc#anchor) may link `url` though it is outside the classes."""
        return self.exceptions.get((section_ref, normalise_url(url)))
