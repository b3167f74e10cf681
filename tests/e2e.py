"""Helpers for end-to-end tests: a plan issue on the fake GitHub and the deliveries that drive the bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from bot.testing.github import FakeGitHub
from bot.testing.payloads import comment_payload, issue_payload, pull_payload
from tests.fixtures.github import REPO


class Driver(Protocol):
    """What drives the bot in these helpers: the server (`BotHarness`) or `coordinator action` runs."""

    @property
    def fake(self) -> FakeGitHub: ...

    def deliver(self, event: str, payload: dict[str, Any], *, delivery_id: str | None = ...) -> Any: ...


PLANS = Path(__file__).parent / "plans"
AUTH_TITLES = [
    "Define the User model and credentials schema",
    "Provision the Postgres database and the session secret",
    "Implement the signup and login endpoints",
    "Write unit tests for signup and login",
    "Deploy the auth service to staging",
]  # the tasks of plans/auth.md, in roadmap order


def plan_text(name: str) -> str:
    return (PLANS / f"{name}.md").read_text()


def generated_plan(count: int) -> str:
    """A plan of `count` tasks in chains of five, each with an acceptance criterion."""
    lines = ["## Tasks"]
    for n in range(1, count + 1):
        after = f" (depends on: Build component {n - 1})" if n % 5 != 1 else ""
        lines += [
            f"- [ ] Build component {n} [feature-implementation]{after}",
            f"  - Acceptance: component {n} answers its health check",
        ]
    return "\n".join(lines) + "\n"


def open_plan_issue(fake: FakeGitHub, body: str, title: str = "User authentication") -> dict[str, Any]:
    return fake.add_issue(REPO, title, body)


def label_event(issue: dict[str, Any], label: str = "coordinate", **extra: Any) -> dict[str, Any]:
    names = [label_["name"] for label_ in issue.get("labels", [])]
    return issue_payload(
        "labeled",
        repo=REPO,
        number=issue["number"],
        issue_id=issue["id"],
        title=issue["title"],
        body=issue["body"],
        labels=[*names, label],
        label=label,
        **extra,
    )


def coordinate_by_label(bot: Driver, issue: dict[str, Any], **extra: Any) -> Any:
    return bot.deliver("issues", label_event(issue, **extra))


def comment(bot: Driver, issue: dict[str, Any], body: str, *, sender: str = "octocat",
            sender_type: str = "User") -> Any:
    """Someone comments `body` on `issue` and GitHub delivers it; returns the webhook's answer."""
    stored = bot.fake.add_comment(REPO, issue["number"], body, user=sender)
    return deliver_comment(bot, issue, stored, sender_type=sender_type)


def sub_issues(fake: FakeGitHub, parent: int) -> list[dict[str, Any]]:
    return fake.sub_issues(REPO, parent)


def labels_of(issue: dict[str, Any]) -> set[str]:
    return {label["name"] for label in issue["labels"]}


def bot_comments(fake: FakeGitHub, number: int, kind: str) -> list[dict[str, Any]]:
    return [c for c in fake.comments(REPO, number) if f"<!-- coordinator:{kind}" in (c["body"] or "")]


def open_pull(
    bot: Driver,
    *,
    closes: list[int] | None = None,
    title: str = "Work",
    body: str | None = None,
    head_ref: str = "feature",
    base_ref: str = "main",
    files: list[str] | None = None,
    action: str = "opened",
) -> dict[str, Any]:
    text = body if body is not None else " ".join(f"Closes #{n}" for n in closes or [])
    pull = bot.fake.add_pull(REPO, title, text, head_ref=head_ref, base_ref=base_ref, files=files or ["src/a.py"])
    deliver_pull(bot, pull, action)
    return pull


def deliver_pull(bot: Driver, pull: dict[str, Any], action: str, *, merged: bool = False) -> Any:
    payload = pull_payload(
        action,
        repo=REPO,
        number=pull["number"],
        title=pull["title"],
        body=pull["body"] or "",
        head_ref=pull["head"]["ref"],
        head_sha=pull["head"]["sha"],
        base_ref=pull["base"]["ref"],
        merged=merged,
        merge_commit_sha=pull.get("merge_commit_sha"),
    )
    return bot.deliver("pull_request", payload)


def merge(bot: Driver, pull: dict[str, Any]) -> Any:
    merged = bot.fake.merge_pull(REPO, pull["number"])
    return deliver_pull(bot, merged, "closed", merged=True)


# --------------------------------------------------------------------------- following pull requests


