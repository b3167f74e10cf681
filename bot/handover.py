"""Handing a recorded delivery to the work queue: queued first, then marked queued in the store.

The order is what keeps a delivery from being lost: a crash between the two leaves it `received`,
so a sweeper queues it once more (its job is idempotent); marked first, a crash would strand it.

`Forwarder` is the web tier's hand-over to a shared queue. The answer to GitHub waits only for the
durable record (one database round trip); the queue's round trip happens after it, on a thread of
its own, so a keep-alive connection is free at once. Under load it takes what has piled up as one
batch, marked queued by one statement. A delivery the forwarder could not hand over
(the queue down, the process killed) stays `received` and is recovered once, `recover_after`
seconds later, by a worker's sweeper or by GitHub's redelivery: nothing is lost and the web tier
never refuses a delivery it recorded.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from bot.store import Store
from bot.work_queue import WorkQueue

log = logging.getLogger(__name__)

BATCH = 100  # deliveries handed over, then marked queued by one statement


def hand_over(store: Store, queue: WorkQueue, delivery_id: str, key: str) -> None:
    """Queues a recorded delivery and marks it queued (raises, unmarked, when the queue refuses it)."""
    queue.submit(delivery_id, key)
    store.mark_queued(delivery_id)


class Forwarder:
    """A `WorkQueue` whose `submit` returns at once; one thread hands the deliveries to `queue`."""

    marks_queued = True  # the intake must not mark before the queue really holds the delivery

    def __init__(self, store: Store, queue: WorkQueue) -> None:
        self._store = store
        self._queue = queue
        self._cond = threading.Condition()
        self._waiting: deque[tuple[str, str]] = deque()
        self._busy = False
        self._stopping = False
        self._failing = False
        self._thread = threading.Thread(target=self._forward, name="coordinator-forwarder", daemon=True)
        self._thread.start()
        atexit.register(self.stop)  # a web process told to stop (gunicorn's graceful exit) hands over first

    def submit(self, delivery_id: str, key: str) -> None:
        with self._cond:
            self._waiting.append((delivery_id, key))
            self._cond.notify_all()

    def resume(self, unfinished: Callable[[], list[tuple[str, str]]]) -> None:
        self._queue.resume(unfinished)

    def depth(self) -> int:
        with self._cond:
            waiting = len(self._waiting) + self._busy
        return waiting + self._queue.depth()

    def alive(self) -> bool:
        return self._thread.is_alive() and self._queue.alive()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Once every delivery is handed over, as long as the queue itself takes to be idle."""
        deadline = time.monotonic() + timeout
        with self._cond:
            if not self._cond.wait_for(lambda: not self._waiting and not self._busy, timeout):
                return False
        return self._queue.wait_idle(max(0.0, deadline - time.monotonic()))

    def stop(self, timeout: float = 5.0) -> None:
        """Hands over what is waiting (for up to `timeout` seconds), then stops the queue."""
        atexit.unregister(self.stop)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)
        self._queue.stop(timeout)

    def _next(self) -> list[tuple[str, str]]:
        """Every delivery waiting (up to BATCH); none once stopping with nothing left."""
        with self._cond:
            self._busy = False
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._waiting or self._stopping)
            batch = [self._waiting.popleft() for _ in range(min(BATCH, len(self._waiting)))]
            self._busy = bool(batch)
            return batch

    def _forward(self) -> None:
        while batch := self._next():
            queued = [delivery_id for delivery_id, key in batch if self._submitted(delivery_id, key)]
            try:
                self._store.mark_queued(*queued)
            except Exception:  # unmarked: a sweeper queues them once more, and their jobs find them done
                log.exception("could not mark %d delivery(ies) queued", len(queued))

    def _submitted(self, delivery_id: str, key: str) -> bool:
        """False (left `received`: a sweeper or GitHub's redelivery queues it later) if the queue refused it."""
        try:
            self._queue.submit(delivery_id, key)
        except Exception:
            if not self._failing:  # once per outage, not once per delivery
                log.exception("could not queue delivery %s; it and those after it are recovered later",
                              delivery_id)
            self._failing = True
            return False
        if self._failing:
            log.warning("the queue takes deliveries again")
        self._failing = False
        return True
