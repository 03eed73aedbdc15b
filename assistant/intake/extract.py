"""Free text → DealFacts fields: countries by name, alias, city or nationality; money; percentages;
durations; items; licence status; end use and screening words.

Only what the text states is taken. An AI item named without its ECCN gets a *proposed* ECCN
(an assumption the user must confirm), never a silent one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.eligibility.countries import CountryTable
from assistant.intake.config import IntakeConfig
from assistant.intake.numbers import MAX_AMOUNT_USD, money_and_percentages, months

__all__ = ["MAX_AMOUNT_USD", "Extraction", "FactExtractor"]

# Two-letter codes that are also everyday words; they count only when spelled out as names.
_AMBIGUOUS_CODES = {
    "IT",
    "NO",
    "IN",
    "AT",
    "BE",
    "ME",
    "TO",
    "OR",
    "IS",
    "AM",
    "AN",
    "AS",
    "BY",
    "DO",
    "GO",
    "HE",
    "HI",
    "ID",
    "IF",
    "MY",
    "OK",
    "ON",
    "SO",
    "UP",
    "WE",
    "PE",
    "PA",
    "MA",
    "LA",
    "AI",
}
_NOT_A_COUNTRY_AFTER = re.compile(
    r"^[\s-]*(content|flag|-flag|dollars?|made|origin|persons?|government|treasury|law|jobs|workers|costs?|"
    r"share|entity|export controls?|exim|bank|department|commerce)\b",
    re.I,
)

_ECCN = re.compile(r"\b(\d[A-Ea-e]\d{3}(?:\.[A-Za-z0-9]+)*|EAR99|ear99)\b")

_RESTRICTED_TRUE = re.compile(
    r"\b(is|are|was|were)\s+(listed\s+)?(on|in)\s+the\s+(entity list|sdn( list)?|meu list)|"
    r"\ban sdn\b|\b(entity list|sdn) (hit|match)\b",
    re.I,
)
_RESTRICTED_FALSE = re.compile(
    r"\b(not|isn'?t|aren'?t|neither|nor|none)\b.{0,30}\b(entity list|sdn|meu|restricted|denied part)|"
    r"\bscreen(ed|ing)\b.{0,40}\b(clear|clean|no (hits?|matches?))\b|\bno (hits?|matches?)\b|"
    r"\b(not|isn'?t|aren'?t) on any (restricted |screening |sanctions )?lists?\b",
    re.I,
)
_SMALL = re.compile(r"\bsmall (business|company|firm|exporter|manufacturer|shop)\b", re.I)
_PUBLIC = re.compile(
    r"\b(government|ministry|state[- ]owned|public[- ]sector|public body|municipal|sovereign|"
    r"state utility)\b",
    re.I,
)
_PRIVATE = re.compile(r"\bprivate(ly)?[- ]?(owned|company|firm|sector|buyer|group)\b", re.I)
_YES = re.compile(
    r"^\s*(yes|yep|yeah|yup|correct|right|confirm(ed)?|that'?s (right|correct|it)|looks (good|right)|"
    r"go ahead|run (it|the check)|ok(ay)?|sure|exactly)\b",
    re.I,
)
_NO = re.compile(r"^\s*(no|nope|not quite|that'?s (wrong|not right)|wrong)\b", re.I)
_HQ_CUE = re.compile(
    r"(parent|headquarter\w*|hq|owned by|subsidiary of|part of (a|an|the)|belongs to|owner)"
    r"[^.;]{0,30}$",
    re.I,
)
_HQ_AFTER = re.compile(r"^[\s-]*(parent|group|-?owned|-?headquartered|holding|conglomerate|owner)\b", re.I)
# "We're a Mexican manufacturer", "our company is German", "I am a small Canadian exporter": the words between
# the speaker and the country describe the speaker. A verb or a direction word in that gap ("we're selling to a
# German buyer", "I'm hiring a Chinese engineer") means the country belongs to someone else.
# The words that name the other side of the deal, shared by the cues below.
_BUYER_WORDS = "buyer|customer|client|importer|distributor|end user|purchaser"
_SELF_CUE = re.compile(
    r"(\b(we|i)('re|'m| are| am)\b|\bour (company|firm|business)\b|\bexporter\b)(?P<gap>[^.;?]{0,40})$",
    re.I,
)
_NOT_SELF_GAP = re.compile(rf"\b(to|for|with|from|of|{_BUYER_WORDS}|\w{{3,}}ing)\b", re.I)
_PLACE_CUE = re.compile(r"(\bbased in|\blocated in|\bexport(ing|s)? from|\bship(ping|s)? from)\s*(the\s+)?$", re.I)
_OTHER_PARTY_BEFORE = re.compile(
    rf"\b({_BUYER_WORDS}|they|he|she|parent|supplier)\b[^.;?]{{0,30}}$",
    re.I,
)
_REGION_BEFORE = re.compile(r"\b(south|north|central|latin|pan)[\s-]$", re.I)
# A nationality followed by these words is a person's, not a party's to the deal ("a Chinese national engineer").
_PERSON_AFTER = re.compile(
    r"^[\s-]*(nationals?|citizens?|employees?|engineers?|staff|students?|researchers?|workers?|hires?)\b", re.I
)
_BUYER_CUE = re.compile(rf"({_BUYER_WORDS}|to|for)\b[^.;]{{0,40}}$", re.I)


# A U.S. state or city naming the seller: "a Texas company", "an Ohio-based maker".
_US_SELLER_AFTER = re.compile(r"^[\s-]*(based\s+)?(exporter|company|manufacturer|maker|firm|business|seller)\b", re.I)


def _exporter_context(before: str) -> bool:
    """True when the words just before a country name say it is where the exporter is."""
    if _PLACE_CUE.search(before):
        return not _OTHER_PARTY_BEFORE.search(before)  # "our buyer is based in Kenya" is the buyer's place
    self_cue = _SELF_CUE.search(before)
    return self_cue is not None and not _NOT_SELF_GAP.search(self_cue.group("gap"))


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
        names = {alias: code for alias, code in countries.aliases().items() if len(alias) > 2}
        names.update({d.casefold(): code for d, code in config.demonyms.items()})
        for code in countries.codes():
            if len(code) == 2 and code not in _AMBIGUOUS_CODES:
                names.setdefault(code.casefold(), code)
        self._names = names
        alternatives = sorted(names, key=len, reverse=True)
        self._country = re.compile(r"(?<![\w$])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])", re.I)
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
        out = Extraction(yes=bool(_YES.match(text)), no=bool(_NO.match(text)))
        facts = out.facts
        self._countries(text, facts)
        money_and_percentages(text, facts)
        term = months(text)
        if term is not None:
            facts["repayment_months"] = term
        eccn = _ECCN.search(text)
        if eccn:
            facts["eccn"] = (
                "EAR99"
                if eccn.group(1).upper() == "EAR99"
                else eccn.group(1)[0] + eccn.group(1)[1].upper() + eccn.group(1)[2:]
            )
        for item, patterns in self._items:
            if any(p.search(text) for p in patterns):
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
        if _RESTRICTED_FALSE.search(text):
            facts["restricted_party"] = False
        elif _RESTRICTED_TRUE.search(text):
            facts["restricted_party"] = True
        if _SMALL.search(text):
            facts["small_business"] = True
        if _PRIVATE.search(text):
            facts["buyer_sector"] = "private"
        elif _PUBLIC.search(text):
            facts["buyer_sector"] = "public"
        return out

    # --- countries ------------------------------------------------------------------------
    def _countries(self, text: str, facts: dict[str, Any]) -> None:
        for match in self._country.finditer(text):
            raw = match.group(1)
            if len(raw) == 2 and raw != raw.upper():
                continue  # "us", "in": words, not codes
            after = text[match.end() : match.end() + 30]
            before = text[max(0, match.start() - 60) : match.start()]
            code = self._names[raw.casefold()]
            if code == "US" and _REGION_BEFORE.search(before):
                continue  # "a South American army", "Latin American buyers": a region, not the United States
            if code == "US" and _NOT_A_COUNTRY_AFTER.match(after):
                continue  # "U.S. content", "US-made", "U.S. dollars"
            if _HQ_AFTER.match(after) or _HQ_CUE.search(before):
                facts.setdefault("buyer_hq_country", code)
            elif _PERSON_AFTER.match(after):
                continue
            elif _exporter_context(before) or (
                code == "US"
                and re.match(
                    r"^[\s-]*(based\s+)?(exporter|company|"
                    r"manufacturer|maker|firm|business|seller)",
                    after,
                    re.I,
                )
            ):
                facts.setdefault("exporter_country", code)
            elif code == "US" and not _BUYER_CUE.search(before):
                continue  # a passing mention of the U.S. is not where the buyer is
            else:
                facts.setdefault("buyer_country", code)

        if self._us_place is not None and "exporter_country" not in facts:
            for match in self._us_place.finditer(text):
                # "our company in Ohio", or "a Texas company" / "an Ohio-based maker"
                if _exporter_context(text[max(0, match.start() - 60) : match.start()]) or _US_SELLER_AFTER.match(
                    text[match.end() : match.end() + 30]
                ):
                    facts["exporter_country"] = "US"
                    break
