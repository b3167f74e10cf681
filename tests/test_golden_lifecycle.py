"""The golden of a whole coordination: every issue and comment text the bot sent to GitHub, in order.

The auth plan is labelled, people steer it with commands (one a typo, one without permission), the
tasks' pull requests are opened and merged one after another, one task is skipped, and the plan
ends in its integration summary. The file lists each write that carries text (issues created or
edited, comments posted or edited) as it reached the fake GitHub: what a reviewer needs to see
that a change elsewhere left the bot's words alone, or changed them on purpose.
"""

from __future__ import annotations

from bot.testing.github import FakeGitHub, RecordedRequest
from tests.e2e import (
    coordinated,
    merge,
    open_pull,
    post_command,
)
from tests.fixtures.app import BotHarness
from tests.fixtures.github import REPO
from tests.golden import Goldens, normalise

CONFIG = """\
roles:
  datatypes:
    assignees: [dana]
    mention: "@octo-org/data-team"
"""
FILES = [["models/user.py", "migrations/001_users.sql"], ["infra/postgres.tf"], ["api/signup.py", "api/login.py"],
         ["tests/test_auth.py"]]


def texts(fake: FakeGitHub) -> str:
    """Each write that carries a title or a body, numbered, with its method and path."""
    sections: list[str] = []
    for request in fake.writes():
        if isinstance(request.json, dict) and ({"title", "body"} & set(request.json)):
            sections.append(_section(len(sections) + 1, request))
    return "\n\n".join(sections)


def _section(number: int, request: RecordedRequest) -> str:
    path = request.path.removeprefix(f"/repos/{REPO}")
    lines = [f"<!-- golden: {number}. {request.method} {path} -->"]
    if "title" in request.json:
        lines.append(f"title: {request.json['title']}")
    if request.json.get("body") is not None:
        lines.append(request.json["body"])
    return "\n".join(lines)


def test_a_whole_coordination_as_github_receives_it(bot: BotHarness, fake_github: FakeGitHub,
                                                    golden: Goldens) -> None:
    fake_github.set_file(REPO, ".github/coordinator.yml", CONFIG)
    fake_github.set_permission(REPO, "maintainer", "maintain")
    fake_github.set_permission(REPO, "mallory", "read")
    parent, tasks = coordinated(bot)
    post_command(bot, parent, "/status\n/stauts")
    post_command(bot, parent, "/skip deploy", sender="mallory")
    post_command(bot, parent, "/assign #{} feature-implementation\n/pause".format(tasks[1]["number"]))
    post_command(bot, parent, "/resume")
    for index in range(4):
        pull = open_pull(bot, closes=[tasks[index]["number"]], files=FILES[index], title=f"Task {index + 1}")
        merge(bot, pull)
        if index == 2:
            post_command(bot, tasks[4], "/skip")
    assert fake_github.crashes == []
    golden.check("lifecycle/auth-plan", texts(fake_github), renumber=True)


def test_a_shown_commit_is_a_sha_even_when_its_twelve_characters_are_all_digits() -> None:
    """The bot shows a commit as its first 12 hex characters in a code span; about one in 280 of them is all
    digits, which read bare would pass for an id and make the lifecycle golden fail now and then."""
    assert normalise("| #10 | `123456789012` | `abcdef123456` | 12345678 | abcdef123456") == (
        "| #10 | `<sha>` | `<sha>` | <id> | <sha>\n")
