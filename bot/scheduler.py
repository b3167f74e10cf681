"""Running a coordination again later: when GitHub's hourly write limit stops the creation of a big
plan's sub-issues, the rest is resumed once the hour has room again.

The resumption is a delivery of the bot's own (`coordinator`/`resume`) kept in the store like a
webhook, so a restart before it is due re-queues it (the run then finds out whether the hour has
room); a timer submits it to the work queue when due. With a shared queue, a worker dying before
then leaves it `received`: another worker's sweeper queues it `recover_after` seconds after it was due.
"""

from __future__ import annotations

import logging
import threading
import uuid

from bot.handover import hand_over
from bot.store import RECOVER_AFTER, Delivery, Store
from bot.work_queue import WorkQueue

log = logging.getLogger(__name__)

EVENT, ACTION, SWEEP = "coordinator", "resume", "sweep"


def _delivery(action: str, repo: str, parent: int, installation_id: int | None) -> Delivery:
    payload = {"action": action, "repository": {"full_name": repo}, "parent": parent,
               "installation": {"id": installation_id} if installation_id is not None else None}
    return Delivery(id=f"{action}-{uuid.uuid4().hex}", event=EVENT, action=action, key=repo.lower(), payload=payload)


def queue_sweeps(store: Store, queue: WorkQueue) -> list[str]:
    """Queues a sweep (`coordinator`/`sweep`) of every open coordination; returns `repo#parent` of each."""
    queued = []
    for state in store.open_coordinations():
        delivery = _delivery(SWEEP, state.repo, state.parent_number, state.installation_id)
        if store.claim_delivery(delivery):
            queue.submit(delivery.id, delivery.key)
            queued.append(f"{state.repo}#{state.parent_number}")
    return queued


class Scheduler:
    """Built before the work queue (the queue's jobs need the services, which hold the scheduler)."""

    def __init__(self, store: Store, recover_after: float = RECOVER_AFTER) -> None:
        self._store = store
        self._recover_after = recover_after
        self._queue: WorkQueue | None = None

    def attach(self, queue: WorkQueue) -> None:
        self._queue = queue

    def resume(self, repo: str, parent: int, installation_id: int | None, delay: float) -> None:
        """Runs the coordination of `parent` again in `delay` seconds."""
        delivery = _delivery(ACTION, repo, parent, installation_id)
        assert self._queue is not None, "Scheduler.attach(queue) first"
        self._store.claim_delivery(delivery, delay + self._recover_after)
        timer = threading.Timer(delay, self._submit, (delivery.id, delivery.key))
        timer.daemon = True
        timer.start()
        log.info("coordination of %s#%s resumes in %.0f s", repo, parent, delay)

    def _submit(self, delivery_id: str, key: str) -> None:
        assert self._queue is not None
        hand_over(self._store, self._queue, delivery_id, key)
