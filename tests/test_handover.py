"""The web tier's forwarder: the answer waits for the record only; Redis gets the delivery after it.

Real PostgreSQL and Redis: the forwarder hands deliveries to the shared queue in order and marks each
queued once Redis holds it; when Redis refuses, the delivery stays `received` for the sweepers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.handover import Forwarder
from bot.redis_queue import RedisQueue
from bot.store import Delivery, DeliveryStatus, SqlStore, open_store
from tests.fixtures.backends import REDIS_URL


@pytest.fixture
def store(postgres_url: str) -> Iterator[SqlStore]:
    opened = open_store(postgres_url)
    yield opened
    opened.close()


def recorded(store: SqlStore, *ids: str) -> None:
    for delivery_id in ids:
        store.claim_delivery(Delivery(id=delivery_id, event="issues", action="labeled", key="o/r", payload={}))


def status(store: SqlStore, delivery_id: str) -> DeliveryStatus:
    found = store.delivery(delivery_id)
    assert found is not None
    return found.status


def test_every_delivery_is_handed_to_the_queue_then_marked_queued(store: SqlStore, redis_namespace: str) -> None:
    forwarder = Forwarder(store, RedisQueue(REDIS_URL, namespace=redis_namespace))
    try:
        recorded(store, "a", "b", "c")
        for delivery_id in ("a", "b", "c"):
            forwarder.submit(delivery_id, "o/r")
        assert not forwarder.wait_idle(0.5)  # handed over, but no worker consumes in this test
        assert forwarder.depth() == 3
        assert [status(store, delivery_id) for delivery_id in "abc"] == [DeliveryStatus.QUEUED] * 3
    finally:
        forwarder.stop()


def test_a_queue_that_refuses_leaves_the_delivery_received_and_the_forwarder_goes_on(
    store: SqlStore, redis_namespace: str
) -> None:
    down = Forwarder(store, RedisQueue("redis://127.0.0.1:9/0", namespace=redis_namespace))
    try:
        recorded(store, "lost-1", "lost-2")
        down.submit("lost-1", "o/r")
        down.submit("lost-2", "o/r")
        assert not down.alive()
    finally:
        down.stop()  # hands over (tries to) what is waiting before it stops
    assert [status(store, delivery_id) for delivery_id in ("lost-1", "lost-2")] == [DeliveryStatus.RECEIVED] * 2
