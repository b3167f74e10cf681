"""`/replan` end to end: the plan issue is edited on GitHub, then a maintainer asks the bot to re-read it.

Tasks are matched by their stable key (the slug of the title): new ones get sub-issues, removed
open ones are closed as not planned, finished ones stay, changed ones are rewritten in place.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.plan import Plan, Task
from bot.domain.plan_diff import diff_plans
from bot.testing.github import FakeGitHub
from tests.e2e import (
    bot_comments,
    close_issue,
    coordinate_by_label,
    labels_of,
    open_plan_issue,
    plan_text,
    post_command,
    reply_to,
    sub_issues,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO
from tests.test_steering import CONFIG

pytestmark = pytest.mark.both_backends

# The auth plan after an edit: the (finished) model task and the deploy task are gone, the tests
# task has a new criterion and a new agent, the endpoints no longer wait for the model, and a
# documentation task is new.
EDITED = """## Summary
Email and password sign-up and login for the public API.

## Tasks
- [ ] Provision the Postgres database and the session secret [cloud-primitives]
  - Acceptance: the service reaches the database with credentials from the secret store
- [ ] Implement the signup and login endpoints [feature-implementation] \
(depends on: Provision the Postgres database and the session secret)
  - Acceptance: POST /signup creates a user and POST /login returns a session token
- [ ] Write unit tests for signup and login [validation] (depends on: Implement the signup and login endpoints)
  - Acceptance: every error path of both endpoints is covered
  - Acceptance: the happy path is covered too
- [ ] Document the signup and login API [feature-implementation] \
(depends on: Implement the signup and login endpoints)
  - Acceptance: the README shows a request and a response for each endpoint

