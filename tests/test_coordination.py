"""Issue → sub-issues → roadmap, end to end: signed deliveries, the real app, PyGithub, the fake GitHub."""

from __future__ import annotations

import pytest

from bot.testing.github import FakeGitHub
from tests.e2e import AUTH_TITLES as TITLES
from tests.e2e import (
    bot_comments,
    close_issue,
    coordinate_by_label,
    current,
    deliver_issue,
    label_event,
    labels_of,
    open_plan_issue,
    plan_text,
    roadmap_text,
    sub_issues,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

pytestmark = pytest.mark.both_backends


def test_label_creates_one_labelled_sub_issue_per_task_in_roadmap_order(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    response = coordinate_by_label(bot, parent)

    assert response.status_code == 202
    children = sub_issues(fake_github, parent["number"])
    assert [child["title"] for child in children] == TITLES
    assert labels_of(children[0]) == {"agent:datatypes", "status:ready"}
    assert labels_of(children[1]) == {"agent:cloud-primitives", "status:ready"}
    assert labels_of(children[2]) == {"agent:feature-implementation", "status:blocked"}
    assert labels_of(children[4]) == {"agent:deployment", "status:blocked"}
    body = children[2]["body"]
    assert f"#{parent['number']}" in body
    assert f"#{children[0]['number']}" in body and f"#{children[1]['number']}" in body
    assert "- [ ] POST /signup creates a user" in body
    assert f"<!-- coordinator:task parent={parent['number']} key=" in body


def test_one_roadmap_comment_with_table_and_graph(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    roadmaps = bot_comments(fake_github, parent["number"], "roadmap")
    assert len(roadmaps) == 1
    body = roadmaps[0]["body"]
    assert "0/5 finished" in body
    assert "```mermaid" in body and "flowchart" in body
    assert "| 1 | Define the User model and credentials schema | Datatypes | 🟢 ready |" in body


def test_labels_are_created_only_when_missing(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.add_label(REPO, "agent:datatypes", "000000")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    created = [r for r in fake_github.requests if r.method == "POST" and r.path.endswith("/labels")]
    names = {r.json["name"] for r in created}
    assert "agent:datatypes" not in names
    assert {"agent:deployment", "status:blocked", "status:done"} <= names


def test_other_labels_do_nothing(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    fake_github.clear_requests()
    bot.deliver("issues", label_event(parent, label="bug"))
    assert fake_github.writes() == []


def test_redelivery_is_acknowledged_and_not_processed_again(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    payload = label_event(parent)
    bot.deliver("issues", payload, delivery_id="guid-1")
    fake_github.clear_requests()

    again = bot.deliver("issues", payload, delivery_id="guid-1")
    assert again.status_code == 200 and again.get_json()["outcome"] == "duplicate"
    assert fake_github.requests == []
    bot.restart()
    assert bot.deliver("issues", payload, delivery_id="guid-1").get_json()["outcome"] == "duplicate"


def test_rerun_creates_nothing_and_keeps_one_roadmap(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    fake_github.clear_requests()

    coordinate_by_label(bot, parent)
    posts = [r for r in fake_github.writes() if r.method == "POST"]
    assert posts == []
    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert len(bot_comments(fake_github, parent["number"], "roadmap")) == 1


def test_under_specified_plan_gets_questions_and_label_then_edit_rechecks(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("vague"), title="Better login")
    coordinate_by_label(bot, parent)

    questions = bot_comments(fake_github, parent["number"], "clarification")
    assert len(questions) == 1 and "1." in questions[0]["body"]
    assert "coordination:needs-clarification" in labels_of(fake_github.issue(REPO, parent["number"]))
    assert sub_issues(fake_github, parent["number"]) == []

    fake_github.set_issue(REPO, parent["number"], body=plan_text("auth"))
    deliver_issue(bot, parent, "edited", changes={"body": {"from": parent["body"]}})

    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert "coordination:needs-clarification" not in labels_of(fake_github.issue(REPO, parent["number"]))
    assert len(bot_comments(fake_github, parent["number"], "clarification")) == 1


def test_the_clarification_label_is_taken_off_whatever_case_the_repository_spells_it(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    """GitHub's label names ignore case: an existing `Coordination:Needs-Clarification` is the label put on
    the plan, and it comes off once the plan is clear."""
    fake_github.add_label(REPO, "Coordination:Needs-Clarification")
    parent = open_plan_issue(fake_github, plan_text("vague"), title="Better login")
    coordinate_by_label(bot, parent)
    assert "Coordination:Needs-Clarification" in labels_of(fake_github.issue(REPO, parent["number"]))

    fake_github.set_issue(REPO, parent["number"], body=plan_text("auth"))
    deliver_issue(bot, parent, "edited", changes={"body": {"from": parent["body"]}})
    assert len(sub_issues(fake_github, parent["number"])) == 5
    assert labels_of(fake_github.issue(REPO, parent["number"])) == set()


def test_configuration_file_is_honoured(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_file(
        REPO,
        ".github/coordinator.yml",
        """
trigger_label: plan-it
roles:
  datatypes:
    label: team:data
    assignees: [dana]
    mention: "@data-bot"
""",
    )
    parent = open_plan_issue(fake_github, plan_text("auth"))
    bot.deliver("issues", label_event(parent, label="coordinate"))
    assert sub_issues(fake_github, parent["number"]) == []

    bot.deliver("issues", label_event(parent, label="plan-it"))
    first = sub_issues(fake_github, parent["number"])[0]
    assert labels_of(first) == {"team:data", "status:ready"}
    assert [a["login"] for a in first["assignees"]] == ["dana"]
    handovers = bot_comments(fake_github, first["number"], "handover")
    assert len(handovers) == 1 and "@data-bot" in handovers[0]["body"]


def test_invalid_configuration_is_reported_once_and_not_replaced_by_defaults(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "task_cap: lots\n")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    coordinate_by_label(bot, parent)

    errors = bot_comments(fake_github, parent["number"], "config-error")
    assert len(errors) == 1 and "task_cap" in errors[0]["body"]
    assert sub_issues(fake_github, parent["number"]) == []


def test_the_roadmap_keeps_why_each_task_went_to_its_agent(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    body = bot_comments(fake_github, parent["number"], "roadmap")[0]["body"]
    assert "<details><summary>Why these agents</summary>" in body
    assert "- **Define the User model and credentials schema**: Tagged “datatypes” in the plan." in body


def test_work_the_plan_marks_finished_is_recorded_as_done_and_not_delegated(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, """## Tasks
- [x] Create the users table with an email column
- [ ] Implement the signup endpoint that writes to the users table
- [ ] Soft-delete accounts — skipped
""")
    coordinate_by_label(bot, parent)

    children = sub_issues(fake_github, parent["number"])
    assert [child["title"] for child in children] == ["Implement the signup endpoint that writes to the users table"]
    assert labels_of(children[0]) == {"agent:feature-implementation", "status:ready"}
    body = bot_comments(fake_github, parent["number"], "roadmap")[0]["body"]
    assert "Create the users table with an email column" in body and "1/3 finished" not in body
    assert "2/3 finished" in body


def test_assignees_github_refuses_never_stop_the_coordination_and_are_noted_once(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", """
roles:
  datatypes: {assignees: [Copilot]}
  cloud-primitives: {assignees: [dana]}
  feature-implementation: {assignees: [ghost]}
""")
    fake_github.set_assignable(REPO, ["dana"])
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    children = sub_issues(fake_github, parent["number"])
    assert [child["title"] for child in children] == TITLES
    assert [[a["login"] for a in child["assignees"]] for child in children[:2]] == [[], ["dana"]]
    close_issue(bot, children[0])
    close_issue(bot, children[1])  # the endpoint task is ready now: its hand-over is refused too
    coordinate_by_label(bot, parent)

    assert labels_of(current(fake_github, children[2])) == {"agent:feature-implementation", "status:ready"}
    roadmap = roadmap_text(fake_github, parent)
    assert roadmap.count("GitHub refused to assign `Copilot` (the `datatypes` assignees)") == 1
    assert roadmap.count("GitHub refused to assign `ghost` (the `feature-implementation` assignees)") == 1
    assert "`copilot-swe-agent[bot]`" in roadmap


def test_the_trigger_label_counts_only_from_someone_with_write_permission(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_permission(REPO, "trina", "triage")  # triage may add labels on GitHub
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent, sender="trina")
    assert sub_issues(fake_github, parent["number"]) == []
    assert fake_github.writes() == []


def test_trigger_permission_in_the_configuration_lowers_the_bar(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "trina", "triage")
    fake_github.set_file(REPO, ".github/coordinator.yml", "trigger_permission: triage\n")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent, sender="trina")
    assert len(sub_issues(fake_github, parent["number"])) == 5


def test_an_edit_by_someone_without_write_permission_changes_nothing(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_permission(REPO, "rita", "read")
    parent = open_plan_issue(fake_github, plan_text("vague"), title="Better login")
    coordinate_by_label(bot, parent)
    fake_github.set_issue(REPO, parent["number"], body=plan_text("auth"))
    deliver_issue(bot, parent, "edited", changes={"body": {"from": parent["body"]}}, sender="rita")
    assert sub_issues(fake_github, parent["number"]) == []
    assert "coordination:needs-clarification" in labels_of(fake_github.issue(REPO, parent["number"]))
