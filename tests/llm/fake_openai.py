"""A fake OpenAI-compatible server on 127.0.0.1, started by the test: the provider path runs end to end
(langchain-openai, the openai client, httpx, HTTP, SSE) with no network and no real model.

Each request is answered by the next scripted step: a reply (streamed in small pieces when the client
asks for a stream), an HTTP error, or a delay before answering. The server records what it was sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


@dataclass
class Step:
    reply: Reply = ""
    status: int = 200
    delay: float = 0.0  # seconds before the response starts
    piece_delay: float = 0.0  # seconds between streamed pieces


@dataclass
class FakeOpenAI:
    url: str = ""
    script: list[Step] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)  # time.perf_counter() when each stream ended

    def next_step(self) -> Step:
        return self.script.pop(0) if self.script else Step(reply="(no scripted reply)")


def _chunk(model: str, delta: dict[str, str], finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


def handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(payload)
            fake.headers.append({k.lower(): v for k, v in self.headers.items()})
            step = fake.next_step()
            time.sleep(step.delay)
            if step.status != 200:
                body = json.dumps({"error": {"message": "scripted failure", "type": "server_error"}}).encode()
                self.send_response(step.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("retry-after-ms", "10")
                self.end_headers()
                self.wfile.write(body)
                return
            text = step.reply(payload) if callable(step.reply) else step.reply
            model = payload.get("model", "fake")
            try:
                if payload.get("stream"):
                    self._stream(model, text, step.piece_delay)
                else:
                    self._whole(model, text)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def _whole(self, model: str, text: str) -> None:
            message = {"role": "assistant", "content": text}
            body = json.dumps(
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, model: str, text: str, piece_delay: float) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(_chunk(model, {"role": "assistant", "content": ""}))
            words = text.split(" ")
            for i, word in enumerate(words):
                time.sleep(piece_delay)
                self.wfile.write(_chunk(model, {"content": word + (" " if i < len(words) - 1 else "")}))
                self.wfile.flush()
            self.wfile.write(_chunk(model, {}, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            fake.finished.append(time.perf_counter())
            self.close_connection = True

    return Handler
