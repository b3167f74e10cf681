"""Slash commands and permissions, end to end: signed `issue_comment` deliveries, the real app, the fake GitHub.

Every test asserts on what people would see on GitHub afterwards: labels, issue states, the bot's
replies (marked `<!-- coordinator:reply <comment id> -->`), reactions and the roadmap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bot.markers import group_marker, parse_task_marker
from bot.render.text import neutralize_mentions
from bot.testing.github import FakeGitHub
from bot.testing.payloads import comment_payload
from tests.e2e import (
    bot_comments,
    close_issue,
    coordinate_by_label,
    deliver_comment,
    generated_plan,
    labels_of,
    merge,
    open_plan_issue,
    open_pull,
    permission_requests,
    plan_text,
    post_command,
    reaction_names,
    replies_to,
    reply_to,
    sub_issues,
)
from tests.fixtures.app import BotHarness, ScaledHarness
from tests.fixtures.github import REPO

pytestmark = pytest.mark.both_backends

CONFIG = """
roles:
  datatypes: {mention: "@data-bot", assignees: [dana]}
  cloud-primitives: {mention: "@cloud-bot"}
  feature-implementation: {mention: "@feature-bot"}
  unit-testing: {mention: "@test-bot"}
  deployment: {mention: "@deploy-bot"}
"""


@dataclass
class Coordinated:
    """The auth plan, coordinated: `model` and `db` are ready, `endpoints`, `tests`, `deploy` blocked."""

    fake: FakeGitHub
    parent: dict[str, Any]

    def task(self, index: int) -> dict[str, Any]:
        """A sub-issue as GitHub has it now, in roadmap order (0 = model … 4 = deploy)."""
        return self.fake.issue(REPO, sub_issues(self.fake, self.parent["number"])[index]["number"])

    def key(self, index: int) -> str:
        marker = parse_task_marker(self.task(index)["body"])
        assert marker is not None
        return marker[1]

    def roadmap(self) -> str:
        roadmaps = bot_comments(self.fake, self.parent["number"], "roadmap")
        assert len(roadmaps) == 1
        return str(roadmaps[0]["body"])

    def handovers(self, index: int) -> list[str]:
        return [c["body"] for c in bot_comments(self.fake, self.task(index)["number"], "handover")]


MODEL, DB, ENDPOINTS, TESTS, DEPLOY = range(5)
VISITOR = neutralize_mentions("@visitor")


@pytest.fixture
def plan(bot: BotHarness, fake_github: FakeGitHub) -> Coordinated:
    fake_github.set_file(REPO, ".github/coordinator.yml", CONFIG)
    fake_github.set_permission(REPO, "maintainer", "write")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    fake_github.clear_requests()
    return Coordinated(fake_github, parent)


def _command(bot: BotHarness, plan: Coordinated, body: str, **kwargs: Any) -> tuple[dict[str, Any], str]:
    """Posts a command on the parent; returns the comment and the bot's one reply."""
    stored = post_command(bot, plan.parent, body, **kwargs)
    return stored, reply_to(plan.fake, plan.parent["number"], stored["id"])


# --------------------------------------------------------------------------- each command


def test_help_lists_every_command_with_an_example_for_anyone(bot: BotHarness, plan: Coordinated) -> None:
    stored, reply = _command(bot, plan, "/help", sender="visitor")

    for usage, example in (("/coordinate [--dry-run]", "/coordinate --dry-run"), ("/assign <task> <agent>",
                           "/assign #12 datatypes"), ("/skip <task>", '/skip "load tests"'), ("/cancel", "/cancel")):
        assert f"`{usage}`" in reply and f"`{example}`" in reply
    assert reaction_names(plan.fake, stored["id"]) == ["+1"]
    assert permission_requests(plan.fake) == []


