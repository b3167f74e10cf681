"""What the slash commands do to a running coordination. Each action returns the reply's sentence."""

from __future__ import annotations

from bot.coordination.handover import hand_over, hand_over_ready
from bot.coordination.labels import move_status
from bot.coordination.progress import finish
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.plan_diff import with_overrides
from bot.domain.status import TaskStatus
from bot.render.text import safe_inline


def _ref(session: Session, key: str) -> str:
    task = session.state.tasks.get(key)
    title = session.state.plan.task(key).title if session.state.plan else key
    return f"**{safe_inline(title, 100)}**" + (f" (#{task.issue_number})" if task and task.issue_number else "")


def skip(session: Session, key: str) -> str:
    task = session.state.tasks[key]
    if task.status is TaskStatus.SKIPPED:
        return f"{_ref(session, key)} is already skipped."
    ready = finish(session, key, TaskStatus.SKIPPED)
    if task.issue_number is not None:
        session.gh.edit_issue(task.issue_number, state="closed", state_reason="not_planned")
    unblocked = f" Unblocked: {', '.join(_ref(session, k) for k in ready)}." if ready else ""
    return f"Skipped {_ref(session, key)}.{unblocked}"


def retry(session: Session, key: str) -> str:
    """Hands the task over again; a task stuck in progress with no open pull request is ready again."""
    task = session.state.tasks[key]
    if task.status.finished:
        return f"{_ref(session, key)} is {task.status.value}; reopen its sub-issue to work on it again."
    if task.status is TaskStatus.BLOCKED:
        return f"{_ref(session, key)} is still waiting for its prerequisites; it is handed over when they finish."
    if task.status is TaskStatus.IN_PROGRESS and not task.open_pulls:
        move_status(session, key, TaskStatus.READY)
    task.handed_over = False
    attempt = 1 + sum(1 for ident in session.state.sent if ident.startswith(f"handover:{key}."))
    hand_over(session, key, attempt=attempt)
    return f"Handed {_ref(session, key)} over again."


def assign(session: Session, key: str, agent: str) -> str:
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None
    old = plan.task(key)
    if old.agent == agent:
        return f"{_ref(session, key)} is already with {session.roles.require(agent).display_name}."
    new_role, old_role = session.roles.require(agent), session.roles.require(old.agent)
    session.state.agent_overrides[key] = agent
    session.state.plan = with_overrides(plan, session.state.agent_overrides)
    task.handed_over, task.assigned = False, False
    session.save()
    if task.issue_number is not None:
        session.gh.remove_label(task.issue_number, old_role.label)
        session.gh.add_labels(task.issue_number, [new_role.label])
        if old_role.assignees:
            session.gh.set_assignees(task.issue_number, [])
    hand_over(session, key, attempt=0)
    return f"Moved {_ref(session, key)} from {old_role.display_name} to {new_role.display_name}."


def pause(session: Session) -> str:
    if session.state.status is not CoordinationStatus.ACTIVE:
        return f"Nothing to pause: the coordination is {session.state.status.value}."
    session.state.status = CoordinationStatus.PAUSED
    session.save()
    return "Paused. Events are still recorded; nothing is handed over until `/resume`."


def resume(session: Session) -> str:
    if session.state.status is not CoordinationStatus.PAUSED:
        return f"Nothing to resume: the coordination is {session.state.status.value}."
    session.state.status = CoordinationStatus.ACTIVE
    session.save()
    handed = hand_over_ready(session)
    return "Resumed." + (f" Handed over: {', '.join(_ref(session, k) for k in handed)}." if handed else "")


def cancel(session: Session) -> str:
    if session.state.status is CoordinationStatus.CANCELLED:
        return "The coordination is already cancelled."
    session.state.status = CoordinationStatus.CANCELLED
    session.save()
    closed = 0
    for key, task in session.state.tasks.items():
        if not task.status.finished and task.issue_number is not None:
            move_status(session, key, TaskStatus.SKIPPED)
            session.gh.edit_issue(task.issue_number, state="closed", state_reason="not_planned")
            closed += 1
    return f"Cancelled. Closed {closed} open sub-issue(s) as not planned."


def status_paragraph(session: Session) -> str:
    """One paragraph: where the plan stands and what is next."""
    state, plan = session.state, session.state.plan
    if plan is None:
        return "No plan has been accepted yet: see the clarifying questions above."
    counts = {status: 0 for status in TaskStatus}
    for key in plan.keys:
        counts[state.status_of(key)] += 1
    parts = [f"{counts[s]} {s.value}" for s in TaskStatus if counts[s]]
    ready = [key for key in plan.ordered_keys() if state.status_of(key) is TaskStatus.READY]
    next_up = f" Ready to pick up: {', '.join(_ref(session, k) for k in ready[:5])}." if ready else ""
    return (f"The coordination is {state.status.value}: {len(plan.tasks)} tasks, " + ", ".join(parts) + "."
            + next_up + (f" {len(state.problems)} problem(s) are listed in the roadmap." if state.problems else ""))
