"""The optional LLM path, with a fake chat model at the LLM boundary (nothing calls a real LLM).

LLM answers must survive citation verification; a failing or slow LLM falls back to extractive.
"""

from __future__ import annotations

import time
from typing import ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.context import AnswerStatus
from assistant.llm import ChatLLM, LLMUnavailable
from assistant.wiring import Services

QUESTION = "What down payment does EXIM require on a medium-term deal?"


class RecordingFake(FakeListChatModel):
    """A fake with behaviour: answers in turn and remembers the prompts it was given."""

    prompts: ClassVar[list[str]] = []

    def _stream(self, messages, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.prompts.append(" ".join(str(m.content) for m in messages))
        return super()._stream(messages, *args, **kwargs)


class Broken(FakeListChatModel):
    def _stream(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        raise ConnectionError("endpoint down")


def services_with(corpus_services: Services, model, timeout: float = 5.0) -> Services:  # type: ignore[no-untyped-def]
    services = Services(
        corpus_services.settings,
        embedder=corpus_services.embedder,
        store=corpus_services.store,
        llm=ChatLLM(model, timeout),
    )
    return services


def test_llm_answer_keeps_supported_sentences_and_drops_the_rest(corpus_services) -> None:
    fake = RecordingFake(
        responses=[
            "On medium-term deals the foreign buyer must make a cash payment of at least 15% of "
            "the net contract price [1]. EXIM also throws in free shipping to every buyer in Antarctica [1]."
        ]
    )
    services = services_with(corpus_services, fake)
    turn = services.turns.handle(QUESTION)[1]
    assert turn.composer == "llm"
    assert "15%" in turn.answer and "Antarctica" not in turn.answer
    assert turn.status is AnswerStatus.partial  # a sentence was dropped
    assert turn.citations and all(c.quote for c in turn.citations)
    assert "[1]" in fake.prompts[-1] and QUESTION in fake.prompts[-1]  # passages and question reach the model


def test_llm_answer_with_no_supported_sentence_falls_back_to_extractive(corpus_services) -> None:
    services = services_with(corpus_services, FakeListChatModel(responses=["Bananas are yellow [1]."]))
    turn = services.turns.handle(QUESTION)[1]
    assert turn.composer == "extractive" and "15%" in turn.answer


def test_failing_llm_falls_back_to_extractive(corpus_services) -> None:
    turn = services_with(corpus_services, Broken(responses=["unused"])).turns.handle(QUESTION)[1]
    assert turn.composer == "extractive" and turn.status is AnswerStatus.answered


def test_slow_llm_times_out_and_falls_back(corpus_services) -> None:
    # The fake writes one character every 0.1 s (6 s in all); the turn must not wait for it (wide margin:
    # this is not a speed test). A server that sends nothing is the provider tests' case (tests/llm).
    slow = FakeListChatModel(responses=["The buyer pays at least 15% of the net contract price [1]."], sleep=0.1)
    services = services_with(corpus_services, slow, timeout=0.3)
    services.warm_up()
    started = time.perf_counter()
    turn = services.turns.handle(QUESTION)[1]
    assert time.perf_counter() - started < 4.0
    assert turn.composer == "extractive"


def test_llm_that_promises_approval_is_overruled_by_the_output_guard(corpus_services) -> None:
    fake = FakeListChatModel(
        responses=[
            "The foreign buyer must make a cash payment of at least 15% of the net contract price [1]. "
            "Your deal will be approved by EXIM [1]."
        ]
    )
    turn = services_with(corpus_services, fake).turns.handle(QUESTION)[1]
    assert "will be approved" not in turn.answer


def test_chat_llm_rejects_empty_answers_and_bad_timeouts() -> None:
    with pytest.raises(ValueError):
        ChatLLM(FakeListChatModel(responses=["x"]), 0)
    with pytest.raises(LLMUnavailable):
        ChatLLM(FakeListChatModel(responses=["   "]), 1).complete("hi")
