"""GitHub's JSON turned into our records (bot.github_models), and the small conversions requests need."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from github.GithubObject import NonCompletableGithubObject, NotSet, Opt

from bot.github_models import CommentRecord, IssueRecord, PullRecord


class RawJson(NonCompletableGithubObject):
    """A list item kept exactly as GitHub sent it: reading it never triggers a completing GET."""

    def _initAttributes(self) -> None:
        pass

    def _useAttributes(self, attributes: Any) -> None:
        pass


def opt(value: str | None) -> Opt[str]:
    return NotSet if value is None else value


def timestamp(moment: datetime) -> str:
    """GitHub's `since` format; a naive datetime is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def login_of(user: Any) -> str:
    return str(user.get("login", "")) if isinstance(user, dict) else ""


def issue_record(data: dict[str, Any]) -> IssueRecord:
    labels = data.get("labels") or []
    return IssueRecord(
        id=data["id"],
        number=data["number"],
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state") or "open",
        state_reason=data.get("state_reason"),
        labels=tuple(x["name"] if isinstance(x, dict) else str(x) for x in labels),
        assignees=tuple(login_of(a) for a in data.get("assignees") or []),
        author=login_of(data.get("user")),
        html_url=data.get("html_url") or "",
        is_pull_request="pull_request" in data,
    )


def comment_record(data: dict[str, Any]) -> CommentRecord:
    return CommentRecord(
        id=data["id"],
        body=data.get("body") or "",
        author=login_of(data.get("user")),
        html_url=data.get("html_url") or "",
    )


def pull_record(data: dict[str, Any]) -> PullRecord:
    head, base = data.get("head") or {}, data.get("base") or {}
    return PullRecord(
        number=data["number"],
        title=data.get("title") or "",
        body=data.get("body") or "",
        state=data.get("state") or "open",
        merged=bool(data.get("merged")),
        merge_commit_sha=data.get("merge_commit_sha"),
        head_sha=head.get("sha") or "",
        head_ref=head.get("ref") or "",
        base_ref=base.get("ref") or "",
        html_url=data.get("html_url") or "",
        author=login_of(data.get("user")),
    )
