"""Deciding a hand-over: the configured assignees, and a comment with the configured mention.

Pure. Assignees are a real hand-over (an assigned coding agent starts work), so blocked tasks get
them only once they are unblocked. Every hand-over comment has its own intent (`Intent.handover`
with an attempt number), so `/retry` posts a new one instead of finding the first one sent.
"""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationStatus
from bot.domain.status import TaskStatus
from bot.render.progress_notes import handover_comment


def hand_over(d: Decisions, key: str, *, again: bool = False) -> bool:
    """Hands one ready task over once; `again` (for `/retry` and a new agent) hands it over anew."""
    task = d.state.tasks[key]
    if key not in d.plan.keys or not d.has_issue(key) or task.status is not TaskStatus.READY:
        return False
    attempt = d.state.handover_attempts(key) if again else 0
    if d.state.status is not CoordinationStatus.ACTIVE or (task.handed_over and not attempt):
        return False
    role = d.view.roles.require(d.plan.task(key).agent)
    if role.assignees and (not task.assigned or attempt):
        d.emit(act.Assign(key, tuple(role.assignees)))
    if role.mention:
        body = handover_comment(role, d.plan.task(key), d.view.parent, d.state.judgement.conventions)
        d.emit(act.PostOnce(Intent.handover(key, attempt), body, task=key))
    d.emit(act.SetHandOver(key, handed_over=True))
    return True


def hand_over_ready(d: Decisions) -> list[str]:
    """Hands over every ready task not yet handed over; returns their keys."""
    return [key for key in list(d.state.tasks) if hand_over(d, key)]
