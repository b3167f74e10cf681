"""Native "blocked by" links: which links GitHub should show, and what to add or remove to get there.

GitHub's issue dependencies mirror the plan's graph where people already look (the sub-issue's
sidebar, Projects). A link names the blocking issue by its id; links are decided by task key (a
sub-issue created in the same pass has no number yet) and recorded with the blocker's id once made,
so a prerequisite the plan no longer has can still be unlinked. A skipped prerequisite no longer
blocks, so its link goes (`/skip`); a prerequisite the plan no longer names goes too (`/replan`).
GitHub allows 50 links of each type per issue: beyond that the rest is left out and said once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.domain.coordination import CoordinationState
from bot.domain.status import TaskStatus

LINK_LIMIT = 50  # GitHub: at most 50 "blocked by" and 50 "blocking" links per issue


@dataclass(frozen=True)
class LinkChange:
    """One write: link (or unlink) the sub-issue of `key` as blocked by the sub-issue of `blocking`.
    `blocking_id` is known for a removal (recorded when the link was made)."""

    key: str
    blocking: str
    add: bool
    blocking_id: int = 0


@dataclass
class LinkPlan:
    changes: list[LinkChange] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # keys whose links passed GitHub's limit


def _open(state: CoordinationState, key: str, has_issue: Callable[[str], bool]) -> bool:
    task = state.tasks.get(key)
    return task is not None and task.status is not TaskStatus.SKIPPED and has_issue(key)


def wanted_links(state: CoordinationState, has_issue: Callable[[str], bool] | None = None) -> tuple[
        dict[str, list[str]], list[str]]:
    """Task key -> the keys of the tasks it should be blocked by, in plan order; and the keys cut short
    by GitHub's 50-link limits. `has_issue` says whether a task has (or is getting) its sub-issue."""
    plan = state.plan
    if plan is None:
        return {}, []
    exists = has_issue or (lambda key: key in state.tasks and state.tasks[key].issue_number is not None)
    wanted: dict[str, list[str]] = {}
    blocking: dict[str, int] = {}
    left_out: list[str] = []
    for key in plan.ordered_keys():
        if not _open(state, key, exists):
            continue
        keys: list[str] = []
        for dep in plan.task(key).depends_on:
            if not _open(state, dep, exists):
                continue
            if len(keys) >= LINK_LIMIT or blocking.get(dep, 0) >= LINK_LIMIT:
                left_out.append(key)
                continue
            keys.append(dep)
            blocking[dep] = blocking.get(dep, 0) + 1
        wanted[key] = keys
    return wanted, sorted(set(left_out), key=plan.ordered_keys().index)


def link_changes(state: CoordinationState, has_issue: Callable[[str], bool] | None = None) -> LinkPlan:
    """Removals first (they free room under the limits), then additions, each in plan order."""
    wanted, left_out = wanted_links(state, has_issue)
    linked = state.judgement.links
    removals = [
        LinkChange(key, blocking, add=False, blocking_id=blocking_id)
        for key, links in linked.items() if key not in forgotten(state)
        for blocking, blocking_id in links.items() if blocking not in wanted.get(key, [])
    ]
    additions = [
        LinkChange(key, blocking, add=True)
        for key, keys in wanted.items()
        for blocking in keys if blocking not in linked.get(key, {})
    ]
    return LinkPlan(changes=removals + additions, left_out=left_out)


def forgotten(state: CoordinationState) -> list[str]:
    """Recorded links of tasks that are gone or skipped: nothing to send (a dropped task's sub-issue is
    closed, and a skipped one blocks nobody), only to forget."""
    return [key for key in state.judgement.links
            if key not in state.tasks or state.tasks[key].status is TaskStatus.SKIPPED]
