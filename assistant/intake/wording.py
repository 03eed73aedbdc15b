"""Plain-language wording of facts, questions and results. It explains; the engine decides."""

from __future__ import annotations

from typing import Any

from assistant.eligibility.countries import CountryTable
from assistant.intake.config import IntakeConfig


def money(value: float) -> str:
    return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"


def months(value: float) -> str:
    if value and value % 12 == 0:
        years = int(value // 12)
        return f"{value:g} months ({years} year{'s' if years != 1 else ''})"
    return f"{value:g} months"


def describe(name: str, value: Any, countries: CountryTable, config: IntakeConfig) -> str:
    if name.endswith("_country"):
        return countries.get(value).name if countries.is_valid(value) else str(value)
    if name in config.value_names:  # the item and the licence status, in words (config/intake.yaml)
        return config.value_names[name].get(value, str(value))
    if name == "end_use":
        return str(value).replace("_", "-")
    if name in ("restricted_party", "small_business"):
        return "yes" if value else "no"
    if name == "contract_value_usd":
        return money(float(value))
    if name in ("us_content_pct", "cash_payment_pct"):
        return f"{float(value):g}%"
    if name == "repayment_months":
        return months(float(value))
    return str(value)


def summary_lines(
    facts: dict[str, Any],
    assumptions: dict[str, Any],
    order: tuple[str, ...],
    config: IntakeConfig,
    countries: CountryTable,
) -> list[str]:
    lines = []
    for name in order:
        if name in facts:
            lines.append(f"- {config.labels[name]}: {describe(name, facts[name], countries, config)}")
        elif name in assumptions:
            said = describe(name, assumptions[name], countries, config)
            lines.append(f"- {config.labels[name]}: {said} {config.assumption_note}")
    return lines
