"""Column types that remove personal data on the way into the database, whatever code wrote the value.

The pipeline already redacts a question before anything else sees it; these types make the store
itself the last line, so a new route, a new table or a forgotten field cannot store an email, a
card number or an address verbatim. Use `RedactedText` for any free text a customer or staff member
can influence and `RedactedJSON` for any JSON holding such text (every string inside is redacted).
NUL characters, which PostgreSQL cannot store, are dropped here too, and so are numbers JSON cannot
hold (infinity, NaN).
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import JSON, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from assistant.guardrails.pii import redact, redact_repeated

_REMEMBERED_UP_TO = 4000


def redact_value(value: Any) -> Any:
    """A copy of `value` with every string redacted (dict keys are field names and stay)."""
    if isinstance(value, str):
        value = value.replace("\x00", "")
        return (redact_repeated(value) if len(value) <= _REMEMBERED_UP_TO else redact(value)).text
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class RedactedText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else redact_value(value)


class RedactedJSON(TypeDecorator[Any]):
    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else redact_value(value)
