"""The LLM boundary: any LangChain chat model behind one narrow method, with a time limit.

Nothing in the library depends on a particular provider. `OpenAICompatibleChat` speaks the
/v1/chat/completions protocol of vLLM, Ollama, llama.cpp servers and hosted APIs with httpx, so
no provider SDK is needed; tests pass LangChain's FakeListChatModel instead.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any

import httpx
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, SecretStr

from assistant.errors import AssistantError


class LLMUnavailable(AssistantError):
    """The model failed, timed out or answered nothing; callers fall back to the extractive path."""


class OpenAICompatibleChat(BaseChatModel):
    base_url: str
    model: str
    api_key: SecretStr | None = None
    timeout: float = 20.0
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)

    @property
    def _llm_type(self) -> str:
        return "openai-compatible"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        payload: dict[str, Any] = {
            "model": self.model,
            "temperature": self.temperature,
            "messages": [{"role": roles.get(m.type, "user"), "content": m.content} for m in messages],
        }
        if stop:
            payload["stop"] = stop
        headers = {"Authorization": f"Bearer {self.api_key.get_secret_value()}"} if self.api_key else {}
        response = httpx.post(
            self.base_url.rstrip("/") + "/chat/completions",
            json=payload,
            headers=headers,
            timeout=self.timeout,
        )
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


class ChatLLM:
    """`complete(prompt)` → text, or LLMUnavailable within `timeout_seconds`."""

    def __init__(self, model: BaseChatModel, timeout_seconds: float) -> None:
        if timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {timeout_seconds}")
        self.model = model
        self.timeout_seconds = timeout_seconds
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")

    def complete(self, prompt: str, system: str | None = None) -> str:
        messages: list[BaseMessage] = [SystemMessage(content=system)] if system else []
        messages.append(HumanMessage(content=prompt))
        future = self._pool.submit(self.model.invoke, messages)
        try:
            reply = future.result(timeout=self.timeout_seconds)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise LLMUnavailable(f"the LLM did not answer within {self.timeout_seconds} s") from exc
        except Exception as exc:
            raise LLMUnavailable(f"the LLM failed: {exc}") from exc
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if not text.strip():
            raise LLMUnavailable("the LLM returned an empty answer")
        return text
