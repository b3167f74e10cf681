"""Which finished tasks cover which acceptance criteria of the plan: a transparent word-overlap match.

No model is involved, so a maintainer can see why a criterion matched a task: enough of its
words appear in the task's title, description or criteria.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pydantic import BaseModel, ConfigDict

from bot.domain.coordination import CoordinationState
from bot.domain.plan import Plan
from bot.domain.status import TaskStatus

_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """a an and are as at be by can for from has have in is it its of on or that the their then this to
with without when will must should all any each every been into per via not no"""
_STOP = frozenset(_STOP_WORDS.split())
MATCH_THRESHOLD = 0.34


class Coverage(BaseModel):
    """One acceptance criterion, the tasks that address it, and those of them that delivered it:
    done, with merged PRs (a task closed by hand or skipped addresses a criterion, but proves nothing)."""

    model_config = ConfigDict(frozen=True)

    criterion: str
    task_keys: tuple[str, ...]
    covered_by: tuple[str, ...]
    pulls: tuple[int, ...]

    @property
    def covered(self) -> bool:
        return bool(self.pulls)


def _stem(word: str) -> str:
    """Plural and singular meet ("emails", "email"); enough for matching short criteria."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _tokens(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower())]


def _vocabulary(text: str) -> set[str]:
    """A task's words, plus each pair of neighbours written as one ("sign up" also reads "signup")."""
    tokens = _tokens(text)
    return set(tokens) | {first + second for first, second in pairwise(tokens)}


def _overlap(criterion: str, vocabulary: set[str]) -> float:
    """The share of the criterion's content words found in the task's vocabulary, alone or joined
    with a neighbour ("log in" matches "login")."""
    raw = _WORD.findall(criterion.lower())
    tokens = [_stem(word) for word in raw]
    content: dict[str, bool] = {}
    for index, word in enumerate(raw):
        if word in _STOP or len(word) <= 2:
            continue
        joined = {tokens[index - 1] + tokens[index]} if index else set()
        joined |= {tokens[index] + tokens[index + 1]} if index + 1 < len(tokens) else set()
        stem = tokens[index]
        content[stem] = content.get(stem, False) or stem in vocabulary or bool(joined & vocabulary)
    return sum(content.values()) / len(content) if content else 0.0


def coverage(state: CoordinationState, plan: Plan) -> list[Coverage]:
    """Maps each criterion to done tasks with merged PRs.

    The plan's own criteria are matched by word overlap against each task's title, description and
    criteria; when the plan states none, every task's own criteria belong to that task.
    """
    if plan.acceptance_criteria:
        return [_match(state, plan, criterion) for criterion in plan.acceptance_criteria]
    return [_own(state, task.key, criterion) for task in plan.tasks for criterion in task.acceptance_criteria]


def _pulls_of(state: CoordinationState, key: str) -> tuple[int, ...]:
    task = state.tasks.get(key)
    if task is None or task.status is not TaskStatus.DONE:
        return ()
    return tuple(link.number for link in task.merged_pulls)


def _covering(state: CoordinationState, criterion: str, keys: tuple[str, ...]) -> Coverage:
    covered_by = tuple(key for key in keys if _pulls_of(state, key))
    pulls = tuple(number for key in covered_by for number in _pulls_of(state, key))
    return Coverage(criterion=criterion, task_keys=keys, covered_by=covered_by, pulls=pulls)


def _match(state: CoordinationState, plan: Plan, criterion: str) -> Coverage:
    keys = tuple(
        task.key
        for task in plan.tasks
        if _overlap(criterion, _vocabulary(" ".join((task.title, task.description, *task.acceptance_criteria))))
        >= MATCH_THRESHOLD
    )
    return _covering(state, criterion, keys)


def _own(state: CoordinationState, key: str, criterion: str) -> Coverage:
    return _covering(state, criterion, (key,))
