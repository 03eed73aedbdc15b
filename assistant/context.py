"""The models a turn carries: statuses, the turn context and the chat response.

What a turn cites and retrieves (`Citation`, `Passage`) lives in assistant/sources.py."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.eligibility.models import EligibilityResult
from assistant.intake.extract import Extraction
from assistant.intake.state import IntakeState
from assistant.sources import Citation, Passage


class AnswerStatus(StrEnum):
    """Closed set of turn outcomes; the UI, evals and logs branch on these, never on text."""

    answered = "answered"
    partial = "partial"
    clarification = "clarification"
    need_more_info = "need_more_info"
    eligibility_result = "eligibility_result"
    unanswerable_no_content = "unanswerable_no_content"
    out_of_scope = "out_of_scope"
    handoff = "handoff"
    guardrail_jailbreak = "guardrail_jailbreak"
    guardrail_pii = "guardrail_pii"
    error_unavailable = "error_unavailable"


class StageTiming(BaseModel):
    stage: str
    ms: float


class PriorTurn(BaseModel):
    """What a later turn needs to know of an earlier one (already redacted)."""

    question: str
    standalone_question: str | None = None
    status: AnswerStatus | None = None
    cited_doc_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] | None = None
    intake: IntakeState | None = None


# The branches of ADR 0001: `route` picks one; `clarify`, `out_of_scope` and `handoff` end the turn in `route`.
Route = Literal["question", "eligibility", "deal_question", "clarify", "out_of_scope", "handoff"]


class TurnContext(BaseModel):
    """One turn flowing through the pipeline stages; a stage may end the turn by setting `aborted`."""

    question: str
    conversation_id: str | None = None
    turn_id: str | None = None
    history: list[PriorTurn] = Field(default_factory=list)
    facts: dict[str, Any] | None = None
    # Eligibility intake state carried between turns: facts so far, proposed assumptions, stage.
    intake: IntakeState | None = None
    redactions: list[str] = Field(default_factory=list)
    route: Route | None = None
    notices: list[str] = Field(default_factory=list)
    standalone_question: str | None = None
    passages: list[Passage] = Field(default_factory=list)
    status: AnswerStatus | None = None
    answer: str = ""
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    eligibility: EligibilityResult | None = None
    missing_facts: list[str] = Field(default_factory=list)
    timings: list[StageTiming] = Field(default_factory=list)
    aborted: bool = False
    # The question's embedding, shared by retrieval and the composer; never serialised.
    query_vector: Any = Field(default=None, exclude=True, repr=False)
    # The message's own embedding (before condensing), for the intent classifier.
    message_vector: Any = Field(default=None, exclude=True, repr=False)
    # The deal facts this message states, read once by `read_facts` (an intake `Extraction`).
    stated: Extraction | None = Field(default=None, exclude=True, repr=False)
    # Deal facts the user asked *about* in a mixed turn: answered by the sources, not asked back.
    asked_about: list[str] = Field(default_factory=list, exclude=True, repr=False)
    # The intent classifier's probabilities for this message (guard_injection), reused by `route`.
    intent: dict[str, float] | None = Field(default=None, exclude=True, repr=False)
    # deal_question: the answer to the questions, composed on a copy of the turn, waiting for `merge`.
    question_part: Any = Field(default=None, exclude=True, repr=False)
    # Which passage each citation number points at (ref → chunk id), for citation checks.
    cited_chunks: dict[int, str] = Field(default_factory=dict, exclude=True, repr=False)
    composer: str | None = None

    @property
    def query(self) -> str:
        return self.standalone_question or self.question

    def abort(self, status: AnswerStatus, message: str) -> None:
        self.status = status
        self.answer = message
        self.aborted = True


class ChatResponse(BaseModel):
    """The response object of the HTTP contract (ARCHITECTURE §6)."""

    conversation_id: str | None
    turn_id: str | None
    status: AnswerStatus
    answer: str
    citations: list[Citation]
    eligibility: dict[str, Any] | None = None
    missing_facts: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    # Not part of the response body (ARCHITECTURE §6 is exact): the HTTP layer sends it once, in the
    # X-Conversation-Secret response header of a new conversation's first turn and in the stream's `meta`.
    conversation_secret: str | None = Field(None, exclude=True)

    @classmethod
    def from_turn(cls, turn: TurnContext) -> ChatResponse:
        assert turn.status is not None, "a finished turn always has a status"
        return cls(
            conversation_id=turn.conversation_id,
            turn_id=turn.turn_id,
            status=turn.status,
            answer=turn.answer,
            citations=turn.citations,
            # The contract's JSON form (ARCHITECTURE §7), exactly as the engine's result dumps it.
            eligibility=turn.eligibility.model_dump(mode="json") if turn.eligibility is not None else None,
            missing_facts=turn.missing_facts,
            suggestions=turn.suggestions,
        )
