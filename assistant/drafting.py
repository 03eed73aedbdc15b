"""Watching a turn as it is answered (for /api/chat/stream): its ids first, then the LLM's draft.

The caller of a turn may pass a `TurnWatcher`; the turn handler tells it the ids (and a new
conversation's owner secret) before the pipeline runs, and makes it the current watcher for the
length of the turn. The LLM composer passes the model's text on as it arrives, through a
`SentenceGate`: whole sentences only, and none that the output guard would drop (a promise of
approval), with personal data scrubbed. The draft is provisional: the turn's final answer, with its
citations verified and the output guard applied, replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from assistant.corpus.sentences import split_sentences
from assistant.guardrails.output import drop_promises, scrub_personal_data


class TurnWatcher(Protocol):
    def started(self, conversation_id: str, turn_id: str, conversation_secret: str | None) -> None: ...

    def draft(self, text: str) -> None: ...


_current: ContextVar[TurnWatcher | None] = ContextVar("turn_watcher", default=None)


@contextmanager
def watching(watcher: TurnWatcher | None) -> Iterator[None]:
    token = _current.set(watcher)
    try:
        yield
    finally:
        _current.reset(token)


class SentenceGate:
    """Collects streamed text; passes on each finished sentence the output guard would keep."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._pending = ""

    def __call__(self, piece: str) -> None:
        self._pending += piece
        sentences = split_sentences(self._pending)
        if len(sentences) > 1:  # every sentence but the last is finished
            for sentence in sentences[:-1]:
                self._pass(sentence)
            last, written = sentences[-1], self._pending.rstrip()
            at = written.rfind(last)  # keep the unfinished sentence as written, spaces included
            self._pending = self._pending[at:] if at >= 0 else last + self._pending[len(written) :]

    def close(self) -> None:
        if self._pending.strip():
            self._pass(self._pending)
        self._pending = ""

    def _pass(self, sentence: str) -> None:
        kept, _ = drop_promises(sentence.strip())
        if kept:
            self._emit(scrub_personal_data(kept) + " ")


def draft_gate() -> SentenceGate | None:
    """A gate to the current turn's watcher, or None when nobody is watching."""
    watcher = _current.get()
    return SentenceGate(watcher.draft) if watcher is not None else None
