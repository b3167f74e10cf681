"""Deliveries arriving together: the same parent is never worked on twice at once, and a delivery
sent several times at once is queued once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.testing.github import FakeGitHub
from bot.testing.payloads import comment_payload, issue_payload
from bot.work_queue import InProcessQueue
from tests.e2e import bot_comments, coordinate_by_label, label_event, open_plan_issue, plan_text, sub_issues
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO


@pytest.fixture
def busy_bot(fake_github: FakeGitHub, tmp_path: Path) -> Iterator[BotHarness]:
    """Four workers and a slow GitHub, so that anything not serialised would overlap."""
    fake_github.latency = 0.005
    fake_github.set_permission(REPO, "octocat", "admin")
    harness = BotHarness(fake_github, tmp_path / "coordinator.sqlite3", workers=4)
    try:
        yield harness
    finally:
        harness.stop()


def all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Runs the calls on as many threads, released together."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_label_coordinate_and_edit_arriving_together_create_each_sub_issue_once(
    busy_bot: BotHarness, fake_github: FakeGitHub
) -> None:
    """The plan was waiting for answers; the author fixes it, re-adds the label and comments
    `/coordinate` within a second: three coordinations of one parent arrive together."""
    parent = open_plan_issue(fake_github, plan_text("vague"), title="Better login")
    coordinate_by_label(busy_bot, parent)
    assert bot_comments(fake_github, parent["number"], "clarification")
    plan = plan_text("auth")
    fixed = fake_github.set_issue(REPO, parent["number"], body=plan)
    command = fake_github.add_comment(REPO, parent["number"], "/coordinate")
    labels = ["coordinate", "coordination:needs-clarification"]
    edited = issue_payload("edited", repo=REPO, number=parent["number"], issue_id=parent["id"],
                           title=parent["title"], body=plan, labels=labels, changes={"body": {"from": parent["body"]}})
    commented = comment_payload("created", repo=REPO, issue_number=parent["number"], issue_id=parent["id"],
                                issue_title=parent["title"], issue_body=plan, issue_labels=labels,
                                comment_id=command["id"], body="/coordinate")
    deliveries = [("issues", label_event(fixed)), ("issues", edited), ("issue_comment", commented)]

    answers = all_at_once([partial(busy_bot.deliver, e, p, wait=False) for e, p in deliveries])
    busy_bot.wait()

    assert [answer.status_code for answer in answers] == [202, 202, 202]
    titles = [issue["title"] for issue in fake_github.issues(REPO) if issue["number"] != parent["number"]]
    assert len(titles) == 5 and len(set(titles)) == 5
    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert len(bot_comments(fake_github, parent["number"], "roadmap")) == 1
    assert len(bot_comments(fake_github, parent["number"], f"reply {command['id']}")) == 1


def test_the_same_delivery_sent_many_times_at_once_is_queued_once(
    busy_bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    payload = label_event(parent)
    answers = all_at_once([lambda: busy_bot.deliver("issues", payload, delivery_id="guid-1", wait=False)] * 8)
    busy_bot.wait()

    assert sorted(answer.get_json()["outcome"] for answer in answers) == ["duplicate"] * 7 + ["queued"]
    assert len(fake_github.issues(REPO)) == 6


def test_jobs_for_one_repository_never_overlap_while_other_repositories_proceed() -> None:
    """The first job of one repository waits for a job of another to start: were the other queued
    behind it, that wait would time out."""
    running: dict[str, int] = {}
    most: dict[str, int] = {}
    lock = threading.Lock()
    other_started = threading.Event()
    waited: list[bool] = []

    def run(delivery_id: str) -> None:
        key = delivery_id.split("#")[0]
        with lock:
            running[key] = running.get(key, 0) + 1
            most[key] = max(most.get(key, 0), running[key])
        if key == "b/two":
            other_started.set()
        elif not waited:
            waited.append(other_started.wait(10))
        with lock:
            running[key] -= 1

    queue = InProcessQueue(run, workers=4)
    try:
        for n in range(40):
            key = ("a/one", "b/two")[n % 2]
            queue.submit(f"{key}#{n}", key)
        assert queue.wait_idle(30)
    finally:
        queue.stop()
    assert waited == [True]
    assert most == {"a/one": 1, "b/two": 1}
