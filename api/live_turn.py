"""A turn answered in a worker thread whose events (ids, LLM draft, the final response) reach the event
loop as they happen, for POST /api/chat/stream."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from assistant.context import ChatResponse
from assistant.errors import DependencyUnavailable

log = logging.getLogger(__name__)
Event = tuple[str, object]


def pieces(text: str, words: int = 4) -> list[str]:
    """An answer already written, sent a few words at a time (the extractive path has no draft)."""
    tokens = text.split(" ")
    return [
        " ".join(tokens[i : i + words]) + (" " if i + words < len(tokens) else "") for i in range(0, len(tokens), words)
    ]


class LiveTurn:
    """A `TurnWatcher` for the turn handler; its calls come from the worker thread."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._events: asyncio.Queue[Event] = asyncio.Queue()
        self._drafting = asyncio.Event()
        self._task: asyncio.Task[ChatResponse] | None = None

    def started(self, conversation_id: str, turn_id: str, conversation_secret: str | None) -> None:
        meta = {"conversation_id": conversation_id, "turn_id": turn_id}
        if conversation_secret:  # a new conversation: its owner sends this back to continue it
            meta["conversation_secret"] = conversation_secret
        self._put(("meta", meta))

    def draft(self, text: str) -> None:
        self._put(("delta", {"text": text}))
        self._loop.call_soon_threadsafe(self._drafting.set)

    def _put(self, event: Event) -> None:
        self._loop.call_soon_threadsafe(self._events.put_nowait, event)

    async def begin(self, answer: Callable[[LiveTurn], Awaitable[ChatResponse]]) -> None:
        """Start the turn; return once its draft begins or the turn ends. A turn that fails before any
        text was sent raises here, so bad input still gets its plain 4xx (or 503) JSON error."""
        self._task = task = asyncio.ensure_future(answer(self))
        drafting = asyncio.ensure_future(self._drafting.wait())
        await asyncio.wait({task, drafting}, return_when=asyncio.FIRST_COMPLETED)
        drafting.cancel()
        if task.done():
            task.result()

    async def events(self) -> AsyncIterator[Event]:
        """meta, delta… and final; `error` instead of final when the turn fails after its draft began."""
        assert self._task is not None, "begin() first"
        drafted = False
        while not self._task.done():
            waiting = asyncio.ensure_future(self._events.get())
            await asyncio.wait({waiting, self._task}, return_when=asyncio.FIRST_COMPLETED)
            if waiting.done():
                drafted |= waiting.result()[0] == "delta"
                yield waiting.result()
            else:
                waiting.cancel()
        while not self._events.empty():  # everything the worker sent before it returned
            event = self._events.get_nowait()
            drafted |= event[0] == "delta"
            yield event
        try:
            response = self._task.result()
        except DependencyUnavailable as exc:
            yield "error", {"error": {"code": f"{exc.dependency}_unavailable", "message": "Please try again."}}
            return
        except Exception:
            log.exception("a streamed turn failed after its draft began")
            yield "error", {"error": {"code": "internal_error", "message": "Something went wrong. Please try again."}}
            return
        if not drafted:
            for piece in pieces(response.answer):
                yield "delta", {"text": piece}
        yield "final", response.model_dump(mode="json")
