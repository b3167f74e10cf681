"""Deciding the end of a plan: the integration summary, and closing the parent when the repository
asks for it; or, when a finished plan has work again, reopening it. Pure."""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.domain.coordination import CoordinationStatus


def complete_or_reopen(d: Decisions) -> None:
    """The summary comes before the status, so that a failure on the way leaves the plan active and
    the next event on it finishes the job. A task reopened after the end makes the plan active
    again (the summary is redone at the end), and a parent the bot closed is opened again."""
    state = d.state
    if state.status is CoordinationStatus.ACTIVE and state.all_finished and _plan_complete(d):
        d.emit(act.PostSummary())
        if d.view.close_parent_when_done:
            d.emit(act.CloseIssue(d.view.parent, "completed"))
        d.emit(act.SetCoordinationStatus(CoordinationStatus.COMPLETED))
    elif state.status is CoordinationStatus.COMPLETED and not state.all_finished:
        d.emit(act.SetCoordinationStatus(CoordinationStatus.ACTIVE))
        if d.view.close_parent_when_done:
            d.emit(act.ReopenIssue(d.view.parent))


def _plan_complete(d: Decisions) -> bool:
    return all(key in d.state.tasks for key in d.plan.keys)
