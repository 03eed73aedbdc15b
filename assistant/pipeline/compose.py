"""Stage: turn passages into a cited answer, or say plainly that the sources do not cover it.

The LLM composer, when configured, drafts first; if it fails, times out or cites nothing, the
extractive composer answers instead, so an answer never depends on the LLM being up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.llm_composer import LLMComposer
from assistant.context import AnswerStatus, TurnContext
from assistant.llm import LLMUnavailable
from assistant.sources import Citation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskBack:
    """A brief first message the sources hold nothing for ("is this allowed", "whats the limit", "what
    about the form") asks about something it never names: ask what it is about, with choices, rather than
    say nothing was found (ADR 0106). Not for a later turn (it has a subject in the history), not for a
    part the abstainer declined (that answer says what the sources lack and who knows)."""

    message: str
    choices: list[str]
    max_words: int

    def applies(self, turn: TurnContext) -> bool:
        return not turn.history and len(turn.question.split()) <= self.max_words

    def ask(self, turn: TurnContext) -> None:
        turn.suggestions = list(self.choices)
        turn.abort(AnswerStatus.clarification, self.message)


class Compose:
    name = "compose"

    def __init__(
        self, extractive: ExtractiveComposer, llm: LLMComposer | None = None, ask_back: AskBack | None = None
    ) -> None:
        self.extractive = extractive
        self.llm = llm
        self.ask_back = ask_back

    def __call__(self, turn: TurnContext) -> None:
        if not turn.passages or turn.query_vector is None:
            _nothing_found(turn, self.extractive.no_content, self.ask_back)
            return
        if self.llm is not None:
            try:
                self._draft(turn, self.llm)
                return
            except LLMUnavailable:
                log.warning("LLM composer unavailable; answering extractively", exc_info=True)
        compose_extractively(self.extractive, turn, self.ask_back)

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


def compose_extractively(composer: ExtractiveComposer, turn: TurnContext, ask_back: AskBack | None = None) -> None:
    result = composer.compose(turn.query, turn.query_vector, turn.passages)
    if result.status is AnswerStatus.unanswerable_no_content:
        # A declined part is answered with what the sources lack and who knows, never asked back.
        _nothing_found(turn, result.answer, None if result.gaps else ask_back)
        return
    turn.status, turn.answer, turn.citations = result.status, result.answer, result.citations
    turn.cited_chunks, turn.composer = result.cited_chunks, "extractive"


def _nothing_found(turn: TurnContext, message: str, ask_back: AskBack | None) -> None:
    """The sources hold nothing close: ask a brief first message what it is about, else say so."""
    if ask_back is not None and ask_back.applies(turn):
        ask_back.ask(turn)
    else:
        turn.abort(AnswerStatus.unanswerable_no_content, message)
