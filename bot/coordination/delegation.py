"""Turning a checked plan into sub-issues: create what is missing, attach it, hand ready work over.

Every step is idempotent: a task that already has its sub-issue is not created again, one that is
attached is not attached again, and the intent to create is saved before the request so that a
crash between the two is found by `recovery.adopt_orphans` instead of repeated.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from bot.coordination import recovery
from bot.coordination.labels import label_specs
from bot.coordination.roadmap import refresh_roadmap
from bot.coordination.session import Session
from bot.domain.coordination import GroupState, TaskState
from bot.domain.plan import Task
from bot.domain.status import TaskStatus
from bot.gateway import GitHubError, best_effort
from bot.github_models import IssueRecord
from bot.markers import group_marker, task_marker
from bot.render.groups import SUBISSUE_LIMIT, group_title, render_group_body
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.text import safe_title

log = logging.getLogger(__name__)

ROADMAP_REFRESH_SECONDS = 15.0


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
        conventions=session.state.judgement.conventions,
    )


def _create(session: Session, task: Task, state: TaskState) -> None:
    """Creates the sub-issue in one request, labels and (when ready) assignees included.

    Assignees GitHub refuses (422) never stop the work: the sub-issue is created without them and
    the roadmap says so once.
    """
    role = session.roles.require(task.agent)
    state.status = session.state.waiting_status(task.key)
    ready = state.status is TaskStatus.READY
    state.creating = True
    session.save()
    assignees = list(role.assignees) if ready else []

    def create() -> IssueRecord:
        return session.gh.create_issue(
            title=safe_title(task.title), body=subissue_body(session, task),
            labels=[role.label, state.status.label], assignees=assignees,
        )

    try:
        issue = create()
    except GitHubError as error:
        if error.refuses_assignees and assignees:
            note_refused_assignees(session, role.slug, assignees)
            assignees = []
            issue = create()
        elif not _ambiguous(error):
            raise
        else:
            recovery.adopt_orphans(session.gh, session.state)
            if state.issue_number is not None:  # it was created after all, and is adopted now
                session.save()
                return
            issue = create()  # checked: the first attempt created nothing
    state.issue_number, state.issue_id, state.creating = issue.number, issue.id, False
    state.assigned = ready
    session.save()


def note_refused_assignees(session: Session, role: str, assignees: list[str]) -> None:
    """One roadmap line per role: who GitHub would not assign, and the usual reason."""
    session.note_problem(
        f"GitHub refused to assign {', '.join(f'`{login}`' for login in assignees)} (the `{role}` assignees); "
        "its sub-issues go without assignees. Check the logins in `.github/coordinator.yml`: Copilot's is "
        "`copilot-swe-agent[bot]`, and assigning it needs a user token, not an App."
    )


def _ambiguous(error: GitHubError) -> bool:
    """No answer or a 5xx: the request may or may not have taken effect."""
    return error.status is None or error.status >= 500


def _attach(session: Session, holder: int, child_id: int) -> None:
    """Attaches by the child's id; a refusal because it is already attached there counts as done."""
    try:
        session.gh.add_sub_issue(holder, child_id)
    except GitHubError as error:
        if not (_ambiguous(error) or error.status == 422):
            raise
        if child_id not in {issue.id for issue in session.gh.list_sub_issues(holder)}:
            raise


def _attach_task(session: Session, state: TaskState) -> None:
    assert state.issue_id is not None
    group = _group_for(session, state) if session.state.grouped else None
    _attach(session, group.issue_number if group and group.issue_number else session.parent, state.issue_id)
    state.attached = True
    if group is not None:
        group.members += 1
    session.save()


def _group_for(session: Session, state: TaskState) -> GroupState:
    """The part a task hangs from: the first with room, in roadmap order; created when needed."""
    groups = session.state.groups
    if state.group is None:
        state.group = next((g.index for g in groups if g.members < SUBISSUE_LIMIT), len(groups))
    while len(groups) <= state.group:
        groups.append(GroupState(index=len(groups)))
    group = groups[state.group]
    if group.issue_number is None:
        _create_group(session, group)
    if not group.attached:
        assert group.issue_id is not None
        _attach(session, session.parent, group.issue_id)
        group.attached = True
        session.save()
    return group


def _create_group(session: Session, group: GroupState) -> None:
    plan = session.state.plan
    assert plan is not None
    group.creating = True
    session.save()
    marker = group_marker(session.parent, group.index)
    issue = session.gh.create_issue(
        title=safe_title(group_title(plan.title, group.index)),
        body=render_group_body(session.parent, group.index, plan.title, marker), labels=[], assignees=[],
    )
    group.issue_number, group.issue_id, group.creating = issue.number, issue.id, False
    session.save()


def _record_finished_in_plan(session: Session) -> None:
    """Work the plan itself marks done or skipped is recorded as such and never delegated."""
    plan = session.state.plan
    assert plan is not None
    finished = [task for task in plan.tasks if task.state != "open" and task.key not in session.state.tasks]
    for task in finished:
        status = TaskStatus.DONE if task.state == "done" else TaskStatus.SKIPPED
        session.state.tasks[task.key] = TaskState(key=task.key, status=status)
    if finished:
        session.save()


WRITES_PER_TASK = 3  # create, attach, and later a label move or a hand-over


def _hour_spent(session: Session, remaining: int) -> bool:
    """True when GitHub's hourly write limit leaves no room for another sub-issue: the creation stops,
    says in the roadmap when it goes on and ends, and is resumed when the hour has room again.

    A tenth of the hour is kept for everything else (replies, roadmap edits, hand-overs)."""
    room, frees_in = session.gh.write_room()
    hourly = session.services.settings.hourly_writes
    if room is None or not hourly or room - WRITES_PER_TASK >= hourly // 10:
        return False
    usable = hourly - hourly // 10
    now = datetime.now(UTC)
    session.state.paced_until = now + timedelta(seconds=frees_in)
    session.state.paced_finish = session.state.paced_until + timedelta(
        seconds=3600 * remaining * WRITES_PER_TASK / usable)
    session.save()
    if session.services.scheduler is not None:
        session.services.scheduler.resume(session.state.repo, session.parent, session.state.installation_id,
                                          frees_in + 1)
    return True


def create_subissues(session: Session) -> int:
    """Creates and attaches every missing sub-issue in roadmap order; returns how many were created.

    A plan bigger than GitHub's hourly write limit allows is created over several hours."""
    plan = session.state.plan
    assert plan is not None
    tasks = session.state.tasks
    _record_finished_in_plan(session)
    missing = [key for key in plan.ordered_keys()
               if plan.task(key).state == "open" and (key not in tasks or not tasks[key].attached)]
    if not missing:
        return 0
    if not any(task.attached for task in tasks.values()) and len(plan.tasks) > SUBISSUE_LIMIT:
        session.state.grouped = True
    with best_effort("create the labels (GitHub creates missing ones without colour)"):
        session.gh.ensure_labels(label_specs(session.roles))
    created, last_refresh = 0, time.monotonic()
    for position, key in enumerate(missing):
        state = tasks.setdefault(key, TaskState(key=key))
        if state.issue_number is None:
            if _hour_spent(session, len(missing) - position):
                return created
            _create(session, plan.task(key), state)
            created += 1
        if not state.attached:
            _attach_task(session, state)
        if time.monotonic() - last_refresh > ROADMAP_REFRESH_SECONDS:
            refresh_roadmap(session)
            last_refresh = time.monotonic()
    session.state.paced_until = session.state.paced_finish = None
    session.save()
    return created
