"""What a case is about, in one line: "AI servers · $4.0M · Vietnam · licence not applied".

The fields come from the hand-off packet's facts (the intake's reading of the conversation), stored on
the case for the inbox filters; without facts the headline is the customer's first question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ITEMS = {
    "ai_chips": "AI chips",
    "ai_servers": "AI servers",
    "networking": "Networking",
    "data_center_equipment": "Data-centre equipment",
    "ai_software": "AI software",
    "cloud_services": "Cloud services",
    "other_goods": "Other goods",
    "services": "Services",
}
LICENCES = {
    "not_required": "no licence needed",
    "approved": "licence approved",
    "pending": "licence pending",
    "denied": "licence denied",
    "not_applied": "licence not applied",
}
REASONS = {"asked_for_person": "Asked for a person", "refer_to_human": "Needs review"}
_QUESTION_CHARS = 80


def case_fields(packet: dict[str, Any]) -> dict[str, Any]:
    """The columns a case keeps for its headline and filters, read from its packet."""
    facts = packet.get("facts") or {}
    eligibility = packet.get("eligibility") or {}
    value = facts.get("contract_value_usd")
    return {
        "outcome": eligibility.get("outcome") or None,
        "country": facts.get("buyer_country") or None,
        "item": facts.get("item") or None,
        "value_usd": float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None,
        "license_status": facts.get("license_status") or None,
    }


def transcript_text(packet: dict[str, Any]) -> str:
    """The lower-cased transcript the inbox search looks in."""
    turns = packet.get("transcript") or []
    return " ".join(f"{t.get('question', '')} {t.get('answer', '')}" for t in turns).lower()


def money(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"${value / size:.1f}{suffix}"
    return f"${value:,.0f}"


def headline(case: dict[str, Any], first_question: str, country_name: Callable[[str], str]) -> str:
    parts = []
    if case.get("item"):
        parts.append(ITEMS.get(case["item"], case["item"].replace("_", " ")))
    if case.get("value_usd"):
        parts.append(money(case["value_usd"]))
    if case.get("country"):
        parts.append(country_name(case["country"]))
    if case.get("license_status"):
        parts.append(LICENCES.get(case["license_status"], case["license_status"].replace("_", " ")))
    if len(parts) >= 2:
        return " · ".join(parts)
    question = " ".join(first_question.split())
    if len(question) > _QUESTION_CHARS:
        question = question[: _QUESTION_CHARS - 1].rstrip() + "…"
    lead = " · ".join(parts) or REASONS.get(case.get("reason") or "", "Hand-off")
    return f"{lead} · “{question}”" if question else lead
