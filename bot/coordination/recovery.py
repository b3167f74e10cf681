"""Rebuilding state from GitHub when the database does not have it (or lost part of it).

The markers in sub-issue bodies and bot comments are the source of truth: a parent's sub-issues
tell which tasks exist, its comments which one is the roadmap.
"""

from __future__ import annotations

from datetime import timedelta

from bot.coordination.labels import carries
from bot.domain.bookkeeping import CommentKind, Intent
from bot.domain.coordination import CoordinationState, GroupState, TaskState
from bot.domain.status import TaskStatus, status_of_closed
from bot.gateway import RepoGateway
from bot.github_models import IssueRecord
from bot.markers import kind_of, parse_group_marker, parse_task_marker


def _status_from(issue: IssueRecord) -> TaskStatus:
    if issue.state == "closed":
        return status_of_closed(issue.state_reason)
    for status in TaskStatus:
        if carries(issue.labels, status.label):
            return status
    return TaskStatus.BLOCKED


def _adopt(state: CoordinationState, issue: IssueRecord, attached: bool) -> str | None:
    """Records a sub-issue carrying this parent's task marker; returns its task key."""
    marker = parse_task_marker(issue.body)
    if marker is None or marker[0] != state.parent_number:
        return None
    key = marker[1]
    task = state.tasks.setdefault(key, TaskState(key=key))
    if task.issue_number is None:
        task.issue_number, task.issue_id = issue.number, issue.id
        task.status = _status_from(issue)
        task.assigned = bool(issue.assignees)
        # A ready task may have crashed before its hand-over: hand it over again, but let the
        # comment look for its own marker first (a pending intent), so nobody is pinged twice.
        task.handed_over = task.status is not TaskStatus.READY
        if task.status is TaskStatus.READY and not task.creating:
            state.pending_comments.append(Intent.handover(key))
    task.attached = task.attached or attached
    task.creating = False
    return key


def _adopt_group(gh: RepoGateway, state: CoordinationState, issue: IssueRecord, index: int) -> None:
    """A part of a large plan: record it, then adopt the tasks hanging from it."""
    state.grouped = True
    while len(state.groups) <= index:
        state.groups.append(GroupState(index=len(state.groups)))
    group = state.groups[index]
    group.issue_number, group.issue_id, group.attached, group.creating = issue.number, issue.id, True, False
    children = gh.list_sub_issues(issue.number)
    group.members = len(children)
    for child in children:
        key = _adopt(state, child, attached=True)
        if key is not None:
            state.tasks[key].group = index


def rebuild(gh: RepoGateway, state: CoordinationState) -> None:
    """Fills `state` from the parent's sub-issues (and parts) and bot comments: paginated reads only."""
    for issue in gh.list_sub_issues(state.parent_number):
        group = parse_group_marker(issue.body)
        if group is not None and group[0] == state.parent_number:
            _adopt_group(gh, state, issue, group[1])
        else:
            _adopt(state, issue, attached=True)
    for comment in gh.own_comments(state.parent_number):
        found = kind_of(comment.body)
        kind = CommentKind.parse(found) if found is not None else None
        if kind is not None and kind not in state.comments:
            state.comments[kind] = comment.id


def adopt_orphans(gh: RepoGateway, state: CoordinationState) -> None:
    """Finds sub-issues created just before a crash, before they were recorded or attached."""
    since = state.started_at - timedelta(minutes=5)
    for issue in gh.list_issues(since=since):
        group = parse_group_marker(issue.body)
        if group is None:
            _adopt(state, issue, attached=False)
        elif group[0] == state.parent_number and group[1] < len(state.groups):
            part = state.groups[group[1]]
            if part.issue_number is None:
                part.issue_number, part.issue_id, part.creating = issue.number, issue.id, False


def needs_orphan_scan(state: CoordinationState) -> bool:
    tasks = any(task.creating and task.issue_number is None for task in state.tasks.values())
    return tasks or any(group.creating and group.issue_number is None for group in state.groups)
