"""Following pull requests end to end: real `pull_request` payload shapes, the real app, the fake GitHub.

The auth plan's sub-issues, in order: 0 schema and 1 database (no prerequisites), 2 endpoints
(needs 0 and 1), 3 unit tests (needs 2), 4 deploy (needs 3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.testing.github import FakeGitHub
from tests.e2e import (
    bot_comments,
    close_pull,
    coordinated,
    current,
    deliver_pull,
    dependency_statuses,
    edit_pull,
    labels_of,
    merge,
    open_pull,
    push_to,
    reopen_pull,
    roadmap_text,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

pytestmark = pytest.mark.both_backends

SUCCESS = ("success", "All prerequisite tasks are finished")


def status_label(fake: FakeGitHub, issue: dict[str, Any]) -> str:
    return next(name for name in labels_of(current(fake, issue)) if name.startswith("status:"))


def head(pull: dict[str, Any]) -> str:
    return str(pull["head"]["sha"])


# --------------------------------------------------------------------------- linking


@pytest.mark.parametrize(
    ("title", "body", "branch"),
    [
        ("Work", "Closes #{n}", "feature"),
        ("Work", "This PR fixes octo-org/widgets#{n} for good.", "feature"),
        ("Work", "Resolves https://github.com/octo-org/widgets/issues/{n}", "feature"),
        ("Fix #{n}: user model", "", "feature"),
        ("User model", "", "task/{n}-user-model"),
    ],
    ids=["keyword", "owner-repo", "issue-url", "title", "branch"],
)
def test_every_way_of_linking_a_pull_request_puts_its_task_in_progress(
    bot: BotHarness, fake_github: FakeGitHub, title: str, body: str, branch: str
) -> None:
    _, tasks = coordinated(bot)
    n = tasks[0]["number"]
    pull = open_pull(bot, title=title.format(n=n), body=body.format(n=n), head_ref=branch.format(n=n))

    assert status_label(fake_github, tasks[0]) == "status:in-progress"
    assert dependency_statuses(fake_github, head(pull)) == [SUCCESS]
    assert len(bot_comments(fake_github, pull["number"], "review-aid")) == 1


def test_opened_pull_gets_one_review_aid_a_success_status_and_a_roadmap_entry(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[0]["number"]])

    assert labels_of(current(fake_github, tasks[0])) == {"agent:datatypes", "status:in-progress"}
    aids = bot_comments(fake_github, pull["number"], "review-aid")
    assert len(aids) == 1
    assert f"works on #{tasks[0]['number']}: **Define the User model and credentials schema**" in aids[0]["body"]
    assert "- [ ] emails are unique and stored lower-case" in aids[0]["body"]
    assert "- [ ] passwords are stored only as argon2 hashes" in aids[0]["body"]
    assert dependency_statuses(fake_github, head(pull)) == [SUCCESS]
    assert f"| 🚧 in progress | #{tasks[0]['number']} | #{pull['number']} |" in roadmap_text(fake_github, parent)


def test_pull_for_a_blocked_task_is_pending_and_names_the_missing_prerequisites(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    _, tasks = coordinated(bot)
    schema, database, endpoints = (task["number"] for task in tasks[:3])
    pull = open_pull(bot, closes=[endpoints])

    assert status_label(fake_github, tasks[2]) == "status:in-progress"
    assert dependency_statuses(fake_github, head(pull)) == [("pending", f"Waiting for: #{schema}, #{database}")]
    aid = bot_comments(fake_github, pull["number"], "review-aid")[0]["body"]
    assert f"- Define the User model and credentials schema (#{schema}): ready" in aid
    assert f"- Provision the Postgres database and the session secret (#{database}): ready" in aid
    assert "2 prerequisite(s) are not finished yet" in aid


def test_pull_that_closes_only_issues_which_are_not_tasks_is_ignored(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, _ = coordinated(bot)
    bug = fake_github.add_issue(REPO, "Login button is misaligned")
    fake_github.clear_requests()

    pull = open_pull(bot, body=f"Fixes #{bug['number']}, closes #{parent['number']}, closes #999")
    merge(bot, pull)

    assert fake_github.writes() == []
    assert fake_github.statuses(REPO, head(pull)) == []


# --------------------------------------------------------------------------- edits, pushes, reopening


def test_edit_that_adds_a_reference_links_the_pull(bot: BotHarness, fake_github: FakeGitHub) -> None:
    _, tasks = coordinated(bot)
    pull = open_pull(bot, body="Work in progress")
    assert status_label(fake_github, tasks[0]) == "status:ready"

    edit_pull(bot, pull, body=f"Work in progress. Closes #{tasks[0]['number']}")

    assert status_label(fake_github, tasks[0]) == "status:in-progress"
    assert len(bot_comments(fake_github, pull["number"], "review-aid")) == 1
    assert dependency_statuses(fake_github, head(pull)) == [SUCCESS]


def test_edit_that_removes_the_reference_releases_the_task_and_lifts_its_pending_status(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[2]["number"]])

    edit_pull(bot, pull, body="Nothing to do with the plan after all")

    assert status_label(fake_github, tasks[2]) == "status:blocked"
    assert dependency_statuses(fake_github, head(pull))[-1] == ("success", "Not linked to a coordinated task any more")
    assert f"#{pull['number']}" not in roadmap_text(fake_github, parent)


def test_new_commits_get_their_own_status_and_repeated_events_write_nothing(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    _, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[2]["number"]])
    pushed = push_to(bot, pull, "a" * 40)
    waiting = f"Waiting for: #{tasks[0]['number']}, #{tasks[1]['number']}"
    assert dependency_statuses(fake_github, "a" * 40) == [("pending", waiting)]
    fake_github.clear_requests()

    push_to(bot, pull, "a" * 40)
    deliver_pull(bot, pushed, "ready_for_review")
    deliver_pull(bot, pushed, "opened")

    assert fake_github.writes() == []
    assert len(bot_comments(fake_github, pull["number"], "review-aid")) == 1


def test_reopened_pull_puts_the_task_back_in_progress(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[0]["number"]])
    close_pull(bot, pull)
    assert status_label(fake_github, tasks[0]) == "status:ready"
    assert f"#{pull['number']} (closed)" in roadmap_text(fake_github, parent)

    reopen_pull(bot, pull)

    assert status_label(fake_github, tasks[0]) == "status:in-progress"
    assert len(bot_comments(fake_github, pull["number"], "review-aid")) == 1
    assert f"| #{pull['number']} |" in roadmap_text(fake_github, parent)


# --------------------------------------------------------------------------- closing without merge


def test_closed_without_merge_sends_a_blocked_task_back_to_blocked(bot: BotHarness, fake_github: FakeGitHub) -> None:
    _, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[2]["number"]])

    close_pull(bot, pull)

    assert status_label(fake_github, tasks[2]) == "status:blocked"


def test_two_pulls_for_one_task_it_stays_in_progress_until_the_last_is_closed_and_done_when_one_merges(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    first = open_pull(bot, closes=[tasks[0]["number"]], head_ref="attempt-1")
    second = open_pull(bot, closes=[tasks[0]["number"]], head_ref="attempt-2", files=["models/user.py"])
    assert len(bot_comments(fake_github, first["number"], "review-aid")) == 1
    assert len(bot_comments(fake_github, second["number"], "review-aid")) == 1

    close_pull(bot, first)
    assert status_label(fake_github, tasks[0]) == "status:in-progress"

    merge(bot, second)
    assert status_label(fake_github, tasks[0]) == "status:done"
    assert f"#{first['number']} (closed), #{second['number']} (merged)" in roadmap_text(fake_github, parent)


# --------------------------------------------------------------------------- merging


ROLES = """
roles:
  feature-implementation:
    assignees: [impl-agent]
    mention: "@impl-bot"
