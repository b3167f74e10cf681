"""The critical path: the longest chain of unfinished tasks, the one that decides when the plan ends."""

from __future__ import annotations

from bot.domain.coordination import CoordinationState


def critical_path(state: CoordinationState) -> list[str]:
    """Keys of the longest chain of unfinished tasks, first to last; ties go to plan order. Finished
    prerequisites count for nothing, so the chain shrinks as work is merged."""
    plan = state.plan
    if plan is None:
        return []
    length: dict[str, int] = {}
    previous: dict[str, str | None] = {}
    for key in plan.ordered_keys():
        if state.status_of(key).finished or plan.task(key).state != "open":
            continue
        best = max((dep for dep in plan.task(key).depends_on if dep in length), key=lambda d: length[d], default=None)
        length[key] = 1 + (length[best] if best is not None else 0)
        previous[key] = best
    if not length:
        return []
    end: str | None = max((key for key in plan.keys if key in length), key=lambda k: length[k])  # ties: plan order
    chain: list[str] = []
    while end is not None:
        chain.append(end)
        end = previous[end]
    return chain[::-1]
