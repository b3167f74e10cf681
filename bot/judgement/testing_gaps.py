"""Testing coverage of a plan: feature work that no unit-testing task follows gets a note, not a question.

A plan that ships code nobody tests is still a plan; the author may test elsewhere. The note says
which tasks have no unit-testing task after them (depending on them, directly or not).
"""

from __future__ import annotations

from bot.domain.plan import Plan

FEATURE, TESTING = "feature-implementation", "unit-testing"
_NAMED = 5


def _after(plan: Plan, key: str) -> set[str]:
    """Every task that depends on `key`, directly or through others."""
    seen: set[str] = set()
    stack = [key]
    while stack:
        for dependent in plan.dependents(stack.pop()):
            if dependent not in seen:
                seen.add(dependent)
                stack.append(dependent)
    return seen


def untested_features(plan: Plan) -> list[str]:
    """Keys of open feature-implementation tasks with no unit-testing task after them, in plan order."""
    testing = {task.key for task in plan.tasks if task.agent == TESTING}
    return [task.key for task in plan.tasks
            if task.agent == FEATURE and task.state == "open" and not (_after(plan, task.key) & testing)]


def untested_note(plan: Plan) -> str | None:
    gaps = untested_features(plan)
    if not gaps:
        return None
    names = ", ".join(f"“{plan.task(key).title}”" for key in gaps[:_NAMED])
    more = f" and {len(gaps) - _NAMED} more" if len(gaps) > _NAMED else ""
    return (f"No unit-testing task follows {names}{more}: consider adding one that depends on "
            f"{'it' if len(gaps) == 1 else 'them'} (this is a note, not a question).")
