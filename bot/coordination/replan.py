"""Deciding what a new version of a plan does to a running coordination, matched by stable task keys.

Pure. New tasks get sub-issues (the reconcile pass creates them), removed open tasks are closed
as not planned, finished tasks are kept even when the text no longer names them, and changed
tasks are updated in place.
"""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.coordination.handover import hand_over
from bot.domain.coordination import CoordinationState
from bot.domain.plan import Plan
from bot.domain.plan_diff import PlanDiff, diff_plans, first_diff, with_overrides


def next_plan(state: CoordinationState, new: Plan) -> tuple[Plan, PlanDiff]:
    """The plan to record (the `/assign` overrides kept) and how it differs from the running one;
    `closed` lists the open sub-issues of removed tasks, which the pass closes."""
    new = with_overrides(new, state.agent_overrides)
    if state.plan is None:
        return new, first_diff(new)
    finished = {key for key, task in state.tasks.items() if task.status.finished}
    plan, diff = diff_plans(state.plan, new, finished)
    diff.closed = {key: task.issue_number for key, task in state.tasks.items()
                   if key not in plan.keys and task.issue_number is not None and not task.status.finished}
    return plan, diff


def apply_plan(d: Decisions, old: Plan | None, diff: PlanDiff) -> None:
    """Brings the sub-issues of removed and changed tasks in line with the new plan (`d.plan`), even
    while paused; creating the added tasks' sub-issues is left to the reconcile pass."""
    close_dropped(d)
    if old is None:
        return
    for key in diff.changed:
        if not d.has_issue(key):
            continue
        d.emit(act.SetBody(key, title=True))
        if d.plan.task(key).agent != old.task(key).agent:
            move_to_agent(d, key, old.task(key).agent)


def move_to_agent(d: Decisions, key: str, old_agent: str) -> bool:
    """Moves a task's sub-issue to the agent the plan now names: agent label, assignees and a fresh
    hand-over. True when it was handed over now."""
    task = d.state.tasks[key]
    new_role, old_role = d.view.roles.require(d.plan.task(key).agent), d.view.roles.require(old_agent)
    was_assigned = task.assigned
    d.emit(act.SetHandOver(key, handed_over=False, assigned=False))
    if task.issue_number is not None:
        unassign = was_assigned and bool(old_role.assignees)
        d.emit(act.MoveAgentLabel(key, old_role.label, new_role.label, unassign=unassign))
    return hand_over(d, key, again=True)


def close_dropped(d: Decisions) -> None:
    """Closes as not planned the sub-issues of tasks the plan no longer has, then forgets them.

    The task is forgotten only once its sub-issue is closed, so a close that failed is tried
    again by the next pass instead of leaving an open orphan.
    """
    for key in [key for key in d.state.tasks if key not in d.plan.keys]:
        task = d.state.tasks[key]
        if task.issue_number is not None and not task.status.finished:
            d.emit(act.CloseIssue(task.issue_number, "not_planned"))
        d.emit(act.ForgetTask(key))
