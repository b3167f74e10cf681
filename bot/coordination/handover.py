"""Handing a ready task to its agent: the configured assignees, and a comment with the configured mention.

Assignees are a real hand-over (an assigned coding agent starts work), so blocked tasks get them
only once they are unblocked.
"""

from __future__ import annotations

from bot.coordination.delegation import note_refused_assignees
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.status import TaskStatus
from bot.gateway import GitHubError
from bot.render.progress_notes import handover_comment


def hand_over(session: Session, key: str, *, attempt: int = 0) -> bool:
    """Hands one ready task over, once per `attempt` (0 the first time, more for `/retry`)."""
    task, plan = session.state.tasks[key], session.state.plan
    if plan is None or task.issue_number is None or task.status is not TaskStatus.READY:
        return False
    if session.state.status is not CoordinationStatus.ACTIVE or (task.handed_over and not attempt):
        return False
    role = session.roles.require(plan.task(key).agent)
    if role.assignees and (not task.assigned or attempt):
        try:
            session.gh.set_assignees(task.issue_number, list(role.assignees))
        except GitHubError as error:
            if not error.refuses_assignees:
                raise
            note_refused_assignees(session, role.slug, list(role.assignees))
        task.assigned = True
        session.save()
    if role.mention:
        detail = f"{key}" if not attempt else f"{key}.{attempt}"
        body = handover_comment(role, plan.task(key), session.parent, session.state.judgement.conventions)
        session.post_once(task.issue_number, "handover", detail, body)
    task.handed_over = True
    session.save()
    return True


def hand_over_ready(session: Session) -> list[str]:
    """Hands over every ready task not yet handed over; returns their keys."""
    return [key for key in list(session.state.tasks) if hand_over(session, key)]
