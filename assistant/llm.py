"""The LLM boundary: any LangChain chat model behind one narrow method.

`openai_compatible(...)` builds langchain-openai's `ChatOpenAI` for any /v1/chat/completions endpoint
(vLLM, Ollama, llama.cpp server, hosted APIs): the base URL, model, key, per-request timeout and
retries (with backoff) are its own. Nothing else in the library knows the provider; tests pass
LangChain's fake chat models, or point `openai_compatible` at a local fake server.

Offline: `ChatOpenAI` would count tokens with tiktoken, which downloads its encodings on first use;
here token counts come from a tokenizer on disk (`count_with`), so nothing ever fetches one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import SecretStr

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.settings import LLMSettings

TextListener = Callable[[str], None]


class LLMUnavailable(AssistantError):
    """The model failed, timed out or answered nothing; callers fall back to the extractive path."""


def openai_compatible(
    base_url: str,
    model: str,
    api_key: SecretStr | None,
    timeout_seconds: float,
    max_retries: int,
    token_ids: Callable[[str], list[int]] | None = None,
) -> BaseChatModel:
    """A chat model for an OpenAI-compatible endpoint; `token_ids` counts tokens without tiktoken."""
    from langchain_openai import ChatOpenAI  # imported only when an LLM is configured

    class OfflineChatOpenAI(ChatOpenAI):
        def get_num_tokens_from_messages(self, messages: Sequence[BaseMessage], *args: Any, **kwargs: Any) -> int:
            return sum(self.get_num_tokens(message.text) for message in messages)

    return OfflineChatOpenAI(
        base_url=base_url,
        model=model,
        # Local servers need no key, but the OpenAI client insists on one.
        api_key=api_key or SecretStr("not-needed"),
        timeout=timeout_seconds,
        max_retries=max_retries,
        temperature=0.0,
        # Given explicitly, so the client never reads OPENAI_* variables: settings are read in one place.
        organization=None,
        openai_proxy=None,
        custom_get_token_ids=token_ids or packaged_token_ids(),
        stream_chunk_timeout=timeout_seconds,
    )


def packaged_token_ids() -> Callable[[str], list[int]]:
    """Token ids from the embedding model's tokenizer, which ships in a package: an estimate of the
    LLM's own count that needs no download."""
    from tokenizers import Tokenizer

    from assistant.index.embedder import packaged_model_dir

    tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return lambda text: tokenizer.encode(text, add_special_tokens=False).ids


def configured_llm(settings: LLMSettings) -> ChatLLM | None:
    """A chat model only when one is configured (LLM_PROVIDER); the extractive path needs none."""
    if settings.provider == "none":
        return None
    if not settings.base_url or not settings.model:
        raise ValueError("LLM_PROVIDER=openai_compatible needs LLM_BASE_URL and LLM_MODEL")
    model = openai_compatible(
        settings.base_url, settings.model, settings.api_key, settings.timeout_seconds, settings.max_retries
    )
    return ChatLLM(model, settings.timeout_seconds)


class ChatLLM:
    """`complete(prompt)` → text, or LLMUnavailable. The text can be watched as it is written.

    Waiting for the answer to start is bounded by the model's own request timeout and retries;
    once it starts, writing it must finish within `timeout_seconds` (checked between tokens).
    """

    def __init__(self, model: BaseChatModel, timeout_seconds: float) -> None:
        if timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {timeout_seconds}")
        self.model = model
        self.timeout_seconds = timeout_seconds

    def complete(self, prompt: str, system: str | None = None, on_text: TextListener | None = None) -> str:
        messages: list[BaseMessage] = [SystemMessage(content=system)] if system else []
        messages.append(HumanMessage(content=prompt))
        parts: list[str] = []
        deadline: float | None = None
        try:
            for chunk in self.model.stream(messages):
                deadline = deadline or time.monotonic() + self.timeout_seconds
                piece = chunk.text
                if piece:
                    parts.append(piece)
                    if on_text is not None:
                        on_text(piece)
                if time.monotonic() > deadline:
                    raise LLMUnavailable(f"the LLM did not finish its answer within {self.timeout_seconds} s")
        except LLMUnavailable:
            raise
        except Exception as exc:
            raise LLMUnavailable(f"the LLM failed: {type(exc).__name__}: {exc}") from exc
        text = "".join(parts)
        if not text.strip():
            raise LLMUnavailable("the LLM returned an empty answer")
        return text

    def count_tokens(self, text: str) -> int:
        return self.model.get_num_tokens(text)
