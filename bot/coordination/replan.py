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
from bot.render.text import safe_title


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
    session.state.judgement.dropped_finished = list(diff.kept)  # an escalation while the text omits them
    session.save()
    close_dropped(session, diff)
    for key in diff.changed:
        _update(session, old, key)
    return diff


def close_dropped(session: Session, diff: PlanDiff | None = None) -> None:
    """Closes as not planned the sub-issues of tasks the plan no longer has, then forgets them.

    The task is forgotten only once its sub-issue is closed, so a close that failed is tried
    again by the next run (`after_change` calls this too) instead of leaving an open orphan.
    """
    plan = session.state.plan
    if plan is None:
        return
    for key in [key for key in session.state.tasks if key not in plan.keys]:
        task = session.state.tasks[key]
        number = task.issue_number
        if number is not None and not task.status.finished:
            session.gh.edit_issue(number, state="closed", state_reason="not_planned")
            if diff is not None:
                diff.closed[key] = number
        del session.state.tasks[key]
        session.save()


def _update(session: Session, old: Plan, key: str) -> None:
    """Rewrites the sub-issue from the new text; a new agent also gets the labels and a hand-over."""
    task = session.state.tasks.get(key)
    plan = session.state.plan
    if task is None or task.issue_number is None or plan is None:
        return
    spec = plan.task(key)
    session.gh.edit_issue(task.issue_number, title=safe_title(spec.title), body=subissue_body(session, spec))
    if spec.agent != old.task(key).agent:
        move_to_agent(session, key, old.task(key).agent)
