"""Free text → DealFacts fields: countries by name, alias, city or nationality; money; percentages;
durations; items; licence status; end use and screening words.

Only what the text states is taken. An AI item named without its ECCN gets a *proposed* ECCN
(an assumption the user must confirm), never a silent one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from assistant.eligibility.countries import CountryTable
from assistant.intake.config import IntakeConfig, IntakePatterns
from assistant.intake.numbers import MAX_AMOUNT_USD, money_and_percentages, months

__all__ = ["MAX_AMOUNT_USD", "Extraction", "FactExtractor"]


def _plain(text: str) -> tuple[str, list[int]]:
    """The text as the names' keys spell it (accents and apostrophes dropped: "Côte d'Ivoire" → "Cote dIvoire",
    "Sana'a" → "Sanaa"), and for each of its characters the index of the character it came from, so the
    words around a name are read from the text as written ("we're", "our buyer's")."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char in "'\u2019":
            continue
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                chars.append(part)
                where.append(index)
    return "".join(chars), where


def _exporter_context(before: str, patterns: IntakePatterns) -> bool:
    """True when the words just before a country name say it is where the exporter is."""
    if patterns.place_before.search(before):
        return not patterns.other_party_before.search(before)  # "our buyer is based in Kenya" is the buyer's place
    self_cue = patterns.self_before.search(before)
    return self_cue is not None and not patterns.not_self_gap.search(self_cue.group("gap"))


@dataclass
class Extraction:
    facts: dict[str, Any] = field(default_factory=dict)
    assumptions: dict[str, Any] = field(default_factory=dict)
    yes: bool = False
    no: bool = False

    @property
    def found_anything(self) -> bool:
        return bool(self.facts or self.assumptions)


class FactExtractor:
    def __init__(self, countries: CountryTable, config: IntakeConfig) -> None:
        self.countries = countries
        self.config = config
        self.patterns = config.patterns
        names = {alias: code for alias, code in countries.aliases().items() if len(alias) > 2}
        names.update({d.casefold(): code for d, code in config.demonyms.items()})
        for code in countries.codes():
            if len(code) == 2 and code not in config.ambiguous_codes:
                names.setdefault(code.casefold(), code)
        self._names = names
        alternatives = sorted(names, key=len, reverse=True)
        # A name's words may be joined by a hyphen as well as a space ("Port-au-Prince", "Guinea-Bissau").
        joined = (r"[\s-]+".join(re.escape(w) for w in a.split(" ")) for a in alternatives)
        self._country = re.compile(r"(?<![\w$])(" + "|".join(joined) + r")(?![\w])", re.I)
        self._us_place = (
            re.compile(r"\b(" + "|".join(re.escape(p) for p in config.us_places) + r")\b", re.I)
            if config.us_places
            else None
        )
        self._licence = [(status, re.compile(p, re.I)) for status, p in config.licence_status]
        self._end_use = [(use, re.compile(p, re.I)) for use, p in config.end_use]
        self._items = [(item, [re.compile(p, re.I) for p in patterns]) for item, patterns in config.items.items()]

    def deal_facts_count(self, text: str) -> int:
        """How many deal-defining facts the text states (a country, a value, a term, an item, shares).
        Words like 'civil' or 'ministry' appear in general questions too, so they do not count."""
        defining = {
            "buyer_country",
            "contract_value_usd",
            "repayment_months",
            "item",
            "us_content_pct",
            "cash_payment_pct",
        }
        return len(defining & set(self.extract(text).facts))

    def extract(self, text: str) -> Extraction:
        patterns = self.patterns
        out = Extraction(yes=bool(patterns.yes.match(text)), no=bool(patterns.no.match(text)))
        facts = out.facts
        self._countries(text, facts)
        money_and_percentages(text, facts, self.config)
        term = months(text, self.config)
        if term is not None:
            facts["repayment_months"] = term
        eccn = patterns.eccn.search(text)
        if eccn:
            facts["eccn"] = (
                "EAR99"
                if eccn.group(1).upper() == "EAR99"
                else eccn.group(1)[0] + eccn.group(1)[1].upper() + eccn.group(1)[2:]
            )
        for item, item_patterns in self._items:
            if any(p.search(text) for p in item_patterns):
                facts["item"] = item
                break
        if "item" in facts and "eccn" not in facts and facts["item"] in self.config.assumed_eccn:
            out.assumptions["eccn"] = self.config.assumed_eccn[facts["item"]]
        for status, pattern in self._licence:
            if pattern.search(text):
                facts["license_status"] = status
                break
        for use, pattern in self._end_use:
            if pattern.search(text):
                facts["end_use"] = use
                break
        if patterns.restricted_false.search(text):
            facts["restricted_party"] = False
        elif patterns.restricted_true.search(text):
            facts["restricted_party"] = True
        if patterns.small_business.search(text):
            facts["small_business"] = True
        if patterns.private_buyer.search(text):
            facts["buyer_sector"] = "private"
        elif patterns.public_buyer.search(text):
            facts["buyer_sector"] = "public"
        return out

    # --- countries ------------------------------------------------------------------------
    def _countries(self, text: str, facts: dict[str, Any]) -> None:
        patterns = self.patterns
        plain, where = _plain(text)
        for match in self._country.finditer(plain):
            raw = match.group(1)
            if len(raw) == 2 and raw != raw.upper():
                continue  # "us", "in": words, not codes
            start, end = where[match.start()], where[match.end() - 1] + 1
            after = text[end : end + 30]
            before = text[max(0, start - 60) : start]
            code = self._names[re.sub(r"[\s-]+", " ", raw.casefold())]
            if code == "US" and patterns.region_before.search(before):
                continue  # "a South American army", "Latin American buyers": a region, not the United States
            if code == "US" and patterns.not_a_country_after.match(after):
                continue  # "U.S. content", "US-made", "U.S. dollars"
            if patterns.hq_after.match(after) or patterns.hq_before.search(before):
                facts.setdefault("buyer_hq_country", code)
            elif patterns.person_after.match(after):
                continue
            elif _exporter_context(before, patterns) or (code == "US" and patterns.us_code_seller_after.match(after)):
                facts.setdefault("exporter_country", code)
            elif code == "US" and not patterns.buyer_before.search(before):
                continue  # a passing mention of the U.S. is not where the buyer is
            else:
                facts.setdefault("buyer_country", code)

        if self._us_place is not None and "exporter_country" not in facts:
            for match in self._us_place.finditer(text):
                # "our company in Ohio", or "a Texas company" / "an Ohio-based maker"
                if (
                    _exporter_context(text[max(0, match.start() - 60) : match.start()], patterns)
                    or patterns.us_seller_after.match(text[match.end() : match.end() + 30])
                    or patterns.us_seller_before.search(text[max(0, match.start() - 40) : match.start()])
                ):
                    facts["exporter_country"] = "US"
                    break
