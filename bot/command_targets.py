"""What a command's argument names: one task of the plan, or one agent. Pure look-ups; a reference that names
nothing, or several things, is an `Unresolved` whose message lists what it could have meant."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.domain.roles import RoleSet
from bot.render.text import code_span, safe_inline

_QUOTES = "\"'\u201c\u201d"
_MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Unresolved:
    """A task or agent reference that names nothing, or too many things; `message` explains."""

    ref: str
    message: str


def resolve_task(ref: str, tasks: Sequence[tuple[str, str, int | None]]) -> str | Unresolved:
    """The key of the one task `ref` names, trying the most precise reading first.

    `tasks` are (key, title, sub-issue number or None). `#12` or `12` is a sub-issue number; then
    an exact key; then an exact title; then a case-insensitive part of one title. Several matches
    are an error listing them, because acting on the wrong task is worse than asking.
    """
    wanted = ref.strip().strip(_QUOTES).strip()
    if not wanted:
        return Unresolved(ref, "No task given. " + _task_hint(tasks))
    number = re.fullmatch(r"#?(\d+)", wanted)
    if number:
        return _task_by_number(ref, int(number.group(1)), tasks)
    for matches in _candidates(wanted, tasks):
        if len(matches) == 1:
            return matches[0][0]
        if matches:
            return Unresolved(ref, _ambiguous_message(wanted, matches))
    return Unresolved(ref, f"No task matches {code_span(wanted)}. " + _task_hint(tasks))


def _task_by_number(ref: str, number: int, tasks: Sequence[tuple[str, str, int | None]]) -> str | Unresolved:
    for key, _title, issue in tasks:
        if issue == number:
            return key
    return Unresolved(ref, f"#{number} is not a sub-issue of this plan. " + _task_hint(tasks))


def _candidates(
    wanted: str, tasks: Sequence[tuple[str, str, int | None]]
) -> Iterator[list[tuple[str, str, int | None]]]:
    """Candidate lists from the strictest reading to the loosest: key, title, part of a title."""
    folded = _fold(wanted)
    yield [task for task in tasks if task[0].lower() == folded]
    yield [task for task in tasks if _fold(task[1]) == folded]
    yield [task for task in tasks if folded in _fold(task[1])]


def _ambiguous_message(wanted: str, matches: Sequence[tuple[str, str, int | None]]) -> str:
    return (
        f"{code_span(wanted)} matches {len(matches)} tasks: {_listing(matches)}. "
        "Use the task key or the sub-issue number."
    )


def _fold(text: str) -> str:
    """Case- and spacing-insensitive form, so `Load  Tests` finds `load tests`."""
    return " ".join(text.casefold().split())


def _listing(tasks: Sequence[tuple[str, str, int | None]]) -> str:
    shown = [  # titles are the plan's text: sanitised like everywhere else the bot shows them
        f"`{key}` ({f'#{issue} ' if issue else ''}{safe_inline(title, 300)})"
        for key, title, issue in tasks[:_MAX_CANDIDATES]
    ]
    more = f" and {len(tasks) - _MAX_CANDIDATES} more" if len(tasks) > _MAX_CANDIDATES else ""
    return ", ".join(shown) + more


def _task_hint(tasks: Sequence[tuple[str, str, int | None]]) -> str:
    if not tasks:
        return "This plan has no tasks yet."
    return f"Tasks: {_listing(tasks)}."


def resolve_agent(ref: str, roles: RoleSet) -> str | Unresolved:
    """The slug of the role `ref` names: by slug, label or display name, ignoring case and `@`."""
    wanted = _fold(ref.strip().lstrip("@"))
    for role in roles.roles:
        if wanted in (role.slug, role.label.casefold(), _fold(role.display_name)):
            return role.slug
    agents = ", ".join(f"`{slug}`" for slug in roles.slugs)
    return Unresolved(ref, f"{code_span(ref.strip())} is not an agent. Agents: {agents}.")
