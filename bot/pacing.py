"""Pacing writes to GitHub: a burst at once, then one write per interval; and counting the hour.

GitHub allows at most 80 content-creating requests a minute. A fixed gap between all writes
(PyGithub's own pacing) makes even a five-task plan wait twenty seconds; a token bucket lets a
small plan through at once and still keeps any minute under `burst + 60 / interval` writes.

GitHub also allows at most 500 an hour. Waiting out an hour inside a request would hold a worker
that long, so the pacer only counts the last hour's writes (`hour_room`); bulk work such as
creating a big plan's sub-issues stops when the hour is nearly spent and is resumed later.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class Pacer(Protocol):
    """What the gateway needs from a pacer: block until the next write may go (bot.shared_pacing
    implements it across processes)."""

    def acquire(self) -> float:
        """Waits for the next write slot; returns the seconds waited."""

    def hour_room(self) -> tuple[int | None, float]:
        """Writes left in the last hour (None: not counted), and seconds until one frees up."""

HOUR = 3600.0


class WritePacer:
    """Token bucket shared by every thread writing with one credential."""

    def __init__(self, interval: float, burst: int, *, hourly: int = 0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval, self._burst, self._hourly = interval, burst, hourly
        self._recent: deque[float] = deque()  # when each write of the last hour went out
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._updated = clock()

    def acquire(self) -> float:
        """Waits for the next write slot; returns the seconds waited (0 within the burst)."""
        if self._interval <= 0:
            self._count(self._clock())
            return 0.0
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self._burst), self._tokens + (now - self._updated) / self._interval)
            self._updated = now
            self._tokens -= 1
            wait = max(0.0, -self._tokens * self._interval)  # a negative balance is a slot reserved ahead
        self._count(now + wait)
        if wait:
            self._sleep(wait)
        return wait

    def _count(self, moment: float) -> None:
        if self._hourly:
            with self._lock:
                self._recent.append(moment)
                while self._recent[0] <= moment - HOUR:
                    self._recent.popleft()

    def hour_room(self) -> tuple[int | None, float]:
        """Writes left in the last hour (None: no hourly limit), and seconds until the oldest one
        leaves the hour (when a write slot frees up)."""
        if not self._hourly:
            return None, 0.0
        with self._lock:
            now = self._clock()
            while self._recent and self._recent[0] <= now - HOUR:
                self._recent.popleft()
            frees_in = self._recent[0] + HOUR - now if self._recent else 0.0
            return self._hourly - len(self._recent), max(0.0, frees_in)
