"""`python -m evals add-from-feedback`: reviewed conversations become test cases (evals/sets/reviewed.jsonl).

Two sources, both reviewed by staff (see the staff page): answers a staff member approved as they
stood, and thumbs-down turns a staff member corrected. The staff review supplies what the case checks:
the documents that should be cited and the key facts the answer must contain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def cases_from_reviews(reviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cases = []
    for review in reviews:
        expect: dict[str, Any] = {"status": ["answered", "partial"]}
        if review.get("sources"):
            expect["sources"] = review["sources"]
        if review.get("key_facts"):
            expect["must_include"] = [[fact] for fact in review["key_facts"]]
        cases.append(
            {
                "id": f"reviewed-{review['turn_id'][:8]}",
                "kind": "conversation" if len(review["turns"]) > 1 else "qa",
                "turns": review["turns"],
                "facts": None,
                "expect": expect,
                "tags": ["reviewed", review["kind"]],
            }
        )
    return cases


def merge_into(path: Path, cases: list[dict[str, Any]]) -> int:
    """Append cases whose ids are new; returns how many were added."""
    existing = set()
    if path.exists():
        existing = {json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()}
    fresh = [c for c in cases if c["id"] not in existing]
    with path.open("a", encoding="utf-8") as handle:
        for case in fresh:
            handle.write(json.dumps(case) + "\n")
    return len(fresh)


def main(args: Any) -> int:
    from assistant.settings import Settings
    from assistant.wiring import Services

    services = Services(Settings())
    added = merge_into(args.out, cases_from_reviews(services.staff.reviews_for_evals()))
    print(f"added {added} reviewed case(s) to {args.out}")
    return 0
