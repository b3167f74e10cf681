"""What every decision works on: a `View` of one planned coordination, and `Decisions`, the actions
decided so far together with the state as it will be once they are performed.

Decisions are pure: they read the view, append actions, and look at the projected state, so a
later step decides on what an earlier one will have changed (a task skipped releases its
dependents in the same pass). Nothing here talks to GitHub or the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.coordination import actions as act
from bot.domain.coordination import CoordinationState, GroupState, TaskState
from bot.domain.plan import Plan
from bot.domain.roles import RoleSet


@dataclass(frozen=True)
class View:
    """One planned coordination as a decision sees it: the plan is always there.

    `write_room` is GitHub's hourly room as the pacer reported it (None: unlimited), with the
    seconds until a write frees up; `announced` the tasks whose "unblocked" comment GitHub shows
    although the state has no record of it (a rebuilt database).
    """

    state: CoordinationState
    plan: Plan
    roles: RoleSet
    close_parent_when_done: bool = False
    native_dependencies: bool = True
    hourly_writes: int = 0
    write_room: tuple[int | None, float] = (None, 0.0)
    now: datetime | None = None
    announced: frozenset[str] = frozenset()

    @property
    def parent(self) -> int:
        return self.state.parent_number


@dataclass
class Decisions:
    """Actions in the order they are to be performed, and the state they will leave."""

    view: View
    state: CoordinationState = field(init=False)
    actions: list[act.Action] = field(default_factory=list)
    created: set[str] = field(default_factory=set)  # tasks whose sub-issue is created by these actions

    def __post_init__(self) -> None:
        self.state = self.view.state.model_copy(deep=True)

    @property
    def plan(self) -> Plan:
        """The view's plan, or the one an `/assign` among these actions made of it."""
        return self.state.plan if self.state.plan is not None else self.view.plan

    @property
    def writes(self) -> int:
        return sum(action.writes for action in self.actions)

    def has_issue(self, key: str) -> bool:
        task = self.state.tasks.get(key)
        return task is not None and (task.issue_number is not None or key in self.created)

    def emit(self, *actions: act.Action) -> None:
        for action in actions:
            _project(self, action)
            self.actions.append(action)


def _project(d: Decisions, action: act.Action) -> None:
    """The state change an action stands for, as far as later decisions need it."""
    state, tasks = d.state, d.state.tasks
    match action:
        case act.ForgetTask(key=key):
            tasks.pop(key, None)
        case act.RecordFinished(statuses=statuses):
            for key, status in statuses:
                tasks[key] = TaskState(key=key, status=status)
        case act.StartGrouping():
            state.grouped = True
        case act.CreateSubIssue(key=key, status=status, assignees=assignees):
            task = tasks.setdefault(key, TaskState(key=key))
            task.status, task.assigned = status, bool(assignees) or task.assigned
            d.created.add(key)
        case act.AttachSubIssue(key=key, group=group):
            tasks[key].attached, tasks[key].group = True, group
            if group is not None:
                state.groups[group].members += 1
        case act.MoveStatus(key=key, status=status):
            tasks[key].status = status
        case act.Assign(key=key):
            tasks[key].assigned = True
        case act.SetHandOver(key=key, handed_over=handed_over, assigned=assigned):
            tasks[key].handed_over = handed_over
            tasks[key].assigned = tasks[key].assigned if assigned is None else assigned
        case act.PostOnce(intent=intent) | act.MarkSent(intent=intent):
            state.sent.append(intent)
        case act.SetCommitStatus(pull=pull, keys=keys, stamp=stamp):
            for key in keys:
                link = tasks[key].pull(pull)
                if link is not None:
                    link.commit_status = stamp
        case act.CreateGroup(index=index):
            while len(state.groups) <= index:
                state.groups.append(GroupState(index=len(state.groups)))
        case act.AttachGroup(index=index):
            state.groups[index].attached = True
        case act.SetCoordinationStatus(status=status):
            state.status = status
        case act.LinkPull() | act.RecordMerge() | act.UnlinkPull() | act.OverrideAgent():
            action.apply(state)
        case act.ForgetLinks() | act.NeedsDecision() | act.Judged():
            action.apply(state)
        case act.AddBlockedBy(key=key, blocking=blocking):
            state.judgement.links.setdefault(key, {})[blocking] = 0  # the id is known once it is sent
        case act.RemoveBlockedBy(key=key, blocking=blocking):
            state.judgement.links.get(key, {}).pop(blocking, None)
        case _:
            pass  # GitHub-only (labels, bodies, comments) or pacing: nothing a later decision reads
