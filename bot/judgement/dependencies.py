"""Native "blocked by" links: which links GitHub should show, and what to add or remove to get there.

GitHub's issue dependencies mirror the plan's graph where people already look (the sub-issue's
sidebar, Projects). A link names the blocking issue by its id. A skipped prerequisite no longer
blocks, so its link goes (`/skip`); a prerequisite the plan no longer names goes too (`/replan`).
GitHub allows 50 links of each type per issue: beyond that the rest is left out and said once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.coordination import CoordinationState
from bot.domain.status import TaskStatus

LINK_LIMIT = 50  # GitHub: at most 50 "blocked by" and 50 "blocking" links per issue


@dataclass(frozen=True)
class LinkChange:
    """One write: link (or unlink) the sub-issue of `key` as blocked by the issue `blocking_id`."""

    key: str
    number: int
    blocking_id: int
    add: bool


@dataclass
class LinkPlan:
    changes: list[LinkChange] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # keys whose links passed GitHub's limit


def wanted_links(state: CoordinationState) -> tuple[dict[str, list[int]], list[str]]:
    """Task key -> the ids of the issues it should be blocked by, in plan order; and the keys cut
    short by GitHub's 50-link limits."""
    plan = state.plan
    if plan is None:
        return {}, []
    wanted: dict[str, list[int]] = {}
    blocking: dict[int, int] = {}
    left_out: list[str] = []
    for key in plan.ordered_keys():
        task = state.tasks.get(key)
        if task is None or task.issue_number is None or task.status is TaskStatus.SKIPPED:
            continue
        ids: list[int] = []
        for dep in plan.task(key).depends_on:
            blocker = state.tasks.get(dep)
            if blocker is None or blocker.issue_id is None or blocker.status is TaskStatus.SKIPPED:
                continue
            if len(ids) >= LINK_LIMIT or blocking.get(blocker.issue_id, 0) >= LINK_LIMIT:
                left_out.append(key)
                continue
            ids.append(blocker.issue_id)
            blocking[blocker.issue_id] = blocking.get(blocker.issue_id, 0) + 1
        wanted[key] = ids
    return wanted, sorted(set(left_out), key=plan.ordered_keys().index)


def link_changes(state: CoordinationState) -> LinkPlan:
    """Removals first (they free room under the limits), then additions, each in plan order."""
    wanted, left_out = wanted_links(state)
    linked = state.judgement.links
    removals = [
        LinkChange(key, number, blocking_id, add=False)
        for key, ids in linked.items()
        if (number := _number(state, key)) is not None
        for blocking_id in ids if blocking_id not in wanted.get(key, [])
    ]
    additions = [
        LinkChange(key, state.tasks[key].issue_number or 0, blocking_id, add=True)
        for key, ids in wanted.items()
        for blocking_id in ids if blocking_id not in linked.get(key, [])
    ]
    return LinkPlan(changes=removals + additions, left_out=left_out)


def _number(state: CoordinationState, key: str) -> int | None:
    """A task the plan dropped keeps no sub-issue number in the state: its links are forgotten with it."""
    task = state.tasks.get(key)
    return task.issue_number if task is not None and task.status is not TaskStatus.SKIPPED else None


def forgotten(state: CoordinationState) -> list[str]:
    """Recorded links of tasks that are gone or skipped: nothing to send (a dropped task's sub-issue is
    closed, and a skipped one blocks nobody), only to forget."""
    return [key for key in state.judgement.links if _number(state, key) is None]
