"""The error statuses each kind of route can answer, for the OpenAPI document (every status a route
returns is listed; schemathesis checks it in `make test`)."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorResponse

Responses = dict[int | str, dict[str, Any]]


def errors(*statuses: int) -> Responses:
    descriptions = {
        400: "The body is not valid JSON.",
        401: "A valid staff token is required.",
        404: "No such conversation, turn, draft or hand-off (a conversation without its secret is not found).",
        409: "A conflict with the current state: an earlier message of this conversation is still being "
        "answered, the draft was already reviewed, or the hand-off is resolved or does not exist yet.",
        413: "The body is larger than 64 KiB.",
        422: "A field is missing, malformed or out of bounds; each bad field is named.",
        429: "Too many requests from this client; see Retry-After.",
        503: "A dependency (database, Chroma, disk, index) is unavailable; see Retry-After and /readyz.",
    }
    return {status: {"model": ErrorResponse, "description": descriptions[status]} for status in statuses}


def json_errors(*statuses: int) -> Responses:
    """The same, for a route whose own responses are not JSON (an event stream): errors still are."""
    schema = {"$ref": "#/components/schemas/ErrorResponse"}
    return {
        status: {"description": spec["description"], "content": {"application/json": {"schema": schema}}}
        for status, spec in errors(*statuses).items()
    }


# A JSON body can be malformed (400), too large (413) or invalid (422).
BODY = (400, 413, 422)
