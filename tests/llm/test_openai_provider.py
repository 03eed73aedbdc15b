"""The provider path end to end: `ChatLLM` over langchain-openai's ChatOpenAI, against the fake
OpenAI-compatible server of fake_openai.py (no network). Timeouts, retries, streaming, the key, and token
counting that never reaches for tiktoken's downloads."""

from __future__ import annotations

import time

import pytest
import tiktoken
from fake_openai import FakeOpenAI, Step
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import SecretStr
from tokenizers import Tokenizer

from assistant.index.embedder import packaged_model_dir
from assistant.llm import ChatLLM, LLMUnavailable, openai_compatible


@pytest.fixture(autouse=True)
def _no_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    """tiktoken downloads its encodings on first use: any call to it fails these tests."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tiktoken was asked for an encoding (it would download one)")

    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    monkeypatch.setattr(tiktoken, "encoding_for_model", refuse)


def llm(fake: FakeOpenAI, timeout: float = 5.0, retries: int = 1, key: str | None = "sk-test") -> ChatLLM:
    model = openai_compatible(fake.url, "local-model", SecretStr(key) if key else None, timeout, retries)
    return ChatLLM(model, timeout)


def test_an_answer_streams_through_the_provider_with_model_key_and_prompts(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="The buyer pays at least 15% in cash [1].")]
    pieces: list[str] = []
    text = llm(fake_openai).complete("What cash payment?", system="Cite passages.", on_text=pieces.append)
    assert text == "The buyer pays at least 15% in cash [1]."
    assert len(pieces) == 9 and "".join(pieces) == text  # one piece per word, as the server sent them
    sent = fake_openai.requests[0]
    assert sent["model"] == "local-model" and sent["stream"] is True and sent["temperature"] == 0.0
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["messages"][1]["content"] == "What cash payment?"
    assert fake_openai.headers[0]["authorization"] == "Bearer sk-test"


def test_a_server_without_a_key_is_still_reachable(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="Fine [1].")]
    assert llm(fake_openai, key=None).complete("hi") == "Fine [1]."


def test_a_failed_request_is_retried_once(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(status=500), Step(reply="Second time lucky [1].")]
    assert llm(fake_openai, retries=1).complete("hi") == "Second time lucky [1]."
    assert len(fake_openai.requests) == 2


def test_failures_past_the_retries_are_unavailable(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(status=503), Step(status=503), Step(reply="too late")]
    with pytest.raises(LLMUnavailable, match="503"):
        llm(fake_openai, retries=1).complete("hi")
    assert len(fake_openai.requests) == 2


@pytest.mark.slow  # waits out timeouts by design
def test_a_hung_server_times_out_after_each_attempt(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="late [1].", delay=3.0), Step(reply="late [1].", delay=3.0)]
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="Timeout"):
        llm(fake_openai, timeout=0.4, retries=1).complete("hi")
    elapsed = time.perf_counter() - started
    assert len(fake_openai.requests) == 2  # the timed-out request was retried once
    assert elapsed < 2.9  # two attempts of 0.4 s and a backoff, not the server's 3 s (wide margin: not a speed test)


@pytest.mark.slow  # waits out timeouts by design
def test_a_timeout_then_an_answer_is_the_answer(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="late", delay=3.0), Step(reply="On time [1].")]
    assert llm(fake_openai, timeout=0.4, retries=1).complete("hi") == "On time [1]."


@pytest.mark.slow  # waits out timeouts by design
def test_an_answer_that_takes_too_long_to_write_is_cut_off(fake_openai: FakeOpenAI) -> None:
    slow = " ".join(["word"] * 40)
    fake_openai.script = [Step(reply=slow, piece_delay=0.05)]
    pieces: list[str] = []
    with pytest.raises(LLMUnavailable, match="did not finish"):
        llm(fake_openai, timeout=0.5).complete("hi", on_text=pieces.append)
    assert 0 < len(pieces) < 40


def test_an_empty_answer_is_unavailable(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="   ")]
    with pytest.raises(LLMUnavailable, match="empty"):
        llm(fake_openai).complete("hi")


def test_tokens_are_counted_offline_without_tiktoken() -> None:
    """With a model name tiktoken does not know, ChatOpenAI would fetch cl100k_base; ours reads a packaged file."""
    tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    count = lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)  # noqa: E731
    model = openai_compatible("http://127.0.0.1:9/v1", "any-model-name", None, 1.0, 0)
    question = "Does EXIM finance 3A090.a servers for a buyer in Vietnam?"
    assert model.get_num_tokens(question) == count(question) > 5
    messages = [SystemMessage(content="Be brief."), HumanMessage(content=question)]
    assert model.get_num_tokens_from_messages(messages) == count("Be brief.") + count(question)
    assert ChatLLM(model, 1.0).count_tokens(question) == count(question)


def test_the_client_reads_no_provider_variables_from_the_environment(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://192.0.2.1/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-environment")
    fake_openai.script = [Step(reply="Settings win [1].")]
    assert llm(fake_openai, key="sk-test").complete("hi") == "Settings win [1]."
    assert fake_openai.headers[0]["authorization"] == "Bearer sk-test"
    assert fake_openai.requests[0]["model"] == "local-model"
