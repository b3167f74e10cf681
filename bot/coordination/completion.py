"""The end of a plan: the integration summary, and closing the parent when the repository asks for it."""

from __future__ import annotations

from bot.coordination.delegation import create_subissues
from bot.coordination.handover import hand_over_ready
from bot.coordination.judge import judge, verify_integration
from bot.coordination.progress import settle
from bot.coordination.pulls import refresh_open_pulls
from bot.coordination.replan import close_dropped
from bot.coordination.roadmap import refresh_roadmap, reporting_failures
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.coverage import coverage
from bot.render.summary import render_summary


def after_change(session: Session) -> None:
    """Run at the end of every job on a coordination: finish interrupted delegation (no request when
    nothing is missing), let open pull requests' commit statuses follow their prerequisites, wrap up
    when everything is finished (or reopen when it no longer is), and refresh the roadmap."""
    state = session.state
    if state.status is CoordinationStatus.ACTIVE:
        with reporting_failures(session):
            close_dropped(session)
            create_subissues(session)
            settle(session)
            hand_over_ready(session)
    refresh_open_pulls(session)
    if state.status is CoordinationStatus.ACTIVE and state.all_finished and _plan_complete(session):
        _complete(session)
    elif state.status is CoordinationStatus.COMPLETED and not state.all_finished:
        _reopen(session)
    judge(session)
    refresh_roadmap(session)


def _complete(session: Session) -> None:
    """Posts the summary and closes the parent if configured, then records the plan as completed:
    a failure on the way leaves it active, so the next event on the plan finishes the job."""
    state = session.state
    verify_integration(session)
    narrative = session.services.narrator(state) if session.services.narrator else None
    session.upsert_comment("summary", render_summary(state, session.roles, coverage(state), narrative))
    if session.config.close_parent_when_done:
        session.gh.edit_issue(session.parent, state="closed", state_reason="completed")
    state.status = CoordinationStatus.COMPLETED
    session.save()


def _reopen(session: Session) -> None:
    """A task was reopened: the plan is active again (the summary is redone at the end), and a parent
    the bot closed is opened again so that it does not look finished."""
    session.state.status = CoordinationStatus.ACTIVE
    session.save()
    if session.config.close_parent_when_done:
        session.gh.edit_issue(session.parent, state="open")


def _plan_complete(session: Session) -> bool:
    plan = session.state.plan
    return plan is not None and all(key in session.state.tasks for key in plan.keys)
