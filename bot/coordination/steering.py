"""What the slash commands decide for a running coordination. Each returns the reply's sentence.

Pure: the actions go to `d`, the handler performs them. Every command is safe to repeat: asking
for what is already so (`/skip` of a skipped task, `/pause` while paused) answers so and decides
nothing.
"""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.coordination.handover import hand_over
from bot.coordination.progress import finish, move, settle
from bot.coordination.replan import move_to_agent
from bot.domain.coordination import CoordinationState, CoordinationStatus
from bot.domain.plan import Plan
from bot.domain.status import TaskStatus
from bot.render.text import safe_inline


def _ref(d: Decisions, key: str) -> str:
    task = d.state.tasks.get(key)
    return f"**{safe_inline(d.plan.task(key).title, 100)}**" + (
        f" (#{task.issue_number})" if task and task.issue_number else "")


def _refs(d: Decisions, keys: list[str]) -> str:
    return ", ".join(_ref(d, key) for key in keys)


def _agent(d: Decisions, key: str) -> str:
    return d.view.roles.require(d.plan.task(key).agent).display_name


def _handed_or_waiting(d: Decisions, key: str, handed: bool) -> str:
    """How a hand-over went, in words: done now, or when the task is ready and the plan active."""
    if handed:
        return f"{_ref(d, key)} is handed over to {_agent(d, key)}."
    if d.state.status is not CoordinationStatus.ACTIVE:
        return f"{_ref(d, key)} is handed over to {_agent(d, key)} when the coordination resumes."
    return f"{_ref(d, key)} is handed over to {_agent(d, key)} once its prerequisites are finished."


def skip(d: Decisions, key: str) -> str:
    """Skipped counts as finished, so the tasks waiting on this one are released (and handed over)."""
    task = d.state.tasks[key]
    if task.status.finished:
        return f"{_ref(d, key)} is already {task.status.value}."
    ready = finish(d, key, TaskStatus.SKIPPED)
    if task.issue_number is not None:
        d.emit(act.CloseIssue(task.issue_number, "not_planned"))
    unblocked = f" Unblocked: {_refs(d, ready)}." if ready else ""
    return f"Skipped {_ref(d, key)}.{unblocked}"


def retry(d: Decisions, key: str) -> str:
    """Hands the task over again, for an agent that dropped it; a task someone works on is left alone."""
    task = d.state.tasks[key]
    if task.status.finished:
        return f"{_ref(d, key)} is {task.status.value}; reopen its sub-issue to work on it again."
    if task.status is TaskStatus.BLOCKED:
        return f"{_ref(d, key)} is still waiting for its prerequisites; it is handed over when they finish."
    if task.open_pulls:
        pulls = ", ".join(f"#{link.number}" for link in task.open_pulls)
        return f"{_ref(d, key)} has an open pull request ({pulls}); close it first, then `/retry`."
    move(d, key, TaskStatus.READY)
    d.emit(act.SetHandOver(key, handed_over=False, assigned=False))
    handed = hand_over(d, key, again=True)
    return "Retrying. " + _handed_or_waiting(d, key, handed)


def assign(d: Decisions, key: str, agent: str) -> str:
    """`/assign` outlives later edits of the plan: the choice is kept as an override."""
    old, task = d.plan.task(key).agent, d.state.tasks[key]
    if old == agent:
        return f"{_ref(d, key)} is already with {_agent(d, key)}."
    if task.status.finished:
        return f"{_ref(d, key)} is already {task.status.value}; there is nothing left to hand over."
    d.emit(act.OverrideAgent(key, agent))
    if task.issue_number is not None:
        d.emit(act.SetBody(key))
    handed = move_to_agent(d, key, old)
    moved = f"Moved {_ref(d, key)} from {d.view.roles.require(old).display_name} to {_agent(d, key)}."
    return moved if handed else f"{moved} {_handed_or_waiting(d, key, handed)}"


def pause(d: Decisions) -> str:
    if d.state.status is not CoordinationStatus.ACTIVE:
        return f"Nothing to pause: the coordination is {d.state.status.value}."
    d.emit(act.SetCoordinationStatus(CoordinationStatus.PAUSED))
    return "Paused. Events are still recorded; nothing is handed over until `/resume`."


def resume(d: Decisions) -> str:
    """Hands over what became ready while paused, and what `/assign` or `/retry` moved meanwhile."""
    if d.state.status is not CoordinationStatus.PAUSED:
        return f"Nothing to resume: the coordination is {d.state.status.value}."
    d.emit(act.SetCoordinationStatus(CoordinationStatus.ACTIVE))
    handed = settle(d)  # tasks held blocked while paused turn ready and are handed over
    waiting = [key for key, task in d.state.tasks.items()
               if task.status is TaskStatus.READY and not task.handed_over]
    handed += [key for key in waiting if hand_over(d, key, again=True)]
    return "Resumed." + (f" Handed over: {_refs(d, handed)}." if handed else "")


def cancel(d: Decisions) -> str:
    """Closes the open sub-issues as not planned; finished ones keep their outcome."""
    if d.state.status in (CoordinationStatus.CANCELLED, CoordinationStatus.COMPLETED):
        return f"Nothing to cancel: the coordination is {d.state.status.value}."
    d.emit(act.SetCoordinationStatus(CoordinationStatus.CANCELLED))
    closed = 0
    for key, task in list(d.state.tasks.items()):
        if not task.status.finished and task.issue_number is not None:
            move(d, key, TaskStatus.SKIPPED)
            d.emit(act.CloseIssue(task.issue_number, "not_planned"))
            closed += 1
    return f"Cancelled. Closed {closed} open sub-issue(s) as not planned."


def status_paragraph(state: CoordinationState, plan: Plan | None) -> str:
    """One paragraph: where the plan stands and what is next."""
    if plan is None:
        return "No plan has been accepted yet: see the clarifying questions above."
    counts = {status: 0 for status in TaskStatus}
    for key in plan.keys:
        counts[state.status_of(key)] += 1
    parts = [f"{counts[s]} {s.value}" for s in TaskStatus if counts[s]]
    ready = [key for key in plan.ordered_keys() if state.status_of(key) is TaskStatus.READY]
    refs = ", ".join(
        f"**{safe_inline(plan.task(key).title, 100)}**"
        + (f" (#{state.tasks[key].issue_number})" if key in state.tasks and state.tasks[key].issue_number else "")
        for key in ready[:5])
    next_up = f" Ready to pick up: {refs}." if ready else ""
    return (f"The coordination is {state.status.value}: {len(plan.tasks)} tasks, " + ", ".join(parts) + "."
            + next_up + (f" {len(state.problems)} problem(s) are listed in the roadmap." if state.problems else ""))
