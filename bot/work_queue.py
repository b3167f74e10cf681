"""The work queue: jobs run off the request thread, one at a time per key.

`WorkQueue` is the interface; `InProcessQueue` is the embedded default (worker threads in the
server process) and `bot.redis_queue.RedisQueue` the shared one (`coordinator worker` processes).
The key is the repository, so work for one parent issue never runs concurrently while different
repositories proceed in parallel: each implementation enforces it, across every process it serves.

A job is a delivery id: the delivery itself is already in the store (it has to be, to survive a
crash), so a backlog costs a few bytes per job in memory, not the payload.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)

Runner = Callable[[str], None]


class WorkQueue(Protocol):
    marks_queued: bool  # whether the queue marks a delivery queued in the store itself, once it holds it

    def submit(self, delivery_id: str, key: str) -> None:
        """Queues a delivery already recorded in the store; raises when the queue cannot take it."""

    def resume(self, unfinished: Callable[[], list[tuple[str, str]]]) -> None:
        """At start-up: the (delivery, key) pairs the store holds unfinished are queued again, unless
        the queue itself kept them (a shared queue recovers its own, once, and never asks)."""

    def depth(self) -> int:
        """Jobs waiting or running."""

    def alive(self) -> bool: ...

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Blocks until no job is waiting or running; for tests, the demo and the bench."""

    def stop(self, timeout: float = 5.0) -> None: ...


class InProcessQueue:
    """Worker threads with per-key serialisation; a failing job never stops its worker."""

    marks_queued = False

    def __init__(self, run: Runner, workers: int) -> None:
        self._run = run
        self._cond = threading.Condition()
        self._pending: dict[str, deque[str]] = {}
        self._ready: deque[str] = deque()
        self._running: set[str] = set()
        self._stopping = False
        self._threads = [
            threading.Thread(target=self._work, name=f"coordinator-worker-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, delivery_id: str, key: str) -> None:
        with self._cond:
            queue = self._pending.setdefault(key, deque())
            queue.append(delivery_id)
            if len(queue) == 1 and key not in self._running:
                self._ready.append(key)
            self._cond.notify()

    def resume(self, unfinished: Callable[[], list[tuple[str, str]]]) -> None:
        """This queue lives in the process, so a restart lost its jobs: they are queued again."""
        for delivery_id, key in unfinished():
            log.info("resuming unfinished delivery %s", delivery_id)
            self.submit(delivery_id, key)

    def depth(self) -> int:
        with self._cond:
            return sum(len(queue) for queue in self._pending.values()) + len(self._running)

    def alive(self) -> bool:
        return not self._stopping and all(thread.is_alive() for thread in self._threads)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Blocks until no job is pending or running."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._running, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout)

    def _next(self) -> tuple[str, str] | None:
        with self._cond:
            self._cond.wait_for(lambda: self._ready or self._stopping)
            if not self._ready:
                return None
            key = self._ready.popleft()
            self._running.add(key)
            return key, self._pending[key].popleft()

    def _done(self, key: str) -> None:
        with self._cond:
            self._running.discard(key)
            if self._pending[key]:
                self._ready.append(key)
            else:
                del self._pending[key]
            self._cond.notify_all()

    def _work(self) -> None:
        while (job := self._next()) is not None:
            key, delivery_id = job
            try:
                self._run(delivery_id)
            except Exception:  # the runner records failures; this only keeps the worker alive
                log.exception("job crashed", extra={"delivery": delivery_id})
            finally:
                self._done(key)


class InlineQueue:
    """`coordinator action`: one event per process, so no threads; what intake submits waits until
    the caller runs it in its own thread (`take`), after preparing what the job needs."""

    marks_queued = False

    def __init__(self) -> None:
        self._held: deque[tuple[str, str]] = deque()

    def submit(self, delivery_id: str, key: str) -> None:
        self._held.append((delivery_id, key))

    def resume(self, unfinished: Callable[[], list[tuple[str, str]]]) -> None:
        self._held.extend(unfinished())

    def take(self) -> list[str]:
        taken = [delivery_id for delivery_id, _ in self._held]
        self._held.clear()
        return taken

    def depth(self) -> int:
        return len(self._held)

    def alive(self) -> bool:
        return True

    def wait_idle(self, timeout: float = 10.0) -> bool:
        return not self._held

    def stop(self, timeout: float = 5.0) -> None:
        self._held.clear()
