"""Rule-linked passages: the sections that govern the deal facts a question states.

"We're a Mexican manufacturer… can we get EXIM insurance?" shares no words and little meaning with
the passage that answers it ("the exporter must be a U.S. exporter"); both rankers chase "insurance"
and "Mexican". The eligibility engine, given the facts the intake reads from the question, knows
which rule those facts break or send to a person, and every rule cites the passage it encodes. Those
passages become one more ranking for the fusion. Only checks that fail or refer count: a missing fact
says nothing about the question, and a pass is rarely what the asker needs to hear about.

The engine judges eligibility for EXIM support, so its findings count only when the question names EXIM
or one of its products (`rule_link_cues`). A Korean manufacturer asking how U.S. export rules reach its
boards is not helped by "EXIM supports only U.S. exporters".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.extract import FactExtractor


class RuleLink(NamedTuple):
    doc_id: str
    section: str
    quote: str  # the words of the section the rule encodes


_DECISIVE = ("fail", "refer")


class SectionLinker(Protocol):
    def sections(self, question: str, stated: dict[str, Any] | None = None) -> list[RuleLink]: ...


class RuleLinks:
    def __init__(self, extractor: FactExtractor, engine: EligibilityEngine, financing_cues: Sequence[str]) -> None:
        self.extractor = extractor
        self.engine = engine
        self.financing_cues = [re.compile(p, re.I) for p in financing_cues]

    def sections(self, question: str, stated: dict[str, Any] | None = None) -> list[RuleLink]:
        """Cited sections of the rules the question's stated facts fail or refer, in the engine's order.
        `stated`: the facts the turn already read (read_facts); read here only outside a turn."""
        if not any(cue.search(question) for cue in self.financing_cues):
            return []
        if stated is None:
            stated = self.extractor.extract(question).facts
        if not stated:
            return []
        result = self.engine.check(self.engine.parse_facts(self.engine.accepted(stated)))
        found = [
            RuleLink(c.citation.doc_id, c.citation.section, c.citation.quote)
            for c in result.checks
            if c.result in _DECISIVE
        ]
        return list(dict.fromkeys(found))