def test_status_refreshes_the_roadmap_and_answers_in_one_paragraph(bot: BotHarness, plan: Coordinated) -> None:
    plan.fake.set_permission(REPO, "reader", "read")
    _, reply = _command(bot, plan, "/status", sender="reader")

    assert "\n" not in reply
    assert reply.startswith("The coordination is active: 5 tasks, 3 blocked, 2 ready.")
    assert f"**Define the User model and credentials schema** (#{plan.task(MODEL)['number']})" in reply
    assert "0/5 finished" in plan.roadmap()


def test_coordinate_starts_and_running_it_again_changes_nothing(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "maintain")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    first = post_command(bot, parent, "/coordinate")

    children = sub_issues(fake_github, parent["number"])
    assert len(children) == 5
    reply = reply_to(fake_github, parent["number"], first["id"])
    assert reply.startswith("Plan applied (5 tasks).\n- Added: **Define the User model and credentials schema**")
    assert f"(#{children[0]['number']})" in reply
    fake_github.clear_requests()

    again = post_command(bot, parent, "/coordinate")
    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert reply_to(fake_github, parent["number"], again["id"]) == (
        "Nothing changed: the plan's 5 tasks are all tracked.")
    assert len(bot_comments(fake_github, parent["number"], "roadmap")) == 1
    creations = [r for r in fake_github.writes() if r.method == "POST" and r.path.endswith("/issues")]
    assert creations == []


