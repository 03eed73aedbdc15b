"""Numbers in deal text: money, percentages and durations, read with the words around them.

The patterns and words are data (config/intake.yaml, checked to run in linear time when loaded); this module
applies them.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.intake.config import IntakeConfig

# Larger amounts are not deals (world output is about 1e14 dollars a year); they are ignored, not stored.
MAX_AMOUNT_USD = 1e15


def money_and_percentages(text: str, facts: dict[str, Any], config: IntakeConfig) -> None:
    """Contract value, cash payment and U.S. content, from amounts and percentages and the words near them."""
    patterns = config.patterns
    cash_amount = None
    for m in patterns.money.finditer(text):
        # a: "$2M"; b: "2,000,000 dollars"; c: "1.5 mil", a sum with a large scale word and no currency.
        side = "a" if m.group("a") else "b" if m.group("b") else "c"
        number, scale = m.group(side), m.group(f"{side}s")
        value = float(number.replace(",", "")) * config.scales.get((scale or "").lower(), 1)
        if value > MAX_AMOUNT_USD:
            continue
        near = (
            _clause_before(text, m.start(), 25, patterns.clause_end)
            + " | "
            + _clause_after(text, m.end(), 20, patterns.clause_end)
        )
        if patterns.cash_amount_near.search(near):
            cash_amount = value
        elif "contract_value_usd" not in facts and value > 0:
            facts["contract_value_usd"] = value
    for m in patterns.percent.finditer(text):
        raw = m.group(1).lower()
        value = float(raw) if raw[0].isdigit() else float(config.number_words[raw])  # "twenty percent"
        if value > 100:
            continue
        after, before = (
            _clause_after(text, m.end(), 40, patterns.clause_end).lower(),
            _clause_before(text, m.start(), 40, patterns.clause_end).lower(),
        )
        if (
            patterns.foreign_content_near.search(after)
            or patterns.foreign_content_near.search(before)
            or patterns.imported_after.match(after)
        ):
            facts.setdefault("us_content_pct", 100 - value)
        elif patterns.cash_share_after.match(after) or patterns.cash_share_before.search(before):
            facts.setdefault("cash_payment_pct", value)
        elif patterns.us_content_near.search(after + " " + before):
            facts.setdefault("us_content_pct", value)
    if cash_amount and facts.get("contract_value_usd") and "cash_payment_pct" not in facts:
        facts["cash_payment_pct"] = round(100 * cash_amount / facts["contract_value_usd"], 2)


def months(text: str, config: IntakeConfig) -> float | None:
    """The repayment term in months ("5 years", "180 days", "net 60"), skipping ages and lead times."""
    patterns = config.patterns
    net = patterns.net_terms.search(text)
    if net:
        return round(int(net.group(1)) / 30, 1)
    for m in patterns.duration.finditer(text):
        if patterns.not_a_term_before.search(text[max(0, m.start() - 40) : m.start()].lower()):
            continue
        raw = m.group("n").lower()
        n = float(raw) if raw[0].isdigit() else float(config.number_words[raw])
        unit = m.group("unit").lower()
        if unit.startswith("day"):
            return round(n / 30, 1) if n % 30 else n / 30
        if unit.startswith(("year", "yr")):
            return n * 12
        return n
    return None


def _clause_after(text: str, position: int, limit: int, clause_end: re.Pattern[str]) -> str:
    """Up to `limit` characters after `position`, stopping at the end of the clause."""
    return clause_end.split(text[position : position + limit], maxsplit=1)[0]


def _clause_before(text: str, position: int, limit: int, clause_end: re.Pattern[str]) -> str:
    return clause_end.split(text[max(0, position - limit) : position])[-1]
