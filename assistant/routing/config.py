"""The routing tunables (config/routing.yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.yaml_data import load_yaml


class VagueConfig(BaseModel):
    """A message too short to act on ("financing?") gets a clarifying question with choices."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_words: int = Field(gt=0)
    filler: list[str]
    # Words that ask nothing by themselves ("what do", "can u check", "which program is best").
    generic: list[str]
    # A definition asked of a topic ("what is EXIM?", "explain CIRR") is a question, not vague input.
    definition: str
    # Facts a bare topic may state (a place, an item) and still be vague; at most this many words for it.
    topic_facts: list[str]
    # Words that make a named place or item a statement of a deal ("the buyer is in Poland"), not a bare topic.
    statement_words: list[str]
    max_name_words: int = Field(gt=0)
    # Words that point back at something said before ("is it legal"): in a first message they point at nothing.
    pointers: list[str]
    # Nouns for goods on the move ("shipment", "exports"): with an item or a place and nothing else, vague.
    goods_words: list[str]
    max_message_words: int = Field(gt=0)
    # A first message of at most this many words that the classifier reads as vague, at least
    # `intent_vague_long_at` likely, gets choices too (ADR 0125).
    intent_max_words: int = Field(gt=0)
    message: str
    # topic pattern → the choices offered; `default` when no topic matches.
    choices: dict[str, list[str]]
    topics: dict[str, str]


class HandoffConfig(BaseModel):
    """A request for a person: a handoff pattern, or a message this close to the handoff examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    example_at: float = Field(gt=0, le=1)  # cosine to the nearest handoff example
    example_margin: float = Field(ge=0)  # ahead of the nearest example of any other label by this much
    # "Call me if needed. What does EXIM charge?" is a question with an aside: a matched request for a
    # person hands off only when the rest of the message has at most this many words.
    aside_max_words: int = Field(ge=0)


class RoutingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    out_of_scope_margin: float = Field(ge=0)
    corpus_strong: float
    corpus_floor: float
    domain_terms: list[str]
    out_of_scope_patterns: list[str]
    act_patterns: list[str]
    handoff_patterns: list[str]
    handoff: HandoffConfig
    eligibility_patterns: list[str]
    financing_ask_patterns: list[str]
    min_facts_for_financing_ask: int = Field(gt=0)
    # The intent classifier (ADR 0022) may put a message out of scope, or ask what it means, this sure.
    intent_out_of_scope_at: float = Field(gt=0, le=1)
    intent_out_of_scope_sure: float = Field(gt=0, le=1)
    # A task of another field as the classifier's likeliest reading, at least this likely (ADR 0124).
    intent_out_of_scope_top_at: float = Field(gt=0, le=1)
    intent_vague_at: float = Field(gt=0, le=1)
    intent_vague_long_at: float = Field(gt=0, le=1)
    intent_in_domain_at: float = Field(gt=0, le=1)
    intent_deal_at: float = Field(gt=0, le=1)
    min_facts_for_a_likely_deal: int = Field(gt=0)
    min_facts_for_a_described_deal: int = Field(gt=0)
    # A deal fact a question asks *about* ("what down payment does EXIM need?"): answered, not asked back.
    question_topics: dict[str, str]
    vague: VagueConfig
    # Values of one attribute: a follow-up naming one replaces the other in the earlier question.
    follow_up_attributes: dict[str, list[str]]
    examples: dict[str, list[str]]

    @classmethod
    def load(cls, config_dir: Path) -> RoutingConfig:
        return cls.model_validate(load_yaml((config_dir / "routing.yaml").read_text()))
