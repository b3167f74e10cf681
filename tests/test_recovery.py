"""Idempotence and recovery: failures mid-way, lost answers, a lost database, big plans, request budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.domain.status import TaskStatus
from bot.testing.github import FakeGitHub
from tests.e2e import (
    bot_comments,
    close_issue,
    comment,
    coordinate_by_label,
    generated_plan,
    open_plan_issue,
    plan_text,
    sub_issues,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

pytestmark = pytest.mark.both_backends


def coordinate_with_a_new_bot(fake: FakeGitHub, database: Path, parent: dict[str, Any]) -> None:
    """One run of a bot process with its own database, stopped afterwards."""
    harness = BotHarness(fake, database)
    try:
        coordinate_by_label(harness, parent)
    finally:
        harness.stop()


def created_issues(fake: FakeGitHub) -> list[str]:
    return [r.json["title"] for r in fake.requests if r.method == "POST" and r.path.endswith("/issues")]


@pytest.mark.embedded_only(reason="scaled out, the queue retries the failed job (tests/test_queue.py), so it ends"
                          " without the failure this test follows")
def test_failure_mid_way_is_reported_and_the_next_event_finishes_without_duplicates(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    fake_github.faults.fail("POST", r"/issues$", 500, skip=2, times=2)
    coordinate_by_label(bot, parent)

    assert len(sub_issues(fake_github, parent["number"])) == 2
    roadmap = bot_comments(fake_github, parent["number"], "roadmap")[0]["body"]
    assert "GitHub refused a request" in roadmap

    coordinate_by_label(bot, parent)
    children = sub_issues(fake_github, parent["number"])
    assert len(children) == 5 and len({child["title"] for child in children}) == 5
    assert len(fake_github.issues(REPO)) == 6
    assert "GitHub refused" not in bot_comments(fake_github, parent["number"], "roadmap")[0]["body"]


def test_an_error_answer_after_the_issue_was_created_adopts_it_instead_of_creating_twice(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    fake_github.faults.fail("POST", r"/issues$", 502, skip=1, after_effect=True)
    coordinate_by_label(bot, parent)

    assert len(fake_github.issues(REPO)) == 6
    assert len(sub_issues(fake_github, parent["number"])) == 5


def test_an_attach_whose_answer_was_lost_is_not_repeated_blindly(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    fake_github.faults.fail("POST", r"/sub_issues$", 502, skip=1, after_effect=True)
    coordinate_by_label(bot, parent)
    assert len(sub_issues(fake_github, parent["number"])) == 5


def test_lost_database_is_rebuilt_from_markers(fake_github: FakeGitHub, tmp_path: Path) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_with_a_new_bot(fake_github, tmp_path / "first.sqlite3", parent)
    roadmap_id = bot_comments(fake_github, parent["number"], "roadmap")[0]["id"]
    fake_github.clear_requests()

    coordinate_with_a_new_bot(fake_github, tmp_path / "second.sqlite3", parent)
    assert created_issues(fake_github) == []
    assert [c["id"] for c in bot_comments(fake_github, parent["number"], "roadmap")] == [roadmap_id]
    assert len(sub_issues(fake_github, parent["number"])) == 5


def test_fifty_tasks_cost_at_most_two_requests_each_plus_a_constant(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """Create and attach per task, one native "blocked by" link per dependency (40 in five-task chains)."""
    parent = open_plan_issue(fake_github, generated_plan(50), title="Fifty components")
    fake_github.clear_requests()
    coordinate_by_label(bot, parent)

    assert len(sub_issues(fake_github, parent["number"])) == 50
    requests = len(fake_github.requests)
    assert requests <= 2 * 50 + 40 + 25, requests


def test_a_plan_over_one_hundred_tasks_hangs_its_tasks_from_parts(fake_github: FakeGitHub, tmp_path: Path) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "task_cap: 150\n")
    parent = open_plan_issue(fake_github, generated_plan(120), title="A very large plan")
    coordinate_with_a_new_bot(fake_github, tmp_path / "large.sqlite3", parent)

    parts = sub_issues(fake_github, parent["number"])
    assert [part["title"] for part in parts] == ["A very large plan (part 1)", "A very large plan (part 2)"]
    assert [len(sub_issues(fake_github, part["number"])) for part in parts] == [100, 20]
    fake_github.clear_requests()

    coordinate_with_a_new_bot(fake_github, tmp_path / "rebuilt.sqlite3", parent)
    assert created_issues(fake_github) == []


def test_events_on_sub_issues_after_a_lost_database_read_the_plan_again(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_with_a_new_bot(fake_github, tmp_path / "first.sqlite3", parent)
    first = sub_issues(fake_github, parent["number"])[0]

    harness = BotHarness(fake_github, tmp_path / "second.sqlite3")
    try:
        close_issue(harness, first)
        state = harness.services.store.load(REPO, parent["number"])
        assert state is not None
        assert state.status_of("define-the-user-model-and-credentials-schema").value == "done"
    finally:
        harness.stop()
    assert "1/5 finished" in bot_comments(fake_github, parent["number"], "roadmap")[0]["body"]


def test_labels_that_cannot_be_listed_do_not_stop_the_sub_issues(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.faults.fail("GET", r"/labels$", 500, times=4)  # the first try and three retries
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    children = sub_issues(fake_github, parent["number"])
    assert len(children) == 5 and "agent:datatypes" in {label["name"] for label in children[0]["labels"]}


def test_a_rebuild_hands_over_only_what_was_not_handed_over(fake_github: FakeGitHub, tmp_path: Path) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", 'roles:\n  datatypes: {mention: "@data-bot"}\n')
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_with_a_new_bot(fake_github, tmp_path / "first.sqlite3", parent)
    schema = sub_issues(fake_github, parent["number"])[0]
    assert len(bot_comments(fake_github, schema["number"], "handover")) == 1

    coordinate_with_a_new_bot(fake_github, tmp_path / "second.sqlite3", parent)
    assert len(bot_comments(fake_github, schema["number"], "handover")) == 1


def test_a_rebuild_reads_status_labels_the_repository_spells_otherwise(fake_github: FakeGitHub, tmp_path: Path) -> None:
    """GitHub's label names ignore case: with `Status:Ready` already in the repository, the sub-issues
    carry that spelling, and a rebuilt database still reads their statuses from it."""
    for status in TaskStatus:
        fake_github.add_label(REPO, status.label.title())
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_with_a_new_bot(fake_github, tmp_path / "first.sqlite3", parent)
    fake_github.clear_requests()

    coordinate_with_a_new_bot(fake_github, tmp_path / "second.sqlite3", parent)
    assert [f"{r.method} {r.path}" for r in fake_github.writes() if "/labels" in r.path] == []


@pytest.mark.embedded_only(reason="scaled out, the queue retries the failed job (tests/test_queue.py), so it ends"
                          " without the failure this test follows")
def test_a_removed_task_whose_close_failed_is_closed_by_the_next_event(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    deploy = sub_issues(fake_github, parent["number"])[4]
    shorter = plan_text("auth").split("- [ ] Deploy the auth service")[0] + "## Acceptance criteria\n- It works\n"
    edited = fake_github.set_issue(REPO, parent["number"], body=shorter)
    fake_github.set_permission(REPO, "octocat", "write")
    fake_github.faults.fail("PATCH", rf"/issues/{deploy['number']}$", 500, times=4)

    comment(bot, edited, "/replan")
    assert fake_github.issue(REPO, deploy["number"])["state"] == "open"
    comment(bot, edited, "/status")
    closed = fake_github.issue(REPO, deploy["number"])
    assert (closed["state"], closed["state_reason"]) == ("closed", "not_planned")
