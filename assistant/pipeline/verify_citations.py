"""Stage: keep only what the cited passages support.

Extractive answers are quotations, so this is a consistency check. LLM answers are checked
sentence by sentence; unsupported sentences are dropped, and if nothing survives the extractive
composer answers instead.
"""

from __future__ import annotations

import logging

from assistant.answer.citations import CitationVerifier, check_extractive
from assistant.answer.extractive import ExtractiveComposer
from assistant.context import AnswerStatus, TurnContext
from assistant.pipeline.compose import compose_extractively

log = logging.getLogger(__name__)


class VerifyCitations:
    name = "verify_citations"

    def __init__(self, verifier: CitationVerifier, fallback: ExtractiveComposer) -> None:
        self.verifier = verifier
        self.fallback = fallback

    def __call__(self, turn: TurnContext) -> None:
        if turn.composer == "extractive":
            problems = check_extractive(turn.answer, turn.citations)
            if problems:
                raise AssertionError(f"extractive answer failed its own citation check: {problems}")
            return
        verified = self.verifier.verify(turn.answer, turn.citations, turn.cited_chunks)
        if not verified.citations:
            log.warning("no sentence of the LLM answer was supported; answering extractively")
            compose_extractively(self.fallback, turn)
            return
        turn.answer, turn.citations, turn.cited_chunks = (
            verified.answer,
            verified.citations,
            verified.cited_chunks,
        )
        if verified.dropped:
            turn.status = AnswerStatus.partial