def test_coordinate_dry_run_replies_with_the_preview_and_changes_nothing(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    stored = post_command(bot, parent, "/coordinate --dry-run")

    reply = reply_to(fake_github, parent["number"], stored["id"])
    assert reply.startswith("# Plan preview: User authentication")
    assert "Deploy the auth service to staging" in reply
    assert sub_issues(fake_github, parent["number"]) == []
    writes = [(r.method, r.path.rsplit("/", 1)[-1]) for r in fake_github.writes()]
    assert writes == [("POST", "reactions"), ("POST", "comments")]
    assert labels_of(fake_github.issue(REPO, parent["number"])) == set()


def test_coordinate_on_a_sub_issue_points_to_the_plan_issue(bot: BotHarness, plan: Coordinated) -> None:
    stored = post_command(bot, plan.task(MODEL), "/coordinate")

    reply = reply_to(plan.fake, plan.task(MODEL)["number"], stored["id"])
    assert reply == f"`/coordinate` works on the plan issue: comment it on #{plan.parent['number']}."


def test_assign_moves_labels_assignees_and_hands_over_to_the_new_agent(bot: BotHarness, plan: Coordinated) -> None:
    model = plan.task(MODEL)
    assert [a["login"] for a in model["assignees"]] == ["dana"]
    _, reply = _command(bot, plan, f"/assign #{model['number']} cloud-primitives")

    assert reply == (f"Moved **Define the User model and credentials schema** (#{model['number']}) "
                     "from Datatypes to Cloud Primitives.")
    model = plan.task(MODEL)
    assert labels_of(model) == {"agent:cloud-primitives", "status:ready"}
    assert model["assignees"] == []
    assert "Agent: **Cloud Primitives**" in model["body"]
    handovers = plan.handovers(MODEL)
    assert len(handovers) == 2 and "@data-bot" in handovers[0] and "@cloud-bot" in handovers[1]
    assert "| Define the User model and credentials schema | Cloud Primitives | 🟢 ready |" in plan.roadmap()


def test_assign_of_a_blocked_task_hands_over_once_it_is_ready(bot: BotHarness, plan: Coordinated) -> None:
    _, reply = _command(bot, plan, "/assign implement validation")

    assert reply.endswith("is handed over to Validation once its prerequisites are finished.")
    assert labels_of(plan.task(ENDPOINTS)) == {"agent:validation", "status:blocked"}
    assert plan.handovers(ENDPOINTS) == []
    _command(bot, plan, f"/skip #{plan.task(MODEL)['number']}\n/skip #{plan.task(DB)['number']}")
    assert labels_of(plan.task(ENDPOINTS)) == {"agent:validation", "status:ready"}


def test_retry_on_a_sub_issue_hands_that_task_over_again(bot: BotHarness, plan: Coordinated) -> None:
    stored = post_command(bot, plan.task(MODEL), "/retry")

    reply = reply_to(plan.fake, plan.task(MODEL)["number"], stored["id"])
    assert reply.startswith("Retrying.") and "is handed over to Datatypes." in reply
    handovers = plan.handovers(MODEL)
    assert len(handovers) == 2 and all("@data-bot" in body for body in handovers)
    assert f"<!-- coordinator:handover {plan.key(MODEL)}.1 -->" in handovers[1]


def test_retry_explains_why_a_task_cannot_be_handed_over_again(bot: BotHarness, plan: Coordinated) -> None:
    _, blocked = _command(bot, plan, "/retry deploy")
    pull = open_pull(bot, closes=[plan.task(DB)["number"]])
    _, working = _command(bot, plan, f"/retry #{plan.task(DB)['number']}")

    assert blocked.endswith("is still waiting for its prerequisites; it is handed over when they finish.")
    assert working.endswith(f"has an open pull request (#{pull['number']}); close it first, then `/retry`.")
    assert len(plan.handovers(DB)) == 1


def test_skip_closes_as_not_planned_and_unblocks_dependents(bot: BotHarness, plan: Coordinated) -> None:
    model = plan.task(MODEL)["number"]
    _, reply = _command(bot, plan, f"/skip #{model}\n/skip provision")

    assert f"Skipped **Define the User model and credentials schema** (#{model})." in reply
    assert "Unblocked: **Implement the signup and login endpoints**" in reply
    for index in (MODEL, DB):
        assert plan.task(index)["state"] == "closed" and plan.task(index)["state_reason"] == "not_planned"
        assert "status:skipped" in labels_of(plan.task(index))
    assert labels_of(plan.task(ENDPOINTS)) == {"agent:feature-implementation", "status:ready"}
    assert len(plan.handovers(ENDPOINTS)) == 1 and "@feature-bot" in plan.handovers(ENDPOINTS)[0]
    assert "2/5 finished" in plan.roadmap()


def test_skip_twice_is_harmless(bot: BotHarness, plan: Coordinated) -> None:
    _command(bot, plan, "/skip define-the-user-model-and-credentials-schema")
    plan.fake.clear_requests()
    _, reply = _command(bot, plan, '/skip "Define the User model"')

    model = plan.task(MODEL)["number"]
    assert reply == f"**Define the User model and credentials schema** (#{model}) is already skipped."
    issue_writes = [r for r in plan.fake.writes() if f"/issues/{plan.task(MODEL)['number']}" in r.path]
    assert issue_writes == []


def test_skip_of_a_done_task_keeps_it_done(bot: BotHarness, plan: Coordinated) -> None:
    close_issue(bot, plan.task(MODEL))
    stored = post_command(bot, plan.task(MODEL), "/skip")

    reply = reply_to(plan.fake, plan.task(MODEL)["number"], stored["id"])
    assert reply == f"**Define the User model and credentials schema** (#{plan.task(MODEL)['number']}) is already done."
    assert plan.task(MODEL)["state_reason"] == "completed" and "status:done" in labels_of(plan.task(MODEL))


def test_pause_records_a_merge_but_hands_nothing_over_until_resume(bot: BotHarness, plan: Coordinated) -> None:
    _command(bot, plan, f"/skip #{plan.task(DB)['number']}\n/pause")
    assert "⏸️ **Paused**" in plan.roadmap()

    merge(bot, open_pull(bot, closes=[plan.task(MODEL)["number"]]))
    assert "status:done" in labels_of(plan.task(MODEL))
    # the ready label is itself a hand-over: while paused the task keeps its blocked label
    assert labels_of(plan.task(ENDPOINTS)) == {"agent:feature-implementation", "status:blocked"}
    assert plan.handovers(ENDPOINTS) == []
    assert "2/5 finished" in plan.roadmap()
    endpoints = plan.task(ENDPOINTS)["number"]
    assert f"| ⏸️ ready, paused | #{endpoints} |" in plan.roadmap()

    _, reply = _command(bot, plan, "/resume")
    assert labels_of(plan.task(ENDPOINTS)) == {"agent:feature-implementation", "status:ready"}
    assert reply == f"Resumed. Handed over: **Implement the signup and login endpoints** (#{endpoints})."
    assert len(plan.handovers(ENDPOINTS)) == 1 and "@feature-bot" in plan.handovers(ENDPOINTS)[0]
    assert "Paused" not in plan.roadmap()


def test_assign_while_paused_hands_over_to_the_new_agent_on_resume(bot: BotHarness, plan: Coordinated) -> None:
    _, reply = _command(bot, plan, "/pause\n/assign provision deployment")
    assert reply.endswith("is handed over to Deployment when the coordination resumes.")
    assert len(plan.handovers(DB)) == 1

    _command(bot, plan, "/resume")
    handovers = plan.handovers(DB)
    assert len(handovers) == 2 and "@deploy-bot" in handovers[1]


def test_pause_and_resume_twice_say_there_is_nothing_to_do(bot: BotHarness, plan: Coordinated) -> None:
    _, reply = _command(bot, plan, "/pause\n/pause\n/resume\n/resume")

    assert reply.count("Nothing to pause: the coordination is paused.") == 1
    assert reply.count("Nothing to resume: the coordination is active.") == 1


def test_cancel_closes_every_open_sub_issue_as_not_planned(bot: BotHarness, plan: Coordinated) -> None:
    _, reply = _command(bot, plan, "/cancel")

    assert reply == "Cancelled. Closed 5 open sub-issue(s) as not planned."
    for index in range(5):
        task = plan.task(index)
        assert (task["state"], task["state_reason"]) == ("closed", "not_planned")
        assert "status:skipped" in labels_of(task)
    assert "🛑 **Cancelled**" in plan.roadmap()
    _, again = _command(bot, plan, "/cancel\n/skip deploy")
    assert "Nothing to cancel: the coordination is cancelled." in again
    assert "The coordination is cancelled, so its tasks no longer change." in again


# --------------------------------------------------------------------------- errors


def test_dry_run_with_an_invalid_configuration_says_what_is_wrong(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "task_cap: lots\n")
    fake_github.set_permission(REPO, "maintainer", "write")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    stored = post_command(bot, parent, "/coordinate --dry-run")

    reply = reply_to(fake_github, parent["number"], stored["id"])
    assert reply.startswith("Nothing can be previewed: .github/coordinator.yml: task_cap:")
    assert sub_issues(fake_github, parent["number"]) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("/stauts", "`/stauts` is not a command. Did you mean `/status`? Comment `/help` to see every command."),
    ("/pause now", "`/pause` takes no arguments, but got `now`. Write just `/pause`."),
    ("/coordinate --force", "`/coordinate` has no option `--force`. Its options are `--dry-run`."),
    ("/assign", "`/assign` needs an agent. Usage: `/assign <task> <agent>`, for example `/assign #12 datatypes`."),
])
def test_malformed_commands_get_a_reply_saying_how_to_write_them(
    bot: BotHarness, plan: Coordinated, body: str, expected: str
) -> None:
    stored, reply = _command(bot, plan, body)

    assert reply.startswith(expected)
    assert reaction_names(plan.fake, stored["id"]) == []
    assert permission_requests(plan.fake) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("/skip #999", "#999 is not a sub-issue of this plan. Tasks: `define-the-user-model-and-credentials-schema`"),
    ("/skip signup", "`signup` matches 2 tasks: `implement-the-signup-and-login-endpoints`"),
    ("/retry frobnicate", "No task matches `frobnicate`."),
    ("/assign deploy wizards", "`wizards` is not an agent. Agents: `cloud-primitives`, `datatypes`"),
    ("/skip", "`/skip` needs a task here. Usage: `/skip <task>`, for example `/skip \"load tests\"`. On a task's"),
    ("/assign #2", "`/assign` needs a task here. Usage: `/assign <task> <agent>`, for example `/assign #12"),
])
def test_bad_arguments_get_a_reply_and_change_nothing(
    bot: BotHarness, plan: Coordinated, body: str, expected: str
) -> None:
    _, reply = _command(bot, plan, body)

    assert reply.startswith(expected)
    writes = [(r.method, r.path.rsplit("/", 1)[-1]) for r in plan.fake.writes()]
    assert writes == [("POST", "reactions"), ("POST", "comments")]


