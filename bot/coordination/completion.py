"""The end of a plan: the integration summary, and closing the parent when the repository asks for it."""

from __future__ import annotations

from bot.coordination.delegation import create_subissues
from bot.coordination.handover import hand_over_ready
from bot.coordination.progress import settle
from bot.coordination.roadmap import refresh_roadmap, reporting_failures
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.coverage import coverage
from bot.render.summary import render_summary


def after_change(session: Session) -> None:
    """Run at the end of every job on a coordination: finish interrupted delegation (no request when
    nothing is missing), wrap up when everything is finished, and refresh the roadmap."""
    state = session.state
    if state.status is CoordinationStatus.ACTIVE:
        with reporting_failures(session):
            create_subissues(session)
            settle(session)
            hand_over_ready(session)
    if state.status is CoordinationStatus.ACTIVE and state.all_finished and _plan_complete(session):
        state.status = CoordinationStatus.COMPLETED
        session.save()
        narrative = session.services.narrator(session.state) if session.services.narrator else None
        session.upsert_comment("summary", render_summary(state, session.roles, coverage(state), narrative))
        if session.config.close_parent_when_done:
            session.gh.edit_issue(session.parent, state="closed", state_reason="completed")
    elif state.status is CoordinationStatus.COMPLETED and not state.all_finished:
        state.status = CoordinationStatus.ACTIVE  # a task was reopened: the summary is redone at the end
        session.save()
    refresh_roadmap(session)


def _plan_complete(session: Session) -> bool:
    plan = session.state.plan
    return plan is not None and all(key in session.state.tasks for key in plan.keys)
