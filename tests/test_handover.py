"""The web tier's forwarder: the answer waits for the record only; Redis gets the delivery after it.

Real PostgreSQL and Redis: the forwarder hands deliveries to the shared queue in order and marks each
queued once Redis holds it; when Redis refuses, the delivery stays `received` for the sweepers.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.handover import BATCH, Forwarder
from bot.redis_queue import RedisQueue
from bot.store import Delivery, DeliveryStatus, SqlStore, open_store
from tests.fixtures.backends import REDIS_URL

ROOT = Path(__file__).resolve().parent.parent


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


def test_a_burst_larger_than_a_batch_is_handed_over_whole(store: SqlStore, redis_namespace: str) -> None:
    ids = [f"burst-{n}" for n in range(BATCH * 2 + 5)]
    recorded(store, *ids)
    forwarder = Forwarder(store, RedisQueue(REDIS_URL, namespace=redis_namespace))
    try:
        for delivery_id in ids:
            forwarder.submit(delivery_id, "o/r")
        forwarder.wait_idle(0.5)
        assert forwarder.depth() == len(ids)
        assert {status(store, delivery_id) for delivery_id in ids} == {DeliveryStatus.QUEUED}
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


def test_a_web_process_that_exits_hands_over_what_it_holds_first(postgres_url: str, redis_namespace: str) -> None:
    """gunicorn stops a worker by letting it exit: the forwarder still holds deliveries the answer
    has left behind, and hands them over before the process ends."""
    script = f"""
from bot.handover import Forwarder
from bot.redis_queue import RedisQueue
from bot.store import Delivery, open_store
store = open_store({postgres_url!r})
forwarder = Forwarder(store, RedisQueue({REDIS_URL!r}, namespace={redis_namespace!r}))
for n in range(20):
    store.claim_delivery(Delivery(id=f"exit-{{n}}", event="issues", action="labeled", key="o/r", payload={{}}))
    forwarder.submit(f"exit-{{n}}", "o/r")
"""
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
    store = open_store(postgres_url)
    try:
        assert {status(store, f"exit-{n}") for n in range(20)} == {DeliveryStatus.QUEUED}
        assert RedisQueue(REDIS_URL, namespace=redis_namespace).depth() == 20
    finally:
        store.close()