# --------------------------------------------------------------------------- permissions and authors


@pytest.mark.parametrize("permission", [None, "read", "triage"])
def test_without_write_permission_one_polite_reply_and_nothing_changes(
    bot: BotHarness, plan: Coordinated, permission: str | None
) -> None:
    if permission is not None:
        plan.fake.set_permission(REPO, "visitor", permission)
    stored, reply = _command(bot, plan, f"/skip #{plan.task(MODEL)['number']}\n/cancel", sender="visitor")

    assert reply == (f"Sorry, {VISITOR}: only people with write access to this repository can run `/skip` and "
                     "`/cancel`, so nothing was changed. `/status` and `/help` work for everyone.")
    assert all(plan.task(index)["state"] == "open" for index in range(5))
    assert labels_of(plan.task(MODEL)) == {"agent:datatypes", "status:ready"}
    assert reaction_names(plan.fake, stored["id"]) == []


@pytest.mark.parametrize(("permission", "role_name"), [("write", True), ("maintain", True), ("admin", True),
                                                      ("maintain", False)])
def test_write_maintain_and_admin_may_steer(
    bot: BotHarness, plan: Coordinated, permission: str, role_name: bool
) -> None:
    plan.fake.set_permission(REPO, "lead", permission, role_name=role_name)
    stored, reply = _command(bot, plan, "/pause", sender="lead")

    assert reply.startswith("Paused.")
    assert reaction_names(plan.fake, stored["id"]) == ["+1"]


