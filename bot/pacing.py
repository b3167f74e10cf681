"""Pacing writes to GitHub: a burst at once, then one write per interval.

GitHub allows at most 80 content-creating requests a minute. A fixed gap between all writes
(PyGithub's own pacing) makes even a five-task plan wait twenty seconds; a token bucket lets a
small plan through at once and still keeps any minute under `burst + 60 / interval` writes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol


class Pacer(Protocol):
    """What the gateway needs from a pacer: block until the next write may go (bot.shared_pacing
    implements it across processes)."""

    def acquire(self) -> float:
        """Waits for the next write slot; returns the seconds waited."""


class WritePacer:
    """Token bucket shared by every thread writing with one credential."""

    def __init__(self, interval: float, burst: int, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval, self._burst = interval, burst
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._updated = clock()

    def acquire(self) -> float:
        """Waits for the next write slot; returns the seconds waited (0 within the burst)."""
        if self._interval <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self._burst), self._tokens + (now - self._updated) / self._interval)
            self._updated = now
            self._tokens -= 1
            wait = max(0.0, -self._tokens * self._interval)  # a negative balance is a slot reserved ahead
        if wait:
            self._sleep(wait)
        return wait
