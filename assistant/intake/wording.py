"""Plain-language wording of facts, questions and results. It explains; the engine decides."""

from __future__ import annotations

from typing import Any

from assistant.eligibility.countries import CountryTable
from assistant.intake.config import IntakeConfig

_ITEMS = {
    "ai_chips": "AI chips",
    "ai_servers": "AI servers",
    "networking": "networking equipment",
    "data_center_equipment": "data-centre equipment",
    "ai_software": "AI software",
    "cloud_services": "cloud services",
    "other_goods": "other goods",
    "services": "services",
}
_STATUS = {
    "not_required": "not required",
    "approved": "approved",
    "pending": "pending",
    "denied": "denied",
    "not_applied": "not applied for",
}


def money(value: float) -> str:
    return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"


def months(value: float) -> str:
    if value and value % 12 == 0:
        years = int(value // 12)
        return f"{value:g} months ({years} year{'s' if years != 1 else ''})"
    return f"{value:g} months"


def describe(name: str, value: Any, countries: CountryTable) -> str:
    if name.endswith("_country"):
        return countries.get(value).name if countries.is_valid(value) else str(value)
    if name == "item":
        return _ITEMS.get(value, str(value))
    if name == "license_status":
        return _STATUS.get(value, str(value))
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
            lines.append(f"- {config.labels[name]}: {describe(name, facts[name], countries)}")
        elif name in assumptions:
            lines.append(
                f"- {config.labels[name]}: {describe(name, assumptions[name], countries)} "
                "(my assumption; please confirm)"
            )
    return lines
