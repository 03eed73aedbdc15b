"""What a message asks: its question sentences, whether they only ask for the check, and which deal
facts they ask *about*."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_INTERROGATIVE = re.compile(
    r"^\s*(and\s+|also\s+|so\s+|but\s+)?(what|what's|how|which|when|where|why|who|whose|do|does|did|is|are|can|"
    r"could|should|would|will|may|must|need|any)\b",
    re.I,
)
# A question word opening the sentence or one of its clauses: "Given our content, how much could EXIM
# support?" and "Can EXIM help, and what share does it guarantee?" ask about the rules as well as for the
# check (ADR 0122).
_WH = re.compile(
    r"(?:^|[,;:]|\b(?:and|but|also|so|then)\b)\s*(?:and\s+|also\s+|so\s+|but\s+)?"
    r"(what|what's|how|which|when|where|why|who|whose)\b",
    re.I,
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def question_sentences(text: str) -> list[str]:
    """Sentences that ask: ending with a question mark, or opening with a question word."""
    return [s for s in sentences(text) if s.endswith("?") or _INTERROGATIVE.match(s)]


def general_questions(
    text: str, eligibility_asks: Sequence[re.Pattern[str]], financing_asks: Sequence[re.Pattern[str]]
) -> list[str]:
    """The question sentences that ask about the rules, not merely "is this deal eligible?"."""
    check_asks = [*eligibility_asks, *financing_asks]
    # "Can EXIM finance it?" asks only for the check; "is it eligible, and what down payment?" asks both.
    return [s for s in question_sentences(text) if _WH.search(s) or not any(p.search(s) for p in check_asks)]


def topics_asked(questions: Sequence[str], topics: dict[str, re.Pattern[str]]) -> list[str]:
    """Deal facts the questions ask about ("what down payment?" → cash_payment_pct)."""
    return [name for name, pattern in topics.items() if any(pattern.search(q) for q in questions)]
