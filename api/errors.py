"""Every error leaves as JSON `{"error": {"code", "message"}}`: a 4xx for bad input, a 503 (with
Retry-After) when a dependency is down or hung; never a stack trace.

HTTP codes are assigned here and only here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.conversations.store import UnknownConversation, UnknownTurn
from assistant.eligibility.engine import InvalidFacts
from assistant.errors import ConversationBusy, DependencyUnavailable, IndexNotReady, InvalidInput
from assistant.staff.cases import CaseConflict, UnknownCase
from assistant.staff.store import AlreadyReviewed, UnknownDraft

log = logging.getLogger(__name__)


def error(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse(status_code=status, content={"error": body})


def _field(loc: tuple[object, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


# The library's own exceptions and the HTTP answer each gets (InvalidFacts has its own handler: details).
_LIBRARY_ERRORS: dict[type[Exception], tuple[int, str]] = {
    InvalidInput: (422, "invalid_message"),
    UnknownConversation: (404, "unknown_conversation"),
    UnknownTurn: (404, "unknown_turn"),
    UnknownDraft: (404, "unknown_draft"),
    IndexNotReady: (503, "index_not_ready"),
    ConversationBusy: (409, "conversation_busy"),
    UnknownCase: (404, "unknown_handoff"),
    CaseConflict: (409, "handoff_conflict"),
    AlreadyReviewed: (409, "already_reviewed"),
}
RETRY_AFTER_SECONDS = 5


def _library_handler(status: int, code: str) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        return error(status, code, str(exc))

    return handle


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error(400, "malformed_json", "The request body is not valid JSON.")
        details = [{"field": _field(tuple(e.get("loc", ()))), "message": str(e.get("msg"))} for e in errors]
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        return error(422, "invalid_request", message, details)

    @app.exception_handler(InvalidFacts)
    async def _facts(_: Request, exc: InvalidFacts) -> JSONResponse:
        return error(422, "invalid_facts", str(exc), exc.errors)

    for exception, (status, code) in _LIBRARY_ERRORS.items():
        app.add_exception_handler(exception, _library_handler(status, code))

    @app.exception_handler(DependencyUnavailable)
    async def _unavailable(_: Request, exc: DependencyUnavailable) -> JSONResponse:
        response = error(
            503,
            f"{exc.dependency}_unavailable",
            # The reason (hosts, driver messages) stays in the log and /readyz, not in a public reply.
            f"The assistant's {exc.dependency} is not available right now; please try again in a few seconds.",
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            413: "payload_too_large",
            429: "rate_limited",
            415: "unsupported_media_type",
            422: "invalid_request",
        }
        response = error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")  # the trace goes to the log, never to the user
        return error(500, "internal_error", "Something went wrong on our side. Please try again.")
