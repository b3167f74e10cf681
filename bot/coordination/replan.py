"""Applying a new version of a plan to a running coordination, matched by stable task keys.

New tasks get sub-issues, removed open tasks are closed as not planned, finished tasks are kept
even when the text no longer names them, and changed tasks are updated in place.
"""

from __future__ import annotations

from bot.coordination.delegation import subissue_body
from bot.coordination.session import Session
from bot.coordination.steering import move_to_agent
from bot.domain.plan import Plan
from bot.domain.plan_diff import PlanDiff, diff_plans, first_diff, with_overrides
from bot.render.text import neutralize_mentions


def apply_plan(session: Session, new: Plan) -> PlanDiff:
    """Makes `new` the plan; sub-issues of removed and changed tasks are brought in line now.

    Creating the added tasks' sub-issues is left to the caller's normal delegation pass.
    """
    new = with_overrides(new, session.state.agent_overrides)
    old = session.state.plan
    if old is None:
        session.state.plan = new
        session.save()
        return first_diff(new)
    finished = {key for key, task in session.state.tasks.items() if task.status.finished}
    plan, diff = diff_plans(old, new, finished)
    session.state.plan = plan
    session.save()
    for key in diff.removed:
        _drop(session, key, diff)
    for key in diff.changed:
        _update(session, old, key)
    return diff


def _drop(session: Session, key: str, diff: PlanDiff) -> None:
    """Forgets the task (the plan no longer has it) and closes its sub-issue as not planned."""
    task = session.state.tasks.pop(key, None)
    session.save()
    if task is not None and task.issue_number is not None:
        diff.closed[key] = task.issue_number
        session.gh.edit_issue(task.issue_number, state="closed", state_reason="not_planned")


def _update(session: Session, old: Plan, key: str) -> None:
    """Rewrites the sub-issue from the new text; a new agent also gets the labels and a hand-over."""
    task = session.state.tasks.get(key)
    plan = session.state.plan
    if task is None or task.issue_number is None or plan is None:
        return
    spec = plan.task(key)
    session.gh.edit_issue(task.issue_number, title=neutralize_mentions(spec.title), body=subissue_body(session, spec))
    if spec.agent != old.task(key).agent:
        move_to_agent(session, key, old.task(key).agent)
