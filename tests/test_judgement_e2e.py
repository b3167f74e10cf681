"""The coordinator's judgement end to end: signed real-shape deliveries, the real app, the fake GitHub
taught issue dependencies, check runs, combined statuses and reviews.

The auth plan's sub-issues, in order: 0 model and 1 database (no prerequisites), 2 endpoints (needs 0
and 1), 3 unit tests (needs 2), 4 deploy (needs 3).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.ops import sweep
from bot.testing.payloads import check_run_payload, review_payload
from tests.e2e import (
    bot_comments,
    close_issue,
    close_pull,
    coordinate_by_label,
    coordinated,
    current,
    deliver_pull,
    labels_of,
    open_plan_issue,
    open_pull,
    plan_text,
    post_command,
    push_to,
    roadmap_text,
    sub_issues,
)
from tests.fakes.github_server import FakeGitHub
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

MODEL, DB, ENDPOINTS, TESTS, DEPLOY = range(5)
NEEDS_DECISION = "coordination:needs-decision"


def dependency_writes(fake: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in fake.writes() if "/dependencies/" in r.path]


def parent_labels(fake: FakeGitHub, parent: dict[str, Any]) -> set[str]:
    return labels_of(current(fake, parent))


# --------------------------------------------------------------------------- native dependencies


def test_every_dependency_is_mirrored_as_a_native_blocked_by_link_once(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    numbers = [t["number"] for t in tasks]

    assert fake_github.blocked_by(REPO, numbers[MODEL]) == []
    assert fake_github.blocked_by(REPO, numbers[ENDPOINTS]) == [numbers[MODEL], numbers[DB]]
    assert fake_github.blocked_by(REPO, numbers[TESTS]) == [numbers[ENDPOINTS]]
    assert fake_github.blocked_by(REPO, numbers[DEPLOY]) == [numbers[TESTS]]
    posted = [r for r in fake_github.requests if r.path.endswith("/dependencies/blocked_by")]
    assert [r.json["issue_id"] for r in posted] == [tasks[MODEL]["id"], tasks[DB]["id"], tasks[ENDPOINTS]["id"],
                                                    tasks[TESTS]["id"]]  # ids, never numbers

    fake_github.clear_requests()
    coordinate_by_label(bot, parent)
    assert dependency_writes(fake_github) == []


def test_a_link_github_already_has_is_adopted_not_duplicated(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """A crash after GitHub took the link: the 422 for the duplicate is checked against the list."""
    fake_github.faults.fail("POST", r"/dependencies/blocked_by$", 502, after_effect=True)
    parent, tasks = coordinated(bot)
    coordinate_by_label(bot, parent)  # the first run failed on the 502; this one finishes
    assert fake_github.blocked_by(REPO, tasks[ENDPOINTS]["number"]) == [tasks[MODEL]["number"], tasks[DB]["number"]]


def test_skip_unlinks_the_skipped_prerequisite_and_escalates_once(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent, tasks = coordinated(bot)
    post_command(bot, parent, f"/skip #{tasks[TESTS]['number']}")

    assert fake_github.blocked_by(REPO, tasks[DEPLOY]["number"]) == []
    assert NEEDS_DECISION in parent_labels(fake_github, parent)
    escalations = bot_comments(fake_github, parent["number"], "escalation")
    assert len(escalations) == 1
    assert escalations[0]["body"].count("@octocat") == 1 and "was skipped" in escalations[0]["body"]
    assert "Needs a decision" in roadmap_text(fake_github, parent)

    close_issue(bot, tasks[DEPLOY])  # the dependent is finished: the cause is gone, and the label with it
    assert NEEDS_DECISION not in parent_labels(fake_github, parent)
    assert len(bot_comments(fake_github, parent["number"], "escalation")) == 1


def test_native_dependencies_can_be_turned_off(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "native_dependencies: false\n")
    _, tasks = coordinated(bot)
    assert [r for r in fake_github.requests if "/dependencies/" in r.path] == []
    assert fake_github.blocked_by(REPO, tasks[ENDPOINTS]["number"]) == []


def test_replan_removes_the_links_of_a_dropped_task(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent, tasks = coordinated(bot)
    edited = plan_text("auth").replace(", Provision the Postgres database and the session secret)", ")").replace(
        "- [ ] Provision the Postgres database and the session secret [cloud-primitives]\n"
        "  - Acceptance: the service reaches the database with credentials from the secret store\n", "")
    fake_github.set_issue(REPO, parent["number"], body=edited)
    fake_github.clear_requests()
    post_command(bot, current(fake_github, parent), "/replan")

    assert fake_github.blocked_by(REPO, tasks[ENDPOINTS]["number"]) == [tasks[MODEL]["number"]]
    path = f"/repos/{REPO}/issues/{tasks[ENDPOINTS]['number']}/dependencies/blocked_by/{tasks[DB]['id']}"
    assert dependency_writes(fake_github) == [("DELETE", path)]


# --------------------------------------------------------------------------- escalation


def test_a_task_whose_pull_requests_close_unmerged_twice_escalates(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    for _ in range(2):
        close_pull(bot, open_pull(bot, closes=[tasks[MODEL]["number"]]))

    escalations = bot_comments(fake_github, parent["number"], "escalation")
    assert len(escalations) == 1 and "closed without merging twice" in escalations[0]["body"]
    assert NEEDS_DECISION in parent_labels(fake_github, parent)

    open_pull(bot, closes=[tasks[MODEL]["number"]])  # someone works on it again
    assert NEEDS_DECISION not in parent_labels(fake_github, parent)


def test_three_failing_commits_in_a_row_escalate_at_status(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[MODEL]["number"]])
    for attempt in range(3):
        sha = f"{attempt:040x}"
        fake_github.add_check_run(REPO, sha, "build", conclusion="failure")
        push_to(bot, pull, sha)
        post_command(bot, parent, "/status")
    escalations = bot_comments(fake_github, parent["number"], "escalation")
    assert len(escalations) == 1 and "failed three times in a row" in escalations[0]["body"]
    assert "checks are failing on" in roadmap_text(fake_github, parent)


# --------------------------------------------------------------------------- verified integration


def _finish_all(bot: BotHarness, tasks: list[dict[str, Any]], *, failing: str = "") -> list[str]:
    """Merges one pull request per task with CI passing at each merge commit (failing at `failing`)."""
    shas = []
    for index, task in enumerate(tasks):
        pull = open_pull(bot, closes=[task["number"]], files=[f"src/{index}.py"])
        sha = f"{index + 1:040x}"
        bot.fake.add_check_run(REPO, sha, "build", conclusion="failure" if sha == failing else "success")
        bot.fake.set_issue(REPO, task["number"], state="closed")
        merged = bot.fake.merge_pull(REPO, pull["number"], merge_commit_sha=sha)
        deliver_pull(bot, merged, "closed", merged=True)
        shas.append(sha)
    return shas


def test_integration_summary_reports_checks_at_every_merge_commit_and_the_head(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    fake_github.set_branch_head(REPO, "main", "f" * 40)
    fake_github.add_check_run(REPO, "f" * 40, "build")
    _finish_all(bot, tasks)

    summary = bot_comments(fake_github, parent["number"], "summary")[0]["body"]
    assert "✅ Integration verified" in summary and summary.count("✅ passing") == 6
    assert NEEDS_DECISION not in parent_labels(fake_github, parent)


def test_unverified_integration_is_said_plainly_and_escalates(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    _finish_all(bot, tasks, failing=f"{3:040x}")

    summary = bot_comments(fake_github, parent["number"], "summary")[0]["body"]
    assert "**Integration is not verified**" in summary and "❌ failing" in summary
    assert "`main` head: checks — no checks" in summary
    assert NEEDS_DECISION in parent_labels(fake_github, parent)
    assert "integration is not verified" in bot_comments(fake_github, parent["number"], "escalation")[0]["body"]


# --------------------------------------------------------------------------- review aid, conflicts


def test_status_shows_review_state_critical_path_in_the_roadmap(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[MODEL]["number"]])
    fake_github.add_review(REPO, pull["number"], "reviewer", "CHANGES_REQUESTED")
    fake_github.add_review(REPO, pull["number"], "reviewer", "APPROVED")
    post_command(bot, parent, "/status")

    roadmap = roadmap_text(fake_github, parent)
    assert f"#{pull['number']} ✅ approved" in roadmap
    assert "**Critical path** (4 tasks left on the longest chain)" in roadmap
    aid = bot_comments(fake_github, pull["number"], "review-aid")[0]["body"]
    assert "- [ ] emails are unique and stored lower-case" in aid


def test_two_tasks_changing_the_same_file_are_named_on_both_pull_requests_once(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent, tasks = coordinated(bot)
    first = open_pull(bot, closes=[tasks[MODEL]["number"]], files=["src/db.py", "src/model.py"])
    second = open_pull(bot, closes=[tasks[DB]["number"]], files=["src/db.py"])
    open_pull(bot, closes=[tasks[MODEL]["number"]], files=["docs/x.md"])  # a third event: nothing new to say

    for pull, other in ((first, second), (second, first)):
        notes = bot_comments(fake_github, pull["number"], "conflict")
        assert len(notes) == 1 and f"#{other['number']}" in notes[0]["body"] and "`src/db.py`" in notes[0]["body"]
    assert "both change `src/db.py`" in roadmap_text(fake_github, parent)


# --------------------------------------------------------------------------- conventions, phases, coverage


def test_conventions_file_is_linked_in_every_sub_issue_and_hand_over(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_file(REPO, "CONTRIBUTING.md", "# Contributing\n")
    fake_github.set_file(REPO, ".github/coordinator.yml",
                         'conventions: CONTRIBUTING.md\nroles:\n  datatypes: {mention: "@data-bot"}\n')
    _, tasks = coordinated(bot)

    link = f"[`CONTRIBUTING.md`](https://github.com/{REPO}/blob/main/CONTRIBUTING.md)"
    assert all(link in task["body"] for task in tasks)
    handover = bot_comments(fake_github, tasks[MODEL]["number"], "handover")[0]["body"]
    assert link in handover


def test_conventions_text_is_quoted_and_a_missing_file_is_noted(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", "conventions: Type hints everywhere; no print.\n")
    _, tasks = coordinated(bot)
    assert "> Type hints everywhere; no print." in tasks[MODEL]["body"]

    fake_github.set_file(REPO, ".github/coordinator.yml", "conventions: STYLE.md\n")
    bot.services.config_cache.forget(REPO)
    parent = open_plan_issue(fake_github, plan_text("auth"), title="Another plan")
    coordinate_by_label(bot, parent)
    assert "`STYLE.md` was not found" in roadmap_text(fake_github, parent)


def test_the_authors_phases_are_shown_beside_the_layers_and_untested_work_is_noted(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    plan = """## Phase 1: Data
- [ ] Define the invoice model and its schema [datatypes]

