"""Plain words for the engine's advice (changes, products, boundaries), shared by the chat explanation
and the staff draft. It explains; every value and consequence comes from the EligibilityResult. The
words themselves are data (config/messages.yaml `advice`)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.eligibility.advice import money
from assistant.eligibility.models import BoundarySide, Change, EligibilityResult
from assistant.messages import AdviceWording
from assistant.sources import Citation

Cite = Callable[[Citation], str]


def _no_marker(citation: Citation) -> str:
    return ""


def change_line(change: Change, result: EligibilityResult, words: AdviceWording, cite: Cite = _no_marker) -> str:
    text = change.message
    if change.set and change.outcome_after and change.outcome_after != result.outcome:
        text += words.outcome_after.format(outcome=words.outcomes[change.outcome_after])
    if change.also_fails:
        text += words.also_changes.format(checks=", ".join(change.also_fails))
    return f"- {text}{cite(change.citation)}"


def advice_blocks(result: EligibilityResult, words: AdviceWording, cite: Cite = _no_marker) -> list[str]:
    """Paragraphs: what would change the outcome, more support, which products fit, boundaries."""
    blocks = []
    fixes = [c for c in result.changes if c.kind != "amount"]
    if fixes:
        lines = [words.what_would_change] + [change_line(c, result, words, cite) for c in fixes]
        if any(c.decisive for c in fixes):
            lines.append(words.decisive)
        blocks.append("\n".join(lines))
    more = [c for c in result.changes if c.kind == "amount"]
    if more:
        blocks.append("\n".join([words.more_support] + [change_line(c, result, words, cite) for c in more]))
    if result.products:
        intro = words.products_fit if result.outcome == "eligible" else words.products_would_fit
        lines = [intro] + [f"- {p.name}: {'; '.join(p.conditions)}.{cite(p.citation)}" for p in result.products]
        blocks.append("\n".join(lines))
    if result.boundaries:
        lines = [words.at_a_boundary]
        for boundary in result.boundaries:
            current = next(s for s in boundary.sides if s.current)
            others = [s for s in boundary.sides if not s.current]
            text = f"- {boundary.message}" + words.as_entered.format(
                label=current.label, words=side_words(current, words)
            )
            for other in others:
                label, differs = other.label[0].upper() + other.label[1:], side_words(other, words, current)
                text += (
                    words.other_side.format(label=label, words=differs)
                    if differs
                    else words.other_side_same.format(label=label)
                )
            lines.append(text + cite(boundary.citation))
        blocks.append("\n".join(lines))
    return blocks


def side_words(side: BoundarySide, words: AdviceWording, compared_with: BoundarySide | None = None) -> str:
    """The side's term, outcome, amount and programs; for the other side, only what differs."""
    parts = []
    same = compared_with
    if same is None or side.term != same.term:
        parts.append(words.terms[side.term] if side.term else words.term_unknown)
    if same is None or side.outcome != same.outcome:
        parts.append(words.outcomes[side.outcome])
    if side.supported_amount_usd is not None and (
        same is None or side.supported_amount_usd != same.supported_amount_usd
    ):
        parts.append(words.supported.format(amount=money(side.supported_amount_usd)))
    programs = [p.name for p in side.programs]
    if programs and same is not None and programs != [p.name for p in same.programs]:
        parts.append(words.programs.format(programs=", ".join(programs)))
    return ", ".join(parts)
