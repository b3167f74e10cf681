"""Turns drafts into `Task`s: keys, agents with their reasons, resolved or inferred dependencies.

Shared by every planner, so a task gets the same key, the same agent rules and the same
dependency handling whether the rules or Claude read the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Plan, RoleSet, Task
from bot.planning.classifier import KeywordClassifier
from bot.planning.drafts import MAX_DESCRIPTION, MAX_ITEMS, Draft, DraftPlan
from bot.planning.keys import assign_keys
from bot.planning.ordering import Dangling, infer, resolve
from bot.planning.phrases import RoleNames


@dataclass(frozen=True)
class Assembly:
    """The assembled plan, the references that did not resolve, where each task was, and notes."""

    plan: Plan
    dangling: list[Dangling]
    where: dict[str, str]
    notes: list[str]


def assemble(source: DraftPlan, title: str, roles: RoleSet, classifier: KeywordClassifier, planner: str) -> Assembly:
    drafts = source.drafts
    keys = assign_keys([d.title for d in drafts], [d.key for d in drafts])
    names = RoleNames(roles)
    agents = [_agent(draft, names, classifier) for draft in drafts]
    notes: list[str] = []
    if any(draft.depends for draft in drafts):
        deps, dangling = resolve(drafts, keys)
        placed = _place_loose_tasks(keys, deps, infer(keys, [a for a, _ in agents], [d.title for d in drafts]))
        if placed:
            notes.append(
                "Some tasks state no dependencies and nothing depends on them, so they were placed in the "
                "conventional order: " + ", ".join(f"“{drafts[keys.index(key)].title}”" for key in placed) + "."
            )
    else:
        deps, dangling = infer(keys, [a for a, _ in agents], [d.title for d in drafts]), []
        if len(drafts) > 1:
            notes.append(
                "The plan states no dependencies, so the conventional order was assumed: data types and "
                "cloud primitives first, then features, their unit tests, then deployment and validation."
            )
    tasks = tuple(
        _task(draft, key, agent, reason, dep, source.constraints)
        for draft, key, (agent, reason), dep in zip(drafts, keys, agents, deps, strict=True)
    )
    plan = Plan(
        title=title.strip()[:256] or "Plan",
        summary=source.summary,
        tasks=tasks,
        acceptance_criteria=tuple(source.acceptance),
        planner=planner,
    )
    return Assembly(plan, dangling, {key: d.where for key, d in zip(keys, drafts, strict=True)}, notes)


def _place_loose_tasks(keys: list[str], deps: list[list[str]], inferred: list[list[str]]) -> list[str]:
    """Gives the conventional prerequisites to tasks the explicit graph leaves unconnected.

    A plan that names some dependencies but forgets its tests or deployment would otherwise hand
    those out at once. Only tasks with no dependencies and no dependents are touched: nothing
    points at them, so the new edges cannot close a cycle. Returns the keys that were placed.
    """
    needed = {dep for found in deps for dep in found}
    placed = []
    for index, key in enumerate(keys):
        if not deps[index] and key not in needed and inferred[index]:
            deps[index] = list(inferred[index])
            placed.append(key)
    return placed


def _agent(draft: Draft, names: RoleNames, classifier: KeywordClassifier) -> tuple[str, str]:
    """(role slug, reason): the author's tag when it names a role, else the keyword scorer's pick."""
    if draft.agent:
        slug = names.resolve(draft.agent)
        if slug is not None:
            return slug, draft.agent_reason or f"Tagged “{draft.agent}” in the plan."
    guess = classifier.classify(draft.title, "\n".join(draft.description))
    if draft.agent:
        return guess.agent, f"The plan names “{draft.agent}”, which is not a role here. {guess.reason}"
    return guess.agent, guess.reason


def _task(draft: Draft, key: str, agent: str, reason: str, deps: list[str], shared: list[str]) -> Task:
    constraints = draft.constraints + [item for item in shared if item not in draft.constraints]
    return Task(
        key=key,
        title=draft.title[:256],
        agent=agent,
        description="\n\n".join(draft.description)[:MAX_DESCRIPTION],
        deliverables=tuple(draft.deliverables),
        acceptance_criteria=tuple(draft.acceptance),
        constraints=tuple(constraints[:MAX_ITEMS]),
        depends_on=tuple(dict.fromkeys(deps)),  # two phrasings of one reference name it once
        excerpt=draft.excerpt,
        assignment_reason=reason,
    )
