"""GitHub failing mid-coordination: what is safe is retried, what is not is checked, the rest is reported.

tests/test_recovery.py covers a failed create reported and finished by a new label, an error answer
after the effect, and a lost database; here are the other faults GitHub shows: retried reads, a 502
burst, an answer that never comes, secondary rate limits, a deleted parent, and the next event being
an ordinary one (a sub-issue closed, `/coordinate`, a redelivery). Every scenario ends in the state an
undisturbed run reaches: each task's sub-issue exactly once, attached, one roadmap, no stale warning.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.testing.github import FakeGitHub
from tests.e2e import AUTH_TITLES as TITLES
from tests.e2e import (
    close_issue,
    comment,
    coordinate_by_label,
    label_event,
    open_plan_issue,
    plan_text,
    roadmap_text,
    sub_issues,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

CREATE = ("POST", r"/issues$")
WARNING = "⚠️ GitHub refused a request"


def outcomes(bot: BotHarness) -> dict[tuple[str, str], float]:
    """Worker outcomes from /metrics: {(event, "processed" | "failed"): count}."""
    return {key: value for key, value in bot.delivery_outcomes().items() if key[1] in ("processed", "failed")}


def creates(fake: FakeGitHub) -> int:
    return sum(1 for r in fake.requests if r.method == "POST" and r.path.endswith("/issues"))


def assert_complete(fake: FakeGitHub, parent: dict[str, Any]) -> None:
    """The end state of an undisturbed run: nothing duplicated, nothing lost, nothing stale."""
    created = [issue for issue in fake.issues(REPO) if issue["number"] != parent["number"]]
    assert sorted(issue["title"] for issue in created) == sorted(TITLES)
    children = sub_issues(fake, parent["number"])
    assert [child["title"] for child in children] == TITLES
    body = roadmap_text(fake, parent)
    assert WARNING not in body and "Creating sub-issues" not in body
    assert all(f"| #{child['number']} |" in body for child in children)


def test_5xx_on_reads_and_edits_is_retried_and_the_run_completes(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.faults.fail("GET", r"/labels$", 502, times=2)
    fake_github.faults.fail("PATCH", r"/issues/comments/\d+$", 500)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert_complete(fake_github, parent)
    assert sum(1 for r in fake_github.requests if r.method == "GET" and r.path.endswith("/labels")) == 3
    assert outcomes(bot) == {("issues", "processed"): 1.0}


def test_a_create_refused_with_500_is_checked_then_sent_again(bot: BotHarness, fake_github: FakeGitHub) -> None:
    fake_github.faults.fail(*CREATE, 500, skip=1)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert_complete(fake_github, parent)
    assert creates(fake_github) == 6
    assert outcomes(bot) == {("issues", "processed"): 1.0}


def test_a_create_whose_answer_never_comes_is_adopted_not_resent(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """A POST that reached GitHub but got no answer (dropped connection, read timeout) may have taken
    effect: the gateway must not repeat it on its own, delegation looks for it first."""
    fake_github.faults.drop_answer_after_applying(*CREATE, skip=1)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert_complete(fake_github, parent)
    assert creates(fake_github) == 5


def test_a_short_502_burst_is_absorbed(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """The third create fails, and so do the first two reads of the orphan scan that follows it."""
    fake_github.faults.fail(*CREATE, 502, skip=2)
    fake_github.faults.fail("GET", r"/issues$", 502, times=2)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert_complete(fake_github, parent)
    assert creates(fake_github) == 6
    assert outcomes(bot) == {("issues", "processed"): 1.0}


def test_an_outage_is_reported_and_any_later_event_on_the_plan_finishes_it(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.faults.fail(*CREATE, 500, skip=1, times=2)  # the second task's create, and its checked retry
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert outcomes(bot) == {("issues", "failed"): 1.0}
    body = roadmap_text(fake_github, parent)
    assert WARNING in body and "GitHub 500" in body and "Creating sub-issues: 1/5" in body

    close_issue(bot, sub_issues(fake_github, parent["number"])[0])
    assert_complete(fake_github, parent)
    assert outcomes(bot)[("issues", "processed")] == 1.0


def test_a_roadmap_post_answered_500_after_taking_effect_stays_one_comment(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.faults.fail("POST", r"/issues/\d+/comments$", 500, after_effect=True)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)
    assert WARNING in roadmap_text(fake_github, parent)

    comment(bot, parent, "/coordinate")
    assert_complete(fake_github, parent)


def test_a_failed_delivery_redelivered_with_the_same_guid_runs_again(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    fake_github.faults.fail("POST", r"/sub_issues$", 500, skip=3)  # refused: the check finds it unattached
    parent = open_plan_issue(fake_github, plan_text("auth"))
    payload = label_event(parent)
    bot.deliver("issues", payload, delivery_id="guid-7")
    assert outcomes(bot) == {("issues", "failed"): 1.0}

    again = bot.deliver("issues", payload, delivery_id="guid-7")
    assert again.status_code == 202
    assert_complete(fake_github, parent)


@pytest.mark.parametrize(("status", "retry_after"), [(403, 1), (429, None)])
def test_a_secondary_rate_limit_is_waited_out_and_nothing_is_doubled(
    bot: BotHarness, fake_github: FakeGitHub, status: int, retry_after: int | None
) -> None:
    """403 with Retry-After, or 429 without it (then the configured wait): the POST was refused, so
    sending it again is safe and the gateway does it."""
    fake_github.faults.fail(*CREATE, status, skip=2, retry_after=retry_after)
    parent = open_plan_issue(fake_github, plan_text("auth"))
    coordinate_by_label(bot, parent)

    assert_complete(fake_github, parent)
    assert creates(fake_github) == 6
    assert outcomes(bot) == {("issues", "processed"): 1.0}


def test_a_parent_deleted_mid_coordination_stops_the_work_without_strays(
    bot: BotHarness, fake_github: FakeGitHub
) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    number = parent["number"]
    fake_github.faults.before("POST", rf"/issues/{number}/sub_issues$", lambda: fake_github.delete_issue(REPO, number),
                              skip=2)  # deleted as its third sub-issue is attached
    coordinate_by_label(bot, parent)

    assert outcomes(bot) == {("issues", "failed"): 1.0}
    titles = [issue["title"] for issue in fake_github.issues(REPO) if issue["number"] != parent["number"]]
    assert titles == TITLES[:3]  # the third was created just before its attach was refused
    attaches = [r for r in fake_github.writes() if r.path.endswith(f"/issues/{parent['number']}/sub_issues")]
    assert len(attaches) == 3  # a 404 is never retried

    close_issue(bot, sub_issues(fake_github, parent["number"])[0])
    assert [issue["title"] for issue in fake_github.issues(REPO)][1:] == TITLES[:3]
    assert bot.client.get("/healthz").get_json()["worker"] is True