def test_open_commands_run_next_to_a_refused_one(bot: BotHarness, plan: Coordinated) -> None:
    stored, reply = _command(bot, plan, "/status\n/pause", sender="visitor")

    assert "**`/status`**\nThe coordination is active:" in reply
    assert f"**`/pause`**\nSorry, {VISITOR}:" in reply
    assert reaction_names(plan.fake, stored["id"]) == ["+1"]
    assert "Paused" not in plan.roadmap()


def test_permission_is_asked_once_for_several_commands(bot: BotHarness, plan: Coordinated) -> None:
    _command(bot, plan, "/pause\n/resume")
    _command(bot, plan, "/pause")

    asked = permission_requests(plan.fake)  # once per process: scaled out, each worker asks for itself
    assert set(asked) == {f"/repos/{REPO}/collaborators/maintainer/permission"}
    assert len(asked) <= (len(bot.workers) if isinstance(bot, ScaledHarness) else 1)


def test_commands_from_bots_are_ignored(bot: BotHarness, plan: Coordinated) -> None:
    stored = plan.fake.add_comment(REPO, plan.parent["number"], "/cancel", user="helper[bot]")
    response = deliver_comment(bot, plan.parent, stored, sender_type="Bot")

    assert response.get_json()["outcome"] == "ignored"
    assert plan.fake.writes() == []


# --------------------------------------------------------------------------- which comments count


