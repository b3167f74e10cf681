"""The job every worker runs, in-process or in `coordinator worker`: one delivery from the store.

Delivery is at least once, so the job is idempotent: a delivery no longer queued is skipped, and
the handlers save their intent before each write to GitHub.
"""

from __future__ import annotations

import logging
import time

from bot.events import parse_event
from bot.handover import hand_over
from bot.observability import delivery_context, redact
from bot.routing import Router
from bot.services import Services
from bot.store import UNFINISHED, DeliveryStatus, Store
from bot.work_queue import WorkQueue

log = logging.getLogger(__name__)


class RetryLater(Exception):
    """The job failed and the queue will run it again; the delivery stays queued meanwhile."""


class Job:
    """Runs one queued delivery and records how it ended.

    `final=False` (a queue that retries) turns a failure into RetryLater, and only the last
    attempt records the delivery as failed, which puts it on the dead-letter list.
    """

    def __init__(self, services: Services, router: Router) -> None:
        self._services = services
        self._router = router

    def __call__(self, delivery_id: str, *, final: bool = True) -> None:
        store, metrics = self._services.store, self._services.metrics
        delivery = store.delivery(delivery_id)
        if delivery is None or delivery.status not in UNFINISHED:
            log.warning("skipping delivery %s: it is no longer queued", delivery_id)
            return
        with delivery_context(delivery.id):
            started = time.perf_counter()
            try:
                self._router.dispatch(self._services, delivery.event, delivery.action,
                                      parse_event(delivery.event, delivery.payload))
            except Exception as error:
                log.exception("delivery failed: %s.%s", delivery.event, delivery.action)
                if not final:
                    raise RetryLater(redact(repr(error))) from error
                store.finish_delivery(delivery.id, DeliveryStatus.FAILED, redact(repr(error)))
                metrics.deliveries.labels(event=delivery.event, outcome="failed").inc()
            else:
                store.finish_delivery(delivery.id, DeliveryStatus.DONE)
                metrics.deliveries.labels(event=delivery.event, outcome="processed").inc()
            finally:
                metrics.processing.labels(event=delivery.event).observe(time.perf_counter() - started)

    def in_order(self, delivery_id: str, *, final: bool = True) -> None:
        """Runs the key's earlier unfinished deliveries first, then this one: call it holding the key's lock.

        Several workers take a key's messages in any order; this keeps the order they were received
        in (a `closed` then a `reopened` must not end closed). An earlier delivery run here is done
        when its own message comes, so that one skips it.
        """
        for earlier in self._services.store.unfinished_before(delivery_id):
            self(earlier, final=False)
        self(delivery_id, final=final)


def retry_failed(store: Store, queue: WorkQueue) -> list[str]:
    """Queues every dead-lettered delivery again (claimed anew, so it runs once); returns their ids."""
    retried = []
    for delivery in store.failed_deliveries():
        if store.claim_delivery(delivery):
            hand_over(store, queue, delivery.id, delivery.key)
            retried.append(delivery.id)
    return retried


def recover_stranded(store: Store, queue: WorkQueue, recover_after: float) -> list[str]:
    """Queues the deliveries recorded but never queued (their recorder died in between); returns their ids.

    Each is claimed by one conditional UPDATE, so sweepers running at once in every worker queue
    it once; a sweeper dying after its claim leaves it to the next one, `recover_after` later.
    """
    recovered = []
    for delivery_id, key in store.claim_stranded(recover_after):
        log.warning("recovering delivery %s: recorded but never queued", delivery_id)
        hand_over(store, queue, delivery_id, key)
        recovered.append(delivery_id)
    return recovered
