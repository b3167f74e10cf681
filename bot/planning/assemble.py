"""Turns drafts into `Task`s: keys, agents with their reasons, resolved or inferred dependencies.

Shared by every planner, so a task gets the same key, the same agent rules and the same
dependency handling whether the rules or Claude read the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import Plan, RoleSet, Task
from bot.github_limits import TITLE_CHARS
from bot.planning.classifier import KeywordClassifier
from bot.planning.drafts import MAX_DESCRIPTION, MAX_ITEMS, Draft, DraftPlan
from bot.planning.inference import Inferred, Stages, infer, reaches, short
from bot.planning.keys import assign_keys
from bot.planning.ordering import Dangling, resolve
from bot.planning.phase_order import phase_prerequisites
from bot.planning.phrases import RoleNames
from bot.planning.said_order import after_everything, prose, said_order


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
    deps, dangling, free = resolve(drafts, keys, source.statements)
    roles_ = [a for a, _ in agents]
    stages = [d.stage for d in drafts]
    waits = phase_prerequisites(stages, source.phase_order)
    # ordered when a statement names phases of this plan ("Before marking the phase complete:" names none)
    layout = Stages(stages, waits, any(any(phases) for phases in waits), source.tests_first)
    details = [_detail(d) for d in drafts]
    texts = prose(_said_lines(drafts, dangling), details)
    said = _said(drafts, texts, details, keys, roles_, deps, free)  # the rules see it as their own edges
    last = frozenset(key for key, says in zip(keys, after_everything(texts), strict=True) if says)
    guessed = _implied(drafts, details, keys, roles_, deps, free, layout, last, said)
    position = {key: index for index, key in enumerate(keys)}
    told = {(edge.task, edge.after) for edge in said}  # an edge the prose said is shown with what it said
    inferred = [edge for edge in guessed if (edge.task, edge.after) not in told] + said
    for edge in inferred:
        deps[position[edge.task]].append(edge.after)
    notes = _dangling_notes(dangling)[:10]
    if inferred:
        notes.append(_inferred_note(inferred, dict(zip(keys, (d.title for d in drafts), strict=True))))
    implied: dict[str, list[str]] = {}
    for edge in inferred:
        implied.setdefault(edge.task, []).append(edge.after)
    tasks = tuple(
        _task(draft, key, agent, reason, dep, source.constraints)
        .model_copy(update={"inferred": tuple(implied.get(key, ()))})
        for draft, key, (agent, reason), dep in zip(drafts, keys, agents, deps, strict=True)
    )
    plan = Plan(
        title=title.strip()[:TITLE_CHARS] or "Plan",
        summary=source.summary,
        tasks=tasks,
        acceptance_criteria=tuple(source.acceptance),
        planner=planner,
    )
    return Assembly(plan, dangling, {key: d.where for key, d in zip(keys, drafts, strict=True)}, notes)


def _implied(drafts: list[Draft], details: list[str], keys: list[str], agents: list[str], deps: list[list[str]],
             free: frozenset[str], layout: Stages, last: frozenset[str], said: list[Inferred]) -> list[Inferred]:
    """The order the plan implies. Dropped work (struck out, skipped) is never done, so no rule reads a
    prerequisite in it; what it would itself have waited on is still shown, read with its title. The tasks in
    `last` say they come after everything before them."""
    def run(titles: list[str]) -> list[Inferred]:
        return infer(keys, titles, agents, [d.phase for d in drafts], deps, [d.step for d in drafts], free, layout,
                     [d.state != "open" for d in drafts], details, last, said)

    titles = [_title_line(d) for d in drafts]
    dropped = {key for key, d in zip(keys, drafts, strict=True) if d.state == "skipped"}
    inferred = run([title if key not in dropped else "" for key, title in zip(keys, titles, strict=True)])
    own = run(titles) if dropped else []
    inferred += [edge for edge in own if edge.task in dropped and edge.after not in dropped]
    # finished work (a card in a board's "Done" column, written last) waited on nothing still open
    state = {key: draft.state for key, draft in zip(keys, drafts, strict=True)}
    return [edge for edge in inferred if state[edge.task] != "done" or state[edge.after] != "open"]


def _said_lines(drafts: list[Draft], dangling: list[Dangling]) -> list[str]:
    """Each task's whole line, with the references of order it states that name no task by title read back as
    the prose they were ("— after the bucket is provisioned and everything else above is merged")."""
    unplaced: dict[str, list[str]] = {}
    for item in dangling:
        unplaced.setdefault(item.where, []).append(item.ref)
    return [f"{_title_line(d)} — after the {' and '.join(unplaced[d.where])}" if d.where in unplaced else _title_line(d)
            for d in drafts]


def _said(drafts: list[Draft], texts: list[str], details: list[str], keys: list[str], agents: list[str],
          deps: list[list[str]], free: frozenset[str]) -> list[Inferred]:
    """Order said in the prose under a task ("Uses the hold client from the card holds task"), unless the plan
    calls the task independent or the edge would close a cycle. It is not a statement of all the task waits
    on: the rules still add what the task implies ("using the minter's checksum" at checkout names the minter,
    not the coupon table it also uses), except a guess from shared words."""
    graph = {key: list(own) for key, own in zip(keys, deps, strict=True)}  # what the rules add is checked too
    added: list[Inferred] = []
    for edge in said_order(keys, [d.title for d in drafts], texts, details, agents,
                           [d.state == "skipped" for d in drafts]):
        own = graph[edge.task]
        if edge.task in free or edge.after in own or reaches(graph, edge.after, edge.task):
            continue
        own.append(edge.after)
        added.append(edge)
    return added


_SHOWN = 8
_POINTS_CHARS = 400


def _title_line(draft: Draft) -> str:
    """The whole line a task was written on: a lead and its detail ("**Token signing** — a `TicketSigner` that
    …", "Schema: `permit_renewals` table") name together what the work is about, and what it uses. A detail
    that starts on the lead's line and wraps onto the next lines is read whole. A short title
    with lettered sub-points under it is read with them."""
    if draft.points:  # "Patient app screens" over "a. Request refill button …": the points say what it uses
        return f"{draft.title}: {' '.join(draft.points)}"[:_POINTS_CHARS]
    first = draft.excerpt.split("\n", 1)[0]
    rest = draft.description[0] if draft.description else ""
    opening = " ".join(rest.split()[:4])  # a detail wrapped onto the next lines still starts on this one
    return f"{draft.title}: {rest}" if opening and draft.title in first and opening in first else draft.title


def _detail(draft: Draft) -> str:
    """Everything written under a task but its title, a blank line between its parts: what a schema task lists
    there is what it defines."""
    return "\n\n".join((*draft.description, *draft.deliverables, *draft.acceptance))


def _inferred_note(inferred: list[Inferred], titles: dict[str, str]) -> str:
    """One roadmap note listing the order that was inferred rather than stated, with the evidence."""
    shown = "; ".join(f"“{short(titles[e.task])}” after “{short(titles[e.after])}” ({e.reason})"
                      for e in inferred[:_SHOWN])
    more = f"; and {len(inferred) - _SHOWN} more" if len(inferred) > _SHOWN else ""
    return f"Order the plan implies but does not state (edit the plan or `/replan` to change it): {shown}{more}."


def _dangling_notes(dangling: list[Dangling]) -> list[str]:
    """One note per ambiguous reference; the references of one task that name nothing, in one note."""
    notes = [f"{item.where} depends on “{short(item.ref)}”, which matches several tasks "
             f"({', '.join(f'“{short(title)}”' for title in item.candidates[:5])}); no order was set for it."
             for item in dangling if item.candidates]
    unknown: dict[str, list[str]] = {}
    for item in dangling:
        if not item.candidates and short(item.ref) not in unknown.setdefault(item.where, []):
            unknown[item.where].append(short(item.ref))
    for where, refs in unknown.items():
        named = ", ".join(f"“{ref}”" for ref in refs[:_SHOWN]) + (f" and {len(refs) - _SHOWN} more"
                                                                  if len(refs) > _SHOWN else "")
        notes.append(f"{where} depends on {named}, which {'is not a task' if len(refs) == 1 else 'are not tasks'} "
                     f"in this plan; no order was set for {'it' if len(refs) == 1 else 'them'}.")
    return notes


def _agent(draft: Draft, names: RoleNames, classifier: KeywordClassifier) -> tuple[str, str]:
    """(role slug, reason): the author's tag when it names a role, else the keyword scorer's pick."""
    if draft.agent:
        slug = names.resolve(draft.agent)
        if slug is not None:
            return slug, draft.agent_reason or f"Tagged “{draft.agent}” in the plan."
    guess = classifier.classify(draft.title, "\n".join(draft.description), draft.agent or "")
    if draft.agent:
        return guess.agent, f"The plan names “{draft.agent}”, which is not a role here. {guess.reason}"
    return guess.agent, guess.reason


_ABBREVIATION = re.compile(r"(?:\b(?:etc|e\.g|i\.e|vs|approx)|\.)\.$", re.IGNORECASE)


def _as_title(text: str) -> str:
    """A list item written as a sentence loses its full stop, as a title would be written; an
    abbreviation ("etc.") or an ellipsis keeps it, and so does an item that is nothing else ("- .")."""
    stripped = text.removesuffix(".")
    return text if _ABBREVIATION.search(text) or not stripped.strip() else stripped


def _task(draft: Draft, key: str, agent: str, reason: str, deps: list[str], shared: list[str]) -> Task:
    constraints = draft.constraints + [item for item in shared if item not in draft.constraints]
    return Task(
        key=key,
        title=_as_title(draft.title)[:TITLE_CHARS],
        agent=agent,
        description="\n\n".join(draft.description)[:MAX_DESCRIPTION],
        deliverables=tuple(draft.deliverables),
        acceptance_criteria=tuple(draft.acceptance),
        constraints=tuple(constraints[:MAX_ITEMS]),
        depends_on=tuple(dict.fromkeys(deps)),  # two phrasings of one reference name it once
        excerpt=draft.excerpt,
        phase=draft.phase[:200],
        state=draft.state,
        assignment_reason=reason,
    )
