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
