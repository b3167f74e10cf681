"""The fake GitHub's HTTP side: the loopback server and handler, reading a request, the scripted
faults around its answer, routing with token or App JWT checks, pagination, and the written answer."""

from __future__ import annotations

import json
import math
import re
import secrets
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import jwt

from bot.testing.faults import Decision, Fault, Faults
from bot.testing.github_model import ApiError, Reply, _int
from bot.testing.github_state import GitHubState
from bot.testing.openapi import violations


@dataclass
class RecordedRequest:
    """One request as the fake received it; `headers` has lower-case names."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]


class _ClientGone(Exception):
    """The connection closed before the request's body had all arrived."""


@dataclass
class _Req:
    method: str
    path: str  # without the GHES-style prefix
    raw_path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    app_id: int | None = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's pooled session expects
    disable_nagle_algorithm = True  # headers and body go out separately: without this, 40 ms per request
    server: _Server

    def _handle(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows failures, not every request."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: HttpPlumbing


class HttpPlumbing(GitHubState):
    """Serves requests for `FakeGitHub`; `_routes` is its compiled route table."""

    _routes: list[tuple[str, re.Pattern[str], str, str]]
    faults: Faults
    _requests: list[RecordedRequest]
    crashes: list[str]
    violations: list[str]

    def _serve(self, h: _Handler) -> None:
        try:
            req = self._read(h)
        except ApiError as error:
            return self._write(h, error.status, error.body(), error.headers)
        except _ClientGone:  # it died mid-request (a test killed it): GitHub never sees such a request
            h.close_connection = True
            return
        problems = violations(req.method, req.path, req.query, req.body)
        with self._lock:
            self.violations += problems
            self._requests.append(RecordedRequest(req.method, req.raw_path, req.query, req.body, req.headers))
            decision = self.faults.decide(req.method, req.raw_path)
        if self.latency:
            time.sleep(self.latency)
        for action in decision.actions:
            action()
        try:
            status, body, headers = self._answer(req, decision)
        except ApiError as error:
            status, body, headers = error.status, error.body(), error.headers
        except Exception as crash:  # a bug in the fake: say so instead of dropping the connection
            self.crashes.append(traceback.format_exc())
            status, body, headers = 500, {"message": f"fake GitHub crashed: {crash!r}"}, {}
        if decision.drop_answer or decision.halt is not None:
            h.close_connection = True  # the client sees the connection close before any answer
            return
        self._write(h, status, body, headers)

    def _answer(self, req: _Req, decision: Decision) -> Reply:
        """The answer, with the scripted faults: an error instead, or after the effect; a halt holds here."""
        halt = decision.halt
        if decision.fail_before is not None:
            raise _fault_error(decision.fail_before)
        if halt is None or halt.apply_first:
            with self._lock:
                reply = self._route(req)
        if halt is not None:
            halt.hold()
            raise ApiError(500, "never sent: the request was held until the client was gone")
        if decision.fail_after is not None:
            raise _fault_error(decision.fail_after)
        return reply

    def _read(self, h: _Handler) -> _Req:
        split = urlsplit(h.path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw = h.rfile.read(length)
        if len(raw) < length:
            raise _ClientGone
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            raise ApiError(400, "Problems parsing JSON") from None
        path = split.path.removeprefix(self.prefix) if split.path.startswith(self.prefix + "/") else ""
        if split.path == self.prefix.removesuffix("/v3") + "/graphql":  # GHES: /api/v3 -> /api/graphql
            path = "/graphql"
        return _Req(h.command, path, split.path, dict(parse_qsl(split.query)), body, headers)

    def _write(self, h: _Handler, status: int, body: Any, headers: dict[str, str]) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        with self._lock:
            self._remaining = max(self._remaining - 1, 0)
            limits = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": str(self._remaining),
                      "X-RateLimit-Used": str(5000 - self._remaining), "X-RateLimit-Resource": "core",
                      "X-RateLimit-Reset": str(int(time.time()) + 3600)}
        h.send_response(status)
        for name, value in {**limits, "Content-Type": "application/json; charset=utf-8",
                            "X-GitHub-Request-Id": secrets.token_hex(8).upper(), **headers}.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _route(self, req: _Req) -> Reply:
        for method, pattern, name, auth in self._routes:
            match = pattern.match(req.path)
            if match and method == req.method:
                if auth == "token":
                    self._check_token(req.headers.get("authorization", ""))
                elif auth == "jwt":
                    req.app_id = self._check_jwt(req.headers.get("authorization", ""))
                args = {k: unquote(v) for k, v in match.groupdict(default="").items()}
                result: Reply = getattr(self, name)(req, **args)
                return result
        raise ApiError(404, "Not Found")

    def _check_token(self, header: str) -> None:
        scheme, _, value = header.partition(" ")
        expiry = self._installation_tokens.get(value, 0.0)
        if scheme.lower() not in ("token", "bearer") or (value not in self._tokens and expiry < time.time()):
            raise ApiError(401, "Bad credentials")

    def _check_jwt(self, header: str) -> int:
        scheme, _, token = header.partition(" ")
        try:
            app_id, key = self._apps[str(jwt.decode(token, options={"verify_signature": False})["iss"])]
            claims = jwt.decode(token, key, algorithms=["RS256"], leeway=60,
                                options={"require": ["iat", "exp", "iss"]})
        except (jwt.PyJWTError, KeyError, ValueError, TypeError):
            raise ApiError(401, "A JSON web token could not be decoded") from None
        if scheme.lower() != "bearer" or claims["exp"] - claims["iat"] > 660:
            raise ApiError(401, "'Expiration time' claim ('exp') is too far in the future")
        return app_id

    def _page(self, req: _Req, items: list[Any]) -> Reply:
        """GitHub pagination: `per_page` (default 30, at most 100) and `page`, `Link` with absolute URLs."""
        per_page = min(max(_int(req.query.get("per_page"), 30), 1), 100)
        page = max(_int(req.query.get("page"), 1), 1)
        last = max(math.ceil(len(items) / per_page), 1)
        rels = {"next": page + 1, "last": last} if page < last else {}
        rels.update({"first": 1, "prev": page - 1} if page > 1 else {})
        links = [f'<{self._origin}{req.raw_path}?{urlencode({**req.query, "page": n})}>; rel="{rel}"'
                 for rel, n in rels.items()]
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, items[(page - 1) * per_page : page * per_page], headers

    # ----------------------------------------------------------------- state helpers


def _fault_error(fault: Fault) -> ApiError:
    return ApiError(fault.status, fault.message, fault.errors, headers=fault.headers)
