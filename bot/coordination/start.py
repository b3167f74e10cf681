"""Starting (or re-running) coordination of a parent issue: check the plan, then delegate it.

This is what the `coordinate` label, `/coordinate` and an edit of a coordinated plan all run.
Re-running on the same plan creates nothing new: it fills what is missing and refreshes the roadmap.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.coordination.labels import NEEDS_CLARIFICATION, carries
from bot.coordination.loading import ConfigError, open_session, read_config
from bot.coordination.observation import prepare
from bot.coordination.parent import ParentIssue, plan_outcome
from bot.coordination.replan import apply_plan, next_plan
from bot.coordination.roadmap import reporting_failures
from bot.coordination.runner import act, run_pass
from bot.coordination.session import Session
from bot.domain.bookkeeping import CommentKind
from bot.domain.coordination import CoordinationStatus
from bot.domain.plan import Plan, PlanOutcome
from bot.domain.plan_diff import PlanDiff
from bot.gateway import RepoGateway, best_effort
from bot.render.questions import render_questions
from bot.render.replies import config_error_comment, config_fixed_comment, questions_answered_comment
from bot.repo_config import RepoConfig
from bot.services import Services

log = logging.getLogger(__name__)


def _config_or_report(services: Services, gh: RepoGateway, parent: ParentIssue,
                      installation_id: int | None) -> RepoConfig | None:
    """The config, or None after saying on the parent what is wrong with the file."""
    try:
        return read_config(services, gh)
    except ConfigError as error:
        session = open_session(services, gh, RepoConfig(), parent.number, installation_id=installation_id)
        session.upsert_comment(CommentKind.CONFIG_ERROR, config_error_comment(str(error)))
        return None


@dataclass(frozen=True)
class Result:
    """What a run did, for the reply to `/coordinate` or `/replan`."""

    session: Session
    outcome: PlanOutcome
    diff: PlanDiff | None


def coordinate(services: Services, gh: RepoGateway, parent: ParentIssue, installation_id: int | None) -> Result | None:
    """Checks the plan and delegates it; None when the repository's configuration is invalid."""
    config = _config_or_report(services, gh, parent, installation_id)
    if config is None:
        return None
    session = open_session(services, gh, config, parent.number, installation_id=installation_id)
    session.state.parent_id = parent.id or session.state.parent_id
    if session.state.status is CoordinationStatus.CANCELLED:
        return Result(session, PlanOutcome(), None)  # cancelled is final: a new plan issue starts afresh
    if CommentKind.CONFIG_ERROR in session.state.comments:
        session.upsert_comment(CommentKind.CONFIG_ERROR, config_fixed_comment())
    conventions_note = prepare(session)
    outcome = plan_outcome(services, config, parent)
    if not outcome.ready or outcome.plan is None:
        _ask(session, parent, outcome)
        return Result(session, outcome, None)
    _clear_questions(session, parent)
    with reporting_failures(session):
        notes = (*outcome.notes, conventions_note) if conventions_note else outcome.notes
        diff = _delegate(session, outcome.plan, notes)
    return Result(session, outcome, diff)


def _ask(session: Session, parent: ParentIssue, outcome: PlanOutcome) -> None:
    if session.state.plan is None:
        session.state.status = CoordinationStatus.NEEDS_CLARIFICATION
    session.upsert_comment(CommentKind.CLARIFICATION, render_questions(list(outcome.questions), list(outcome.notes)))
    if not carries(parent.labels, NEEDS_CLARIFICATION.name):
        with best_effort("create the clarification label"):
            session.gh.ensure_labels([NEEDS_CLARIFICATION])
        session.gh.add_labels(parent.number, [NEEDS_CLARIFICATION.name])
    session.save()


def _clear_questions(session: Session, parent: ParentIssue) -> None:
    if carries(parent.labels, NEEDS_CLARIFICATION.name):
        session.gh.remove_label(parent.number, NEEDS_CLARIFICATION.name)
    if CommentKind.CLARIFICATION in session.state.comments:
        session.upsert_comment(CommentKind.CLARIFICATION, questions_answered_comment())


def _delegate(session: Session, plan: Plan, notes: tuple[str, ...]) -> PlanDiff:
    """Records the plan, brings changed and removed tasks in line, then the reconcile pass creates
    what is missing, hands over ready work and shows the roadmap."""
    state = session.state
    if state.plan is None or state.status is CoordinationStatus.NEEDS_CLARIFICATION:
        state.status = CoordinationStatus.ACTIVE
    state.notes = list(notes)
    old = state.plan
    state.plan, diff = next_plan(state, plan)
    state.judgement.dropped_finished = list(diff.kept)  # an escalation while the text omits finished work
    session.save()
    act(session, lambda d: apply_plan(d, old, diff))
    run_pass(session)
    return diff
