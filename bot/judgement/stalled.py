"""Stalled work: ready tasks nobody picked up, pull requests nobody reviewed, checks that keep failing.

GitHub sends no timer events, so this is computed when something looks (`coordinator sweep`,
`/status`, any event on the plan) from the times the bot first saw each task and pull request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.coordination import CoordinationState
from bot.domain.status import TaskStatus
from bot.judgement.review import COMMENTED, NO_REVIEW
from bot.judgement.verification import FAILURE
from bot.repo_config import StalledThresholds

DAY = 86_400.0


@dataclass(frozen=True)
class Stall:
    key: str
    kind: str  # ready-without-pr | pr-without-review | failing-checks
    days: float = 0.0
    pull: int | None = None


def stalled(state: CoordinationState, thresholds: StalledThresholds, now: datetime) -> list[Stall]:
    """Every stalled task, in roadmap order."""
    plan, judgement = state.plan, state.judgement
    if plan is None:
        return []
    found: list[Stall] = []
    for key in plan.ordered_keys():
        task = state.tasks.get(key)
        if task is None or task.status.finished:
            continue
        since = judgement.status_since.get(key)
        if task.status is TaskStatus.READY and since and since[0] == TaskStatus.READY.value:
            days = (now - since[1]).total_seconds() / DAY
            if days >= thresholds.ready_without_pr_days:
                found.append(Stall(key, "ready-without-pr", days))
        for link in task.open_pulls:
            seen = judgement.pulls_seen.get(link.number)
            unreviewed = judgement.reviews.get(link.number, NO_REVIEW) in (NO_REVIEW, COMMENTED)
            days = (now - seen).total_seconds() / DAY if seen else 0.0
            if unreviewed and days >= thresholds.pr_without_review_days:
                found.append(Stall(key, "pr-without-review", days, link.number))
        history = judgement.checks.get(key, [])
        if task.open_pulls and history and history[-1].verdict == FAILURE:
            found.append(Stall(key, "failing-checks", pull=task.open_pulls[-1].number))
    return found


def stamps_due(state: CoordinationState) -> bool:
    """Whether `observe` would change anything: a status or an open pull request it has not stamped."""
    judgement = state.judgement
    open_numbers = {link.number for task in state.tasks.values() for link in task.open_pulls}
    return (any(judgement.status_since.get(key, ("",))[0] != task.status.value for key, task in state.tasks.items())
            or open_numbers != set(judgement.pulls_seen) or not set(judgement.status_since) <= set(state.tasks))


def observe(state: CoordinationState, now: datetime) -> bool:
    """Stamps when each task reached its status and when each open pull request was first seen;
    forgets what is gone. True when anything changed (the caller saves)."""
    judgement, changed = state.judgement, False
    for key, task in state.tasks.items():
        if judgement.status_since.get(key, ("",))[0] != task.status.value:
            judgement.status_since[key] = (task.status.value, now)
            changed = True
    open_numbers = {link.number for task in state.tasks.values() for link in task.open_pulls}
    for number in open_numbers - set(judgement.pulls_seen):
        judgement.pulls_seen[number] = now
        changed = True
    for number in set(judgement.pulls_seen) - open_numbers:
        del judgement.pulls_seen[number]
        changed = True
    for key in set(judgement.status_since) - set(state.tasks):
        del judgement.status_since[key]
        changed = True
    return changed
