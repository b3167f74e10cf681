"""The shared job queue: Dramatiq over Redis, for a web tier and any number of worker processes.

The web tier only sends messages (a delivery id and its key); `coordinator worker` processes
consume them. Dramatiq acknowledges a message after its job returned, and a worker whose
heartbeat stops (SIGKILL, a lost machine) has its unacknowledged messages put back by the
others: at-least-once, recovered once, by the queue. A failing job is retried with back-off; the
last attempt records the delivery as failed, the dead-letter list (`coordinator jobs retry`).

Per-plan exclusion is the queue's job, not the handlers': every job runs holding the store's
lock for its key (a PostgreSQL advisory lock), so two workers never work on one repository at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import CurrentMessage, Retries

log = logging.getLogger(__name__)

QUEUE = "deliveries"
ACTOR = "run_delivery"
MAX_RETRIES = 3
MAINTENANCE_CHANCE = 100_000  # in a million broker commands: dead workers are found within seconds

JobRunner = Callable[..., None]  # bot.jobs.Job.in_order: (delivery_id, *, final) -> None
KeyLock = Callable[[str], AbstractContextManager[Any]]


class RedisQueue:
    """A `bot.work_queue.WorkQueue`; `work(...)` turns this process into a worker."""

    marks_queued = False

    def __init__(self, url: str, *, namespace: str = "coordinator", dead_after: float = 60.0) -> None:
        self._client = redis.Redis.from_url(url)
        self._namespace = namespace
        self._broker = RedisBroker(
            client=self._client, namespace=namespace, middleware=[Retries(), CurrentMessage()],
            heartbeat_timeout=int(dead_after * 1000), maintenance_chance=MAINTENANCE_CHANCE,
        )
        self._broker.declare_queue(QUEUE)
        self._worker: dramatiq.Worker | None = None

    def submit(self, delivery_id: str, key: str) -> None:
        self._broker.enqueue(dramatiq.Message(queue_name=QUEUE, actor_name=ACTOR, args=(delivery_id, key),
                                              kwargs={}, options={}))

    def resume(self, unfinished: Callable[[], list[tuple[str, str]]]) -> None:
        """Nothing to do (nor to read): Redis kept the messages, and a dead worker's are recovered by
        the others. A web process that read the backlog here took seconds to start after an outage."""

    def depth(self) -> int:
        """Messages waiting, running (not yet acknowledged) or waiting for a retry."""
        with self._client.pipeline() as pipe:
            for name in (QUEUE, f"{QUEUE}.DQ"):
                pipe.hlen(f"{self._namespace}:{name}.msgs")
            return sum(int(n) for n in pipe.execute())

    def alive(self) -> bool:
        try:
            return bool(self._client.ping())
        except redis.RedisError:
            return False

    def wait_idle(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while self.depth():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def work(self, job: JobRunner, lock: KeyLock, threads: int) -> None:
        """Starts consuming in `threads` threads; returns at once (`stop` ends it)."""

        def run_delivery(delivery_id: str, key: str) -> None:
            message = CurrentMessage.get_current_message()
            retries = message.options.get("retries", 0) if message is not None else MAX_RETRIES
            with lock(key):
                job(delivery_id, final=retries >= MAX_RETRIES)

        dramatiq.actor(run_delivery, actor_name=ACTOR, queue_name=QUEUE, broker=self._broker,
                       max_retries=MAX_RETRIES, min_backoff=500, max_backoff=30_000)
        self._worker = dramatiq.Worker(self._broker, worker_threads=threads, worker_timeout=200)
        # One message beyond what its threads run: a thread that finishes takes it at once instead of
        # waiting for the consumer's next poll (one thread drained 80 plain deliveries a second, now
        # about 160); not more, so the other workers share the rest.
        self._worker.queue_prefetch = threads + 1
        self._worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stops consuming (unfinished messages go back to the queue) and closes the connections."""
        if self._worker is not None:
            self._worker.stop(timeout=int(timeout * 1000))
            self._worker = None
        self._broker.close()
