"""Rules as dated, sourced data: knowledge/rules/*.yaml, each citing the passage it encodes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.corpus.models import Document
from assistant.corpus.sentences import split_sentences
from assistant.errors import AssistantError
from assistant.sources import Citation
from assistant.yaml_data import load_yaml


class RuleError(AssistantError):
    """A rule file is malformed, or cites a section or passage the corpus does not have."""


class CiteRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section: str = Field(pattern=r"^[a-z0-9-]+#[a-z0-9-]+$")
    quote: str = Field(min_length=5, description="Text identifying the sentence of the section to quote.")


class DatedValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any
    effective_from: date
    date_basis: str
    source: str = Field(pattern=r"^https?://")


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    unit: str
    values: list[DatedValue] = Field(min_length=1)

    def on(self, day: date) -> DatedValue:
        """The value in effect on `day` (the latest that had taken effect)."""
        effective = [v for v in self.values if v.effective_from <= day]
        if not effective:
            raise RuleError(f"no value in effect on {day} (earliest {min(v.effective_from for v in self.values)})")
        return max(effective, key=lambda v: v.effective_from)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    description: str
    cites: dict[str, CiteRef]
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    names: dict[str, str] = Field(default_factory=dict)
    why: dict[str, str] = Field(default_factory=dict)
    # The one or two conditions that decide each program, with rule parameters as placeholders
    # ("{term-class.short_term_max_months}"), so the words always say the numbers in effect.
    conditions: dict[str, list[str]] = Field(default_factory=dict)


class Rule:
    """A loaded rule: parameters by date and its citations resolved to verbatim passages."""

    def __init__(self, spec: RuleSpec, citations: dict[str, Citation]) -> None:
        self.spec = spec
        self.citations = citations

    @property
    def id(self) -> str:
        return self.spec.id

    def param(self, name: str, day: date) -> Any:
        return self.spec.parameters[name].on(day).value

    def version(self, day: date) -> date:
        """The date the rule's parameters (as used on `day`) took effect: its rule_version."""
        dates = [p.on(day).effective_from for p in self.spec.parameters.values()]
        return max(dates) if dates else day

    def citation(self, key: str = "default") -> Citation:
        return self.citations.get(key) or self.citations["default"]


def _resolve(path: Path, ref: CiteRef, documents: dict[str, Document]) -> Citation:
    doc_id, anchor = ref.section.split("#")
    doc = documents.get(doc_id)
    if doc is None:
        raise RuleError(f"{path}: cites unknown document {doc_id!r}")
    sections = [s for s in doc.sections if s.anchor == anchor]
    if not sections:
        raise RuleError(f"{path}: document {doc_id!r} has no section #{anchor}")
    section = sections[0]
    sentences = [s for s in split_sentences(section.text) if ref.quote in s]
    if not sentences:
        raise RuleError(f"{path}: no sentence of {ref.section} contains {ref.quote!r}")
    return Citation(
        ref=1,
        doc_id=doc_id,
        section=anchor,
        title=doc.meta.title,
        url=doc.section_url(section),
        as_of=doc.meta.as_of,
        quote=sentences[0],
        heading=section.heading,
        source_date=doc.meta.as_of,
    )


def load_rules(rules_dir: Path, documents: list[Document]) -> dict[str, Rule]:
    by_id = {d.id: d for d in documents}
    rules: dict[str, Rule] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            spec = RuleSpec.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            raise RuleError(f"{path}: invalid rule file: {exc}") from exc
        if "default" not in spec.cites:
            raise RuleError(f"{path}: a rule needs a 'default' citation")
        if spec.id in rules:
            raise RuleError(f"{path}: duplicate rule id {spec.id!r}")
        rules[spec.id] = Rule(spec, {key: _resolve(path, ref, by_id) for key, ref in spec.cites.items()})
    return rules


def rule_citations(rules_dir: Path, documents: list[Document]) -> list[tuple[str, Citation | None, str | None]]:
    """Every citation of every rule file, resolved, or the problem that stops it resolving.

    Unlike `load_rules`, which refuses the first bad file, this reports them all (the knowledge check).
    Returns (where, citation, problem) with `where` as 'file.yaml:key'."""
    by_id = {d.id: d for d in documents}
    found: list[tuple[str, Citation | None, str | None]] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            spec = RuleSpec.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            found.append((path.name, None, f"invalid rule file: {exc}"))
            continue
        for key, ref in spec.cites.items():
            try:
                found.append((f"{path.name}:{key}", _resolve(path, ref, by_id), None))
            except RuleError as exc:
                found.append((f"{path.name}:{key}", None, str(exc).removeprefix(f"{path}: ")))
    return found
