"""Retries as GitHub documents them: rate limits waited out (primary and secondary), 5xx retried except a
POST (it may have created its object), and every answer counted for /metrics."""

from __future__ import annotations

import logging
import threading
import time
from types import TracebackType
from typing import Any, Self

import github
from urllib3.connectionpool import ConnectionPool
from urllib3.response import HTTPResponse
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)


class Stats:
    """Counters shared by every client of one gateway; updated from many worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = {"requests": 0, "errors": 0, "retries": 0}

    def add(self, **deltas: int) -> None:
        with self._lock:
            for key, value in deltas.items():
                self._counts[key] += value

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


def primary_limit_wait(status: int, headers: Any, now: float) -> float | None:
    """Seconds until the primary rate limit resets, when this answer says it is spent.

    GitHub answers a spent primary limit with 403 *or* 429 and `x-ratelimit-remaining: 0`; the
    limit comes back at `x-ratelimit-reset` (epoch seconds), plus a second for the rounding.
    """
    if status not in (403, 429) or str(headers.get("x-ratelimit-remaining")) != "0":
        return None
    reset = str(headers.get("x-ratelimit-reset") or "")
    return max(0.0, int(reset) - now + 1) if reset.isdigit() else None


class CountingRetry(github.GithubRetry):
    """GithubRetry that counts every HTTP answer and waits out GitHub's rate limits.

    urllib3 asks `is_retry` once about every response and calls `increment` for every transport
    failure, so together they see each request PyGithub sends (PyGithub has no public request hook).
    GithubRetry only treats 403 as a rate limit, and only when its message has the wording it knows;
    GitHub documents 403 *or* 429 with `x-ratelimit-remaining: 0` for a spent primary limit (to be
    waited out until `x-ratelimit-reset`, whatever the message says), and at least a minute of wait
    for a secondary limit without Retry-After, which `floor` enforces.
    """

    def __init__(self, stats: Stats, floor: float = 0.0, **kwargs: Any) -> None:
        self.stats = stats
        self.floor = floor
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> Self:
        kw.setdefault("stats", self.stats)
        kw.setdefault("floor", 0.0)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        """A POST that failed with 5xx may have created its object: repeating it blindly could make a
        duplicate, so the caller decides (the coordination looks for the object first)."""
        self.stats.add(requests=1, errors=int(status_code >= 400))
        if method == "POST" and status_code >= 500:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: HTTPResponse | None = None,  # type: ignore[override]
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        if error is not None and response is None:
            self.stats.add(requests=1, errors=1)
            if method == "POST" and self._is_read_error(error):
                raise error  # sent, maybe applied, never answered: like a 5xx, the caller looks first
        primary = primary_limit_wait(response.status, response.headers, time.time()) if response is not None else None
        retry: Retry
        if primary is not None:  # GitHub's documented sign is the header: urllib3 retries, whatever the message
            retry = Retry.increment(self, method, url, response, error, _pool, _stacktrace)
        else:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        self.stats.add(retries=1)
        if response is None or not isinstance(retry, CountingRetry):
            return retry
        if primary is not None:
            log.warning("GitHub's primary rate limit is spent; waiting %.0f s for it to reset", primary)
            retry.floor = primary
        elif response.status == 429 and not response.headers.get("Retry-After"):
            retry.floor = self.secondary_rate_wait
        return retry

    def get_backoff_time(self) -> float:
        return max(self.floor, super().get_backoff_time())
