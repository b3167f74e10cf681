"""Plain records the GitHub gateway returns: what the bot reads from GitHub, nothing more.

They keep PyGithub inside the gateway: the rest of the bot sees these Pydantic models only.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class IssueRecord(BaseModel):
    """An issue as the bot needs it. `id` is the database id (sub-issues API), `number` the visible one."""

    model_config = ConfigDict(frozen=True)

    id: int
    number: int
    title: str
    body: str = ""
    state: str = "open"
    state_reason: str | None = None
    labels: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    author: str = ""
    html_url: str = ""
    is_pull_request: bool = False


class CommentRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    body: str = ""
    author: str = ""
    html_url: str = ""


class PullRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    body: str = ""
    state: str = "open"
    merged: bool = False
    merge_commit_sha: str | None = None
    head_sha: str = ""
    head_ref: str = ""
    base_ref: str = ""
    html_url: str = ""
    author: str = ""


class LabelSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    colour: str
    description: str = ""


class CheckRecord(BaseModel):
    """One verdict on a commit: a commit status (`status`) or a check run (`check_run`), as GitHub sent it.

    For a status `state` is error | failure | pending | success and `conclusion` is None; for a check
    run `state` is queued | in_progress | completed and `conclusion` is set once completed."""

    model_config = ConfigDict(frozen=True)

    source: str
    name: str
    state: str
    conclusion: str | None = None


class ReviewRecord(BaseModel):
    """A submitted pull-request review: APPROVED, CHANGES_REQUESTED, COMMENTED or DISMISSED."""

    model_config = ConfigDict(frozen=True)

    author: str
    state: str
    submitted_at: str = ""
