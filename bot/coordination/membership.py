"""Which plan an issue belongs to: the one lookup every handler asks before it acts on an issue.

A marker in a body is only a claim (anyone can copy or forge one); the store's index and the
coordination state are what the bot wrote itself, so they decide. Only when the claimed plan has
no state at all (a lost database) is GitHub asked, explicitly and once: is the issue among that
parent's sub-issues? The lookup never plans and never rebuilds a state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.coordination import CoordinationState
from bot.gateway import NotFound, RepoGateway
from bot.markers import parse_group_marker, parse_task_marker
from bot.store import Store


@dataclass(frozen=True)
class Claim:
    """What a body's marker says: the sub-issue of task `key` of plan `parent`, or part `part` of it."""

    parent: int
    key: str | None = None
    part: int | None = None

    @classmethod
    def of(cls, body: str | None) -> Claim | None:
        task = parse_task_marker(body)
        if task is not None:
            return cls(task[0], key=task[1])
        part = parse_group_marker(body)
        return cls(part[0], part=part[1]) if part is not None else None


class Standing(StrEnum):
    TASK = "task"  # the sub-issue of a task (or of one a new plan dropped)
    PART = "part"  # a part of a plan too large for one parent
    UNCONFIRMED = "unconfirmed"  # only a marker says so, and no state can tell: GitHub must


@dataclass(frozen=True)
class Membership:
    """The plan issue an issue belongs to, and the task it stands for (None for a part)."""

    parent: int
    key: str | None
    standing: Standing


def resolve(number: int, claim: Claim | None, indexed: int | None,
            state: CoordinationState | None) -> Membership | None:
    """Pure. `indexed` is the store's index answer for `number`; `state` the coordination of the
    indexed parent, or else of the claimed one. None: the issue belongs to no plan."""
    if indexed is not None:
        task = state.task_by_issue(number) if state is not None else None
        key = task.key if task else claim.key if claim and claim.parent == indexed else None
        return Membership(indexed, key, Standing.TASK)
    if claim is None:
        return None
    if state is None:
        return Membership(claim.parent, claim.key, Standing.UNCONFIRMED)
    task = state.task_by_issue(number)
    if task is not None:
        return Membership(state.parent_number, task.key, Standing.TASK)
    if any(group.issue_number == number for group in state.groups):
        return Membership(state.parent_number, None, Standing.PART)
    return None


def lookup(store: Store, gh: RepoGateway, number: int, body: str | None, *,
           body_known: bool = True) -> Membership | None:
    """The membership of issue `number`, whose body an event showed (`body_known=False`: read it
    from GitHub when the index does not know the issue, as for the issues a pull request links)."""
    indexed = store.parent_of(gh.full_name, number)
    if indexed is None and not body_known:
        try:
            body = gh.get_issue(number).body
        except NotFound:
            return None
    claim = Claim.of(body)
    parent = indexed if indexed is not None else claim.parent if claim is not None else None
    state = store.load(gh.full_name, parent) if parent is not None else None
    found = resolve(number, claim, indexed, state)
    if found is None or found.standing is not Standing.UNCONFIRMED:
        return found
    return confirm(gh, number, found)


def confirm(gh: RepoGateway, number: int, claimed: Membership) -> Membership | None:
    """The one GitHub check: the issue is among the claimed parent's sub-issues, or those of its parts."""
    try:
        children = gh.list_sub_issues(claimed.parent)
    except NotFound:
        return None  # the marker names an issue that does not exist
    if any(child.number == number for child in children):
        standing = Standing.TASK if claimed.key is not None else Standing.PART
        return Membership(claimed.parent, claimed.key, standing)
    for child in children:
        part = parse_group_marker(child.body)
        if part is not None and part[0] == claimed.parent and any(
                grandchild.number == number for grandchild in gh.list_sub_issues(child.number)):
            return Membership(claimed.parent, claimed.key, Standing.TASK)
    return None
