"""Rebuilding state from GitHub when the database does not have it (or lost part of it).

The markers in sub-issue bodies and bot comments are the source of truth: a parent's sub-issues
tell which tasks exist, its comments which one is the roadmap.
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain.coordination import CoordinationState, TaskState
from bot.domain.status import TaskStatus
from bot.gateway import RepoGateway
from bot.github_models import IssueRecord
from bot.markers import comment_kind, parse_task_marker


def _status_from(issue: IssueRecord) -> TaskStatus:
    if issue.state == "closed":
        return TaskStatus.SKIPPED if issue.state_reason == "not_planned" else TaskStatus.DONE
    for status in TaskStatus:
        if status.label in issue.labels:
            return status
    return TaskStatus.BLOCKED


def _adopt(state: CoordinationState, issue: IssueRecord, attached: bool) -> None:
    marker = parse_task_marker(issue.body)
    if marker is None or marker[0] != state.parent_number:
        return
    key = marker[1]
    task = state.tasks.setdefault(key, TaskState(key=key))
    if task.issue_number is None:
        task.issue_number, task.issue_id = issue.number, issue.id
        task.status = _status_from(issue)
        task.assigned = task.status is not TaskStatus.BLOCKED
        task.handed_over = task.status is not TaskStatus.BLOCKED
    task.attached = task.attached or attached
    task.creating = False


def rebuild(gh: RepoGateway, state: CoordinationState) -> None:
    """Fills `state` from the parent's sub-issues and bot comments (two paginated reads)."""
    for issue in gh.list_sub_issues(state.parent_number):
        _adopt(state, issue, attached=True)
    for comment in gh.list_comments(state.parent_number):
        kind = comment_kind(comment.body)
        if kind is not None and kind[0] not in state.comments:
            state.comments[kind[0]] = comment.id


def adopt_orphans(gh: RepoGateway, state: CoordinationState) -> None:
    """Finds sub-issues created just before a crash, before they were recorded or attached."""
    since = state.started_at - timedelta(minutes=5)
    for issue in gh.list_issues(since=since):
        _adopt(state, issue, attached=False)


def needs_orphan_scan(state: CoordinationState) -> bool:
    return any(task.creating and task.issue_number is None for task in state.tasks.values())
