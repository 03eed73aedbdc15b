"""Side by side: what changed between two sets of facts, and which parts of the result changed with them."""

from __future__ import annotations

from typing import Any

from assistant.eligibility.facts import FIELD_ORDER
from assistant.eligibility.models import Comparison, EligibilityResult, FactChange


def compare(
    before_facts: dict[str, Any], before: EligibilityResult, after_facts: dict[str, Any], after: EligibilityResult
) -> Comparison | None:
    """None when no fact changed (the same result shown again is not a comparison)."""
    changed = [
        FactChange(fact=f, before=before_facts.get(f), after=after_facts.get(f))
        for f in FIELD_ORDER
        if before_facts.get(f) != after_facts.get(f)
    ]
    if not changed:
        return None
    differences = [
        part for part in ("outcome", "term", "supported_amount_usd") if getattr(before, part) != getattr(after, part)
    ]
    if [p.id for p in before.programs] != [p.id for p in after.programs]:
        differences.append("programs")
    results_before = {c.rule_id: c.result for c in before.checks}
    differences += [c.rule_id for c in after.checks if results_before.get(c.rule_id) != c.result]
    return Comparison(
        changed_facts=changed,
        differences=differences,
        before=before.model_dump(mode="json", exclude={"compared_with"}),
    )