## Phase 2: API
- [ ] Implement the invoice endpoints [feature-implementation] (depends on: Define the invoice model and its schema)
"""
    parent, _ = coordinated(bot, plan)
    roadmap = roadmap_text(fake_github, parent)
    assert "_Phase 1: Data_" in roadmap and "_Phase 2: API_" in roadmap
    assert "No unit-testing task follows “Implement the invoice endpoints”" in roadmap


# --------------------------------------------------------------------------- coordinator sweep


def test_sweep_reads_reviews_and_shows_stalled_work_without_any_event(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml",
                         "stalled: {ready_without_pr_days: 2, pr_without_review_days: 1}\n")
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[MODEL]["number"]])
    state = bot.services.store.load(REPO, parent["number"])
    assert state is not None
    days_ago = datetime.now(UTC) - timedelta(days=3)
    since = state.judgement.status_since
    state.judgement.status_since = {key: (status, days_ago) for key, (status, _) in since.items()}
    state.judgement.pulls_seen = {number: days_ago for number in state.judgement.pulls_seen}
    bot.services.store.save(state)

    assert sweep(bot.settings()) == f"1 coordinations swept\n  {REPO}#{parent['number']}"
    roadmap = roadmap_text(fake_github, parent)
    assert f"{tasks[DB]['title']} (#{tasks[DB]['number']}): ready for 3 days with no pull request" in roadmap
    assert f"pull request #{pull['number']} open for 3 days with no review" in roadmap
    assert f"#{pull['number']} 👀 awaiting review" in roadmap

    fake_github.add_review(REPO, pull["number"], "reviewer", "APPROVED")
    fake_github.clear_requests()
    sweep(bot.settings())
    roadmap = roadmap_text(fake_github, parent)
    assert f"#{pull['number']} ✅ approved" in roadmap and "with no review" not in roadmap
    reads = sorted({r.path.rsplit("/", 1)[-1] for r in fake_github.requests if r.method == "GET"})
    assert reads == ["check-runs", "coordinator.yml", "reviews", "status"]  # no event tells of reviews or checks


# --------------------------------------------------------------------------- review and check-run events


def test_a_review_event_updates_the_review_state_in_the_roadmap(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[MODEL]["number"]])
    fake_github.add_review(REPO, pull["number"], "reviewer", "CHANGES_REQUESTED")
    fake_github.clear_requests()
    bot.deliver("pull_request_review", review_payload(fake_github.pull(REPO, pull["number"]),
                                                      state="changes_requested"))

    assert f"#{pull['number']} ✋ changes requested" in roadmap_text(fake_github, parent)
    assert [r.path for r in fake_github.requests if r.method == "GET"] == [
        f"/repos/{REPO}/pulls/{pull['number']}/reviews"]


def test_failing_check_runs_on_three_heads_in_a_row_escalate_once(bot: BotHarness, fake_github: FakeGitHub) -> None:
    parent, tasks = coordinated(bot)
    pull = open_pull(bot, closes=[tasks[ENDPOINTS]["number"]])
    for attempt in range(4):
        sha = f"{attempt + 10:040x}"
        pull = push_to(bot, pull, sha)
        fake_github.add_check_run(REPO, sha, "build", conclusion="failure")
        bot.deliver("check_run", check_run_payload(sha, conclusion="failure"))  # found by head sha

    escalations = bot_comments(fake_github, parent["number"], "escalation")
    assert len(escalations) == 1 and "failed three times in a row" in escalations[0]["body"]
    assert NEEDS_DECISION in parent_labels(fake_github, parent)

    sha = f"{99:040x}"
    pull = push_to(bot, pull, sha)
    fake_github.add_check_run(REPO, sha, "build", conclusion="success")
    bot.deliver("check_run", check_run_payload(sha, pulls=[pull["number"]]))
    assert NEEDS_DECISION not in parent_labels(fake_github, parent)


def test_replan_that_would_remove_finished_work_escalates(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.set_permission(REPO, "maintainer", "write")
    parent, tasks = coordinated(bot)
    close_issue(bot, tasks[DB])  # finished by hand
    edited = plan_text("auth").replace(", Provision the Postgres database and the session secret)", ")").replace(
        "- [ ] Provision the Postgres database and the session secret [cloud-primitives]\n"
        "  - Acceptance: the service reaches the database with credentials from the secret store\n", "")
    fake_github.set_issue(REPO, parent["number"], body=edited)
    post_command(bot, current(fake_github, parent), "/replan")

    assert current(fake_github, tasks[DB])["state_reason"] == "completed"  # kept, not closed as not planned
    escalations = bot_comments(fake_github, parent["number"], "escalation")
    assert len(escalations) == 1 and "the plan no longer names finished work" in escalations[0]["body"]
    assert NEEDS_DECISION in parent_labels(fake_github, parent)

    fake_github.set_issue(REPO, parent["number"], body=plan_text("auth"))  # the author puts it back
    post_command(bot, current(fake_github, parent), "/replan")
    assert NEEDS_DECISION not in parent_labels(fake_github, parent)


def test_a_repository_that_takes_no_links_is_told_once_and_asked_no_more(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    """A server without issue dependencies (or an App without the permission) answers 404/403 to the
    first link: one request, one note in the roadmap, and no link asked for again later."""
    fake_github.faults.fail("POST", r"/dependencies/blocked_by$", 404, times=100)
    parent, tasks = coordinated(bot)
    assert len(dependency_writes(fake_github)) == 1
    roadmap = roadmap_text(fake_github, parent)
    assert roadmap.count("takes no native “blocked by” links") == 1
    assert len(sub_issues(fake_github, parent["number"])) == len(tasks) == 5

    fake_github.clear_requests()
    close_issue(bot, tasks[MODEL])
    coordinate_by_label(bot, parent)
    assert dependency_writes(fake_github) == []


def test_an_app_without_the_permission_is_told_once_too(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.faults.fail("POST", r"/dependencies/blocked_by$", 403, times=100,
                            message="Resource not accessible by integration")
    parent, _ = coordinated(bot)
    assert len(dependency_writes(fake_github)) == 1
    assert roadmap_text(fake_github, parent).count("takes no native “blocked by” links") == 1


def test_a_rate_limited_link_is_not_taken_for_a_repository_without_links(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    """A 403 that names the secondary rate limit is retried, and if it persists the pass fails and runs
    again later: the links are asked for once GitHub lets the bot write again."""
    fake_github.faults.fail("POST", r"/dependencies/blocked_by$", 403, times=4)
    parent, tasks = coordinated(bot)
    coordinate_by_label(bot, parent)
    assert "takes no native" not in roadmap_text(fake_github, parent)
    assert fake_github.blocked_by(REPO, tasks[ENDPOINTS]["number"]) == [tasks[MODEL]["number"], tasks[DB]["number"]]
