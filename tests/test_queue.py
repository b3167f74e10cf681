"""The shared queue (Dramatiq over Redis) and the shared write throttle, with real PostgreSQL and Redis.

Workers run in this process here (the same `build_runtime(worker=True)` as `coordinator worker`),
which keeps these tests fast; the end-to-end suite and the crash test use real worker processes.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.cli import main
from bot.jobs import Job
from bot.ops import retry_jobs
from bot.redis_queue import RedisQueue
from bot.routing import Router
from bot.shared_pacing import SharedWritePacer
from bot.store import DeliveryStatus, open_store
from bot.testing.github import FakeGitHub
from bot.testing.payloads import issue_payload
from bot.wiring import Runtime, build_runtime, build_services
from tests.e2e import label_event, open_plan_issue, plan_text, sub_issues
from tests.fixtures.app import ScaledHarness
from tests.fixtures.backends import REDIS_URL
from tests.fixtures.github import REPO


@pytest.fixture
def scaled(fake_github: FakeGitHub, postgres_url: str, redis_namespace: str,
           tmp_path: Path) -> Iterator[tuple[ScaledHarness, Runtime]]:
    """The web tier, and one worker in this process; GitHub answers are not retried by the client."""
    bot = ScaledHarness(fake_github, postgres_url, redis_namespace, tmp_path, workers=0, github_retries=0)
    worker = build_runtime(bot.settings(), worker=True)
    try:
        yield bot, worker
    finally:
        worker.close()
        bot.stop()


def dead_letters(bot: ScaledHarness) -> float:
    text = bot.client.get("/metrics").get_data(as_text=True)
    return float(next(line.split()[1] for line in text.splitlines() if line.startswith("coordinator_dead_letters ")))


def test_a_job_that_keeps_failing_is_retried_then_dead_lettered_and_jobs_retry_runs_it_again(
    scaled: tuple[ScaledHarness, Runtime], fake_github: FakeGitHub
) -> None:
    bot, _ = scaled
    fake_github.faults.fail("POST", r"/issues$", 500, times=4 * 2)  # every attempt, then GitHub is back
    parent = open_plan_issue(fake_github, plan_text("auth"))
    bot.deliver("issues", label_event(parent), delivery_id="keeps-failing", wait=False)
    bot.wait(timeout=60)

    attempts = [r for r in fake_github.requests if r.method == "POST" and r.path.endswith("/issues")]
    assert len(attempts) == 4 * 2  # the first run and three retries, each trying the create and its checked retry
    delivery = bot.services.store.delivery("keeps-failing")
    assert delivery is not None and delivery.status is DeliveryStatus.FAILED
    assert dead_letters(bot) == 1

    assert retry_jobs(bot.settings()) == "1 deliveries queued again\n  keeps-failing"
    bot.wait(timeout=60)
    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert dead_letters(bot) == 0
    assert retry_jobs(bot.settings()) == "0 deliveries queued again"


def test_when_the_queue_is_down_the_recorded_delivery_is_answered_and_queued_once_it_is_back(
    fake_github: FakeGitHub, postgres_url: str, redis_namespace: str, tmp_path: Path
) -> None:
    """The web tier answers once the delivery is durably recorded; Redis comes after the answer.
    With Redis down the delivery stays `received`, and a worker's sweeper queues it once it is back."""
    parent = open_plan_issue(fake_github, plan_text("auth"))
    down = ScaledHarness(fake_github, postgres_url, redis_namespace, tmp_path, workers=0,
                         queue_url="redis://127.0.0.1:9/0")
    try:
        answer = down.deliver("issues", label_event(parent), delivery_id="while-down", wait=False)
        assert (answer.status_code, answer.get_json()["outcome"]) == (202, "queued")
        assert down.client.get("/healthz").get_json()["worker"] is False
    finally:
        down.stop()
    recorded = down.services.store.delivery("while-down")
    assert recorded is not None and recorded.status is DeliveryStatus.RECEIVED

    up = ScaledHarness(fake_github, postgres_url, redis_namespace, tmp_path, workers=1)
    try:
        deadline = time.monotonic() + 60
        while len(sub_issues(fake_github, parent["number"])) < 5:
            assert time.monotonic() < deadline, "the sweeper did not queue the delivery"
            time.sleep(0.1)
        up.wait(timeout=60)
        assert up.worker_logs().count("recovering delivery while-down") == 1
        again = up.deliver("issues", label_event(parent), delivery_id="while-down", wait=False)
        assert (again.status_code, again.get_json()["outcome"]) == (200, "duplicate")
    finally:
        up.stop()


def test_the_web_tier_never_queues_a_delivery_twice_on_restart(
    fake_github: FakeGitHub, postgres_url: str, redis_namespace: str, tmp_path: Path
) -> None:
    """The queue kept the message: a restarted web tier must not add a second one."""
    bot = ScaledHarness(fake_github, postgres_url, redis_namespace, tmp_path, workers=0)
    try:
        bot.deliver("issues", label_event(open_plan_issue(fake_github, plan_text("auth"))), wait=False)
        bot.restart()
        assert bot.queue.depth() == 1
    finally:
        bot.stop()


