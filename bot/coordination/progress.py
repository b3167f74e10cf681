"""Deciding task progress: statuses follow prerequisites, and unblocked tasks learn what their
prerequisites produced. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.coordination.handover import hand_over
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationStatus
from bot.domain.status import TaskStatus
from bot.render.progress_notes import prerequisite_outputs_comment


def move(d: Decisions, key: str, status: TaskStatus) -> bool:
    """Moves a task's status (and label); nothing when it is already there. True if it moves."""
    if d.state.tasks[key].status is status:
        return False
    d.emit(act.MoveStatus(key, status))
    return True


def settle(d: Decisions) -> list[str]:
    """Aligns every waiting task with its prerequisites (ready or blocked); returns the newly ready ones.

    Tasks in progress or finished keep their status: it comes from pull requests and people. Newly
    ready tasks get their body refreshed, a comment with their prerequisites' outputs, and are
    handed over; a task already in progress whose prerequisites have all finished gets the same
    comment once, since its pull request has to build on those outputs. While the coordination is
    paused a task stays blocked: the `status:ready` label is itself a hand-over (often the only one,
    with no assignees or mention configured); `/resume` settles again.
    """
    newly_ready: list[str] = []
    for key in d.plan.ordered_keys():
        task = d.state.tasks.get(key)
        if task is None or task.status.finished:
            continue
        if task.status is TaskStatus.IN_PROGRESS:
            if not d.state.missing_prerequisites(key) and _unannounced(d, key):
                _announce_unblocked(d, key)
            continue
        wanted = d.state.waiting_status(key)
        if wanted is TaskStatus.READY and d.state.status is CoordinationStatus.PAUSED:
            continue
        if move(d, key, wanted) and wanted is TaskStatus.READY:
            newly_ready.append(key)
    for key in newly_ready:
        _announce_unblocked(d, key)
    return newly_ready


def _unannounced(d: Decisions, key: str) -> bool:
    """A task with prerequisites whose "unblocked" comment was never posted. GitHub's answer (in the
    view) counts when the state does not know: a rebuilt database has no record of what was sent."""
    intent = Intent.unblocked(key)
    if not d.plan.task(key).depends_on or intent in d.state.sent:
        return False
    if key in d.view.announced:
        d.emit(act.MarkSent(intent))
        return False
    return True


def _announce_unblocked(d: Decisions, key: str) -> None:
    """The body shows the prerequisites' new statuses, the comment what they produced (once), and a
    ready task goes to its agent."""
    d.emit(act.SetBody(key))
    depends_on = d.plan.task(key).depends_on
    if depends_on:
        outputs = [(d.plan.task(dep), d.state.tasks[dep]) for dep in depends_on]
        d.emit(act.PostOnce(Intent.unblocked(key), prerequisite_outputs_comment(outputs), task=key))
    hand_over(d, key)


def finish(d: Decisions, key: str, status: TaskStatus) -> list[str]:
    """Marks a task done or skipped and settles the rest; returns the tasks that became ready."""
    move(d, key, status)
    return settle(d)


def closed(d: Decisions, key: str, status: TaskStatus, merges: Sequence[act.RecordMerge]) -> None:
    """A sub-issue closed by hand: the merges GitHub reported for its open pull requests are recorded
    first (for the dependents' outputs comment), then the task is finished."""
    d.emit(*merges)
    finish(d, key, status)


def restart(d: Decisions, key: str) -> None:
    """A finished task is back in play (sub-issue reopened, merge reverted by hand…)."""
    task = d.state.tasks[key]
    move(d, key, TaskStatus.IN_PROGRESS if task.open_pulls else TaskStatus.BLOCKED)
    settle(d)