def coordinated(bot: Driver, body: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A plan issue (the auth plan by default) labelled and coordinated: the parent and its sub-issues."""
    parent = open_plan_issue(bot.fake, body if body is not None else plan_text("auth"))
    coordinate_by_label(bot, parent)
    return parent, sub_issues(bot.fake, parent["number"])


def current(fake: FakeGitHub, issue: dict[str, Any]) -> dict[str, Any]:
    """The issue as the fake GitHub has it now (labels, state, body)."""
    return fake.issue(REPO, issue["number"])


def deliver_issue(bot: Driver, issue: dict[str, Any], action: str, **extra: Any) -> Any:
    """An `issues` delivery for the issue as it stands on the fake GitHub."""
    now = current(bot.fake, issue)
    payload = issue_payload(
        action,
        repo=REPO,
        number=now["number"],
        issue_id=now["id"],
        title=now["title"],
        body=now["body"],
        labels=[label["name"] for label in now["labels"]],
        **extra,
    )
    return bot.deliver("issues", payload)


def close_issue(bot: Driver, issue: dict[str, Any], reason: str = "completed") -> Any:
    """A person closes the issue on GitHub (as completed or not_planned), and GitHub says so."""
    bot.fake.set_issue(REPO, issue["number"], state="closed", state_reason=reason)
    return deliver_issue(bot, issue, "closed", state_reason=reason)


def reopen_issue(bot: Driver, issue: dict[str, Any]) -> Any:
    bot.fake.set_issue(REPO, issue["number"], state="open")
    return deliver_issue(bot, issue, "reopened", state_reason="reopened")


def edit_pull(
    bot: Driver, pull: dict[str, Any], *, title: str | None = None, body: str | None = None
) -> dict[str, Any]:
    """The author edits the pull request's title or body."""
    fields = {key: value for key, value in (("title", title), ("body", body)) if value is not None}
    bot.fake.set_issue(REPO, pull["number"], **fields)
    edited = bot.fake.pull(REPO, pull["number"])
    deliver_pull(bot, edited, "edited")
    return edited


def push_to(bot: Driver, pull: dict[str, Any], sha: str) -> dict[str, Any]:
    """New commits: a `synchronize` delivery whose head is `sha`."""
    pushed = {**pull, "head": {**pull["head"], "sha": sha}}
    deliver_pull(bot, pushed, "synchronize")
    return pushed


def close_pull(bot: Driver, pull: dict[str, Any]) -> Any:
    """Closed without merging."""
    bot.fake.set_issue(REPO, pull["number"], state="closed")
    return deliver_pull(bot, pull, "closed")


def reopen_pull(bot: Driver, pull: dict[str, Any]) -> Any:
    bot.fake.set_issue(REPO, pull["number"], state="open")
    return deliver_pull(bot, pull, "reopened")


def dependency_statuses(fake: FakeGitHub, sha: str) -> list[tuple[str, str]]:
    """(state, description) of every `coordinator/dependencies` status set on `sha`, oldest first."""
    found = [s for s in fake.statuses(REPO, sha) if s["context"] == "coordinator/dependencies"]
    return [(s["state"], s["description"]) for s in reversed(found)]


def roadmap_text(fake: FakeGitHub, parent: dict[str, Any]) -> str:
    roadmaps = bot_comments(fake, parent["number"], "roadmap")
    assert len(roadmaps) == 1
    return str(roadmaps[0]["body"])


def deliver_comment(
    bot: Driver,
    issue: dict[str, Any],
    stored: dict[str, Any],
    *,
    action: str = "created",
    sender_type: str = "User",
    delivery_id: str | None = None,
    **extra: Any,
) -> Any:
    """Delivers `issue_comment.<action>` for a comment already on the fake GitHub (as GitHub redelivers it)."""
    payload = comment_payload(
        action,
        repo=REPO,
        issue_number=issue["number"],
        issue_id=issue["id"],
        issue_title=issue["title"],
        issue_body=issue.get("body") or "",
        comment_id=stored["id"],
        body=stored["body"],
        sender=stored["user"]["login"],
        sender_type=sender_type,
        **extra,
    )
    return bot.deliver("issue_comment", payload, delivery_id=delivery_id)


def post_command(
    bot: Driver, issue: dict[str, Any], body: str, *, sender: str = "maintainer", sender_type: str = "User"
) -> dict[str, Any]:
    """Comments `body` on `issue` and delivers it; returns the comment as the fake GitHub stores it."""
    stored = bot.fake.add_comment(REPO, issue["number"], body, user=sender)
    deliver_comment(bot, issue, stored, sender_type=sender_type)
    return stored


def replies_to(fake: FakeGitHub, number: int, comment_id: int) -> list[str]:
    """The bot's replies on issue `number` to one command comment, marker line removed."""
    marker = f"<!-- coordinator:reply {comment_id} -->\n"
    return [c["body"].removeprefix(marker) for c in fake.comments(REPO, number) if c["body"].startswith(marker)]


def reply_to(fake: FakeGitHub, number: int, comment_id: int) -> str:
    """The one reply to a command comment (fails when there is none, or more than one)."""
    found = replies_to(fake, number, comment_id)
    assert len(found) == 1, f"expected one reply to {comment_id}, got {found}"
    return found[0]


def reaction_names(fake: FakeGitHub, comment_id: int) -> list[str]:
    return [reaction["content"] for reaction in fake.reactions(REPO, comment_id)]


def permission_requests(fake: FakeGitHub) -> list[str]:
    """Paths of the collaborator-permission look-ups the bot made."""
    return [r.path for r in fake.requests if r.method == "GET" and "/collaborators/" in r.path]
