"""DealFacts as they arrive over HTTP: strict types and bounds first, then the engine's own validation.

JSON is stricter than pydantic's lax mode: `false` is not the number 0, `1` is not `true`, and a
number beyond any real deal (or infinite) is refused here, naming the field, instead of flowing into
arithmetic and storage. The published schema carries the same bounds (`facts_schema`).
"""

from __future__ import annotations

import copy
import math
import types
import typing
from typing import Any

from assistant.eligibility.engine import EligibilityEngine, InvalidFacts
from assistant.eligibility.facts import DealFacts
from assistant.intake.extract import MAX_AMOUNT_USD
from assistant.wiring import Services

MAX_NUMBER = MAX_AMOUNT_USD  # a bound for every number a deal states (dollars, months, percentages)
MAX_TEXT = 64


def _kinds(annotation: Any) -> set[type]:
    """The plain types a field accepts (Optional and Literal unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_kinds(arg) for arg in typing.get_args(annotation)))
    if origin is typing.Literal:
        return {type(arg) for arg in typing.get_args(annotation)}
    return {annotation} if isinstance(annotation, type) else set()


def _problem(value: Any, kinds: set[type]) -> str | None:
    if value is None:
        return None
    if bool in kinds:
        return None if isinstance(value, bool) else "must be true or false"
    if float in kinds or int in kinds:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            return f"must be a finite number no larger than {MAX_NUMBER:.0e}"
        return None
    if str in kinds:
        if not isinstance(value, str):
            return "must be a string"
        if len(value) > MAX_TEXT:
            return f"must be at most {MAX_TEXT} characters"
    return None


def parse_facts(engine: EligibilityEngine, raw: Any) -> DealFacts:
    """Strict checks and the engine's validation together, so every bad field is named at once."""
    if not isinstance(raw, dict):
        raise InvalidFacts([{"field": "facts", "message": "must be a JSON object"}])
    errors = []
    for name, field in DealFacts.model_fields.items():
        problem = _problem(raw.get(name), _kinds(field.annotation))
        if problem is not None:
            errors.append({"field": name, "message": problem})
    bad = {e["field"] for e in errors}
    try:
        facts = engine.parse_facts({k: v for k, v in raw.items() if k not in bad})
    except InvalidFacts as exc:
        errors += exc.errors
    if errors:
        raise InvalidFacts(errors)
    return facts


def facts_from(services: Services, raw: dict[str, Any] | None) -> dict[str, Any] | None:
    return parse_facts(services.eligibility, raw).given() if raw is not None else None


def facts_schema() -> dict[str, Any]:
    """DealFacts' JSON schema with the bounds enforced above, for the OpenAPI document."""
    schema = copy.deepcopy(DealFacts.model_json_schema())
    for name, prop in schema.get("properties", {}).items():
        kinds = _kinds(DealFacts.model_fields[name].annotation)
        for option in prop.get("anyOf", [prop]):
            if option.get("type") in ("number", "integer"):
                option.setdefault("maximum", MAX_NUMBER)
            elif option.get("type") == "string" and "enum" not in option and str in kinds:
                option.setdefault("maxLength", MAX_TEXT)
    return schema
