"""Sub-issues closed by hand, and the end of a plan: the integration summary, Claude's review, the parent.

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
    close_issue,
    coordinated,
    current,
    deliver_pull,
    dependency_statuses,
    labels_of,
    merge,
    open_pull,
    plan_text,
    reopen_issue,
    roadmap_text,
)
from tests.fakes.anthropic_server import FakeAnthropic, Model, text_reply, unauthorized
from tests.fixtures.anthropic import API_KEY
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

pytestmark = pytest.mark.both_backends

FILES = [
    ["models/user.py", "migrations/001_users.sql"],
    ["infra/postgres.tf"],
    ["api/signup.py", "api/login.py"],
    ["tests/test_auth.py"],
    [".github/workflows/deploy.yml"],
]
CLOSE_PARENT = "planner: rules\nclose_parent_when_done: true\n"
REVIEW = "Signup, login and the deployment landed; ask {team} to check the lockout."


def status_label(fake: FakeGitHub, issue: dict[str, Any]) -> str:
    return next(name for name in labels_of(current(fake, issue)) if name.startswith("status:"))


def merge_all(bot: BotHarness, tasks: list[dict[str, Any]], which: range = range(5)) -> list[dict[str, Any]]:
    """One pull request for each task in `which` (positions in plan order), each merged; returns them."""
    pulls = [open_pull(bot, closes=[tasks[index]["number"]], files=FILES[index]) for index in which]
    for pull in pulls:
        merge(bot, pull)
    return pulls


def summary_of(fake: FakeGitHub, parent: dict[str, Any]) -> str:
    summaries = bot_comments(fake, parent["number"], "summary")
    assert len(summaries) == 1
    return str(summaries[0]["body"])


# --------------------------------------------------------------------------- sub-issues closed by hand


def test_subissues_closed_as_completed_count_as_done_and_unblock(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)

    close_issue(bot, tasks[0])
    assert status_label(fake_github, tasks[0]) == "status:done"
    assert status_label(fake_github, tasks[2]) == "status:blocked"
    close_issue(bot, tasks[1])

    assert status_label(fake_github, tasks[2]) == "status:ready"
    unblocked = bot_comments(fake_github, tasks[2]["number"], "unblocked")
    assert len(unblocked) == 1 and "closed as done without a linked pull request" in unblocked[0]["body"]
    assert "2/5 finished" in roadmap_text(fake_github, parent)


@pytest.mark.parametrize("reason", ["not_planned", "duplicate"])
def test_subissue_closed_as_not_planned_is_skipped_and_unblocks(
    bot: BotHarness, fake_github: FakeGitHub, reason: str
) -> None:
    parent, tasks = coordinated(bot)
    close_issue(bot, tasks[0])

    close_issue(bot, tasks[1], reason=reason)

    assert status_label(fake_github, tasks[1]) == "status:skipped"
    assert status_label(fake_github, tasks[2]) == "status:ready"
    assert "skipped, nothing was produced" in bot_comments(fake_github, tasks[2]["number"], "unblocked")[0]["body"]
    roadmap = roadmap_text(fake_github, parent)
    assert "2/5 finished" in roadmap and "(1 skipped)" in roadmap
    assert f"| ⏭️ skipped | #{tasks[1]['number']} |" in roadmap


def test_reopened_subissue_is_back_in_play_and_its_dependents_wait_again(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    close_issue(bot, tasks[0])
    close_issue(bot, tasks[1], reason="not_planned")
    pull = open_pull(bot, closes=[tasks[2]["number"]])
    assert dependency_statuses(fake_github, pull["head"]["sha"])[-1][0] == "success"

    reopen_issue(bot, tasks[1])

    assert status_label(fake_github, tasks[1]) == "status:ready"
    assert status_label(fake_github, tasks[2]) == "status:in-progress"
    assert dependency_statuses(fake_github, pull["head"]["sha"])[-1] == (
        "pending", f"Waiting for: #{tasks[1]['number']}"
    )
    assert "1/5 finished" in roadmap_text(fake_github, parent)


def test_close_delivered_before_the_merge_still_hands_on_the_pull_requests_outputs(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    _, tasks = coordinated(bot)
    close_issue(bot, tasks[1])
    pull = open_pull(bot, closes=[tasks[0]["number"]], files=["models/user.py"])
    merged = fake_github.merge_pull(REPO, pull["number"])

    close_issue(bot, tasks[0])  # GitHub closed the issue for the merge and told us first

    unblocked = bot_comments(fake_github, tasks[2]["number"], "unblocked")
    assert len(unblocked) == 1
    assert f"#{pull['number']} merged at `{merged['merge_commit_sha'][:12]}`" in unblocked[0]["body"]
    assert "`models/user.py`" in unblocked[0]["body"]
    fake_github.clear_requests()
    deliver_pull(bot, merged, "closed", merged=True)
    assert fake_github.writes() == []


# --------------------------------------------------------------------------- the integration summary


def test_summary_when_the_last_task_merges(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    pulls = merge_all(bot, tasks, range(4))
    assert bot_comments(fake_github, parent["number"], "summary") == []

    merge_all(bot, tasks, range(4, 5))
    summary = summary_of(fake_github, parent)

    assert "✅ Every acceptance criterion of the plan is covered by a merged pull request." in summary
    assert (f"| Define the User model and credentials schema (#{tasks[0]['number']}) | Datatypes | ✅ done "
            f"| #{pulls[0]['number']} | `migrations/001_users.sql`, `models/user.py` |") in summary
    assert "| Deploy the auth service to staging" in summary and "`.github/workflows/deploy.yml`" in summary
    assert (f"- [x] Passwords are never stored in plain text — covered by Define the User model and "
            f"credentials schema (#{tasks[0]['number']}, PR #{pulls[0]['number']})") in summary
    signup = summary.split("\n- [x] A user can sign up and log in with email and password — covered by ")[1]
    assert f"Implement the signup and login endpoints (#{tasks[2]['number']}, PR #{pulls[2]['number']})" in signup
    assert "### Review" not in summary
    assert "🎉 **Complete**" in roadmap_text(fake_github, parent)
    assert current(fake_github, parent)["state"] == "open"


def test_summary_calls_out_uncovered_criteria_and_skipped_tasks(bot: BotHarness, fake_github: FakeGitHub) -> None:
    body = plan_text("auth") + "- Login works from the command line client\n"
    parent, tasks = coordinated(bot, body)
    close_issue(bot, tasks[0], reason="not_planned")
    merge_all(bot, tasks, range(1, 5))

    summary = summary_of(fake_github, parent)
    assert "⚠️ 2 of 3 acceptance criteria are not covered" in summary
    assert "1 task(s) were skipped." in summary
    assert (f"- [ ] Passwords are never stored in plain text — **not covered**: no merged pull request from "
            f"Define the User model and credentials schema (#{tasks[0]['number']}, skipped)") in summary
    assert "- [ ] Login works from the command line client — **not covered**: no task addresses it" in summary
    assert "| ⏭️ skipped | — | — |" in summary


def test_redelivered_last_merge_changes_nothing(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    last = merge_all(bot, tasks)[-1]
    fake_github.clear_requests()

    deliver_pull(bot, fake_github.pull(REPO, last["number"]), "closed", merged=True)

    assert fake_github.writes() == []
    assert len(bot_comments(fake_github, parent["number"], "summary")) == 1


@pytest.mark.parametrize("model", ["claude-test", "claude-always-thinks"])
def test_claude_reviews_the_outcome_and_the_parent_is_closed_when_configured(
    fake_github: FakeGitHub, fake_anthropic: FakeAnthropic, tmp_path: Path, model: str
) -> None:
    fake_anthropic.models["claude-always-thinks"] = Model(thinks=True, thinking_off=False)
    fake_github.set_file(REPO, ".github/coordinator.yml", CLOSE_PARENT)
    fake_anthropic.push(text_reply(REVIEW.format(team="@security-team")))
    bot = BotHarness(fake_github, tmp_path / "db.sqlite3", anthropic_api_key=API_KEY,
                     anthropic_base_url=fake_anthropic.base_url, model=model)
    try:
        parent, tasks = coordinated(bot)
        merge_all(bot, tasks)
    finally:
        bot.stop()

    summary = summary_of(fake_github, parent)
    assert "### Review\n\n" + REVIEW.format(team="@\u200dsecurity-team") in summary  # no mention reaches GitHub
    thinking = [request.body.get("thinking") for request in fake_anthropic.requests]
    if model == "claude-test":  # thinking off, so the small max_tokens is all answer
        assert thinking == [{"type": "disabled"}]
    else:  # a model that always thinks is asked again with its own thinking, and room for it
        assert thinking == [{"type": "disabled"}, None]
        assert fake_anthropic.requests[1].body["max_tokens"] == 4096 + 1024
    facts = fake_anthropic.requests[0].body["messages"][0]["content"]
    assert "api/login.py" in facts and "Deploy the auth service to staging" in facts
    closed = current(fake_github, parent)
    assert (closed["state"], closed["state_reason"]) == ("closed", "completed")


def test_summary_without_a_review_when_claude_fails(
    fake_github: FakeGitHub, fake_anthropic: FakeAnthropic, tmp_path: Path
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "planner: rules\n")
    fake_anthropic.push(unauthorized())
    bot = BotHarness(fake_github, tmp_path / "db.sqlite3", anthropic_api_key=API_KEY,
                     anthropic_base_url=fake_anthropic.base_url)
    try:
        parent, tasks = coordinated(bot)
        merge_all(bot, tasks)
    finally:
        bot.stop()

    assert "### Review" not in summary_of(fake_github, parent)
    assert current(fake_github, parent)["state"] == "open"


def test_reopening_a_task_of_a_finished_plan_reopens_the_parent_and_redoes_the_summary(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", CLOSE_PARENT)
    parent, tasks = coordinated(bot)
    merge_all(bot, tasks, range(4))
    close_issue(bot, tasks[4])
    assert current(fake_github, parent)["state"] == "closed"

    reopen_issue(bot, tasks[4])
    assert current(fake_github, parent)["state"] == "open"
    assert "🎉 **Complete**" not in roadmap_text(fake_github, parent)

    merge(bot, open_pull(bot, closes=[tasks[4]["number"]], files=FILES[4]))
    assert current(fake_github, parent)["state"] == "closed"
    assert "`.github/workflows/deploy.yml`" in summary_of(fake_github, parent)
