"""What the coordinator's judgement remembers about one plan between events: native dependency links
made, when tasks and pull requests were first seen where they are, review and check verdicts, the
label it set, and the verified-integration report.

Pure data, kept inside `CoordinationState` (one document per plan, like the rest).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Conventions(BaseModel):
    """The repository's coding standards, as `conventions` in the configuration gives them: a text
    quoted in every sub-issue and hand-over, or a file in the repository linked there."""

    text: str = ""
    path: str = ""
    url: str = ""  # the file's page on GitHub; empty when the file was not found

    @property
    def empty(self) -> bool:
        return not (self.text or self.path)


class CheckOutcome(BaseModel):
    """The verdict of a task's pull-request checks at one head commit."""

    sha: str
    verdict: str  # success | failure | pending | none


class IntegrationItem(BaseModel):
    """The checks at one merged pull request's merge commit (or, with `pull` 0, the default branch head)."""

    key: str
    pull: int
    sha: str
    verdict: str


class Verification(BaseModel):
    """Verified integration: every merged task's merge commit and the default branch head are green."""

    items: list[IntegrationItem] = Field(default_factory=list)
    branch: str = ""
    head: IntegrationItem | None = None

    @property
    def verified(self) -> bool:
        return self.head is not None and all(item.verdict == "success" for item in [*self.items, self.head])


class JudgementState(BaseModel):
    links: dict[str, dict[str, int]] = Field(default_factory=dict)  # task key -> {blocking key: its issue id}
    refused: dict[str, str] = Field(default_factory=dict)  # "key:blocking id" -> why GitHub refused the link
    links_unavailable: str = ""  # why GitHub takes no link in this repository (403/404): none is asked again
    status_since: dict[str, tuple[str, datetime]] = Field(default_factory=dict)  # key -> (status, since)
    pulls_seen: dict[int, datetime] = Field(default_factory=dict)  # open PR number -> first seen
    reviews: dict[int, str] = Field(default_factory=dict)  # PR number -> approved | changes_requested | ...
    pull_files: dict[int, list[str]] = Field(default_factory=dict)  # open PR number -> changed files
    pull_files_at: dict[int, str] = Field(default_factory=dict)  # open PR number -> head commit they were read at
    checks: dict[str, list[CheckOutcome]] = Field(default_factory=dict)  # key -> verdict per head commit
    dropped_finished: list[str] = Field(default_factory=list)  # finished tasks the plan text no longer names
    labelled: bool = False  # `coordination:needs-decision` is on the parent
    author: str = ""  # the plan's author, mentioned once per escalation
    conventions: Conventions = Field(default_factory=Conventions)
    verification: Verification | None = None
