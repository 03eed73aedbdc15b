"""Intake data: field questions and labels, demonyms, item words and assumed ECCNs, and the parser's
patterns, each checked when loaded to run in linear time (ADR 0085)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.intake.linear import check_linear
from assistant.yaml_data import load_yaml

_PART = re.compile(r"\{([a-z_]+)\}")  # `{name}`; a repeat count like {0,30} has digits, never letters


def compile_checked(pattern: str, name: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern compiled, once it is shown to run in linear time (raises NotLinear, a ValueError)."""
    check_linear(pattern if not flags & re.I else f"(?i){pattern}", name)
    return re.compile(pattern, flags)


class IntakePatterns(BaseModel):
    """The parser's regular expressions (config/intake.yaml `patterns`), compiled and checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    money: re.Pattern[str]
    cash_amount_near: re.Pattern[str]
    percent: re.Pattern[str]
    foreign_content_near: re.Pattern[str]
    imported_after: re.Pattern[str]
    cash_share_after: re.Pattern[str]
    cash_share_before: re.Pattern[str]
    us_content_near: re.Pattern[str]
    duration: re.Pattern[str]
    net_terms: re.Pattern[str]
    not_a_term_before: re.Pattern[str]
    clause_end: re.Pattern[str]
    eccn: re.Pattern[str]
    restricted_true: re.Pattern[str]
    restricted_false: re.Pattern[str]
    small_business: re.Pattern[str]
    public_buyer: re.Pattern[str]
    private_buyer: re.Pattern[str]
    yes: re.Pattern[str]
    no: re.Pattern[str]
    not_a_country_after: re.Pattern[str]
    hq_before: re.Pattern[str]
    hq_after: re.Pattern[str]
    self_before: re.Pattern[str]
    not_self_gap: re.Pattern[str]
    place_before: re.Pattern[str]
    other_party_before: re.Pattern[str]
    region_before: re.Pattern[str]
    person_after: re.Pattern[str]
    buyer_before: re.Pattern[str]
    us_seller_after: re.Pattern[str]
    us_seller_before: re.Pattern[str]
    us_code_seller_after: re.Pattern[str]

    @model_validator(mode="before")
    @classmethod
    def _compile(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        parts: dict[str, str] = data.pop("parts", None) or {}

        def include(match: re.Match[str]) -> str:
            if match.group(1) not in parts:
                raise ValueError(f"no part named {match.group(1)!r} (parts: {sorted(parts)})")
            return parts[match.group(1)]

        return {
            name: compile_checked(_PART.sub(include, value), name) if isinstance(value, str) else value
            for name, value in data.items()
        }


class IntakeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: dict[str, str]
    labels: dict[str, str]
    value_names: dict[str, dict[str, str]]
    assumption_note: str
    ask_at_most: int = Field(gt=0)
    demonyms: dict[str, str]
    us_places: list[str] = Field(default_factory=list)
    items: dict[str, list[str]]
    assumed_eccn: dict[str, str]
    licence_status: list[tuple[str, str]]
    end_use: list[tuple[str, str]]
    number_words: dict[str, int]
    scales: dict[str, float]
    ambiguous_codes: frozenset[str]
    patterns: IntakePatterns

    @field_validator("items")
    @classmethod
    def _items_are_linear(cls, items: dict[str, list[str]]) -> dict[str, list[str]]:
        for item, patterns in items.items():
            for i, pattern in enumerate(patterns):
                compile_checked(pattern, f"items.{item}[{i}]", re.I)
        return items

    @field_validator("licence_status", "end_use")
    @classmethod
    def _pairs_are_linear(cls, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for label, pattern in pairs:
            compile_checked(pattern, label, re.I)
        return pairs

    @classmethod
    def load(cls, config_dir: Path) -> IntakeConfig:
        return cls.model_validate(load_yaml((config_dir / "intake.yaml").read_text()))
