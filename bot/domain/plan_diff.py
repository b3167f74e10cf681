"""Comparing two versions of a plan by stable task key: what to add, drop, update and keep."""

from __future__ import annotations

from pydantic import BaseModel

from bot.domain.plan import Plan


class PlanDiff(BaseModel):
    """What a new version of the plan changed, by task key.

    `titles` names every key listed (removed tasks are no longer in the plan to look them up), and
    `closed` holds the sub-issue numbers of removed tasks, which the coordination state forgets.
    """

    added: list[str] = []
    removed: list[str] = []
    changed: list[str] = []
    kept: list[str] = []
    titles: dict[str, str] = {}
    closed: dict[str, int] = {}

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_plans(old: Plan, new: Plan, finished: set[str]) -> tuple[Plan, PlanDiff]:
    """The plan to follow (the new one plus finished tasks it dropped) and what changed."""
    kept = [task for task in old.tasks if task.key not in new.keys and task.key in finished]
    merged = new.model_copy(update={"tasks": new.tasks + tuple(kept)})
    diff = PlanDiff(
        added=[key for key in new.keys if key not in old.keys],
        removed=[key for key in old.keys if key not in new.keys and key not in finished],
        changed=[key for key in new.keys if key in old.keys and new.task(key) != old.task(key)],
        kept=[task.key for task in kept],
        titles={task.key: task.title for task in (*old.tasks, *new.tasks)},
    )
    return merged, diff


def first_diff(plan: Plan) -> PlanDiff:
    """The diff of a plan applied for the first time: every task is new."""
    return PlanDiff(added=plan.keys, titles={task.key: task.title for task in plan.tasks})


def with_overrides(plan: Plan, agents: dict[str, str]) -> Plan:
    """The plan with the agents maintainers chose by `/assign`, which outlive re-parsing the text."""
    if not agents:
        return plan
    tasks = tuple(
        task.model_copy(update={"agent": agents[task.key], "assignment_reason": "reassigned with /assign"})
        if task.key in agents else task
        for task in plan.tasks
    )
    return plan.model_copy(update={"tasks": tasks})
