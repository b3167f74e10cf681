"""The fake GitHub's in-memory model: repositories, issues (pull requests are issues with a `pull`),
comments, and the error answers and field checks shared by every route family."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.github_limits import ASSIGNEES_PER_ISSUE, BODY_CHARS

DOCS = "https://docs.github.com/rest"
Reply = tuple[int, Any, dict[str, str]]


class ApiError(Exception):
    """An error answer, shaped like GitHub's: message, documentation_url and, for 422, `errors`."""

    def __init__(self, status: int, message: str, errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors, headers or {}

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "documentation_url": DOCS,
                                "status": str(self.status)}
        if self.errors:
            data["errors"] = self.errors
        return data


def _invalid(resource: str, field_name: str, code: str = "invalid", message: str | None = None) -> ApiError:
    error = {"resource": resource, "field": field_name, "code": code}
    if message:
        error["message"] = message
    return ApiError(422, "Validation Failed", [error])


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _invalid("Issue", "since", message=f"{text!r} is not a timestamp") from None


@dataclass
class _Issue:
    repo: str
    id: int
    number: int
    title: str
    body: str | None
    user: str
    labels: list[str]
    assignees: list[str]
    created_at: str
    updated_at: str
    state: str = "open"
    state_reason: str | None = None
    closed_at: str | None = None
    pull: dict[str, Any] | None = None
    deleted: bool = False  # GitHub answers 410 for it; the fake keeps it for inspection


@dataclass
class _Comment:
    id: int
    repo: str
    number: int
    body: str
    user: str
    created_at: str
    updated_at: str
    reactions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Repo:
    id: int
    full_name: str
    default_branch: str
    issues: dict[int, _Issue] = field(default_factory=dict)
    comments: dict[int, _Comment] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-case name -> label JSON
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (ref, path) -> text
    pageless: set[str] = field(default_factory=set)  # paths whose contents answer has `html_url: null`
    permissions: dict[str, tuple[str, bool]] = field(default_factory=dict)  # login -> (role, with role_name)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    assignable: set[str] | None = None  # None: anyone may be assigned
    closing_links: dict[int, list[tuple[str, int]]] = field(default_factory=dict)  # PR -> issues linked by hand
    next_number: int = 1


def _file_json(entry: Any) -> dict[str, Any]:
    data = {"filename": entry} if isinstance(entry, str) else dict(entry)
    data.setdefault("status", "modified")
    data.setdefault("additions", 1)
    data.setdefault("deletions", 0)
    data.setdefault("changes", data["additions"] + data["deletions"])
    data.setdefault("sha", secrets.token_hex(20))
    return data


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, "Problems parsing JSON")
    return body


def _label_name(entry: Any) -> str:
    return str(entry["name"] if isinstance(entry, dict) else entry)


def _check_assignees(repo: _Repo, logins: Any) -> None:
    if len(logins or []) > ASSIGNEES_PER_ISSUE:
        raise _invalid("Issue", "assignees", message=f"too many assignees (maximum is {ASSIGNEES_PER_ISSUE})")
    refused = [login for login in logins or [] if repo.assignable is not None and login not in repo.assignable]
    if refused:
        raise ApiError(422, "Validation Failed", [{"value": refused[0], "resource": "Issue", "field": "assignees",
                                                   "code": "invalid"}])


def _check_body(body: Any, resource: str) -> None:
    if isinstance(body, str) and len(body) > BODY_CHARS:
        raise _invalid(resource, "body", "custom", f"body is too long (maximum is {BODY_CHARS} characters)")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
