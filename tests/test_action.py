"""Action mode end to end: `coordinator action` once per event, in fresh processes with no database
between runs, against the fake GitHub; the end state must be the webhook server's for the same events,
and a run killed midway (a cancelled workflow) must be finished by the next one without duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.state_block import read_block, strip_block
from bot.testing.faults import Halt
from bot.testing.github import FakeGitHub
from tests import e2e
from tests.action_harness import ACTIONS_BOT, ActionHarness, WorkflowGitHub
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

PLAN = """## Tasks
- [ ] Define the Order model [datatypes]
  - Acceptance: orders are stored with their line items
- [ ] Implement the checkout endpoint [feature-implementation] (depends on: Define the Order model)
  - Acceptance: POST /checkout answers 201 with the order id
- [ ] Provision the payments queue [cloud-primitives]
  - Acceptance: the queue exists in staging
"""
CONFIG = """roles:
  datatypes: {mention: "@data-agent"}
  feature-implementation: {mention: "@feature-agent"}
  cloud-primitives: {mention: "@cloud-agent"}
"""
TITLES = ["Define the Order model", "Implement the checkout endpoint", "Provision the payments queue"]


def _seed(fake: FakeGitHub) -> None:
    fake.add_repo(REPO)
    fake.set_permission(REPO, "octocat", "maintain")
    fake.set_file(REPO, ".github/coordinator.yml", CONFIG)


@pytest.fixture
def workflow_github() -> Iterator[WorkflowGitHub]:
    with WorkflowGitHub() as fake:
        _seed(fake)
        yield fake


@pytest.fixture
def action(workflow_github: WorkflowGitHub, tmp_path: Path) -> ActionHarness:
    return ActionHarness(workflow_github, tmp_path / "runner")


def lifecycle(bot: Any) -> dict[str, Any]:
    """Label, a command, then every ready task's pull request opened, merged and its sub-issue closed
    (as GitHub closes it), until the plan is done; the parent issue as it was opened."""
    parent = e2e.open_plan_issue(bot.fake, PLAN, title="Checkout")
    e2e.coordinate_by_label(bot, parent)
    e2e.post_command(bot, parent, "/status", sender="octocat")
    while ready := [issue for issue in e2e.sub_issues(bot.fake, parent["number"])
                    if issue["state"] == "open" and "status:ready" in e2e.labels_of(issue)]:
        for task in ready:
            pull = e2e.open_pull(bot, closes=[task["number"]], title=f"Work on #{task['number']}",
                                 head_ref=f"task/{task['number']}-work", files=[f"src/task_{task['number']}.py"])
            e2e.merge(bot, pull)
            e2e.close_issue(bot, task)
    return parent


_IDS = re.compile(r"\b1\d{7}\b")  # the fake's ids (comments, issues) differ between two fakes
_SHAS = re.compile(r"\b[0-9a-f]{12}(?:[0-9a-f]{28})?\b")  # random commit shas, whole or short


def _normal(text: str | None) -> str:
    return _SHAS.sub("<sha>", _IDS.sub("<id>", strip_block(text or "")))


def snapshot(fake: FakeGitHub, parent: int) -> dict[str, Any]:
    """What people see on GitHub: issues, labels, sub-issues, comments (state block left out), statuses."""
    issues = fake.issues(REPO)
    return {
        "issues": [(i["number"], i["title"], _normal(i["body"]), i["state"], i["state_reason"],
                    sorted(e2e.labels_of(i)), sorted(a["login"] for a in i["assignees"])) for i in issues],
        "sub-issues": [issue["number"] for issue in fake.sub_issues(REPO, parent)],
        "comments": {i["number"]: [_normal(c["body"]) for c in fake.comments(REPO, i["number"])] for i in issues},
        "statuses": {i["number"]: [(s["state"], s["description"]) for s in
                                   fake.statuses(REPO, fake.pull(REPO, i["number"])["head"]["sha"])]
                     for i in issues if "pull_request" in i},
        "labels": sorted(label["name"] for label in fake.labels(REPO)),
    }


def test_a_whole_lifecycle_in_fresh_processes_ends_as_the_server_does(
    action: ActionHarness, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    parent = lifecycle(action)
    _seed_default(fake_github)
    server = BotHarness(fake_github, tmp_path / "server.sqlite3")
    try:
        lifecycle(server)
    finally:
        server.stop()
    number = parent["number"]
    assert snapshot(action.fake, number) == snapshot(fake_github, number)
    assert len(e2e.bot_comments(action.fake, number, "summary")) == 1
    roadmap = e2e.roadmap_text(action.fake, parent)
    assert "<!-- coordinator-state v1 " in roadmap and "coordinator-state" not in e2e.roadmap_text(fake_github, parent)
    kept = read_block(roadmap, REPO, number)
    assert kept is not None and kept.status == "completed"
    assert [task.status for task in kept.tasks.values()] == ["done"] * 3
    authors = {c["user"]["login"] for i in action.fake.issues(REPO) for c in action.fake.comments(REPO, i["number"])}
    assert authors == {ACTIONS_BOT, "octocat"}
    assert all(run.returncode == 0 for run in action.runs)


def _seed_default(fake: FakeGitHub) -> None:
    """The shared `fake_github` fixture already has the repository and octocat's role."""
    fake.set_file(REPO, ".github/coordinator.yml", CONFIG)


