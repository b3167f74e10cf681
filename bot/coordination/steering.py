"""What the slash commands do to a running coordination. Each action returns the reply's sentence.

Every action is safe to repeat: asking for what is already so (`/skip` of a skipped task, `/pause`
while paused) answers so and changes nothing.
"""

from __future__ import annotations

from bot.coordination.delegation import subissue_body
from bot.coordination.handover import hand_over
from bot.coordination.labels import move_status
from bot.coordination.progress import finish, settle
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.plan_diff import with_overrides
from bot.domain.status import TaskStatus
from bot.render.text import safe_inline


def _ref(session: Session, key: str) -> str:
    task = session.state.tasks.get(key)
    title = session.state.plan.task(key).title if session.state.plan else key
    return f"**{safe_inline(title, 100)}**" + (f" (#{task.issue_number})" if task and task.issue_number else "")


def _refs(session: Session, keys: list[str]) -> str:
    return ", ".join(_ref(session, key) for key in keys)


def _agent(session: Session, key: str) -> str:
    plan = session.state.plan
    assert plan is not None
    return session.roles.require(plan.task(key).agent).display_name


def _hand_over_again(session: Session, key: str) -> bool:
    """Hands over with the next attempt number: the earlier hand-over comments are already marked as
    sent, so reusing their number would post nothing."""
    prefix = f"handover:{key}"
    attempt = sum(1 for ident in session.state.sent if ident == prefix or ident.startswith(prefix + "."))
    return hand_over(session, key, attempt=attempt)


def _handed_or_waiting(session: Session, key: str, handed: bool) -> str:
    """How a hand-over went, in words: done now, or when the task is ready and the plan active."""
    if handed:
        return f"{_ref(session, key)} is handed over to {_agent(session, key)}."
    if session.state.status is not CoordinationStatus.ACTIVE:
        return f"{_ref(session, key)} is handed over to {_agent(session, key)} when the coordination resumes."
    return f"{_ref(session, key)} is handed over to {_agent(session, key)} once its prerequisites are finished."


def skip(session: Session, key: str) -> str:
    """Skipped counts as finished, so the tasks waiting on this one are released (and handed over)."""
    task = session.state.tasks[key]
    if task.status.finished:
        return f"{_ref(session, key)} is already {task.status.value}."
    ready = finish(session, key, TaskStatus.SKIPPED)
    if task.issue_number is not None:
        session.gh.edit_issue(task.issue_number, state="closed", state_reason="not_planned")
    unblocked = f" Unblocked: {_refs(session, ready)}." if ready else ""
    return f"Skipped {_ref(session, key)}.{unblocked}"


def retry(session: Session, key: str) -> str:
    """Hands the task over again, for an agent that dropped it; a task someone works on is left alone."""
    task = session.state.tasks[key]
    if task.status.finished:
        return f"{_ref(session, key)} is {task.status.value}; reopen its sub-issue to work on it again."
    if task.status is TaskStatus.BLOCKED:
        return f"{_ref(session, key)} is still waiting for its prerequisites; it is handed over when they finish."
    if task.open_pulls:
        pulls = ", ".join(f"#{link.number}" for link in task.open_pulls)
        return f"{_ref(session, key)} has an open pull request ({pulls}); close it first, then `/retry`."
    move_status(session, key, TaskStatus.READY)
    task.handed_over = task.assigned = False
    session.save()
    handed = _hand_over_again(session, key)
    return "Retrying. " + _handed_or_waiting(session, key, handed)


def move_to_agent(session: Session, key: str, old_agent: str) -> bool:
    """Moves a task's sub-issue to the agent the plan now names: agent label, assignees and a fresh
    hand-over. The caller has changed the plan (and the body). True when it was handed over now."""
    task, plan = session.state.tasks[key], session.state.plan
    assert plan is not None
    new_role, old_role = session.roles.require(plan.task(key).agent), session.roles.require(old_agent)
    was_assigned = task.assigned
    task.handed_over = task.assigned = False
    session.save()
    if task.issue_number is not None:
        session.gh.remove_label(task.issue_number, old_role.label)
        session.gh.add_labels(task.issue_number, [new_role.label])
        if was_assigned and old_role.assignees:
            session.gh.set_assignees(task.issue_number, [])
    return _hand_over_again(session, key)


def assign(session: Session, key: str, agent: str) -> str:
    """`/assign` outlives later edits of the plan: the choice is kept as an override."""
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None
    old = plan.task(key).agent
    if old == agent:
        return f"{_ref(session, key)} is already with {_agent(session, key)}."
    if task.status.finished:
        return f"{_ref(session, key)} is already {task.status.value}; there is nothing left to hand over."
    session.state.agent_overrides[key] = agent
    session.state.plan = with_overrides(plan, session.state.agent_overrides)
    session.save()
    if task.issue_number is not None:
        session.gh.edit_issue(task.issue_number, body=subissue_body(session, session.state.plan.task(key)))
    handed = move_to_agent(session, key, old)
    moved = f"Moved {_ref(session, key)} from {session.roles.require(old).display_name} to {_agent(session, key)}."
    return moved if handed else f"{moved} {_handed_or_waiting(session, key, handed)}"


def pause(session: Session) -> str:
    if session.state.status is not CoordinationStatus.ACTIVE:
        return f"Nothing to pause: the coordination is {session.state.status.value}."
    session.state.status = CoordinationStatus.PAUSED
    session.save()
    return "Paused. Events are still recorded; nothing is handed over until `/resume`."


def resume(session: Session) -> str:
    """Hands over what became ready while paused, and what `/assign` or `/retry` moved meanwhile."""
    if session.state.status is not CoordinationStatus.PAUSED:
        return f"Nothing to resume: the coordination is {session.state.status.value}."
    session.state.status = CoordinationStatus.ACTIVE
    session.save()
    handed = settle(session)  # tasks held blocked while paused turn ready and are handed over
    waiting = [key for key, task in session.state.tasks.items()
               if task.status is TaskStatus.READY and not task.handed_over]
    handed += [key for key in waiting if _hand_over_again(session, key)]
    return "Resumed." + (f" Handed over: {_refs(session, handed)}." if handed else "")


def cancel(session: Session) -> str:
    """Closes the open sub-issues as not planned; finished ones keep their outcome."""
    if session.state.status in (CoordinationStatus.CANCELLED, CoordinationStatus.COMPLETED):
        return f"Nothing to cancel: the coordination is {session.state.status.value}."
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
    next_up = f" Ready to pick up: {_refs(session, ready[:5])}." if ready else ""
    return (f"The coordination is {state.status.value}: {len(plan.tasks)} tasks, " + ", ".join(parts) + "."
            + next_up + (f" {len(state.problems)} problem(s) are listed in the roadmap." if state.problems else ""))