def test_worker_needs_the_queue_url(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.delenv("COORDINATOR_QUEUE_URL", raising=False)
    assert main(["worker"]) == 2
    assert capsys.readouterr().err.startswith("coordinator: configuration error: COORDINATOR_QUEUE_URL is required")


def test_a_queue_needs_a_shared_database(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.setenv("COORDINATOR_QUEUE_URL", REDIS_URL)
    monkeypatch.setenv("COORDINATOR_DATABASE_URL", "sqlite:///x.sqlite3")
    assert main(["worker"]) == 2
    assert "COORDINATOR_QUEUE_URL needs a postgresql:// COORDINATOR_DATABASE_URL" in capsys.readouterr().err


def pacers(namespace: str, count: int, **options: Any) -> tuple[list[SharedWritePacer], list[float]]:
    """`count` pacers on one credential, each with its own connection (as separate processes would)."""
    waits: list[float] = []
    made = [SharedWritePacer(redis.Redis.from_url(REDIS_URL), f"{namespace}:pace:token", sleep=waits.append,
                             **options) for _ in range(count)]
    return made, waits


def test_workers_share_one_write_bucket_per_credential(redis_namespace: str) -> None:
    """Writes from two processes are paced together: a burst of three, then one per interval."""
    (first, second), waits = pacers(redis_namespace, 2, interval=10.0, burst=3)
    for n in range(9):
        (first if n % 2 else second).acquire()
    assert waits == pytest.approx([10.0 * n for n in range(1, 7)], abs=0.5)  # the burst did not wait


def test_no_hour_holds_more_writes_than_the_hourly_cap(redis_namespace: str) -> None:
    (first, second), waits = pacers(redis_namespace, 2, interval=0.001, burst=60, per_hour=5)
    for pacer in (first, second, first, second, first, second, first):
        pacer.acquire()
    assert waits == pytest.approx([3600.0, 3600.0], abs=1.0)


def test_the_hour_left_is_read_across_processes(redis_namespace: str) -> None:
    (first, second), _ = pacers(redis_namespace, 2, interval=0.001, burst=60, per_hour=5)
    assert first.hour_room() == (5, 0.0)
    first.acquire(), second.acquire()
    room, frees_in = second.hour_room()
    assert room == 3 and 3590 < frees_in <= 3600


def test_two_workers_never_run_jobs_of_one_repository_at_once(postgres_url: str, redis_namespace: str) -> None:
    """The exclusion is the queue's: each job runs holding the store's PostgreSQL lock on its key."""
    running: Counter[str] = Counter()
    most: Counter[str] = Counter()
    guard = threading.Lock()

    def job(delivery_id: str, *, final: bool) -> None:
        key = delivery_id.split("#")[0]
        with guard:
            running[key] += 1
            most[key] = max(most[key], running[key])
        time.sleep(0.05)
        with guard:
            running[key] -= 1

    stores = [open_store(postgres_url), open_store(postgres_url)]
    queues = [RedisQueue(REDIS_URL, namespace=redis_namespace) for _ in stores]
    try:
        for queue, store in zip(queues, stores, strict=True):
            queue.work(job, store.exclusive, threads=3)
        for n in range(6):
            for key in ("octo-org/widgets", "octo-org/gadgets"):
                queues[0].submit(f"{key}#{n}", key)
        assert queues[0].wait_idle(60)
    finally:
        for queue, store in zip(queues, stores, strict=True):
            queue.stop()
            store.close()
    assert most == {"octo-org/widgets": 1, "octo-org/gadgets": 1}


def test_workers_run_the_deliveries_of_one_repository_in_the_order_received(
    fake_github: FakeGitHub, postgres_url: str, redis_namespace: str, tmp_path: Path
) -> None:
    """Whichever worker thread takes a later delivery first runs the earlier ones before it."""
    seen: list[int] = []
    web = ScaledHarness(fake_github, postgres_url, redis_namespace, tmp_path, workers=0)
    for n in range(1, 9):
        web.deliver("issues", issue_payload("closed", repo=REPO, number=n, issue_id=n, title=f"#{n}", body=""),
                    delivery_id=f"in-order-{n}", wait=False)
    settings = web.settings()
    services = build_services(settings)
    worker = RedisQueue(REDIS_URL, namespace=redis_namespace)
    record = Router({("issues", "closed"): lambda _services, event: seen.append(event.issue.number)})
    try:
        worker.work(Job(services, record).in_order, services.store.exclusive, threads=4)
        assert worker.wait_idle(60)
    finally:
        worker.stop()
        services.store.close()
        web.stop()
    assert seen == list(range(1, 9))
