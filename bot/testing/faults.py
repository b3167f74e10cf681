"""Scripted faults of the fake GitHub: the public way to make it fail, drop answers or hold the client.

Every fake has one `Faults`, as `fake.faults`. Paths are regular expressions searched in the request
path (without query); methods are HTTP methods. Counting (`skip`, `times`, request numbers) is per
rule, from the moment the rule is added, except `halt_at_request`, which counts from the fake's start.

- `fail(method, path, status, times=1, skip=0, retry_after=None, headers=None, after_effect=False,
  message=None, errors=None)`: error answers shaped like GitHub's: 403/429 are the secondary rate
  limit, 5xx a server error, or `message` with a 422's `errors` (objects, or GitHub's plain strings);
  with `after_effect` the request takes effect first (a proxy's 502 after GitHub did the work).
- `fail_next(n, status, retry_after)`: the next `n` requests, whatever they are.
- `spend_primary_limit(status, reset_in)`: the next request finds the primary rate limit spent.
- `drop_answer_after_applying(method, path, times=1, skip=0)`: the request takes effect, then the
  connection closes before any answer (a timeout, as the client sees it).
- `before(method, path, action, times=1, skip=0)`: runs `action()` as the request arrives, before it
  takes effect (for example `lambda: fake.delete_issue(repo, 7)` on the third attach).
- `halt_at_request(n, writes_only=True, apply_first=False)`: holds the n-th request (writes only, by
  default) until `Halt.release()`; it is never answered. For killing the client mid-request.
- `halt_at(method, path, skip=0, apply_first=True)`: the same for the first matching request after
  `skip` of them (by default after it took effect, as a run cancelled while waiting for the answer).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SECONDARY_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID FAKE:0000."
)
PRIMARY_LIMIT = "API rate limit exceeded for installation ID 1. If you reach out to GitHub Support..."
HALT_WAIT = 60.0  # seconds a halted request waits for `release()` at most


@dataclass(frozen=True)
class Fault:
    """An error answer to send instead of the real one."""

    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    errors: list[Any] | None = None  # a 422's details: objects, or strings ("Validation Error Simple")


def error_answer(status: int, retry_after: int | None = None, headers: dict[str, str] | None = None,
                 message: str | None = None, errors: list[Any] | None = None) -> Fault:
    """GitHub's answer for `status`: 403/429 the secondary rate limit, 5xx a server error, or `message`
    (with `errors`, the details of a 422)."""
    extra = dict(headers or {})
    if retry_after is not None:
        extra["Retry-After"] = str(retry_after)
    if message is not None:
        return Fault(status, message, extra, errors)
    if status in (403, 429):
        return Fault(status, SECONDARY_LIMIT, extra)
    return Fault(status, "Server Error" if status == 500 else "Bad Gateway", extra)


class Halt:
    """One held request: `reached` is set when it arrives, `release()` lets the fake drop it."""

    def __init__(self, number: int, writes_only: bool, apply_first: bool) -> None:
        self.number, self.writes_only, self.apply_first = number, writes_only, apply_first
        self.reached = threading.Event()
        self._released = threading.Event()

    def release(self) -> None:
        self._released.set()

    def hold(self) -> None:
        self.reached.set()
        self._released.wait(HALT_WAIT)


@dataclass
class _Rule:
    method: str
    path: re.Pattern[str]
    times: int
    skip: int
    kind: str  # "fail" | "fail-after" | "drop" | "before" | "halt"
    fault: Fault | None = None
    action: Callable[[], object] | None = None
    halt: Halt | None = None

    def fires(self, method: str, path: str) -> bool:
        """Whether this request is one the rule acts on (counting it either way)."""
        if not self.times or self.method != method or not self.path.search(path):
            return False
        if self.skip:
            self.skip -= 1
            return False
        self.times -= 1
        return True


@dataclass
class Decision:
    """What the fake does with one request, besides answering it."""

    fail_before: Fault | None = None
    fail_after: Fault | None = None
    drop_answer: bool = False
    actions: list[Callable[[], object]] = field(default_factory=list)
    halt: Halt | None = None


class Faults:
    """The faults scripted on one fake GitHub (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: list[Fault] = []
        self._rules: list[_Rule] = []
        self._halt: Halt | None = None
        self._requests = 0
        self._writes = 0

    def fail(self, method: str, path: str, status: int = 500, *, times: int = 1, skip: int = 0,
             retry_after: int | None = None, headers: dict[str, str] | None = None,
             after_effect: bool = False, message: str | None = None, errors: list[Any] | None = None) -> None:
        fault = error_answer(status, retry_after, headers, message, errors)
        self._add(_Rule(method.upper(), re.compile(path), times, skip, "fail-after" if after_effect else "fail", fault))

    def fail_next(self, n: int, status: int = 500, retry_after: int | None = None) -> None:
        with self._lock:
            self._next.extend([error_answer(status, retry_after)] * n)

    def spend_primary_limit(self, status: int = 403, reset_in: int = 0, message: str = PRIMARY_LIMIT) -> None:
        """GitHub answers 403 or 429, `x-ratelimit-remaining: 0`, the limit back `reset_in` seconds from now;
        the headers are the documented sign, the message's wording is not (it names the user, the
        installation or the resource)."""
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + reset_in)}
        with self._lock:
            self._next.append(Fault(status, message, headers))

    def drop_answer_after_applying(self, method: str, path: str, *, times: int = 1, skip: int = 0) -> None:
        self._add(_Rule(method.upper(), re.compile(path), times, skip, "drop"))

    def before(self, method: str, path: str, action: Callable[[], object], *, times: int = 1, skip: int = 0) -> None:
        self._add(_Rule(method.upper(), re.compile(path), times, skip, "before", action=action))

    def halt_at_request(self, number: int, *, writes_only: bool = True, apply_first: bool = False) -> Halt:
        """Holds request `number` (1-based, from the fake's start); replaces any halt set before."""
        halt = Halt(number, writes_only, apply_first)
        with self._lock:
            if self._halt is not None:
                self._halt.release()
            self._halt = halt
        return halt

    def halt_at(self, method: str, path: str, *, skip: int = 0, apply_first: bool = True) -> Halt:
        """Holds the first `method` request to `path` after `skip` of them, never answered until released."""
        halt = Halt(0, writes_only=False, apply_first=apply_first)
        self._add(_Rule(method.upper(), re.compile(path), 1, skip, "halt", halt=halt))
        return halt

    def clear(self) -> None:
        """No more faults: rules, queued failures and any halt (released) are dropped."""
        with self._lock:
            self._next.clear()
            for rule in self._rules:
                if rule.halt is not None:
                    rule.halt.release()
            self._rules.clear()
            if self._halt is not None:
                self._halt.release()
            self._halt = None

    def _add(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def decide(self, method: str, path: str) -> Decision:
        """Called by the fake once per request, in the order requests arrive."""
        with self._lock:
            self._requests += 1
            self._writes += method != "GET"
            decision = Decision(fail_before=self._next.pop(0) if self._next else None)
            for rule in self._rules:
                if rule.fires(method, path):
                    self._apply(rule, decision)
            halt = self._halt
            if halt is not None and (self._writes if halt.writes_only else self._requests) == halt.number and (
                    method != "GET" or not halt.writes_only):
                decision.halt, self._halt = halt, None
            return decision

    @staticmethod
    def _apply(rule: _Rule, decision: Decision) -> None:
        if rule.kind == "fail":
            decision.fail_before = decision.fail_before or rule.fault
        elif rule.kind == "fail-after":
            decision.fail_after = decision.fail_after or rule.fault
        elif rule.kind == "drop":
            decision.drop_answer = True
        elif rule.kind == "halt":
            decision.halt = rule.halt
        elif rule.action is not None:
            decision.actions.append(rule.action)
