"""Time-bound statements: `{until 2026-11-10: suspension}` after a sentence marks it as holding until then.

The marker is the whole syntax (ADR 0041): `{until YYYY-MM-DD}` or `{until YYYY-MM-DD: kind}`, written
right after the sentence it dates (before or after its full stop). It is removed from the text that is
indexed, quoted and embedded, and kept as metadata on the sentence, so the answer path can say when a
quoted fact has lapsed or is about to, and the knowledge check can list lapsed ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.corpus.sentences import split_sentences

KINDS = ("term", "suspension", "charter", "deadline", "rate")
_ANY_MARKER = re.compile(r"\{\s*until\b[^}]*\}", re.IGNORECASE)
_MARKER = re.compile(r"^\{until (\d{4}-\d{2}-\d{2})(?:: ([a-z]+))?\}$")
_STRIP = re.compile(r"[ \t]*\{\s*until\b[^}]*\}")
# A marker written after the full stop moves before it, so the sentence splitter keeps it in its sentence.
_AFTER_STOP = re.compile(r"([.!?][\"')\]]*)[ \t]*(\{\s*until\b[^}]*\})")


class MarkerError(ValueError):
    """A `{until …}` marker that does not follow the syntax, or that no sentence carries."""


@dataclass(frozen=True)
class TimeBound:
    """A sentence (as indexed and quoted) that holds until `until`; `kind` picks the wording of notes."""

    sentence: str
    until: date
    kind: str = "term"

    def to_json(self) -> dict[str, str]:
        return {"sentence": self.sentence, "until": self.until.isoformat(), "kind": self.kind}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> TimeBound:
        return cls(row["sentence"], date.fromisoformat(row["until"]), row.get("kind", "term"))


def _parse(marker: str) -> tuple[date, str]:
    match = _MARKER.match(marker)
    if not match:
        raise MarkerError(f"malformed marker {marker!r}: write {{until YYYY-MM-DD}} or {{until YYYY-MM-DD: kind}}")
    try:
        until = date.fromisoformat(match.group(1))
    except ValueError as exc:
        raise MarkerError(f"marker {marker!r} has no valid date: {exc}") from exc
    kind = match.group(2) or "term"
    if kind not in KINDS:
        raise MarkerError(f"marker {marker!r} names an unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return until, kind


def strip_markers(text: str) -> tuple[str, tuple[TimeBound, ...]]:
    """The text without markers, and the sentences they marked (as `split_sentences` gives them)."""
    if not _ANY_MARKER.search(text):
        return text, ()
    clean = _STRIP.sub("", text)
    clean_sentences = set(split_sentences(clean))
    found: list[TimeBound] = []
    for sentence in split_sentences(_AFTER_STOP.sub(r" \2\1", text)):
        markers = _ANY_MARKER.findall(sentence)
        if not markers:
            continue
        bare = _STRIP.sub("", sentence).strip()
        if bare not in clean_sentences:
            raise MarkerError(f"marker in {sentence[:80]!r} does not sit at the end of a sentence")
        for marker in markers:
            until, kind = _parse(marker)
            found.append(TimeBound(bare, until, kind))
    return clean, tuple(found)
