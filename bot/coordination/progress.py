"""Task progress: statuses follow prerequisites, and unblocked tasks learn what their prerequisites produced."""

from __future__ import annotations

from bot.coordination.delegation import subissue_body
from bot.coordination.handover import hand_over
from bot.coordination.labels import move_status
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.status import TaskStatus
from bot.markers import comment_kind
from bot.render.progress_notes import prerequisite_outputs_comment

UNBLOCKED = "unblocked"  # the comment kind, and the prefix of its entry in `state.sent`


def settle(session: Session) -> list[str]:
    """Aligns every waiting task with its prerequisites (ready or blocked); returns the newly ready ones.

    Tasks in progress or finished keep their status: it comes from pull requests and people. Newly
    ready tasks get their body refreshed, a comment with their prerequisites' outputs, and are
    handed over; a task already in progress whose prerequisites have all finished gets the same
    comment once, since its pull request has to build on those outputs. While the coordination is
    paused a task stays blocked: the `status:ready` label is itself a hand-over (often the only one,
    with no assignees or mention configured); `/resume` settles again.
    """
    plan = session.state.plan
    if plan is None:
        return []
    newly_ready: list[str] = []
    for key in plan.ordered_keys():
        task = session.state.tasks.get(key)
        if task is None or task.status.finished:
            continue
        if task.status is TaskStatus.IN_PROGRESS:
            if not session.state.missing_prerequisites(key) and _unannounced(session, key):
                _announce_unblocked(session, key)
            continue
        wanted = session.state.waiting_status(key)
        if wanted is TaskStatus.READY and session.state.status is CoordinationStatus.PAUSED:
            continue
        if move_status(session, key, wanted) and wanted is TaskStatus.READY:
            newly_ready.append(key)
    for key in newly_ready:
        _announce_unblocked(session, key)
    return newly_ready


def _unannounced(session: Session, key: str) -> bool:
    """A task with prerequisites whose "unblocked" comment was never posted. When the state does not
    know (a rebuilt database has no record of what was sent), the sub-issue's comments are read once."""
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None and task.issue_number is not None
    ident = f"{UNBLOCKED}:{key}"
    if not plan.task(key).depends_on or ident in session.state.sent:
        return False
    if any(comment_kind(c.body) == (UNBLOCKED, key) for c in session.gh.own_comments(task.issue_number)):
        session.state.sent.append(ident)
        session.save()
        return False
    return True


def _announce_unblocked(session: Session, key: str) -> None:
    """The body shows the prerequisites' new statuses, the comment what they produced (once), and a
    ready task goes to its agent."""
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None and task.issue_number is not None
    session.gh.edit_issue(task.issue_number, body=subissue_body(session, plan.task(key)))
    if plan.task(key).depends_on:
        outputs = [(plan.task(dep), session.state.tasks[dep]) for dep in plan.task(key).depends_on]
        session.post_once(task.issue_number, UNBLOCKED, key, prerequisite_outputs_comment(outputs))
    hand_over(session, key)


def finish(session: Session, key: str, status: TaskStatus) -> list[str]:
    """Marks a task done or skipped and settles the rest; returns the tasks that became ready."""
    move_status(session, key, status)
    return settle(session)


def restart(session: Session, key: str) -> None:
    """A finished task is back in play (sub-issue reopened, merge reverted by hand…)."""
    task = session.state.tasks[key]
    wanted = TaskStatus.IN_PROGRESS if task.open_pulls else TaskStatus.BLOCKED
    move_status(session, key, wanted)
    settle(session)
