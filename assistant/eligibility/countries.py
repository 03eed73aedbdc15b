"""Country reference data: ISO 3166 codes and names (knowledge/iso3166.csv) and the EAR/OFAC/EXIM
country table (knowledge/countries.csv, eCFR of 23 July 2026)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

GROUPS = ("A1", "A5", "A6", "D1", "D3", "D4", "D5", "E1", "E2")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    groups: frozenset[str] = field(default_factory=frozenset)  # e.g. {"D1", "D4"}
    embargoed: bool = False  # comprehensive OFAC embargo (column ofac_embargo starts "yes")
    off_cover: bool = False  # EXIM closed (column exim_cls_note says off-cover)
    in_table: bool = False
    confidence: str | None = None
    as_of: str | None = None
    source_url: str | None = None

    def in_group(self, group: str) -> bool:
        return group.replace(":", "") in self.groups


class CountryTable:
    def __init__(
        self, countries: dict[str, Country], aliases: dict[str, str], names: dict[str, list[str]] | None = None
    ) -> None:
        self._countries = countries
        self._aliases = aliases
        self._names = names or {}

    @classmethod
    def load(cls, knowledge_dir: Path) -> CountryTable:
        countries: dict[str, Country] = {}
        aliases: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        with (knowledge_dir / "iso3166.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["code"]
                countries[code] = Country(code=code, name=row["name"])
                names[code] = [row["name"], *filter(None, row["aliases"].split(";"))]
                for alias in [row["name"], *filter(None, row["aliases"].split(";"))]:
                    aliases.setdefault(_key(alias), code)
        with (knowledge_dir / "countries.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["iso2"]
                countries[code] = Country(
                    code=code,
                    name=re.sub(r"\s*\(.*\)$", "", row["name"]) if code not in {"UA"} else "Ukraine",
                    groups=frozenset(g for g in GROUPS if row[g].strip() == "1"),
                    embargoed=row["ofac_embargo"].strip().lower().startswith("yes"),
                    off_cover="off-cover" in row["exim_cls_note"].lower(),
                    in_table=True,
                    confidence=row["confidence"] or None,
                    as_of=row["as_of"],
                    source_url=row["source_url"],
                )
        return cls(countries, aliases, names)

    def get(self, code: str) -> Country:
        return self._countries[code]

    def name_of(self, code: str) -> str:
        """The country's name, or the code itself when it is not a valid one (stored data may hold anything)."""
        return self.get(code).name if self.is_valid(code) else code

    def is_valid(self, code: str) -> bool:
        return code in self._countries

    def codes(self) -> frozenset[str]:
        return frozenset(self._countries)

    def lookup(self, text: str) -> str | None:
        """A code for a name, alias or code as people write it ("Vietnam", "UAE", "vn")."""
        cleaned = text.strip()
        if cleaned.upper() in self._countries:
            return cleaned.upper()
        return self._aliases.get(_key(cleaned))

    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)

    def directory(self) -> list[dict[str, object]]:
        """Every ISO 3166 code with its name and the other names people use, sorted by name (iso3166.csv)."""
        rows: list[dict[str, object]] = [
            {"code": code, "name": found[0], "aliases": found[1:]} for code, found in self._names.items()
        ]
        return sorted(rows, key=lambda row: str(row["name"]))


def _key(text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("'", "")).strip()
    return key[4:] if key.startswith("the ") else key
