"""Turning a checked plan into sub-issues: create what is missing, attach it, hand ready work over.

Every step is idempotent: a task that already has its sub-issue is not created again, one that is
attached is not attached again, and the intent to create is saved before the request so that a
crash between the two is found by `recovery.adopt_orphans` instead of repeated.
"""

from __future__ import annotations

import logging
import time

from bot.coordination import recovery
from bot.coordination.labels import label_specs
from bot.coordination.roadmap import refresh_roadmap
from bot.coordination.session import Session
from bot.domain.coordination import TaskState
from bot.domain.plan import Task
from bot.domain.status import TaskStatus
from bot.gateway import GitHubError
from bot.github_models import IssueRecord
from bot.markers import task_marker
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.text import neutralize_mentions

log = logging.getLogger(__name__)

ROADMAP_REFRESH_SECONDS = 15.0


def initial_status(session: Session, task: Task) -> TaskStatus:
    finished = all(session.state.status_of(dep).finished for dep in task.depends_on)
    return TaskStatus.READY if finished else TaskStatus.BLOCKED


def subissue_body(session: Session, task: Task) -> str:
    plan = session.state.plan
    assert plan is not None
    prerequisites = [
        PrerequisiteLink(
            key=dep, title=plan.task(dep).title,
            number=session.state.tasks[dep].issue_number if dep in session.state.tasks else None,
            status=session.state.status_of(dep),
        )
        for dep in task.depends_on
    ]
    return render_subissue_body(
        task, session.roles.require(task.agent), plan, parent_number=session.parent,
        prerequisites=prerequisites, marker=task_marker(session.parent, task.key),
    )


def _create(session: Session, task: Task, state: TaskState) -> None:
    """Creates the sub-issue in one request, labels and (when ready) assignees included."""
    role = session.roles.require(task.agent)
    state.status = initial_status(session, task)
    ready = state.status is TaskStatus.READY
    state.creating = True
    session.save()

    def create() -> IssueRecord:
        return session.gh.create_issue(
            title=neutralize_mentions(task.title), body=subissue_body(session, task),
            labels=[role.label, state.status.label], assignees=list(role.assignees) if ready else [],
        )

    try:
        issue = create()
    except GitHubError as error:
        if not _ambiguous(error):
            raise
        recovery.adopt_orphans(session.gh, session.state)
        if state.issue_number is not None:  # it was created after all, and is adopted now
            session.save()
            return
        issue = create()  # checked: the first attempt created nothing
    state.issue_number, state.issue_id, state.creating = issue.number, issue.id, False
    state.assigned = ready
    session.save()


def _ambiguous(error: GitHubError) -> bool:
    """No answer or a 5xx: the request may or may not have taken effect."""
    return error.status is None or error.status >= 500


def _attach(session: Session, state: TaskState) -> None:
    """Attaches by the issue's id; a refusal because it is already attached here counts as done."""
    assert state.issue_id is not None
    try:
        session.gh.add_sub_issue(session.parent, state.issue_id)
    except GitHubError as error:
        if not (_ambiguous(error) or error.status == 422):
            raise
        if state.issue_id not in {issue.id for issue in session.gh.list_sub_issues(session.parent)}:
            raise
    state.attached = True
    session.save()


def create_subissues(session: Session) -> int:
    """Creates and attaches every missing sub-issue in roadmap order; returns how many were created."""
    plan = session.state.plan
    assert plan is not None
    tasks = session.state.tasks
    missing = [key for key in plan.ordered_keys() if key not in tasks or not tasks[key].attached]
    if not missing:
        return 0
    session.gh.ensure_labels(label_specs(session.roles))
    created, last_refresh = 0, time.monotonic()
    for key in missing:
        state = tasks.setdefault(key, TaskState(key=key))
        if state.issue_number is None:
            _create(session, plan.task(key), state)
            created += 1
        if not state.attached:
            _attach(session, state)
        if time.monotonic() - last_refresh > ROADMAP_REFRESH_SECONDS:
            refresh_roadmap(session)
            last_refresh = time.monotonic()
    return created
