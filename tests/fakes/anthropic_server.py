"""A fake Anthropic Messages API: a real HTTP server on 127.0.0.1 for the real SDK to talk to.

Tests script it with a queue of replies (a valid tool call, a malformed one, a 529 overload, a
500, a 401, a reply slow enough to time out) and read back the requests it received, so the
Claude planner is exercised through the official client end to end, never over the network.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ids = itertools.count(1)


@dataclass(frozen=True)
class Reply:
    """One scripted response: HTTP status, JSON body, and how long to wait before sending it."""

    status: int
    body: dict[str, Any]
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Recorded:
    """A request as the server saw it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def message(content: list[dict[str, Any]], stop_reason: str = "tool_use", model: str = "claude-test") -> Reply:
    """A 200 with the Messages API response shape."""
    return Reply(200, {
        "id": f"msg_fake_{next(_ids)}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": 1200,
            "output_tokens": 640,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    })


def tool_reply(tool_input: dict[str, Any], name: str = "submit_plan") -> Reply:
    """Claude calling the tool `name` with `tool_input`, preceded by a little text as it often is."""
    return message([
        {"type": "text", "text": "Here is the plan."},
        {"type": "tool_use", "id": f"toolu_fake_{next(_ids)}", "name": name, "input": tool_input},
    ])


def text_reply(text: str) -> Reply:
    return message([{"type": "text", "text": text}], stop_reason="end_turn")


def error(status: int, kind: str, text: str, delay: float = 0.0) -> Reply:
    """An API error in the real shape: {"type": "error", "error": {"type": ..., "message": ...}}."""
    body = {"type": "error", "error": {"type": kind, "message": text}, "request_id": f"req_fake_{next(_ids)}"}
    return Reply(status, body, delay)


def overloaded() -> Reply:
    return error(529, "overloaded_error", "Overloaded")


def server_error() -> Reply:
    return error(500, "api_error", "Internal server error")


def unauthorized() -> Reply:
    return error(401, "authentication_error", "invalid x-api-key")


def slow(seconds: float, then: Reply | None = None) -> Reply:
    """`then` (a valid-looking empty plan by default), sent only after `seconds`."""
    reply = then or tool_reply({"tasks": []})
    return Reply(reply.status, reply.body, seconds, reply.headers)


class FakeAnthropic:
    """The server. `push` replies, point the SDK at `base_url`, then inspect `requests`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-anthropic", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes slow replies so their threads end
        self._server.shutdown()
        self._server.server_close()

    def _next(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            if self._replies:
                return self._replies.popleft()
        return error(500, "api_error", "fake server: no scripted reply left")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                headers = {key.lower(): value for key, value in self.headers.items()}
                if self.path.split("?")[0] != "/v1/messages":
                    self._send(error(404, "not_found_error", f"no route {self.path}"))
                    return
                reply = fake._next(Recorded(self.path, headers, json.loads(raw or b"{}")))
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                payload = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.send_header("request-id", str(reply.body.get("request_id", "req_fake")))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to tell it

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
