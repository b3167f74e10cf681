"""Which plan an issue belongs to, decided from markers, the store's index and the state: no server.

A marker is a claim; the index and the state (written by the bot) decide; only a claim on a plan
the store has no state for is left to the one GitHub check (`Standing.UNCONFIRMED`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.coordination.membership import Claim, Membership, Standing, lookup, resolve
from bot.domain.coordination import CoordinationState, GroupState, TaskState
from bot.gateway import GitHubGateway, RepoGateway
from bot.markers import group_marker, task_marker
from bot.settings import Settings
from bot.store import open_store
from tests.e2e import close_issue
from tests.fakes.github_server import FakeGitHub
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

PARENT = 5


@pytest.fixture
def gh(gateway_settings: Settings) -> RepoGateway:
    return GitHubGateway(gateway_settings).repo(REPO)


def state() -> CoordinationState:
    """Plan #5: task `api` in #6, a dropped task's sub-issue #7 still indexed, part 0 in #8."""
    found = CoordinationState(repo="o/r", parent_number=PARENT)
    found.tasks["api"] = TaskState(key="api", issue_number=6)
    found.groups.append(GroupState(index=0, issue_number=8))
    return found


@pytest.mark.parametrize(("case", "number", "body", "indexed", "known", "expected"), [
    ("a sub-issue in the index and the state", 6, task_marker(PARENT, "api"), PARENT, True,
     Membership(PARENT, "api", Standing.TASK)),
    ("an indexed sub-issue whose marker was edited away", 6, "", PARENT, True,
     Membership(PARENT, "api", Standing.TASK)),
    ("the sub-issue of a task a new plan dropped: indexed, the marker names the task", 7,
     task_marker(PARENT, "old"), PARENT, True, Membership(PARENT, "old", Standing.TASK)),
    ("a plan issue, or any other issue", 9, "Just a plan", None, True, None),
    ("a copied marker: the plan's state does not know the issue", 9, task_marker(PARENT, "api"), None, True, None),
    ("a part of a large plan", 8, group_marker(PARENT, 0), None, True, Membership(PARENT, None, Standing.PART)),
    ("a marker on a plan the store has no state for: GitHub must say", 9, task_marker(PARENT, "api"), None, False,
     Membership(PARENT, "api", Standing.UNCONFIRMED)),
])
def test_resolve(case: str, number: int, body: str, indexed: int | None, known: bool,
                 expected: Membership | None) -> None:
    assert resolve(number, Claim.of(body), indexed, state() if known else None) == expected, case


def test_claims_are_read_from_task_and_part_markers_only() -> None:
    assert Claim.of(task_marker(3, "db")) == Claim(3, key="db")
    assert Claim.of(group_marker(3, 1)) == Claim(3, part=1)
    assert Claim.of("<!-- coordinator:roadmap -->") is None and Claim.of(None) is None


def test_a_lost_database_is_asked_of_github_once_and_a_copied_marker_is_refused(
    fake_github: FakeGitHub, gh: RepoGateway, tmp_path: Path
) -> None:
    """No state for the claimed plan: the one check lists its sub-issues; nothing else is read."""
    store = open_store(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    parent = gh.create_issue("Plan", "the plan", [], [])
    child = gh.create_issue("Task api", task_marker(parent.number, "api"), [], [])
    gh.add_sub_issue(parent.number, child.id)
    copied = gh.create_issue("A new plan", task_marker(parent.number, "api"), [], [])
    fake_github.clear_requests()
    try:
        assert lookup(store, gh, child.number, child.body) == Membership(parent.number, "api", Standing.TASK)
        assert lookup(store, gh, copied.number, copied.body) is None
        assert lookup(store, gh, child.number, None, body_known=False) == Membership(
            parent.number, "api", Standing.TASK)
    finally:
        store.close()
    reads = [r.path.removeprefix(f"/repos/{REPO}") for r in fake_github.requests]
    assert reads == [f"/issues/{parent.number}/sub_issues"] * 2 + [
        f"/issues/{child.number}", f"/issues/{parent.number}/sub_issues"]


def test_an_event_on_an_issue_whose_claimed_plan_was_deleted_is_ignored_not_failed(
        bot: BotHarness, fake_github: FakeGitHub) -> None:
    """GitHub answers 410 Gone for a deleted issue: a marker naming one (or a number never used)
    claims nothing, and the delivery is processed, not failed and retried."""
    parent = fake_github.add_issue(REPO, "plan")
    copied = fake_github.add_issue(REPO, "copied", body=f"text\n\n{task_marker(parent['number'], 'schema')}")
    fake_github.delete_issue(REPO, parent["number"])
    close_issue(bot, copied)
    stray = fake_github.add_issue(REPO, "stray", body=f"text\n\n{task_marker(999, 'schema')}")
    close_issue(bot, stray)
    assert bot.delivery_outcomes() == {("issues", "queued"): 2.0, ("issues", "processed"): 2.0}
    assert fake_github.writes() == []
