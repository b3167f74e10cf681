"""Which finished tasks cover which acceptance criteria of the plan: a transparent word-overlap match."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from bot.domain.coordination import CoordinationState
from bot.domain.status import TaskStatus

_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """a an and are as at be by can for from has have in is it its of on or that the their then this to
with without when will must should all any each every been into per via not no"""
_STOP = frozenset(_STOP_WORDS.split())
MATCH_THRESHOLD = 0.34


class Coverage(BaseModel):
    """One acceptance criterion and the finished tasks (and their merged PRs) that address it."""

    model_config = ConfigDict(frozen=True)

    criterion: str
    task_keys: tuple[str, ...]
    pulls: tuple[int, ...]

    @property
    def covered(self) -> bool:
        return bool(self.pulls)


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _STOP and len(word) > 2}


def _overlap(criterion: set[str], text: set[str]) -> float:
    return len(criterion & text) / len(criterion) if criterion else 0.0


def coverage(state: CoordinationState) -> list[Coverage]:
    """Maps each criterion to done tasks with merged PRs.

    The plan's own criteria are matched by word overlap against each task's title, description and
    criteria; when the plan states none, every task's own criteria belong to that task.
    """
    plan = state.plan
    if plan is None:
        return []
    if plan.acceptance_criteria:
        return [_match(state, criterion) for criterion in plan.acceptance_criteria]
    return [_own(state, task.key, criterion) for task in plan.tasks for criterion in task.acceptance_criteria]


def _pulls_of(state: CoordinationState, key: str) -> tuple[int, ...]:
    task = state.tasks.get(key)
    if task is None or task.status is not TaskStatus.DONE:
        return ()
    return tuple(link.number for link in task.merged_pulls)


def _match(state: CoordinationState, criterion: str) -> Coverage:
    assert state.plan is not None
    wanted = _words(criterion)
    keys = tuple(
        task.key
        for task in state.plan.tasks
        if _overlap(wanted, _words(" ".join((task.title, task.description, *task.acceptance_criteria))))
        >= MATCH_THRESHOLD
    )
    pulls = tuple(number for key in keys for number in _pulls_of(state, key))
    return Coverage(criterion=criterion, task_keys=keys, pulls=pulls)


def _own(state: CoordinationState, key: str, criterion: str) -> Coverage:
    return Coverage(criterion=criterion, task_keys=(key,), pulls=_pulls_of(state, key))
