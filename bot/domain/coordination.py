"""The state of one coordinated parent issue: which task lives in which sub-issue, and how far it got.

Pure data. The store persists it as one document per parent; the markers on GitHub can rebuild it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from bot.domain.bookkeeping import CommentKind, Problem, ProblemKind, StoredIntent
from bot.domain.judgement import JudgementState
from bot.domain.plan import Plan
from bot.domain.status import TaskStatus


class CoordinationStatus(StrEnum):
    ACTIVE = "active"
    NEEDS_CLARIFICATION = "needs-clarification"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class PullState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    MERGED = "merged"


class PullLink(BaseModel):
    """A pull request that works on a task, and what it produced once merged."""

    number: int
    html_url: str = ""
    state: PullState = PullState.OPEN
    head_sha: str = ""
    merge_commit_sha: str | None = None
    files: list[str] = Field(default_factory=list)
    closes_by_keyword: bool = False
    commit_status: str = ""  # "<sha>:<state>" last set, so an unchanged status is not sent again


class GroupState(BaseModel):
    """A part of a plan too big for one parent: GitHub allows 100 sub-issues per issue, closed included."""

    index: int
    issue_number: int | None = None
    issue_id: int | None = None
    attached: bool = False
    creating: bool = False
    members: int = 0


class TaskState(BaseModel):
    """Runtime facts about one task; the task's definition lives in the plan."""

    key: str
    issue_number: int | None = None
    issue_id: int | None = None
    attached: bool = False
    group: int | None = None
    status: TaskStatus = TaskStatus.BLOCKED
    assigned: bool = False
    handed_over: bool = False
    creating: bool = False
    pulls: list[PullLink] = Field(default_factory=list)

    def pull(self, number: int) -> PullLink | None:
        return next((link for link in self.pulls if link.number == number), None)

    @property
    def merged_pulls(self) -> list[PullLink]:
        return [link for link in self.pulls if link.state is PullState.MERGED]

    @property
    def open_pulls(self) -> list[PullLink]:
        return [link for link in self.pulls if link.state is PullState.OPEN]


def _now() -> datetime:
    return datetime.now(UTC)


class CoordinationState(BaseModel):
    """Everything the bot knows about one parent issue."""

    repo: str
    parent_number: int
    parent_id: int | None = None
    installation_id: int | None = None
    status: CoordinationStatus = CoordinationStatus.ACTIVE
    plan: Plan | None = None
    tasks: dict[str, TaskState] = Field(default_factory=dict)
    grouped: bool = False
    groups: list[GroupState] = Field(default_factory=list)
    comments: dict[CommentKind, int] = Field(default_factory=dict)  # the parent's one comment of each kind
    rendered: dict[CommentKind, str] = Field(default_factory=dict)  # digest of each one's last text
    pending_comments: list[StoredIntent] = Field(default_factory=list)  # saved before the request
    sent: list[StoredIntent] = Field(default_factory=list)  # one-off comments written
    problems: list[Problem] = Field(default_factory=list)  # what the bot could not do, until it can
    notes: list[str] = Field(default_factory=list)  # what the planner wants people to know
    agent_overrides: dict[str, str] = Field(default_factory=dict)
    paced_until: datetime | None = None  # sub-issue creation waits for GitHub's hourly write limit
    paced_finish: datetime | None = None  # when the last sub-issue is expected
    started_at: datetime = Field(default_factory=_now)
    judgement: JudgementState = Field(default_factory=JudgementState)  # see bot.judgement
    # The store's row version this state was loaded at (0: never saved); not part of the document.
    version: int = Field(default=0, exclude=True)

    def handover_attempts(self, key: str) -> int:
        """How many hand-over comments a task has had: the next one needs a new intent to be posted."""
        return sum(1 for intent in self.sent if intent.handover_of == key)

    def withdraw(self, kind: ProblemKind) -> bool:
        """Drops the problems of one kind; True when there were any."""
        kept = [problem for problem in self.problems if problem.kind is not kind]
        changed, self.problems = len(kept) != len(self.problems), kept
        return changed

    def task_by_issue(self, number: int) -> TaskState | None:
        return next((task for task in self.tasks.values() if task.issue_number == number), None)

    def status_of(self, key: str) -> TaskStatus:
        return self.tasks[key].status if key in self.tasks else TaskStatus.BLOCKED

    def missing_prerequisites(self, key: str) -> list[str]:
        """The prerequisites of a planned task that are neither done nor skipped, in plan order."""
        if self.plan is None:
            return []
        return [dep for dep in self.plan.task(key).depends_on if not self.status_of(dep).finished]

    def waiting_status(self, key: str) -> TaskStatus:
        """What a task not yet in progress should be: ready once its prerequisites are finished."""
        return TaskStatus.BLOCKED if self.missing_prerequisites(key) else TaskStatus.READY

    @property
    def statuses(self) -> dict[str, TaskStatus]:
        return {key: task.status for key, task in self.tasks.items()}

    @property
    def numbers(self) -> dict[str, int]:
        return {key: task.issue_number for key, task in self.tasks.items() if task.issue_number}

    @property
    def all_finished(self) -> bool:
        return bool(self.tasks) and all(task.status.finished for task in self.tasks.values())
