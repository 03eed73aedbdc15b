"""Plain words for the engine's advice (changes, products, boundaries), shared by the chat explanation
and the staff draft. It explains; every value and consequence comes from the EligibilityResult."""

from __future__ import annotations

from collections.abc import Callable

from assistant.eligibility.advice import money
from assistant.eligibility.models import BoundarySide, Change, EligibilityResult
from assistant.sources import Citation

TERMS = {"short_term": "short term", "medium_term": "medium term", "long_term": "long term"}
OUTCOMES = {
    "eligible": "likely eligible",
    "not_eligible": "not eligible",
    "refer_to_human": "for review by a person",
    "need_more_info": "in need of more facts",
}
Cite = Callable[[Citation], str]


def _no_marker(citation: Citation) -> str:
    return ""


def change_line(change: Change, result: EligibilityResult, cite: Cite = _no_marker) -> str:
    text = change.message
    if change.set and change.outcome_after and change.outcome_after != result.outcome:
        text += f" On its own, that change would make the deal {OUTCOMES[change.outcome_after]}."
    if change.also_fails:
        text += " It would also change these checks: " + ", ".join(change.also_fails) + "."
    return f"- {text}{cite(change.citation)}"


def advice_blocks(result: EligibilityResult, cite: Cite = _no_marker) -> list[str]:
    """Paragraphs: what would change the outcome, more support, which products fit, boundaries."""
    blocks = []
    fixes = [c for c in result.changes if c.kind != "amount"]
    if fixes:
        lines = ["**What would change the outcome:**"] + [change_line(c, result, cite) for c in fixes]
        if any(c.decisive for c in fixes):
            lines.append(
                "- While a decisive fact stands, no change to the deal's terms makes it eligible, so none is offered "
                "for it."
            )
        blocks.append("\n".join(lines))
    more = [c for c in result.changes if c.kind == "amount"]
    if more:
        blocks.append("\n".join(["**More support:**"] + [change_line(c, result, cite) for c in more]))
    if result.products:
        intro = "**Which products fit:**" if result.outcome == "eligible" else "**Which products would fit:**"
        lines = [intro] + [f"- {p.name}: {'; '.join(p.conditions)}.{cite(p.citation)}" for p in result.products]
        blocks.append("\n".join(lines))
    if result.boundaries:
        lines = ["**At a boundary** (both sides shown):"]
        for boundary in result.boundaries:
            current = next(s for s in boundary.sides if s.current)
            others = [s for s in boundary.sides if not s.current]
            text = f"- {boundary.message} As entered ({current.label}): {side_words(current)}."
            for other in others:
                label, words = other.label[0].upper() + other.label[1:], side_words(other, current)
                text += f" {label} would make this {words}." if words else f" {label} would not change the result."
            lines.append(text + cite(boundary.citation))
        blocks.append("\n".join(lines))
    return blocks


def side_words(side: BoundarySide, compared_with: BoundarySide | None = None) -> str:
    """The side's term, outcome, amount and programs; for the other side, only what differs."""
    parts = []
    same = compared_with
    if same is None or side.term != same.term:
        parts.append(TERMS[side.term] if side.term else "term unknown")
    if same is None or side.outcome != same.outcome:
        parts.append(OUTCOMES[side.outcome])
    if side.supported_amount_usd is not None and (
        same is None or side.supported_amount_usd != same.supported_amount_usd
    ):
        parts.append(f"up to {money(side.supported_amount_usd)} supported")
    programs = [p.name for p in side.programs]
    if programs and same is not None and programs != [p.name for p in same.programs]:
        parts.append("programs: " + ", ".join(programs))
    return ", ".join(parts)
