"""Output checks: no promise of approval, no personal data, and the notes every answer carries."""

from __future__ import annotations

import re

from assistant.corpus.sentences import split_sentences
from assistant.guardrails.pii import redact

_PROMISE = re.compile(
    r"\b(guaranteed?|certain|sure|assured)\s+(to\s+be\s+)?"
    r"(approval|approved|financing|funding|to qualify|a licen[cs]e)\b"
    r"|\b(you|your (deal|application|loan|transaction|company|export|sale)|the (deal|application|loan))\s+"
    r"(will|is|are|has been|have been)\s+(be\s+)?(definitely\s+)?"
    r"(approved|guaranteed|eligible|pre-?approved|accepted)\b"
    r"|\bpre-?approved\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(no|not|never|nothing|none|neither|nor|cannot|can't|doesn't|don't|isn't|aren't|won't|without|"
    r"does not|do not|is not|are not|will not|no one|nobody)\b",
    re.IGNORECASE,
)
_ELIGIBILITY_TOPIC = re.compile(
    r"\b(eligib\w*|qualif\w*|approv\w*|can exim (finance|support|insure|back|cover|guarantee)|"
    r"(finance|financing|support|cover) (my|our|this|the) (deal|sale|export|transaction|project)|"
    r"(need|require[sd]?|get) (an? |the )?(export )?licen[cs]e|licen[cs]e (is )?(required|needed))\b",
    re.IGNORECASE,
)


def drop_promises(answer: str) -> tuple[str, int]:
    """Remove sentences that promise approval; negated mentions ('does not guarantee') stay."""
    paragraphs, dropped = [], 0
    for paragraph in answer.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            if not _PROMISE.search(line):
                lines.append(line)  # untouched, so bullets and emphasis survive
                continue
            bullet = re.match(r"^\s*[-*]\s+", line)
            kept = []
            for sentence in split_sentences(line):
                if _PROMISE.search(sentence) and not _NEGATION.search(sentence):
                    dropped += 1
                else:
                    kept.append(sentence)
            if kept:
                lines.append((bullet.group(0) if bullet else "") + " ".join(kept))
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs), dropped


def scrub_personal_data(answer: str, published: str = "") -> str:
    """Personal data out of an answer; what the cited sources publish word for word stays."""
    return redact(answer, published).text


def is_eligibility_topic(*texts: str) -> bool:
    return any(_ELIGIBILITY_TOPIC.search(t) for t in texts)