"""


def test_merges_complete_tasks_and_hand_over_the_unblocked_one_with_its_prerequisites_outputs(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", ROLES)
    parent, tasks = coordinated(bot)
    schema_pull = open_pull(bot, closes=[tasks[0]["number"]], files=["models/user.py", "migrations/001_users.sql"])
    database_pull = open_pull(bot, closes=[tasks[1]["number"]], files=["infra/postgres.tf"])

    merge(bot, schema_pull)
    assert status_label(fake_github, tasks[0]) == "status:done"
    assert status_label(fake_github, tasks[2]) == "status:blocked"
    assert current(fake_github, tasks[0])["state"] == "open"  # "Closes #n" into main: GitHub closes it, not the bot

    merge(bot, database_pull)
    endpoints = current(fake_github, tasks[2])
    assert status_label(fake_github, tasks[2]) == "status:ready"
    assert [assignee["login"] for assignee in endpoints["assignees"]] == ["impl-agent"]
    assert len(bot_comments(fake_github, endpoints["number"], "handover")) == 1
    unblocked = bot_comments(fake_github, endpoints["number"], "unblocked")
    assert len(unblocked) == 1
    merged = fake_github.pull(REPO, schema_pull["number"])
    assert f"#{schema_pull['number']} merged at `{merged['merge_commit_sha'][:12]}`" in unblocked[0]["body"]
    assert "`models/user.py`, `migrations/001_users.sql`" in unblocked[0]["body"]
    assert "`infra/postgres.tf`" in unblocked[0]["body"]
    assert "- [ ] " in endpoints["body"] and status_label(fake_github, tasks[3]) == "status:blocked"
    roadmap = roadmap_text(fake_github, parent)
    assert "2/5 finished" in roadmap
    assert f"| ✅ done | #{tasks[0]['number']} | #{schema_pull['number']} (merged) |" in roadmap


def test_merges_turn_an_early_pull_of_the_dependent_from_pending_to_success(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    _, tasks = coordinated(bot)
    schema, database = tasks[0]["number"], tasks[1]["number"]
    early = open_pull(bot, closes=[tasks[2]["number"]])

    merge(bot, open_pull(bot, closes=[schema]))
    merge(bot, open_pull(bot, closes=[database]))

    assert dependency_statuses(fake_github, head(early)) == [
        ("pending", f"Waiting for: #{schema}, #{database}"),
        ("pending", f"Waiting for: #{database}"),
        SUCCESS,
    ]
    assert status_label(fake_github, tasks[2]) == "status:in-progress"
    unblocked = bot_comments(fake_github, tasks[2]["number"], "unblocked")
    assert len(unblocked) == 1 and "🟢 **Unblocked.**" in unblocked[0]["body"]


@pytest.mark.parametrize(
    ("body", "branch", "base"),
    [("Closes #{n}", "feature", "develop"), ("", "task/{n}-schema", "main")],
    ids=["keyword-into-other-branch", "branch-name-only"],
)
def test_merge_that_github_does_not_close_the_issue_for_is_closed_by_the_bot_once(
    bot: BotHarness, fake_github: FakeGitHub, body: str, branch: str, base: str
) -> None:
    _, tasks = coordinated(bot)
    n = tasks[0]["number"]
    pull = open_pull(bot, body=body.format(n=n), head_ref=branch.format(n=n), base_ref=base)

    merged = fake_github.merge_pull(REPO, pull["number"])
    deliver_pull(bot, merged, "closed", merged=True)
    closed = current(fake_github, tasks[0])
    assert (closed["state"], closed["state_reason"]) == ("closed", "completed")
    assert status_label(fake_github, tasks[0]) == "status:done"

    fake_github.clear_requests()
    deliver_pull(bot, merged, "closed", merged=True)  # redelivered by hand: a new delivery id
    assert fake_github.writes() == []


def test_redelivered_merge_posts_nothing_again(bot: BotHarness, fake_github: FakeGitHub) -> None:
    _, tasks = coordinated(bot)
    merge(bot, open_pull(bot, closes=[tasks[0]["number"]]))
    database_pull = open_pull(bot, closes=[tasks[1]["number"]])
    merge(bot, database_pull)
    fake_github.clear_requests()

    deliver_pull(bot, fake_github.pull(REPO, database_pull["number"]), "closed", merged=True)

    assert fake_github.writes() == []
    assert len(bot_comments(fake_github, tasks[2]["number"], "unblocked")) == 1
    assert len(bot_comments(fake_github, database_pull["number"], "review-aid")) == 1


def test_dependent_merged_before_its_prerequisites_is_done_with_a_warning(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    schema, database, endpoints = (task["number"] for task in tasks[:3])
    early = open_pull(bot, closes=[endpoints], files=["api/auth.py"])

    merge(bot, early)

    assert status_label(fake_github, tasks[2]) == "status:done"
    assert status_label(fake_github, tasks[3]) == "status:ready"
    assert "`api/auth.py`" in bot_comments(fake_github, tasks[3]["number"], "unblocked")[0]["body"]
    warning = f"#{endpoints} was merged (#{early['number']}) before its prerequisite(s) #{schema}, #{database}"
    assert warning in roadmap_text(fake_github, parent)

    merge(bot, open_pull(bot, closes=[schema]))
    merge(bot, open_pull(bot, closes=[database]))
    assert status_label(fake_github, tasks[2]) == "status:done"
    assert len(bot_comments(fake_github, tasks[3]["number"], "unblocked")) == 1
    assert "3/5 finished" in roadmap_text(fake_github, parent)


def test_pull_closing_two_tasks_moves_both_with_one_status(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    schema, database = tasks[0]["number"], tasks[1]["number"]
    pull = open_pull(bot, body=f"Closes #{schema}, closes #{database}", files=["models/user.py", "infra/db.tf"])

    assert {status_label(fake_github, task) for task in tasks[:2]} == {"status:in-progress"}
    assert len(bot_comments(fake_github, pull["number"], "review-aid")) == 2
    assert dependency_statuses(fake_github, head(pull)) == [SUCCESS]

    merge(bot, pull)

    assert {status_label(fake_github, task) for task in tasks[:2]} == {"status:done"}
    assert status_label(fake_github, tasks[2]) == "status:ready"
    unblocked = bot_comments(fake_github, tasks[2]["number"], "unblocked")
    assert len(unblocked) == 1 and unblocked[0]["body"].count(f"#{pull['number']} merged") == 2
    assert roadmap_text(fake_github, parent).count(f"#{pull['number']} (merged)") == 2


def test_pull_closing_a_task_and_its_dependent_waits_only_for_outside_prerequisites(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    schema, database, endpoints, unit_tests = (task["number"] for task in tasks[:4])
    pull = open_pull(bot, body=f"Closes #{endpoints}\n\nCloses #{unit_tests}")
    assert dependency_statuses(fake_github, head(pull)) == [("pending", f"Waiting for: #{schema}, #{database}")]

    merge(bot, open_pull(bot, closes=[schema]))
    merge(bot, open_pull(bot, closes=[database]))
    assert dependency_statuses(fake_github, head(pull))[-1] == SUCCESS
    merge(bot, pull)

    assert status_label(fake_github, tasks[3]) == "status:done"
    assert status_label(fake_github, tasks[4]) == "status:ready"
    assert "before its prerequisite" not in roadmap_text(fake_github, parent)


def test_pull_on_a_plan_whose_database_was_lost_is_followed_after_reading_the_plan_again(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    first = BotHarness(fake_github, tmp_path / "first.sqlite3")
    try:
        _, tasks = coordinated(first)
    finally:
        first.stop()
    second = BotHarness(fake_github, tmp_path / "second.sqlite3")
    try:
        open_pull(second, closes=[tasks[0]["number"]])
    finally:
        second.stop()

    assert "status:in-progress" in labels_of(fake_github.issue(REPO, tasks[0]["number"]))
    assert len(fake_github.issues(REPO)) == 1 + len(tasks) + 1  # the plan, its tasks, the pull request


def test_a_pull_request_linked_by_hand_is_followed_through_graphql(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    n = tasks[0]["number"]
    pull = fake_github.add_pull(REPO, "User model", "No keyword here.", head_ref="feature")
    fake_github.link_closing_issue(REPO, pull["number"], n)  # the Development panel
    fake_github.link_closing_issue(REPO, pull["number"], 7, issue_repo="octo-org/elsewhere")
    deliver_pull(bot, pull, "opened")

    assert status_label(fake_github, tasks[0]) == "status:in-progress"
    assert f"| 🚧 in progress | #{n} | #{pull['number']} |" in roadmap_text(fake_github, parent)
    queries = [r for r in fake_github.requests if r.path == "/graphql"]
    assert len(queries) == 1 and queries[0].json["variables"] == {
        "owner": "octo-org", "name": "widgets", "number": pull["number"]}

    merge(bot, pull)  # GitHub closes a hand-linked issue on merge itself: the bot does not
    assert status_label(fake_github, tasks[0]) == "status:done"
    assert current(fake_github, tasks[0])["state"] == "open"
    assert not [r for r in fake_github.writes() if r.method == "PATCH" and r.path.endswith(f"/issues/{n}")]


def test_a_failing_graphql_query_falls_back_to_keywords(bot: BotHarness, fake_github: FakeGitHub) -> None:
    _, tasks = coordinated(bot)
    fake_github.faults.fail("POST", r"/graphql$", 502, times=5)
    open_pull(bot, closes=[tasks[0]["number"]])
    assert status_label(fake_github, tasks[0]) == "status:in-progress"
