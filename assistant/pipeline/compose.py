"""Stage: turn passages into a cited answer, or say plainly that the sources do not cover it.

The LLM composer, when configured, drafts first; if it fails, times out or cites nothing, the
extractive composer answers instead, so an answer never depends on the LLM being up.
"""

from __future__ import annotations

import logging

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.llm_composer import LLMComposer
from assistant.context import AnswerStatus, TurnContext
from assistant.llm import LLMUnavailable
from assistant.sources import Citation

log = logging.getLogger(__name__)


class Compose:
    name = "compose"

    def __init__(self, extractive: ExtractiveComposer, llm: LLMComposer | None = None) -> None:
        self.extractive = extractive
        self.llm = llm

    def __call__(self, turn: TurnContext) -> None:
        if not turn.passages or turn.query_vector is None:
            turn.abort(AnswerStatus.unanswerable_no_content, self.extractive.no_content)
            return
        if self.llm is not None:
            try:
                self._draft(turn, self.llm)
                return
            except LLMUnavailable:
                log.warning("LLM composer unavailable; answering extractively", exc_info=True)
        compose_extractively(self.extractive, turn)

    @staticmethod
    def _draft(turn: TurnContext, llm: LLMComposer) -> None:
        draft, numbered = llm.compose(turn.query, turn.passages)
        turn.answer = draft
        turn.citations = [
            Citation(ref=n, doc_id=p.doc_id, section=p.section, title=p.title, url=p.url, as_of=p.as_of, quote="")
            for n, p in numbered.items()
        ]
        turn.cited_chunks = {n: p.chunk_id for n, p in numbered.items()}
        turn.status, turn.composer = AnswerStatus.answered, "llm"


def compose_extractively(composer: ExtractiveComposer, turn: TurnContext) -> None:
    result = composer.compose(turn.query, turn.query_vector, turn.passages)
    if result.status is AnswerStatus.unanswerable_no_content:
        turn.abort(result.status, result.answer)
        return
    turn.status, turn.answer, turn.citations = result.status, result.answer, result.citations
    turn.cited_chunks, turn.composer = result.cited_chunks, "extractive"