# --------------------------------------------------------------------------- a run killed midway


@pytest.fixture
def halting(workflow_github: WorkflowGitHub, tmp_path: Path) -> Iterator[ActionHarness]:
    yield ActionHarness(workflow_github, tmp_path / "runner")
    workflow_github.faults.clear()  # releases a request still held


def _killed(harness: ActionHarness, halt: Halt, event: str, payload: dict[str, Any]) -> None:
    """Runs the action until the fake holds the chosen request (after doing it), then kills the run,
    as a workflow run cancelled at that moment is stopped."""
    process = harness.start(event, payload)
    assert halt.reached.wait(90), "the run never reached the request it was to be killed at"
    process.kill()
    process.communicate(timeout=30)
    halt.release()


def _assert_finished_once(fake: FakeGitHub, parent: dict[str, Any]) -> None:
    subs = e2e.sub_issues(fake, parent["number"])
    assert sorted(issue["title"] for issue in subs) == sorted(TITLES)
    assert len([i for i in fake.issues(REPO) if i["number"] != parent["number"]]) == len(TITLES)
    assert len(e2e.bot_comments(fake, parent["number"], "roadmap")) == 1
    for issue in subs:
        handovers = e2e.bot_comments(fake, issue["number"], "handover")
        assert len(handovers) == int("status:ready" in e2e.labels_of(issue)), issue["title"]
    kept = read_block(e2e.roadmap_text(fake, parent), REPO, parent["number"])
    assert kept is not None and sorted(t.issue_number or 0 for t in kept.tasks.values()) == sorted(
        issue["number"] for issue in subs)


def test_a_run_killed_while_creating_sub_issues_is_finished_by_the_rerun(halting: ActionHarness) -> None:
    fake = halting.fake
    parent = e2e.open_plan_issue(fake, PLAN, title="Checkout")
    # the second sub-issue: created, never answered
    halt = fake.faults.halt_at("POST", r"/repos/[^/]+/[^/]+/issues$", skip=1)
    _killed(halting, halt, "issues", e2e.label_event(parent))
    assert len(fake.issues(REPO)) == 3 and len(e2e.sub_issues(fake, parent["number"])) == 1
    e2e.coordinate_by_label(halting, parent)  # "Re-run jobs"
    _assert_finished_once(fake, parent)


def test_a_run_killed_after_a_hand_over_is_finished_by_the_next_event(halting: ActionHarness) -> None:
    fake = halting.fake
    parent = e2e.open_plan_issue(fake, PLAN, title="Checkout")
    halt = fake.faults.halt_at("POST", rf"/issues/(?!{parent['number']}/)\d+/comments$")  # the first hand-over comment
    _killed(halting, halt, "issues", e2e.label_event(parent))
    assert sum(len(e2e.bot_comments(fake, i["number"], "handover")) for i in fake.issues(REPO)) == 1
    e2e.post_command(halting, parent, "/status", sender="octocat")  # the next event on the plan
    _assert_finished_once(fake, parent)
    assert len(e2e.bot_comments(fake, parent["number"], "reply")) == 1