## Acceptance criteria
- A user can sign up and log in with email and password
"""

MODEL, DB, ENDPOINTS, TESTS, DEPLOY = range(5)


class AuthPlan:
    """The coordinated auth plan on the fake GitHub, with the sub-issue numbers it started with."""

    def __init__(self, fake: FakeGitHub, parent: dict[str, Any]) -> None:
        self.fake, self.parent = fake, parent
        self.numbers = [child["number"] for child in sub_issues(fake, parent["number"])]

    def task(self, index: int) -> dict[str, Any]:
        return self.fake.issue(REPO, self.numbers[index])

    def edit(self, body: str) -> dict[str, Any]:
        """The plan issue as GitHub shows it after someone edited its text."""
        self.parent = self.fake.set_issue(REPO, self.parent["number"], body=body)
        return self.parent

    def roadmap(self) -> str:
        return str(bot_comments(self.fake, self.parent["number"], "roadmap")[0]["body"])

    def replan(self, bot: BotHarness, on: dict[str, Any] | None = None, sender: str = "maintainer") -> str:
        issue = on or self.parent
        stored = post_command(bot, issue, "/replan", sender=sender)
        return reply_to(self.fake, issue["number"], stored["id"])


@pytest.fixture
def plan(bot: BotHarness, fake_github: FakeGitHub) -> AuthPlan:
    fake_github.set_file(REPO, ".github/coordinator.yml", CONFIG)
    fake_github.set_permission(REPO, "maintainer", "write")
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    return AuthPlan(fake_github, parent)


def test_replan_adds_closes_updates_and_keeps_tasks(bot: BotHarness, plan: AuthPlan) -> None:
    close_issue(bot, plan.task(MODEL))
    plan.edit(EDITED)
    reply = plan.replan(bot)

    children = sub_issues(plan.fake, plan.parent["number"])
    assert len(children) == 6
    docs = children[-1]
    assert docs["title"] == "Document the signup and login API"
    assert labels_of(docs) == {"agent:feature-implementation", "status:blocked"}
    n = plan.numbers
    assert reply.splitlines() == [
        "Plan applied (5 tasks).",
        f"- Added: **Document the signup and login API** (#{docs['number']})",
        f"- Removed (closed as not planned): **Deploy the auth service to staging** (#{n[DEPLOY]})",
        f"- Updated: **Implement the signup and login endpoints** (#{n[ENDPOINTS]}), "
        f"**Write unit tests for signup and login** (#{n[TESTS]})",
        f"- Kept (finished, no longer in the text): **Define the User model and credentials schema** (#{n[MODEL]})",
    ]
    assert (plan.task(DEPLOY)["state"], plan.task(DEPLOY)["state_reason"]) == ("closed", "not_planned")
    assert (plan.task(MODEL)["state"], plan.task(MODEL)["state_reason"]) == ("closed", "completed")
    tests = plan.task(TESTS)
    assert "the happy path is covered too" in tests["body"]
    assert labels_of(tests) == {"agent:validation", "status:blocked"}


def test_replan_updates_the_roadmap_and_the_plan_later_commands_see(bot: BotHarness, plan: AuthPlan) -> None:
    close_issue(bot, plan.task(MODEL))
    plan.edit(EDITED)
    plan.replan(bot)
    roadmap = plan.roadmap()
    skip = post_command(bot, plan.parent, "/skip document")

    assert "Document the signup and login API" in roadmap and "Deploy the auth service" not in roadmap
    assert "1/5 finished" in roadmap
    docs = sub_issues(plan.fake, plan.parent["number"])[-1]
    assert reply_to(plan.fake, plan.parent["number"], skip["id"]) == (
        f"Skipped **Document the signup and login API** (#{docs['number']}).")
    assert "2/5 finished" in plan.roadmap()


def test_replan_of_an_unchanged_plan_changes_nothing(bot: BotHarness, plan: AuthPlan) -> None:
    plan.fake.clear_requests()
    reply = plan.replan(bot)

    assert reply == "Nothing changed: the plan's 5 tasks are all tracked."
    writes = [(r.method, r.path.rsplit("/", 1)[-1]) for r in plan.fake.writes()]
    assert writes == [("POST", "reactions"), ("POST", "comments")]


def test_a_new_agent_in_the_text_gets_the_labels_and_a_hand_over(bot: BotHarness, plan: AuthPlan) -> None:
    plan.edit(plan_text("auth").replace("session secret [cloud-primitives]", "session secret [deployment]"))
    reply = plan.replan(bot)

    db = plan.numbers[DB]
    assert reply.endswith(f"- Updated: **Provision the Postgres database and the session secret** (#{db})")
    assert labels_of(plan.task(DB)) == {"agent:deployment", "status:ready"}
    handovers = [c["body"] for c in bot_comments(plan.fake, plan.numbers[DB], "handover")]
    assert len(handovers) == 2 and "@cloud-bot" in handovers[0] and "@deploy-bot" in handovers[1]


def test_a_command_on_the_sub_issue_of_a_removed_task(bot: BotHarness, plan: AuthPlan) -> None:
    plan.edit(EDITED)
    plan.replan(bot)
    reply = plan.replan(bot, on=plan.task(DEPLOY))
    stored = post_command(bot, plan.task(DEPLOY), "/retry")

    assert reply == "Nothing changed: the plan's 4 tasks are all tracked."
    assert reply_to(plan.fake, plan.numbers[DEPLOY], stored["id"]) == (
        "This sub-issue's task is no longer in the plan, so there is nothing to steer here.")


def test_an_assigned_agent_survives_a_replan(bot: BotHarness, plan: AuthPlan) -> None:
    post_command(bot, plan.parent, f"/assign #{plan.numbers[DB]} deployment")
    plan.edit(EDITED)
    plan.replan(bot)

    assert labels_of(plan.task(DB)) == {"agent:deployment", "status:ready"}
    assert "| Provision the Postgres database and the session secret | Deployment |" in plan.roadmap()


def test_replan_on_a_sub_issue_reads_the_plan_issue(bot: BotHarness, plan: AuthPlan) -> None:
    plan.edit(EDITED)
    reply = plan.replan(bot, on=plan.task(DB))

    assert "- Added: **Document the signup and login API**" in reply
    assert len(sub_issues(plan.fake, plan.parent["number"])) == 6


def test_replan_while_paused_opens_new_sub_issues_on_resume(bot: BotHarness, plan: AuthPlan) -> None:
    post_command(bot, plan.parent, "/pause")
    plan.edit(EDITED)
    reply = plan.replan(bot)

    assert "- Added: **Document the signup and login API**\n" in reply
    assert reply.endswith("The coordination is paused: the new tasks get their sub-issues on `/resume`.")
    assert len(sub_issues(plan.fake, plan.parent["number"])) == 5
    early = post_command(bot, plan.parent, "/skip document")
    assert reply_to(plan.fake, plan.parent["number"], early["id"]).startswith(
        "**Document the signup and login API** has no sub-issue yet")
    post_command(bot, plan.parent, "/resume")
    assert sub_issues(plan.fake, plan.parent["number"])[-1]["title"] == "Document the signup and login API"


def test_an_edit_that_needs_answers_closes_nothing(bot: BotHarness, plan: AuthPlan) -> None:
    plan.edit(plan_text("vague"))
    reply = plan.replan(bot)

    assert reply.startswith("The plan needs answers first: I asked")
    assert all(plan.task(index)["state"] == "open" for index in range(5))
    assert len(bot_comments(plan.fake, plan.parent["number"], "clarification")) == 1


def test_replan_needs_write_permission(bot: BotHarness, plan: AuthPlan) -> None:
    plan.edit(EDITED)
    reply = plan.replan(bot, sender="visitor")

    assert reply.startswith("Sorry,") and "`/replan`" in reply
    assert plan.task(DEPLOY)["state"] == "open"


def test_replan_of_an_issue_that_is_not_coordinated(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    issue = open_plan_issue(fake_github, plan_text("auth"))
    stored = post_command(bot, issue, "/replan")

    assert reply_to(fake_github, issue["number"], stored["id"]).startswith("This issue is not coordinated yet.")
    assert sub_issues(fake_github, issue["number"]) == []


def _task(key: str, **fields: Any) -> Task:
    return Task(key=key, title=key.replace("-", " "), agent="datatypes", **fields)


def test_diff_keeps_finished_tasks_the_text_dropped_and_only_those() -> None:
    old = Plan(title="p", tasks=(_task("a"), _task("b"), _task("c"), _task("d")))
    new = Plan(title="p", tasks=(_task("b", description="more"), _task("d"), _task("e")))

    merged, diff = diff_plans(old, new, finished={"a"})

    assert (diff.added, diff.removed, diff.changed, diff.kept) == (["e"], ["c"], ["b"], ["a"])
    assert merged.keys == ["b", "d", "e", "a"]
    assert diff.titles["c"] == "c"
