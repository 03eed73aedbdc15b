"""Numbers in deal text: money, percentages and durations, read with the words around them."""

from __future__ import annotations

import re
from typing import Any

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
# Money: "$2M", "USD 1.5 million", "2,000,000 dollars". A number may only start where a run of digits
# starts and holds at most 24 digits and commas, so a long digit run is read in one pass, not one per
# position (the unanchored form took 16-23 s on an 8,000-digit draft).
_AMOUNT = r"\d[\d,]{0,23}(?:\.\d{1,6})?"
_MONEY = re.compile(
    rf"(?:(?:us\$|usd|\$)\s?(?P<a>{_AMOUNT})(?![\d,])\s*"
    r"(?P<as>k|mm|mn|m|million|bn|b|billion|thousand)?\b)"
    rf"|(?:(?<![\d,.])(?P<b>{_AMOUNT})(?![\d,])\s*(?P<bs>k|mm|mn|m|million|bn|b|billion|thousand)?\s*"
    r"(?:us dollars|dollars|usd)\b)",
    re.I,
)
# Larger amounts are not deals (world output is about 1e14 dollars a year); they are ignored, not stored.
MAX_AMOUNT_USD = 1e15
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.I)
_DURATION = re.compile(
    r"\b(?P<n>\d{1,6}(?:\.\d{1,3})?(?!\d)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|"
    r"twenty|thirty|sixty|ninety|an?)[\s-]*(?P<unit>days?|months?|years?|yrs?)\b",
    re.I,
)
_NET_TERMS = re.compile(r"\bnet[\s-]?(\d{2,3})\b", re.I)


def money_and_percentages(text: str, facts: dict[str, Any]) -> None:
    """Contract value, cash payment and U.S. content, from amounts and percentages and the words near them."""
    cash_amount = None
    for m in _MONEY.finditer(text):
        number, scale = (m.group("a"), m.group("as")) if m.group("a") else (m.group("b"), m.group("bs"))
        value = float(number.replace(",", "")) * _SCALE.get((scale or "").lower(), 1)
        if value > MAX_AMOUNT_USD:
            continue
        near = _clause_before(text, m.start(), 25) + " | " + _clause_after(text, m.end(), 20)
        if re.search(r"\b(down|deposit|cash payment|upfront|up front|advance payment)\b", near, re.I):
            cash_amount = value
        elif "contract_value_usd" not in facts and value > 0:
            facts["contract_value_usd"] = value
    for m in _PERCENT.finditer(text):
        value = float(m.group(1))
        if value > 100:
            continue
        after, before = (
            _clause_after(text, m.end(), 40).lower(),
            _clause_before(text, m.start(), 40).lower(),
        )
        if "foreign content" in after or "foreign content" in before or re.match(r"\s*(is |are )?imported", after):
            facts.setdefault("us_content_pct", 100 - value)
        elif re.match(
            r"\s*(of the price |of the contract |of the value )?(in )?(cash|down|deposit|upfront|up front|"
            r"advance)",
            after,
        ) or re.search(r"(cash|down payment|deposit|upfront|up front)[^.;]{0,15}$", before):
            facts.setdefault("cash_payment_pct", value)
        elif re.search(
            r"content|made in (the )?(u\.?s|us|united states)|u\.?s\.?[- ]made|american[- ]made|domestic",
            after + " " + before,
        ):
            facts.setdefault("us_content_pct", value)
    if cash_amount and facts.get("contract_value_usd") and "cash_payment_pct" not in facts:
        facts["cash_payment_pct"] = round(100 * cash_amount / facts["contract_value_usd"], 2)


def months(text: str) -> float | None:
    """The repayment term in months ("5 years", "180 days", "net 60"), skipping ages and lead times."""
    net = _NET_TERMS.search(text)
    if net:
        return round(int(net.group(1)) / 30, 1)
    for m in _DURATION.finditer(text):
        window = text[max(0, m.start() - 40) : m.start()].lower()
        if re.search(
            r"\b(in business|operating|experience|old|delivery|deliver|lead time|warranty|ago|since)\b",
            window,
        ):
            continue
        raw = m.group("n").lower()
        n = float(raw) if raw[0].isdigit() else float(_NUMBER_WORDS[raw])
        unit = m.group("unit").lower()
        if unit.startswith("day"):
            return round(n / 30, 1) if n % 30 else n / 30
        if unit.startswith(("year", "yr")):
            return n * 12
        return n
    return None


# A clause ends at , ; ? ! or a full stop that is not part of an initialism like "U.S.".
_CLAUSE_END = re.compile(r"[;,?!]|(?<!\b[A-Za-z])\.")


def _clause_after(text: str, position: int, limit: int) -> str:
    """Up to `limit` characters after `position`, stopping at the end of the clause."""
    return _CLAUSE_END.split(text[position : position + limit], maxsplit=1)[0]


def _clause_before(text: str, position: int, limit: int) -> str:
    return _CLAUSE_END.split(text[max(0, position - limit) : position])[-1]