def test_commands_in_code_and_quotes_are_ignored(bot: BotHarness, plan: Coordinated) -> None:
    body = "Do not run this:\n\n```\n/cancel\n```\n\n> /cancel\n\n`/cancel` is dangerous\n\n    /cancel\n"
    stored = post_command(bot, plan.parent, body)

    assert replies_to(plan.fake, plan.parent["number"], stored["id"]) == []
    assert plan.fake.writes() == []


def test_only_the_command_outside_code_runs(bot: BotHarness, plan: Coordinated) -> None:
    _, reply = _command(bot, plan, "```\n/cancel\n```\n/status")

    assert reply.startswith("The coordination is active")
    assert plan.task(MODEL)["state"] == "open"


def test_an_edited_comment_is_not_run(bot: BotHarness, plan: Coordinated) -> None:
    stored = plan.fake.add_comment(REPO, plan.parent["number"], "/cancel", user="maintainer")
    response = deliver_comment(bot, plan.parent, stored, action="edited", changes={"body": {"from": "thanks"}})

    assert response.get_json()["outcome"] == "ignored"
    assert plan.fake.writes() == []


def test_a_comment_on_a_pull_request_is_ignored(bot: BotHarness, plan: Coordinated) -> None:
    pull = plan.fake.add_pull(REPO, "Work", "")
    stored = plan.fake.add_comment(REPO, pull["number"], "/cancel", user="maintainer")
    payload = comment_payload("created", repo=REPO, issue_number=pull["number"], issue_title="Work",
                              comment_id=stored["id"], body="/cancel", sender="maintainer", is_pull_request=True)
    bot.deliver("issue_comment", payload)

    assert plan.fake.writes() == []


def test_two_commands_in_one_comment_get_one_reply(bot: BotHarness, plan: Coordinated) -> None:
    stored, reply = _command(bot, plan, "/pause\n\nand then\n/status")

    assert reply.startswith("**`/pause`**\nPaused.")
    assert "**`/status`**\nThe coordination is paused: 5 tasks" in reply
    assert reaction_names(plan.fake, stored["id"]) == ["+1"]


def test_a_redelivered_comment_is_answered_and_run_once(bot: BotHarness, plan: Coordinated) -> None:
    stored = post_command(bot, plan.task(MODEL), "/retry")
    deliver_comment(bot, plan.task(MODEL), stored, delivery_id="another-delivery-of-the-same-comment")

    assert len(replies_to(plan.fake, plan.task(MODEL)["number"], stored["id"])) == 1
    assert len(plan.handovers(MODEL)) == 2


def test_commands_on_a_part_of_a_large_plan_act_on_the_plan(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    fake_github.set_file(REPO, ".github/coordinator.yml", "task_cap: 120\n")
    parent = open_plan_issue(fake_github, generated_plan(101), title="Many components")
    coordinate_by_label(bot, parent)
    part = sub_issues(fake_github, parent["number"])[0]
    stored = post_command(bot, part, "/status\n/skip")

    reply = reply_to(fake_github, part["number"], stored["id"])
    assert "**`/status`**\nThe coordination is active: 101 tasks" in reply
    assert "**`/skip`**\n`/skip` needs a task here." in reply


def test_a_forged_part_marker_does_not_steer_a_plan(bot: BotHarness, plan: Coordinated) -> None:
    part = plan.fake.add_issue(REPO, "Not a part", group_marker(plan.parent["number"], 0))
    stored = post_command(bot, part, "/status")
    assert "not coordinated" in reply_to(plan.fake, part["number"], stored["id"])


def test_an_issue_that_is_not_coordinated_says_how_to_start(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    issue = fake_github.add_issue(REPO, "A bug", "It crashes.")
    stored = post_command(bot, issue, "/status\n/skip crash")
    deliver_comment(bot, issue, stored, delivery_id="redelivered")

    reply = reply_to(fake_github, issue["number"], stored["id"])
    assert reply.count("This issue is not coordinated yet.") == 2
    assert sub_issues(fake_github, issue["number"]) == []
    assert labels_of(fake_github.issue(REPO, issue["number"])) == set()
