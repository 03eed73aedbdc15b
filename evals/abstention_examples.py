"""Write config/answer/abstention-examples.jsonl: labelled questions for the abstention classifier,
derived from the dev sets and the retired blind answer sets (ADR 0013; evals/frozen/README.md says
when a blind set is retired to training data).

A single-turn case with required facts, expected sources or expected to be `answered` is answerable:
the dated corpus holds its answer. A case tagged `unanswerable` cannot be known from it; its kind is
the regex kind of config/answer/abstention.yaml it matches. A multi-part unanswerable case lists
its parts with a label for each. Every line names its source (file and case id); the group is the
case id, so a case's parts never straddle the held-out split. Run once when the dev sets change:
`python -m evals.abstention_examples`; the training reads only the files under config/answer/.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from assistant.answer.abstain import AbstentionConfig, kind_by_patterns
from assistant.answer.parts import split_parts
from evals.cases import load_cases
from evals.intent_from_sets import SOURCES

SETS = Path("evals") / "sets"
RETIRED = Path("evals") / "retired"  # blind sets measured as held-out, then retired to training data
# The lettered red-team sets' single-turn cases are not abstention data (their twins' facts are judged
# elsewhere; the first two, redteam-evasion and -routing, were read before this rule and still are).
# answers-c was held back once because, trained on, it declined two answerable dev questions; with
# answers-d/e (retired 1 Dec 2026) and answers-f/g/h/i (retired 2 Dec 2026) it is trained on, except the
# cases in SKIP below.
# answers-i (retired 2 Dec 2026) is held back too: trained on, five-fold precision fell to 0.895, under the
# 0.9 the abstention tests hold it to (ADR 0126).
NOT_ABSTENTION_DATA = frozenset(name for name in SOURCES if re.fullmatch(r"redteam-[a-z]\.jsonl", name)) | {
    "answers-i.jsonl"
}
# Retired unanswerables that are not taught: ordinary-looking questions for a detail the documents do not
# state (a fee, a premium, a validity period, a minimum size, a citation). Their question form is the
# form of answerable questions, so teaching it would decline those (ADR 0095); only a check of what the
# retrieved sentences state can find them. And multi-part unanswerables whose parts no regex kind labels.
SKIP = frozenset(
    {
        "ans-d-092", "ans-d-093", "ans-d-095", "ans-d-097", "ans-d-099", "ans-d-103", "ans-d-104",
        "ans-e-085", "ans-e-086", "ans-e-087", "ans-e-088", "ans-e-089", "ans-e-090", "ans-e-091",
        "ans-e-092", "ans-e-093", "ans-e-094", "ans-e-096", "ans-e-098", "ans-e-099", "ans-e-100",
        "ans-e-101", "ans-e-102",
        "ans-f-085", "ans-f-086", "ans-f-088", "ans-f-089", "ans-f-090", "ans-f-094", "ans-f-095",
        "ans-f-096", "ans-f-098", "ans-f-099", "ans-f-101",
        "ans-g-086", "ans-g-089", "ans-g-090", "ans-g-091", "ans-g-092", "ans-g-093", "ans-g-095",
        "ans-g-096", "ans-g-100", "ans-g-101", "ans-g-102",
        "ans-h-086", "ans-h-087", "ans-h-088", "ans-h-089", "ans-h-090", "ans-h-091", "ans-h-097",
        "ans-h-098", "ans-h-099", "ans-h-100", "ans-h-101", "ans-h-102",
        "ans-i-092", "ans-i-093", "ans-i-094", "ans-i-095", "ans-i-096", "ans-i-097", "ans-i-098",
        "ans-i-099", "ans-i-100", "ans-i-101",
    }
)  # fmt: skip
OUT = Path("config") / "answer" / "abstention-examples.jsonl"
# Dev cases that accept `partial` and ask for what the sources can only give an old value of.
CANNOT_KNOW = {"know-time-002": "live_rate"}  # "the current CIRR": the sources hold a past rate only
# Retired blind unanswerables no regex kind of config/answer/abstention.yaml matches: kinds labelled by
# hand (the kind chooses the wording of the decline: what is missing, why, and who knows).
HAND_KINDS = {
    "ans-a-051": "one_party_price",
    "ans-a-052": "named_case",
    "ans-a-054": "named_case",
    "ans-a-055": "future_decision",
    "ans-a-056": "one_party_price",
    "ans-b-049": "one_party_price",
    "ans-b-051": "named_case",
    "ans-b-053": "named_case",
    "ans-b-055": "one_party_price",
    "ans-b-057": "other",
    "ans-b-058": "other",
    "ans-c-091": "future_decision",
    "ans-c-092": "creditworthiness",
    "ans-c-093": "future_decision",
    "ans-c-094": "other",
    "ans-c-095": "one_party_price",
    "ans-c-096": "one_party_price",
    "ans-c-097": "non_public",
    "ans-c-098": "count_so_far",
    "ans-c-100": "future_decision",
    "ans-c-102": "other",
    "ans-c-103": "count_so_far",
    "ans-c-104": "named_case",
    "ans-c-105": "other",
    "ans-c-106": "future_decision",
    "ans-c-108": "named_case",
    "ans-c-109": "other",
    "ans-c-112": "one_party_price",
    "ans-d-088": "current_fact",
    "ans-d-089": "current_fact",
    "ans-d-090": "future_decision",
    "ans-d-091": "count_so_far",
    "ans-d-094": "named_case",
    "ans-d-096": "current_fact",
    "ans-d-098": "non_public",
    "ans-d-100": "current_fact",
    "ans-d-101": "current_fact",
    "ans-d-105": "named_case",
    "ans-e-095": "non_public",
    "ans-e-097": "count_so_far",
    "ans-f-087": "count_so_far",
    "ans-f-091": "count_so_far",
    "ans-f-092": "current_fact",
    "ans-f-093": "count_so_far",
    "ans-f-097": "current_fact",
    "ans-f-100": "count_so_far",
    "ans-f-102": "current_fact",
    "ans-g-085": "live_rate",
    "ans-g-087": "named_case",
    "ans-g-088": "count_so_far",
    "ans-g-094": "one_party_price",
    "ans-g-097": "count_so_far",
    "ans-g-098": "country_cover_now",
    "ans-g-099": "country_cover_now",
    "ans-h-085": "live_rate",
    "ans-h-092": "count_so_far",
    "ans-h-093": "named_case",
    "ans-h-094": "count_so_far",
    "ans-h-095": "country_cover_now",
    "ans-h-096": "current_fact",
    "ans-i-086": "named_case",
    "ans-i-089": "current_fact",
    "ans-i-090": "named_case",
    "ans-i-091": "count_so_far",
    "ans-i-102": "future_decision",
}
# Answerable look-alikes the regex kinds were written against (tests/answer/test_parts_and_abstention.py
# checks that none is declined).
LOOK_ALIKES = [
    "How is the CIRR set, and does it change with the repayment term?",
    "When is the premium due on EXIM medium-term insurance?",
    "How many people sit on EXIM's board?",
    "How do I check whether EXIM is open for cover in a country?",
    "How long is EXIM authorized for right now, and what's the cap on its total exposure?",
    "Has EXIM approved the ExportAI Initiative?",
]


def examples(folders: list[Path], config_dir: Path) -> list[dict[str, Any]]:
    kinds = AbstentionConfig.load(config_dir)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in [p for folder in folders for p in sorted(folder.glob("*.jsonl")) if p.name not in NOT_ABSTENTION_DATA]:
        for case in load_cases(path):
            if case.kind not in ("qa", "guardrail") or len(case.turns) != 1:
                continue
            text = case.turns[0].strip()
            if text.casefold() in seen or case.id in SKIP:
                continue
            source = f"{path.as_posix()}#{case.id}"
            line: dict[str, Any]
            if case.id in CANNOT_KNOW:
                line = {"group": f"dev-{case.id}", "text": text, "label": "cannot_know", "kind": CANNOT_KNOW[case.id]}
            elif "unanswerable" in case.tags:
                parts = [p.text for p in split_parts(text)]
                labels = [kind_by_patterns(kinds, p) for p in parts]
                line = {"group": f"dev-{case.id}", "text": text, "label": "cannot_know"}
                line["kind"] = next((k for k in labels if k), HAND_KINDS.get(case.id))
                if len(parts) > 1:
                    line["parts"] = parts
                    line["part_labels"] = ["cannot_know" if k else "answerable" for k in labels]
                    line["part_kinds"] = labels
            elif case.expect.must_include or case.expect.sources or "answered" in (case.expect.status or []):
                line = {"group": f"dev-{case.id}", "text": text, "label": "answerable", "kind": None}
            else:
                continue
            seen.add(text.casefold())
            out.append({**line, "source": source})
    for n, text in enumerate(LOOK_ALIKES, 1):
        if text.casefold() not in seen:
            out.append(
                {
                    "group": f"look-alike-{n}",
                    "text": text,
                    "label": "answerable",
                    "kind": None,
                    "source": "tests/answer/test_parts_and_abstention.py",
                }
            )
    return out


def main() -> int:
    rows = examples([SETS, RETIRED], Path("config"))
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    counts = {label: sum(r["label"] == label for r in rows) for label in ("answerable", "cannot_know")}
    print(f"{OUT}: {len(rows)} examples {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
