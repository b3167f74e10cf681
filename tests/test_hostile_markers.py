"""Markers read from comments: linear on any text, and only the bot's own comments count (issue #12, items 1, 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.markers import comment_kind, comment_marker, parse_group_marker, parse_task_marker
from bot.testing.github import FakeGitHub
from tests.e2e import (
    bot_comments,
    coordinate_by_label,
    deliver_comment,
    open_plan_issue,
    plan_text,
    post_command,
    reply_to,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO

LIMIT = 65_536


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "body",
    [
        "/status\n\n<!-- coordinator:x " + " " * LIMIT,  # item 1: cubic before the fix (days at this size)
        "<!-- coordinator:x" * (LIMIT // 18),
        "<!-- coordinator:task parent=1 key=" + "-" * LIMIT,
        "<!-- coordinator:group parent=1 index=" + "1" * LIMIT,
        "<!--" + " \t" * (LIMIT // 2),
    ],
)
def test_marker_scans_finish_at_githubs_body_limit(body: str) -> None:
    assert comment_kind(body) is None
    assert parse_task_marker(body) is None and parse_group_marker(body) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (comment_marker("roadmap") + "\ntext", ("roadmap", "")),
        (comment_marker("reply", "123"), ("reply", "123")),
        (comment_marker("review-aid", "7.users-table"), ("review-aid", "7.users-table")),
        ("<!--coordinator:reply 5-->", ("reply", "5")),
        ("<!-- coordinator:roadmap-->", ("roadmap", "")),
        ("<!-- coordinator:task parent=1 key=a -->", None),
        ("<!-- coordinator:reply1 -->", None),
        ("<!-- coordinator:reply 1 ->", None),
    ],
)
def test_comment_markers_are_read_as_before(body: str, expected: tuple[str, str] | None) -> None:
    assert comment_kind(body) == expected


def test_a_reply_marker_forged_by_a_user_does_not_silence_the_command(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """Item 10: the bot decided "already answered" from a marker anyone can type."""
    issue = fake_github.add_issue(REPO, "Not a plan yet", "text")
    command = fake_github.add_comment(REPO, issue["number"], "/help", user="maintainer")
    fake_github.add_comment(REPO, issue["number"], f"<!-- coordinator:reply {command['id']} -->", user="mallory")
    deliver_comment(bot, issue, command)
    assert "/coordinate" in reply_to(fake_github, issue["number"], command["id"])


def test_a_lost_database_does_not_adopt_a_users_forged_roadmap(fake_github: FakeGitHub, tmp_path: Path) -> None:
    parent = open_plan_issue(fake_github, plan_text("auth"))
    forged = fake_github.add_comment(REPO, parent["number"], "<!-- coordinator:roadmap -->\nfake", user="mallory")
    first = BotHarness(fake_github, tmp_path / "first.sqlite3")
    try:
        coordinate_by_label(first, parent)
    finally:
        first.stop()
    second = BotHarness(fake_github, tmp_path / "second.sqlite3")  # the database is gone
    try:
        post_command(second, parent, "/status")
    finally:
        second.stop()
    roadmaps = bot_comments(fake_github, parent["number"], "roadmap")
    assert [c["id"] for c in roadmaps if c["user"]["login"] == "mallory"] == [forged["id"]]
    assert fake_github.comments(REPO, parent["number"])[0]["body"] == "<!-- coordinator:roadmap -->\nfake"
    assert len([c for c in roadmaps if c["user"]["login"] != "mallory"]) == 1


@pytest.mark.timeout(60)
def test_the_freezing_comment_is_answered_and_healthz_stays_up(bot: BotHarness, fake_github: FakeGitHub) -> None:
    """Item 1 end to end: a `/status` comment ending in an open marker and 65,000 spaces, by anyone."""
    issue = fake_github.add_issue(REPO, "Not a plan yet", "text")
    body = "/status\n\n<!-- coordinator:x " + " " * 65_000
    command = fake_github.add_comment(REPO, issue["number"], body, user="stranger")
    fake_github.add_comment(REPO, issue["number"], body, user="stranger")
    deliver_comment(bot, issue, command)
    assert "not coordinated" in reply_to(fake_github, issue["number"], command["id"])
    assert bot.client.get("/healthz").status_code == 200
