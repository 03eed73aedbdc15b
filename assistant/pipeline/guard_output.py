"""Stage: the last word on every answered turn — no promises, no personal data, notes on lapsed facts.

Source dates belong to the citations list (each citation is dated in words), not to the answer text
(ADR 0001, ADR 0013)."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.guardrails.output import drop_promises, is_eligibility_topic, scrub_personal_data
from assistant.knowledge.notes import KnowledgeNotes
from assistant.messages import Messages

_KIND_NAMES = {
    "email": "an email address",
    "phone": "a phone number",
    "ssn": "a Social Security number",
    "card": "a payment card number",
    "iban": "a bank account number",
}


class GuardOutput:
    name = "guard_output"

    def __init__(self, messages: Messages, knowledge: KnowledgeNotes | None = None) -> None:
        self.messages = messages
        self.knowledge = knowledge  # dates sources in words and notes lapsed or lapsing facts (issue 13)

    def __call__(self, turn: TurnContext) -> None:
        answer, dropped = drop_promises(turn.answer)
        if dropped and turn.status is AnswerStatus.answered:
            turn.status = AnswerStatus.partial
        answer = scrub_personal_data(answer, "\n".join(p.text for p in turn.passages))
        notes: list[str] = []
        if turn.redactions:
            kinds = ", ".join(_KIND_NAMES.get(k, k) for k in turn.redactions)
            notes.append(self.messages.pii_notice.format(kinds=kinds))
        parts = [*notes, answer] if notes else [answer]
        if turn.route in ("eligibility", "deal_question") or is_eligibility_topic(turn.question, turn.query):
            parts.append(self.messages.eligibility_note)
        if turn.citations and self.knowledge is not None:
            turn.citations, time_notes = self.knowledge.annotate(turn.citations)
            parts.extend(time_notes)
        turn.answer = "\n\n".join(p for p in parts if p)
