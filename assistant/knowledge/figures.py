"""Figures stated in more than one document: the same subject must not carry two current values.

Each watched subject (config/knowledge.yaml `figures`) names a sentence pattern and a figure pattern.
A statement is a sentence matching the subject with a figure close to the subject's words. Statements
carrying a conflict flag ("Historical", "Sources conflict" …) or a time-bound marker are left out: they
say themselves that they are not the current figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.models import Document
from assistant.corpus.sentences import split_sentences
from assistant.knowledge.config import FigureSubject


@dataclass(frozen=True)
class Statement:
    subject: str
    value: str
    doc_id: str
    section: str
    sentence: str


@dataclass(frozen=True)
class FigureReport:
    subject: str
    conflicting: dict[str, list[Statement]]  # value → statements, when the unflagged values disagree
    repeated: list[Statement]  # the same value stated in more than one document


def _value(raw: str) -> str:
    """'20,000,000' and '20' (of '$20 million') compare equal; other text compares as written."""
    text = re.sub(r"[\s,]+", "", raw).lower()
    if text.isdigit() and len(text) > 6 and text.endswith("000000"):
        return text[:-6]
    return text


def statements(subject: FigureSubject, documents: list[Document], flags: list[str]) -> list[Statement]:
    about = re.compile(subject.sentence, re.IGNORECASE)
    figure = re.compile(subject.figure, re.IGNORECASE)
    flag = re.compile("|".join(rf"\b{re.escape(f)}\b" for f in flags), re.IGNORECASE) if flags else None
    found: list[Statement] = []
    for doc in documents:
        for section in doc.sections:
            timed = {t.sentence for t in section.time_bound}
            for sentence in split_sentences(section.text):
                if sentence in timed or (flag is not None and flag.search(sentence)):
                    continue
                hits = [m.start() for m in about.finditer(sentence)]
                if not hits:
                    continue
                values = [
                    (min(abs(m.start() - h) for h in hits), _value(m.group(1))) for m in figure.finditer(sentence)
                ]
                near = [v for distance, v in sorted(values) if distance <= subject.window]
                if near:
                    found.append(Statement(subject.subject, near[0], doc.id, section.anchor, sentence))
    return found


def compare(subject: FigureSubject, documents: list[Document], flags: list[str]) -> FigureReport:
    said = statements(subject, documents, flags)
    by_value: dict[str, list[Statement]] = {}
    for statement in said:
        by_value.setdefault(statement.value, []).append(statement)
    conflicting = by_value if len(by_value) > 1 else {}
    repeated = []
    if len(by_value) == 1:
        only = next(iter(by_value.values()))
        if len({s.doc_id for s in only}) > 1:
            repeated = only
    return FigureReport(subject.subject, conflicting, repeated)
