"""A fake Anthropic Messages API: a real HTTP server on 127.0.0.1 for the real SDK to talk to.

Tests script it with a queue of replies (a plan, a malformed one, a 529 overload, a 429 with
Retry-After, a 500, a 401, a reply slow enough to time out) and read back the requests it received,
so the Claude planner is exercised through the official client end to end, never over the network.

It behaves like the real service where our code has to cope with it (see `Model`): a model that
thinks by default puts a signed thinking block before its answer and expects it back, unchanged,
when the conversation continues; an answer longer than `max_tokens` is cut off with
`stop_reason: "max_tokens"`; a model may refuse forced tool choice or structured outputs with a 400.
A `plan` reply is written the way the request asked for it: JSON text under `output_config.format`,
otherwise a `submit_plan` tool call.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ids = itertools.count(1)
THINKING_TOKENS = 400


@dataclass(frozen=True)
class Model:
    """What one model id accepts, as the real API tells it apart."""

    thinks: bool = False  # adaptive thinking on by default: a thinking block comes first
    forced_tools: bool = True  # tool_choice {"type": "tool"|"any"} accepted
    structured: bool = True  # output_config.format accepted
    thinking_off: bool = True  # thinking {"type": "disabled"} accepted (not by always-thinking models)


@dataclass(frozen=True)
class Reply:
    """One scripted response: HTTP status, JSON body, and how long to wait before sending it.

    `plan` (instead of a body) is an answer written as the request asks: JSON text or a tool call.
    """

    status: int
    body: dict[str, Any]
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    plan: dict[str, Any] | None = None


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


def plan_reply(plan: dict[str, Any]) -> Reply:
    """Claude answering with `plan`, in whichever form the request asked for."""
    return replace(message([]), plan=plan)


def text_reply(text: str) -> Reply:
    return message([{"type": "text", "text": text}], stop_reason="end_turn")


def error(status: int, kind: str, text: str, delay: float = 0.0, headers: dict[str, str] | None = None) -> Reply:
    """An API error in the real shape: {"type": "error", "error": {"type": ..., "message": ...}}."""
    body = {"type": "error", "error": {"type": kind, "message": text}, "request_id": f"req_fake_{next(_ids)}"}
    return Reply(status, body, delay, headers or {})


def overloaded() -> Reply:
    return error(529, "overloaded_error", "Overloaded")


def rate_limited(retry_after: int = 7) -> Reply:
    return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
                 headers={"retry-after": str(retry_after)})


def server_error() -> Reply:
    return error(500, "api_error", "Internal server error")


def unauthorized() -> Reply:
    return error(401, "authentication_error", "invalid x-api-key")


def slow(seconds: float, then: Reply | None = None) -> Reply:
    """`then` (a valid-looking empty plan by default), sent only after `seconds`."""
    reply = then or plan_reply({"tasks": []})
    return replace(reply, delay=seconds)


def _tokens(block: dict[str, Any]) -> int:
    """A rough count (four characters a token) that is the same for the test and the server."""
    return max(1, len(json.dumps(block)) // 4)


def _refusal(model: Model, body: dict[str, Any]) -> str | None:
    """The 400 message the real API gives for a request this model does not accept, if any."""
    choice = (body.get("tool_choice") or {}).get("type")
    if choice in ("tool", "any") and not model.forced_tools:
        return "tool_choice: forced tool use is not supported for this model; use tool_choice auto"
    if (body.get("output_config") or {}).get("format") and not model.structured:
        return "output_config.format: structured outputs are not supported for this model"
    if (body.get("thinking") or {}).get("type") == "disabled" and not model.thinking_off:
        return "thinking.type: this model always thinks; 'disabled' is not supported"
    return None


class FakeAnthropic:
    """The server. `push` replies, point the SDK at `base_url`, then inspect `requests`.

    `models` maps a model id to what it accepts; any other id accepts everything and never thinks.
    """

    def __init__(self, models: dict[str, Model] | None = None) -> None:
        self.requests: list[Recorded] = []
        self.models = dict(models or {})
        self._replies: deque[Reply] = deque()
        self._signatures: set[str] = set()
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

    def _answer(self, body: dict[str, Any]) -> Reply:
        """The next scripted reply, or the 400 the real API would give to this request."""
        model = self.models.get(str(body.get("model")), Model())
        problem = _refusal(model, body) or self._lost_thinking(model, body)
        if problem:
            return error(400, "invalid_request_error", problem)
        with self._lock:
            reply = self._replies.popleft() if self._replies else None
        if reply is None:
            return error(500, "api_error", "fake server: no scripted reply left")
        if reply.status != 200:
            return reply
        return self._written(reply, body, model)

    def _lost_thinking(self, model: Model, body: dict[str, Any]) -> str | None:
        """A thinking model needs its own earlier thinking blocks back, signatures intact."""
        if not model.thinks or (body.get("thinking") or {}).get("type") == "disabled":
            return None
        for index, turn in enumerate(body.get("messages") or []):
            if turn.get("role") != "assistant":
                continue
            first = (turn.get("content") or [{}])[0]
            if not isinstance(first, dict) or first.get("signature") not in self._signatures:
                return f"messages.{index}.content.0: the assistant turn must start with its thinking block"
        return None

    def _written(self, reply: Reply, body: dict[str, Any], model: Model) -> Reply:
        content = list(reply.body["content"])
        if reply.plan is not None:
            if (body.get("output_config") or {}).get("format"):
                content = [{"type": "text", "text": json.dumps(reply.plan)}]
            else:
                content = tool_reply(reply.plan).body["content"]
        stop = reply.body["stop_reason"] if reply.plan is None else (
            "end_turn" if content[-1]["type"] == "text" else "tool_use")
        if model.thinks and (body.get("thinking") or {}).get("type") != "disabled":
            signature = f"sig_fake_{next(_ids)}"
            with self._lock:
                self._signatures.add(signature)
            content.insert(0, {"type": "thinking", "thinking": "Reading the plan. " * 90, "signature": signature})
        return Reply(200, {**reply.body, "content": self._cut(content, int(body.get("max_tokens") or 0)),
                           "stop_reason": self._stop(content, int(body.get("max_tokens") or 0), stop)},
                     reply.delay, reply.headers)

    @staticmethod
    def _cut(content: list[dict[str, Any]], budget: int) -> list[dict[str, Any]]:
        """What fits in `budget` tokens: whole blocks, then a cut text (a cut tool call is dropped)."""
        kept: list[dict[str, Any]] = []
        for block in content:
            cost = THINKING_TOKENS if block["type"] == "thinking" else _tokens(block)
            if cost <= budget:
                kept.append(block)
                budget -= cost
                continue
            if block["type"] == "text" and budget > 0:
                kept.append({**block, "text": block["text"][: budget * 4]})
            break
        return kept

    @staticmethod
    def _stop(content: list[dict[str, Any]], budget: int, stop: str) -> str:
        used = sum(THINKING_TOKENS if b["type"] == "thinking" else _tokens(b) for b in content)
        return "max_tokens" if used > budget else stop

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
                body = json.loads(raw or b"{}")
                with fake._lock:
                    fake.requests.append(Recorded(self.path, headers, body))
                reply = fake._answer(body)
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
