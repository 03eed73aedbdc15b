"""Stage: question, eligibility, out of scope or hand-off, decided deterministically.

Patterns and labelled examples are data (config/routing.yaml); the corpus itself is the last
word on scope: a message close to some passage is in scope whatever the examples say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.classify import ExampleClassifier, top_margin
from assistant.context import AnswerStatus, TurnContext
from assistant.guardrails.text import folded
from assistant.index.embedder import Embedder, Vectors
from assistant.messages import Messages
from assistant.retrieval.retriever import HybridRetriever


class RoutingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    out_of_scope_margin: float = Field(ge=0)
    corpus_strong: float
    corpus_floor: float
    domain_terms: list[str]
    out_of_scope_patterns: list[str]
    handoff_patterns: list[str]
    eligibility_patterns: list[str]
    financing_ask_patterns: list[str]
    min_facts_for_financing_ask: int = Field(gt=0)
    examples: dict[str, list[str]]

    @classmethod
    def load(cls, config_dir: Path) -> RoutingConfig:
        return cls.model_validate(yaml.safe_load((config_dir / "routing.yaml").read_text()))


class Router:
    """The decision itself, separate from the stage so evaluations and tests can call it directly."""

    def __init__(
        self,
        config: RoutingConfig,
        embedder: Embedder,
        retriever: HybridRetriever,
        fact_count: Callable[[str], int] | None = None,
    ) -> None:
        self.config = config
        self.retriever = retriever
        self._examples = ExampleClassifier(config.examples, embedder)
        compile_all = lambda ps: [re.compile(p, re.IGNORECASE) for p in ps]  # noqa: E731
        self._domain = compile_all(config.domain_terms)
        self._out_of_scope = compile_all(config.out_of_scope_patterns)
        self._handoff = compile_all(config.handoff_patterns)
        self._eligibility = compile_all(config.eligibility_patterns)
        self._financing_ask = compile_all(config.financing_ask_patterns)
        self._fact_count = fact_count

    def warm_up(self) -> None:
        self._examples.warm_up()

    def route(self, text: str, vector: Vectors, intake_open: bool = False, follow_up: bool = False) -> str:
        """`follow_up`: the message continues an in-scope conversation, so only an empty corpus
        match can put it out of scope (its words alone often look like small talk)."""
        norm = folded(text)
        best = self._examples.best_by_label(vector)
        if self._asks_for_a_person(norm, best):
            return "handoff"
        if intake_open or any(p.search(norm) for p in self._eligibility) or self._deal_with_a_financing_ask(text):
            return "eligibility"
        if any(p.search(norm) for p in self._out_of_scope):
            return "out_of_scope"
        if any(p.search(norm) for p in self._domain):
            return "question"
        corpus = self.retriever.best_similarity(vector)
        if corpus < self.config.corpus_floor:
            return "out_of_scope"
        oos_margin = best.get("out_of_scope", -1) - max(best.get("in_scope", -1), best.get("eligibility", -1))
        if not follow_up and oos_margin >= self.config.out_of_scope_margin and corpus < self.config.corpus_strong:
            return "out_of_scope"
        return "question"

    def _deal_with_a_financing_ask(self, text: str) -> bool:
        """ "Can EXIM finance our $2M sale of H100 servers to Vietnam?" states a deal: check it."""
        if self._fact_count is None or not any(p.search(folded(text)) for p in self._financing_ask):
            return False
        return self._fact_count(text) >= self.config.min_facts_for_financing_ask

    def _asks_for_a_person(self, norm: str, best: dict[str, float]) -> bool:
        """A request for a person, unless it is an aside to a real question ("call me if needed. …?")."""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", norm) if s.strip()]
        asking = [s for s in sentences if any(p.search(s) for p in self._handoff)]
        if not asking:
            return best.get("handoff", -1) >= 0.75 and top_margin(best, "handoff") >= 0.05
        rest = " ".join(s for s in sentences if s not in asking)
        return len(rest.split()) < 6


class Route:
    name = "route"

    def __init__(self, router: Router, messages: Messages, eligibility_enabled: bool = True) -> None:
        self.router = router
        self.messages = messages
        self.eligibility_enabled = eligibility_enabled

    def __call__(self, turn: TurnContext) -> None:
        if turn.facts is not None and self.eligibility_enabled:
            turn.route = "eligibility"
            return
        last = turn.history[-1] if turn.history else None
        intake_open = bool(last and last.intake and last.intake.get("stage") in ("collecting", "confirming"))
        route = self.router.route(
            turn.question,
            turn.query_vector,
            intake_open=intake_open,
            follow_up=turn.standalone_question is not None,
        )
        if route == "eligibility" and not self.eligibility_enabled:
            route = "question"
        turn.route = route  # type: ignore[assignment]
        if route == "out_of_scope":
            turn.abort(AnswerStatus.out_of_scope, self.messages.out_of_scope)
        elif route == "handoff":
            turn.abort(AnswerStatus.handoff, self.messages.handoff)
