"""Canned replies and the fixed wording around computed text, kept as data (config/messages.yaml) so
wording changes need no code change. Placeholders in braces are filled by the code that uses them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, model_validator

from assistant.yaml_data import load_yaml

Outcome = Literal["eligible", "not_eligible", "refer_to_human", "need_more_info"]


class _Wording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _every_case_worded(self) -> _Wording:
        """A table keyed by outcome (or by row) must word every key: a gap would fail mid-turn."""
        for name, field in type(self).model_fields.items():
            keys = get_args(next(iter(get_args(field.annotation)), None))  # the Literal of a dict's keys
            missing = set(keys) - set(getattr(self, name)) if keys else set()
            if missing:
                raise ValueError(f"{name} must word {sorted(missing)}")
        return self


class AdviceWording(_Wording):
    """The engine's advice in words (assistant/eligibility/advice_text.py), in chat and in staff drafts."""

    what_would_change: str
    decisive: str
    more_support: str
    products_fit: str
    products_would_fit: str
    at_a_boundary: str
    outcome_after: str  # {outcome}
    also_changes: str  # {checks}
    as_entered: str  # {label} {words}
    other_side: str  # {label} {words}
    other_side_same: str  # {label}
    outcomes: dict[Outcome, str]
    terms: dict[Literal["short_term", "medium_term", "long_term"], str]
    term_unknown: str
    supported: str  # {amount}
    programs: str  # {programs}


class ResultWording(_Wording):
    """What the `explain` stage says around the engine's result (assistant/pipeline/explain.py)."""

    headlines: dict[Outcome, str]
    outcome_words: dict[Outcome, str]
    terms: dict[str, str]
    ask: str
    once_you_know: str  # {facts}
    assumed: str  # {fact} {value} {item}
    so_far: str
    check_your_answers: str
    check_your_answers_then: str
    term: str  # {term}
    supported: str  # {amount}
    programs: str  # {programs}
    handed_off: str
    correct_me: str
    what_changed: str  # {changes}
    compare_rows: dict[Literal["outcome", "term", "supported_amount_usd", "programs"], str]
    unchanged: str
    check_moved: str  # {rule} {before} {after}
    unknown: str
    none: str
    not_given: str
    advice: AdviceWording


class DraftWording(_Wording):
    """The help-desk draft's fixed parts (assistant/staff/drafts.py); staff edit every draft before it goes."""

    greeting: str  # {name}
    default_name: str
    opening: str
    not_covered: str
    deal: str  # {outcome}
    outcomes: dict[Outcome, str]
    term: str  # {term}
    supported: str  # {amount}
    ask: str
    assumed: str  # {fact} {value}
    next_steps: str
    disclaimer: str
    sign_off: str
    advice: AdviceWording


class Messages(_Wording):
    out_of_scope: str
    jailbreak: str
    evasion: str
    misrepresentation: str
    authority: str
    pii_only: str
    pii_notice: str
    handoff: str
    eligibility_note: str
    no_content: str
    unavailable: str
    result: ResultWording
    draft: DraftWording

    @classmethod
    def load(cls, config_dir: Path) -> Messages:
        return cls.model_validate(load_yaml((config_dir / "messages.yaml").read_text()))
