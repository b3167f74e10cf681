"""Deciding which sub-issues to create and attach: every open task of the plan gets one, in roadmap order.

Pure. A task that already has its sub-issue is not created again, one that is attached is not
attached again; the executor saves the intent to create before the request, so that a crash in
between is found by `recovery.adopt_orphans` instead of repeated. A plan bigger than GitHub's
hourly write limit allows is created over several hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.coordination.labels import label_specs
from bot.domain.coordination import GroupState
from bot.domain.status import TaskStatus
from bot.render.groups import SUBISSUE_LIMIT

WRITES_PER_TASK = 3  # create, attach, and later a label move or a hand-over


def record_finished_in_plan(d: Decisions) -> None:
    """Work the plan itself marks done or skipped is recorded as such and never delegated."""
    finished = tuple((task.key, TaskStatus.DONE if task.state == "done" else TaskStatus.SKIPPED)
                     for task in d.plan.tasks if task.state != "open" and task.key not in d.state.tasks)
    if finished:
        d.emit(act.RecordFinished(finished))


def missing(d: Decisions) -> list[str]:
    """Open tasks without an attached sub-issue, in roadmap order."""
    tasks = d.state.tasks
    return [key for key in d.plan.ordered_keys()
            if d.plan.task(key).state == "open" and (key not in tasks or not tasks[key].attached)]


def delegate(d: Decisions) -> None:
    """Creates and attaches every missing sub-issue; the roadmap is shown first, so that a long
    creation shows its progress."""
    record_finished_in_plan(d)
    keys = missing(d)
    if not keys:
        return
    tasks = d.state.tasks
    if not any(task.attached for task in tasks.values()) and len(d.plan.tasks) > SUBISSUE_LIMIT:
        d.emit(act.StartGrouping())
    d.emit(act.RefreshRoadmap(), act.EnsureLabels(tuple(label_specs(d.view.roles))))
    for position, key in enumerate(keys):
        if not d.has_issue(key):
            if _hour_spent(d, len(keys) - position):
                return
            _create(d, key)
        if not tasks[key].attached:
            _attach(d, key)
    if d.state.paced_until is not None or d.state.paced_finish is not None:
        d.emit(act.EndPacing())


def _create(d: Decisions, key: str) -> None:
    """Labels and (when ready) assignees go with the create request itself."""
    role = d.view.roles.require(d.plan.task(key).agent)
    status = d.state.waiting_status(key)
    assignees = role.assignees if status is TaskStatus.READY else ()
    d.emit(act.CreateSubIssue(key, status, (role.label, status.label), tuple(assignees)))


def _attach(d: Decisions, key: str) -> None:
    if not d.state.grouped:
        d.emit(act.AttachSubIssue(key))
        return
    task, groups = d.state.tasks[key], d.state.groups
    index = task.group if task.group is not None else next(
        (g.index for g in groups if g.members < SUBISSUE_LIMIT), len(groups))
    while len(groups) <= index:
        groups.append(GroupState(index=len(groups)))
    if groups[index].issue_number is None and not _group_created(d, index):
        d.emit(act.CreateGroup(index))
    if not groups[index].attached:
        d.emit(act.AttachGroup(index))
    d.emit(act.AttachSubIssue(key, index))


def _group_created(d: Decisions, index: int) -> bool:
    return any(isinstance(action, act.CreateGroup) and action.index == index for action in d.actions)


def _hour_spent(d: Decisions, remaining: int) -> bool:
    """True when GitHub's hourly write limit leaves no room for another sub-issue: the creation stops,
    says in the roadmap when it goes on and ends, and is resumed when the hour has room again.

    A tenth of the hour is kept for everything else (replies, roadmap edits, hand-overs). The room
    the pacer reported is lowered by what the actions decided so far may write."""
    room, frees_in = d.view.write_room
    hourly = d.view.hourly_writes
    if room is None or not hourly or room - d.writes - WRITES_PER_TASK >= hourly // 10:
        return False
    usable = hourly - hourly // 10
    until = (d.view.now or datetime.now(UTC)) + timedelta(seconds=frees_in)
    finish = until + timedelta(seconds=3600 * remaining * WRITES_PER_TASK / usable)
    d.emit(act.PaceCreation(until, finish, frees_in + 1))
    return True
