"""POST /api/chat/stream with an LLM configured: the real app served by uvicorn, the provider path
(langchain-openai over HTTP) pointed at the fake OpenAI-compatible server. The draft reaches the client
as the model writes it, a guarded sentence at a time; `final` carries the verified answer."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fake_openai import FakeOpenAI, Step

from api.app import create_app
from assistant.settings import LLMSettings
from assistant.wiring import Services

QUESTION = "What down payment does EXIM require on a medium-term deal?"
PROMISE = "Your deal will be approved by EXIM [1]."


def first_sentence(payload: dict[str, Any], n: int) -> str:
    """The first sentence of passage [n] of the prompt, cited: what a faithful model would write."""
    prompt = payload["messages"][-1]["content"]
    body = prompt.split(f"[{n}] ", 1)[1].split("\n", 1)[1]
    return re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0].rstrip(".") + f" [{n}]."


def quoting_first_passage(payload: dict[str, Any]) -> str:
    """A model that quotes passage [1], then promises approval (which must go)."""
    return f"{first_sentence(payload, 1)} {PROMISE}"


def quoting_two_passages(payload: dict[str, Any]) -> str:
    """Passage [1], the promise, then passage [2]: the draft must show 1 and 2 and never the promise."""
    return f"{first_sentence(payload, 1)} {PROMISE} {first_sentence(payload, 2)}"


@pytest.fixture
def llm_server(request: pytest.FixtureRequest, corpus_services: Services, fake_openai: FakeOpenAI) -> Iterator[str]:
    """The app with LLM_TIMEOUT_SECONDS from the test's `timeout` marker (default 2 s) and one retry."""
    marker = request.node.get_closest_marker("llm_timeout")
    llm = LLMSettings(
        provider="openai_compatible",
        base_url=fake_openai.url,
        model="local-model",
        api_key=None,
        timeout_seconds=marker.args[0] if marker else 2.0,
        max_retries=1,
    )
    settings = corpus_services.settings.model_copy(update={"llm": llm})
    services = Services(settings, embedder=corpus_services.embedder, store=corpus_services.store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the API server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def stream(base_url: str, message: str) -> list[tuple[str, dict[str, Any], float]]:
    """(event, data, time.perf_counter() on arrival) for every event, parsed as the chat page parses them."""
    events, buffer = [], ""
    with (
        httpx.Client(timeout=30) as client,
        client.stream("POST", f"{base_url}/api/chat/stream", json={"message": message}) as reply,
    ):
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream")
        for text in reply.iter_text():
            buffer += text
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                name = re.search(r"^event: (.*)$", block, re.M)
                data = re.search(r"^data: (.*)$", block, re.M)
                if name and data:
                    events.append((name.group(1), json.loads(data.group(1)), time.perf_counter()))
    return events


@pytest.mark.llm_timeout(5.0)
def test_the_llm_draft_streams_as_it_is_written_and_final_holds_the_verified_answer(
    llm_server: str, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script = [Step(reply=quoting_two_passages, piece_delay=0.04)]
    events = stream(llm_server, QUESTION)
    names = [name for name, _, _ in events]
    assert names[0] == "meta" and names[-1] == "final" and set(names[1:-1]) == {"delta"}
    final = events[-1][1]
    assert final["turn_id"] == events[0][1]["turn_id"]
    assert final["conversation_id"] == events[0][1]["conversation_id"]
    sent = fake_openai.requests[0]
    assert sent["stream"] is True and QUESTION in sent["messages"][-1]["content"]
    deltas = [data["text"] for name, data, _ in events if name == "delta"]
    # The model's own sentences, whole, as it wrote them, without the promise of approval:
    assert deltas == [first_sentence(sent, 1) + " ", first_sentence(sent, 2) + " "]
    assert "approved" not in final["answer"]
    assert first_sentence(sent, 1)[:40] in final["answer"] and final["citations"]
    # The first sentence reached the client while the model was still writing (same clock, same process):
    first_delta = next(at for name, _, at in events if name == "delta")
    assert first_delta < fake_openai.finished[0]


def test_a_failed_llm_request_is_retried_within_the_turn(llm_server: str, fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(status=500), Step(reply=quoting_first_passage)]
    events = stream(llm_server, QUESTION)
    assert len(fake_openai.requests) == 2
    draft = "".join(data["text"] for name, data, _ in events if name == "delta")
    assert draft.strip() == quoting_first_passage(fake_openai.requests[1]).replace(f" {PROMISE}", "")


@pytest.mark.llm_timeout(0.5)
def test_a_hung_llm_times_out_and_the_extractive_answer_is_streamed(llm_server: str, fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Step(reply="never sent", delay=4.0), Step(reply="never sent", delay=4.0)]
    started = time.perf_counter()
    events = stream(llm_server, QUESTION)
    assert time.perf_counter() - started < 3.9  # two 0.5 s attempts and a backoff, not the server's 4 s
    assert len(fake_openai.requests) == 2
    final = events[-1][1]
    assert events[-1][0] == "final" and final["status"] == "answered" and "15%" in final["answer"]
    assert "".join(data["text"] for name, data, _ in events if name == "delta") == final["answer"]


def test_bad_input_is_still_a_plain_4xx_before_any_event(llm_server: str, fake_openai: FakeOpenAI) -> None:
    reply = httpx.post(f"{llm_server}/api/chat/stream", json={"message": "hi", "conversation_id": "no-such-one"})
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "unknown_conversation"
    assert fake_openai.requests == []
