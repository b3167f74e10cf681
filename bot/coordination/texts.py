"""The texts the executor renders when it performs an action, because they name sub-issue numbers
that GitHub assigns during the same pass: sub-issue bodies, parts of a large plan, commit status
descriptions, the summary (whose review may ask Claude). Everything else is rendered by decisions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.coordination.session import Session
from bot.domain.coverage import coverage
from bot.domain.plan import Plan
from bot.markers import group_marker, task_marker
from bot.render.groups import group_title, render_group_body
from bot.render.subissue import PrerequisiteLink, render_subissue_body
from bot.render.summary import render_summary
from bot.render.text import safe_title

STATUS_LIMIT = 140  # GitHub refuses longer commit status descriptions


class Unplanned(LookupError):
    """An action about tasks on a coordination with no plan: a decision that skipped its own check."""


def planned(session: Session) -> Plan:
    """The plan every action about tasks presumes (decisions only run on a `View`, which has one)."""
    if session.state.plan is None:
        raise Unplanned(f"#{session.parent} has no plan")
    return session.state.plan


def subissue_body(session: Session, key: str) -> str:
    plan, state = planned(session), session.state
    task = plan.task(key)
    prerequisites = [
        PrerequisiteLink(key=dep, title=plan.task(dep).title,
                         number=state.tasks[dep].issue_number if dep in state.tasks else None,
                         status=state.status_of(dep))
        for dep in task.depends_on
    ]
    return render_subissue_body(task, session.roles.require(task.agent), plan, parent_number=session.parent,
                                prerequisites=prerequisites, marker=task_marker(session.parent, key),
                                conventions=state.judgement.conventions)


def group_issue(session: Session, index: int) -> tuple[str, str]:
    """(title, body) of part `index` of a large plan."""
    plan = planned(session)
    marker = group_marker(session.parent, index)
    return (safe_title(group_title(plan.title, index)),
            render_group_body(session.parent, index, plan.title, marker))


def _ref(session: Session, key: str) -> str:
    task = session.state.tasks.get(key)
    return f"#{task.issue_number}" if task and task.issue_number else key


def commit_status_description(session: Session, missing: Sequence[str]) -> str:
    if missing:
        return f"Waiting for: {', '.join(_ref(session, dep) for dep in missing)}"[:STATUS_LIMIT]
    return "All prerequisite tasks are finished"


def summary(session: Session) -> str:
    plan, state = planned(session), session.state
    narrative = session.services.narrator(state, plan) if session.services.narrator else None
    return render_summary(state, plan, session.roles, coverage(state, plan), narrative)
