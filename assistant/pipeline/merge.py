"""The deal_question branch's own stages (ADR 0001, 0021): answer the questions of a mixed turn, then
merge that answer with the deal part.

The questions are answered on a copy of the turn, so an answer the sources cannot give (which ends a
question turn) does not end the eligibility check. The copy asks the message's questions with the deal's
item and buyer's country as their context, not the whole message: "$2M of networking gear to Kenya over
4 years, 15% down. How much can EXIM finance?" otherwise retrieves passages for the figures it states
(an unrelated "15%") instead of the answer to what it asks. `merge` puts the answer first and the deal part
second, renumbering citations into one list; the turn keeps the eligibility path's status.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.context import AnswerStatus, TurnContext
from assistant.eligibility.countries import CountryTable
from assistant.messages import Messages
from assistant.pipeline.runner import Pipeline, Stage
from assistant.routing.asks import question_sentences, sentences
from assistant.sources import Citation

_MARKER = re.compile(r"\[(\d+)\]")


class AnswerQuestions:
    name = "answer_questions"

    def __init__(self, stages: Sequence[Stage], messages: Messages, countries: CountryTable | None = None) -> None:
        self.pipeline = Pipeline(stages, unavailable=messages.unavailable)
        self.countries = countries

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.pipeline.prelude]

    def __call__(self, turn: TurnContext) -> None:
        update: dict[str, Any] = {
            "route": "question",
            "status": None,
            "answer": "",
            "citations": [],
            "aborted": False,
            "timings": [],
        }
        focused = questions_in_context(turn, self.countries)
        if focused:
            update |= {"standalone_question": focused, "query_vector": None}  # retrieve embeds the focused query
        part = turn.model_copy(update=update)
        self.pipeline.run(part)
        turn.timings.extend(part.timings)
        if part.status is AnswerStatus.error_unavailable:
            turn.abort(part.status, part.answer)
            return
        turn.question_part = part


class Merge:
    name = "merge"

    def __call__(self, turn: TurnContext) -> None:
        part: TurnContext | None = turn.question_part
        if part is None or not part.answer:
            return
        citations = list(part.citations)
        refs: dict[int, int] = {}
        for citation in turn.citations:
            same = next((c for c in citations if (c.doc_id, c.section, c.quote) == _key(citation)), None)
            if same is None:
                same = citation.model_copy(update={"ref": len(citations) + 1})
                citations.append(same)
            refs[citation.ref] = same.ref
        deal = _MARKER.sub(lambda m: f"[{refs.get(int(m.group(1)), int(m.group(1)))}]", turn.answer)
        turn.answer = "\n\n".join(p for p in (part.answer, deal) if p)
        turn.citations = citations
        turn.cited_chunks = part.cited_chunks
        turn.passages = part.passages
        turn.composer = part.composer


def questions_in_context(turn: TurnContext, countries: CountryTable | None = None) -> str | None:
    """The message's questions, followed by what they are about (the item and the buyer's country, as
    stated); None when the message asks nothing a sentence can be found for."""
    questions = question_sentences(turn.question)
    if not questions:
        return None
    questions = [*_what_it_points_at(turn.question, questions[0]), *questions]
    facts = getattr(turn.stated, "facts", None) or {}
    about = [_ITEM_WORDS.get(str(facts.get("item")), "") if facts.get("item") else ""]
    country = facts.get("buyer_country")
    if country and countries is not None and countries.is_valid(country):
        about.append(f"a buyer in {countries.get(country).name}")
    context = " for ".join(a for a in about if a)
    return " ".join(questions) + (f" ({context})" if context else "")


_POINTER = re.compile(r"\b(that|this|these|those|it|such)\b", re.I)


def _what_it_points_at(message: str, first_question: str) -> list[str]:
    """The sentence before the first question, when the question points back at it ("Someone told me EXIM
    sets aside a share for AI exports. What share is that goal?") and it states no figure (a sentence with a
    figure states the deal, whose numbers would pull unrelated passages)."""
    at = message.find(first_question)
    before = message[:at].strip() if at > 0 else ""
    if not before or not _POINTER.search(first_question):
        return []
    last = sentences(before)[-1]
    return [] if any(ch.isdigit() for ch in last) or last in question_sentences(before) else [last]


_ITEM_WORDS = {
    "ai_chips": "AI chips",
    "ai_servers": "AI servers",
    "networking": "networking equipment",
    "data_center_equipment": "data centre equipment",
    "ai_software": "AI software",
    "cloud_services": "cloud services",
}


def _key(citation: Citation) -> tuple[str, str, str]:
    return citation.doc_id, citation.section, citation.quote
