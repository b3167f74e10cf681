"""When the coordinator stops deciding alone: the causes that need a person, each with a stable id.

The label `coordination:needs-decision` stays on the plan while any cause holds; each cause is
announced once, mentioning the plan's author. A cause holds:
- a skipped task has dependents that are not finished (they lose a prerequisite);
- a task's pull requests were closed unmerged twice and none is open now;
- the plan text no longer names finished work (`/replan` keeps it, someone should say why);
- a task's checks failed three times in a row (three head commits);
- integration is not verified once every task is finished.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.coordination import CoordinationState
from bot.domain.status import TaskStatus
from bot.judgement.verification import failure_streak

CLOSED_UNMERGED_LIMIT = 2
FAILURE_LIMIT = 3


@dataclass(frozen=True)
class Cause:
    ident: str  # stable while the cause holds: `kind:key`
    kind: str  # skipped-with-dependents | closed-unmerged | dropped-finished | failing-checks | not-verified
    keys: tuple[str, ...]


def causes(state: CoordinationState) -> list[Cause]:
    plan = state.plan
    if plan is None:
        return []
    found: list[Cause] = []
    for key in plan.ordered_keys():
        task = state.tasks.get(key)
        if task is None:
            continue
        waiting = [dep for dep in plan.dependents(key) if not state.status_of(dep).finished]
        if task.status is TaskStatus.SKIPPED and waiting:
            found.append(Cause(f"skipped-with-dependents:{key}", "skipped-with-dependents", (key, *waiting)))
        closed = sum(1 for link in task.pulls if link.state == "closed")
        if not task.status.finished and closed >= CLOSED_UNMERGED_LIMIT and not task.open_pulls:
            found.append(Cause(f"closed-unmerged:{key}", "closed-unmerged", (key,)))
        history = [(item.sha, item.verdict) for item in state.judgement.checks.get(key, [])]
        if not task.status.finished and failure_streak(history) >= FAILURE_LIMIT:
            found.append(Cause(f"failing-checks:{key}", "failing-checks", (key,)))
    dropped = tuple(key for key in state.judgement.dropped_finished if key in plan.keys)
    if dropped:
        found.append(Cause("dropped-finished:" + ",".join(dropped), "dropped-finished", dropped))
    report = state.judgement.verification
    if report is not None and state.all_finished and not report.verified:
        found.append(Cause("not-verified", "not-verified", ()))
    return found
