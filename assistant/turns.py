"""The one entry point for a turn: used by the HTTP API, the CLI and the evaluation runner alike.

It loads the conversation's (redacted) history, runs the pipeline, adds suggestions, and stores
the turn. It knows nothing of HTTP.

Turns of one conversation are serialised by the store's conversation lock (held from reading the
history to storing the turn), so two messages sent at once get distinct positions and the second
sees the facts the first gave. A new conversation gets a secret for its owner's browser (only its hash
is stored), returned once on the first response. A turn that could not be answered because a dependency failed is not
stored: it raises DependencyUnavailable (503), naming the dependency, and the user can simply retry.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from typing import Any

from assistant.context import AnswerStatus, ChatResponse, TurnContext
from assistant.conversations.owners import new_secret
from assistant.conversations.store import ConversationStore
from assistant.drafting import TurnWatcher, watching
from assistant.errors import DependencyUnavailable
from assistant.health import Health
from assistant.pipeline.runner import Pipeline
from assistant.staff.cases import CaseStore
from assistant.suggestions import Suggester


class TurnHandler:
    def __init__(
        self,
        pipeline: Pipeline,
        store: ConversationStore,
        suggester: Suggester,
        cases: CaseStore | None = None,
        health: Health | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.store = store
        self.suggester = suggester
        self.cases = cases
        self.health = health or Health()

    def handle(
        self,
        message: str,
        conversation_id: str | None = None,
        facts: dict[str, Any] | None = None,
        watcher: TurnWatcher | None = None,
    ) -> tuple[ChatResponse, TurnContext]:
        """`watcher` (optional) learns the ids before the pipeline runs, then sees an LLM's draft."""
        # A dependency that just failed fails this turn at once, instead of each turn waiting out a timeout.
        self.health.require("database", "disk", "chroma")
        with self.store.turn_lock(conversation_id) if conversation_id else nullcontext():
            history = self.store.history(conversation_id) if conversation_id else []  # UnknownConversation → 404
            turn = TurnContext(question=message, turn_id=str(uuid.uuid4()), history=history, facts=facts)
            new_id = conversation_id or str(uuid.uuid4())
            secret, owner_hash = new_secret() if conversation_id is None else (None, None)
            if watcher is not None:
                watcher.started(new_id, turn.turn_id or "", secret)
            with watching(watcher):
                self.pipeline.run(turn)
            if turn.status is AnswerStatus.error_unavailable:
                raise self.health.blame() or DependencyUnavailable("assistant", "a turn failed unexpectedly")
            turn.conversation_id = new_id
            if not turn.suggestions:
                turn.suggestions = self.suggester.for_turn(turn)
            self.store.add_turn(turn.conversation_id, turn, new=conversation_id is None, owner_hash=owner_hash)
            if turn.status is AnswerStatus.handoff and self.cases is not None:
                self._hand_off(turn)
        response = ChatResponse.from_turn(turn)
        response.conversation_secret = secret
        return response, turn

    def _hand_off(self, turn: TurnContext) -> None:
        """The packet staff need so the user repeats nothing: facts, rule trace, sources, transcript."""
        assert self.cases is not None and turn.conversation_id and turn.turn_id
        conversation = self.store.conversation(turn.conversation_id)
        turns = conversation["turns"]
        latest = lambda key: next((t[key] for t in reversed(turns) if t.get(key)), None)  # noqa: E731
        citations = {(c["doc_id"], c["section"]): c for t in turns for c in t["citations"]}
        eligibility = latest("eligibility")
        reason = (
            "refer_to_human"
            if turn.eligibility is not None and turn.eligibility.outcome == "refer_to_human"
            else "asked_for_person"
        )
        packet = {
            "facts": (latest("intake") or {}).get("facts") or latest("facts"),
            "eligibility": eligibility,
            "citations": list(citations.values()),
            "transcript": [{"question": t["question"], "answer": t["answer"], "status": t["status"]} for t in turns],
        }
        self.cases.open_case(turn.conversation_id, turn.turn_id, reason, packet)
