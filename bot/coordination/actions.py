"""The typed actions the decisions return and `execute` performs: every change the bot makes.

Pure data. Texts that name sub-issue numbers GitHub has not assigned yet when the decision is made
(a sub-issue body, the roadmap, a commit status description, the summary) are named by the action
and rendered by the executor when it performs it; every other text is rendered by the decision.
`writes` is how many GitHub writes an action may cost at most, for pacing to the hourly limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.coordination.records import LinkPull, OverrideAgent, RecordMerge, UnlinkPull
from bot.domain.bookkeeping import CommentKind, Intent
from bot.domain.coordination import CoordinationState, CoordinationStatus
from bot.domain.status import TaskStatus
from bot.github_models import LabelSpec
from bot.judgement.escalation import Cause
from bot.judgement.stalled import observe


@dataclass(frozen=True)
class CloseIssue:
    """Closes a sub-issue (or the parent); `if_open` reads it first, so a redelivery closes nothing twice."""

    number: int
    reason: str  # GitHub's state_reason: completed | not_planned
    if_open: bool = False
    writes: int = 1


@dataclass(frozen=True)
class ReopenIssue:
    number: int
    writes: int = 1


@dataclass(frozen=True)
class ForgetTask:
    """A task the plan no longer has, once its sub-issue is closed."""

    key: str
    writes: int = 0


@dataclass(frozen=True)
class RecordFinished:
    """Tasks the plan itself marks done or skipped: recorded, never delegated."""

    statuses: tuple[tuple[str, TaskStatus], ...]
    writes: int = 0


@dataclass(frozen=True)
class StartGrouping:
    """A plan over GitHub's 100 sub-issues per issue hangs its tasks from parts of the plan."""

    writes: int = 0


@dataclass(frozen=True)
class EnsureLabels:
    specs: tuple[LabelSpec, ...]

    @property
    def writes(self) -> int:
        return len(self.specs)


@dataclass(frozen=True)
class CreateSubIssue:
    """One request with labels and assignees; the body is rendered when it is sent."""

    key: str
    status: TaskStatus
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    writes: int = 1


@dataclass(frozen=True)
class CreateGroup:
    index: int
    writes: int = 1


@dataclass(frozen=True)
class AttachGroup:
    index: int
    writes: int = 1


@dataclass(frozen=True)
class AttachSubIssue:
    """Under the parent, or under part `group` of a large plan."""

    key: str
    group: int | None = None
    writes: int = 1


@dataclass(frozen=True)
class PaceCreation:
    """GitHub's hourly write limit is near: creation stops and is resumed by the scheduler."""

    until: datetime
    finish: datetime
    resume_in: float
    writes: int = 0


@dataclass(frozen=True)
class EndPacing:
    writes: int = 0


@dataclass(frozen=True)
class MoveStatus:
    """The task's status and its sub-issue's status label."""

    key: str
    status: TaskStatus
    writes: int = 2


@dataclass(frozen=True)
class SetBody:
    """Rewrites a task's sub-issue from the plan (and its title, with `title`)."""

    key: str
    title: bool = False
    writes: int = 1


@dataclass(frozen=True)
class MoveAgentLabel:
    """A task's sub-issue changes agent: label swapped, and the old agent's assignees dropped."""

    key: str
    old_label: str
    new_label: str
    unassign: bool
    writes: int = 3


@dataclass(frozen=True)
class PostOnce:
    """A one-off comment on a task's sub-issue (`task`) or on any issue or pull request (`issue`)."""

    intent: Intent
    body: str
    task: str | None = None
    issue: int | None = None
    writes: int = 1


@dataclass(frozen=True)
class MarkSent:
    """GitHub shows a comment the state did not know was written (a rebuilt database)."""

    intent: Intent
    writes: int = 0


@dataclass(frozen=True)
class UpsertComment:
    """The parent's one comment of a kind, edited in place; not sent when unchanged."""

    kind: CommentKind
    body: str
    writes: int = 1


@dataclass(frozen=True)
class RefreshRoadmap:
    writes: int = 1


@dataclass(frozen=True)
class PostSummary:
    """The integration summary (with Claude's review, when configured)."""

    writes: int = 1


@dataclass(frozen=True)
class Assign:
    key: str
    logins: tuple[str, ...]
    writes: int = 1


@dataclass(frozen=True)
class SetHandOver:
    """Whether a task counts as handed over (and assigned): reset before a fresh hand-over."""

    key: str
    handed_over: bool
    assigned: bool | None = None
    writes: int = 0


@dataclass(frozen=True)
class SetCommitStatus:
    """The `coordinator/dependencies` status of a pull request's head commit; `missing` are named."""

    pull: int
    sha: str
    state: str  # pending | success
    missing: tuple[str, ...]
    keys: tuple[str, ...]
    stamp: str
    writes: int = 1


@dataclass(frozen=True)
class LiftStatus:
    """A pull request no longer linked to any task: the `pending` this bot set would block it."""

    sha: str
    writes: int = 1


@dataclass(frozen=True)
class SetCoordinationStatus:
    status: CoordinationStatus
    writes: int = 0


@dataclass(frozen=True)
class NoteProblem:
    text: str
    writes: int = 0


@dataclass(frozen=True)
class WithdrawUnfinished:
    """Delegation went through: earlier failure notes no longer hold. Failures before it are reported."""

    writes: int = 0


__all__ = ["LinkPull", "OverrideAgent", "RecordMerge", "UnlinkPull"]

@dataclass(frozen=True)
class AddBlockedBy:
    """A native "blocked by" link between two tasks' sub-issues; their number and id are looked up when
    it is sent (either may be created in the same pass)."""

    key: str
    blocking: str
    writes: int = 1


@dataclass(frozen=True)
class RemoveBlockedBy:
    """`blocking_id` as recorded when the link was made: the blocking task may be gone from the plan."""

    key: str
    blocking: str
    blocking_id: int
    writes: int = 1


@dataclass(frozen=True)
class ForgetLinks:
    """A task gone or skipped: its recorded links are forgotten (nothing to send)."""

    key: str
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        state.judgement.links.pop(self.key, None)


@dataclass(frozen=True)
class NeedsDecision:
    """The `coordination:needs-decision` label on the parent, on or off."""

    on: bool
    writes: int = 2

    def apply(self, state: CoordinationState) -> None:
        state.judgement.labelled = self.on


@dataclass(frozen=True)
class Escalate:
    """One comment on the parent for a cause, mentioning the plan's author (looked up when sent)."""

    cause: Cause
    writes: int = 1


@dataclass(frozen=True)
class Judged:
    """When tasks and pull requests got where they are, for stalled work (state only)."""

    now: datetime
    writes: int = 0

    def apply(self, state: CoordinationState) -> None:
        observe(state, self.now)


Action = (
    CloseIssue | ReopenIssue | ForgetTask | RecordFinished | StartGrouping | EnsureLabels | CreateSubIssue
    | CreateGroup | AttachGroup | AttachSubIssue | PaceCreation | EndPacing | MoveStatus | SetBody | MoveAgentLabel
    | PostOnce | MarkSent | UpsertComment | RefreshRoadmap | PostSummary | Assign | SetHandOver | SetCommitStatus
    | LiftStatus | SetCoordinationStatus | NoteProblem | WithdrawUnfinished | LinkPull | RecordMerge | UnlinkPull
    | OverrideAgent | AddBlockedBy | RemoveBlockedBy | ForgetLinks | NeedsDecision | Escalate | Judged
)
