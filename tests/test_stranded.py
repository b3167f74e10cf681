"""A web process dying between recording a delivery and queueing it: the delivery is recovered once.

On SQLite + in-process the restarted server resumes it; scaled out, the restarted web tier queues
nothing and a worker's sweeper claims it (one conditional UPDATE) once `COORDINATOR_RECOVER_AFTER`
has passed. GitHub's redelivery claims it the same way; a finished delivery stays a duplicate.
"""

from __future__ import annotations

import time

import pytest

from bot.ops import recover_jobs
from bot.store import DeliveryStatus
from tests.e2e import AUTH_TITLES, label_event, open_plan_issue, plan_text, sub_issues
from tests.fakes.github_server import FakeGitHub
from tests.fixtures.app import RECOVER_AFTER, BotHarness, ScaledHarness

pytestmark = pytest.mark.both_backends


def wait_until_done(bot: BotHarness, delivery_id: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while (found := bot.services.store.delivery(delivery_id)) is None or found.status is not DeliveryStatus.DONE:
        assert time.monotonic() < deadline, f"delivery {delivery_id} was not recovered: {found}"
        time.sleep(0.05)
    bot.wait()


def created(fake: FakeGitHub) -> list[str]:
    return sorted(r.json["title"] for r in fake.requests if r.method == "POST" and r.path.endswith("/issues"))


def test_a_delivery_recorded_but_never_queued_is_recovered_once_and_its_redelivery_is_a_duplicate(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    bot.record_then_die("issues", label_event(parent), "lost-1")
    assert bot.services.store.delivery("lost-1") is not None  # recorded: GitHub had no 2xx, but it is not lost

    bot.restart()
    wait_until_done(bot, "lost-1")

    assert [child["title"] for child in sub_issues(fake_github, parent["number"])] == AUTH_TITLES
    assert created(fake_github) == sorted(AUTH_TITLES)
    if isinstance(bot, ScaledHarness):  # recovered by one sweeper, once, not by the restarted web tier
        assert bot.worker_logs().count("recovering delivery lost-1") == 1
    response = bot.deliver("issues", label_event(parent), delivery_id="lost-1")
    assert (response.status_code, response.get_json()["outcome"]) == (200, "duplicate")
    assert created(fake_github) == sorted(AUTH_TITLES)


def test_githubs_redelivery_of_a_delivery_recorded_but_never_queued_runs_it_once(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    bot.record_then_die("issues", label_event(parent), "lost-2")
    time.sleep(RECOVER_AFTER)  # GitHub redelivers by hand, later: its recorder is not about to queue it

    response = bot.deliver("issues", label_event(parent), delivery_id="lost-2", wait=False)
    # Scaled out, a worker's sweeper may claim it first: then the redelivery is the duplicate.
    assert (response.status_code, response.get_json()["outcome"]) in ((202, "queued"), (200, "duplicate"))
    wait_until_done(bot, "lost-2")

    assert created(fake_github) == sorted(AUTH_TITLES)
    again = bot.deliver("issues", label_event(parent), delivery_id="lost-2")
    assert (again.status_code, again.get_json()["outcome"]) == (200, "duplicate")
    assert created(fake_github) == sorted(AUTH_TITLES)


@pytest.mark.embedded_only(reason="scaled out, the workers sweep on their own (the tests above)")
def test_jobs_sweep_queues_a_stranded_delivery_once(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    bot.record_then_die("issues", label_event(parent), "lost-3")
    assert recover_jobs(bot.settings()) == "0 deliveries recovered"  # its recorder may still be about to queue it
    time.sleep(RECOVER_AFTER)

    assert recover_jobs(bot.settings()) == "1 deliveries recovered\n  lost-3"
    assert created(fake_github) == sorted(AUTH_TITLES)
    assert recover_jobs(bot.settings()) == "0 deliveries recovered"
