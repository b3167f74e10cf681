"""Action mode keeps no database: each run rebuilds, in its throwaway store, the plans its event concerns.

A plan's state comes from the hidden block of its roadmap comment (`bot.state_block`), checked
against and completed by the markers on GitHub: the parent's sub-issues (tasks created after the
block was written, e.g. by a run that was cancelled) and the bot's own comments (their ids). A
block that contradicts the markers is not trusted, and the state is rebuilt from the markers
alone, as after a lost database. The handlers then run exactly as they do behind the webhook.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress
from typing import Any

from bot.coordination import recovery
from bot.domain.bookkeeping import CommentKind
from bot.domain.coordination import CoordinationState, CoordinationStatus, GroupState
from bot.events import Event, Issue, IssueCommentEvent, IssuesEvent, PullRequestEvent
from bot.gateway import GitHubError, NotFound, RepoGateway
from bot.github_models import CommentRecord
from bot.linking import linked_issue_numbers
from bot.markers import comment_of_kind, has_comment_marker, parse_group_marker, parse_task_marker
from bot.state_block import read_block
from bot.store import Store

log = logging.getLogger(__name__)

MAX_LINKED = 10  # as the pull-request handler: more linked issues is noise, not a plan


def roadmap_digest(text: str) -> str:
    """What `Session.upsert_comment` records for a comment it wrote, so an unchanged roadmap is not edited."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def parents_of(gh: RepoGateway, event: Event, payload: dict[str, Any]) -> list[int]:
    """The plan issues an event may touch: the issue itself or the plan its marker names; for a pull
    request, the plans of the sub-issues it links (now, or before an edit)."""
    if isinstance(event, IssuesEvent | IssueCommentEvent):
        own = set() if event.issue.is_pull_request else {event.issue.number}  # a pull request is no plan
        return sorted(own | _claimed_parent(event.issue))
    if not isinstance(event, PullRequestEvent):
        return []
    pr, repo = event.pull_request, event.repository.full_name
    numbers = linked_issue_numbers(pr.title, pr.body, pr.head.ref, repo)
    changes = payload.get("changes")
    changes = changes if isinstance(changes, dict) else {}
    for field in ("title", "body"):
        before = changes.get(field)
        if isinstance(before, dict) and isinstance(before.get("from"), str):
            numbers |= linked_issue_numbers(before["from"], None, "", repo)
    try:
        numbers |= gh.closing_issues(event.number)
    except GitHubError as error:
        log.warning("could not read the issues linked to pull request #%s: %s", event.number, error)
    parents: set[int] = set()
    for number in sorted(numbers)[:MAX_LINKED]:
        with suppress(NotFound):
            marker = parse_task_marker(gh.get_issue(number).body)
            parents |= {marker[0]} if marker else set()
    return sorted(parents)


def _claimed_parent(issue: Issue) -> set[int]:
    task, part = parse_task_marker(issue.body), parse_group_marker(issue.body)
    return {task[0]} if task else {part[0]} if part else set()


def hydrate(gh: RepoGateway, store: Store, parent: int, installation_id: int | None) -> CoordinationState | None:
    """Saves in the store the state of `parent` if the bot coordinates it; returns that state."""
    roadmap = comment_of_kind(gh.own_comments(parent), CommentKind.ROADMAP.value)
    kept = read_block(roadmap.body, gh.full_name, parent) if roadmap else None
    found = CoordinationState(repo=gh.full_name, parent_number=parent, installation_id=installation_id)
    recovery.rebuild(gh, found)
    if kept is None and not found.tasks and not found.comments:
        return None  # not a plan the bot coordinates
    state = _merge(gh, kept, found) if kept is not None else _from_markers(found)
    if roadmap is not None:
        state.rendered[CommentKind.ROADMAP] = roadmap_digest(roadmap.body)
    if kept is not None and _creation_unfinished(state):
        recovery.adopt_orphans(gh, state)  # sub-issues a cancelled run created but did not attach
    state.installation_id = installation_id or state.installation_id
    store.save(state)
    return state


def _from_markers(found: CoordinationState) -> CoordinationState:
    """No (trustworthy) block: what the markers say, as after a lost database. Questions asked with
    no plan accepted yet mean the plan waits for answers (the roadmap only appears with a plan)."""
    if not found.tasks and "clarification" in found.comments and "roadmap" not in found.comments:
        found.status = CoordinationStatus.NEEDS_CLARIFICATION
    return found


def _merge(gh: RepoGateway, kept: CoordinationState, found: CoordinationState) -> CoordinationState:
    """The block, with what the markers add; a block the markers contradict is dropped."""
    if not _confirmed(gh, kept, found):
        log.warning("the state block of #%s disagrees with its sub-issues: rebuilt from markers", kept.parent_number)
        return _from_markers(found)
    keys = kept.plan.keys if kept.plan is not None else None
    for key, task in found.tasks.items():
        mine = kept.tasks.get(key)
        if mine is None and (keys is None or key in keys):
            kept.tasks[key] = task
        elif mine is not None and mine.issue_number is None:
            mine.issue_number, mine.issue_id, mine.attached, mine.creating = (
                task.issue_number, task.issue_id, task.attached, False)
        elif mine is not None:
            mine.attached = mine.attached or task.attached
    for group in (group for group in found.groups if group.issue_number is not None):
        while len(kept.groups) <= group.index:
            kept.groups.append(GroupState(index=len(kept.groups)))
        kept.groups[group.index] = group
    kept.grouped = kept.grouped or found.grouped
    kept.comments = dict(found.comments)
    kept.pending_comments = []
    return kept


def _confirmed(gh: RepoGateway, kept: CoordinationState, found: CoordinationState) -> bool:
    """Every sub-issue the block names carries that task's marker under this parent. One that is no
    longer attached (someone removed it from the parent) is read to check its marker."""
    tasks = all(_carries(gh, kept.parent_number, key, task.issue_number, found)
                for key, task in kept.tasks.items() if task.issue_number is not None)
    numbers = {group.index: group.issue_number for group in found.groups}
    return tasks and all(group.issue_number is None or numbers.get(group.index) == group.issue_number
                         for group in kept.groups)


def _carries(gh: RepoGateway, parent: int, key: str, number: int, found: CoordinationState) -> bool:
    if key in found.tasks:
        return found.tasks[key].issue_number == number
    try:
        return parse_task_marker(gh.get_issue(number).body) == (parent, key)
    except NotFound:
        return False


def _creation_unfinished(state: CoordinationState) -> bool:
    if state.plan is None:
        return bool(state.tasks)
    return any(task.state == "open" and (task.key not in state.tasks or not state.tasks[task.key].attached)
               for task in state.plan.tasks)


def answered(comments: list[CommentRecord], comment_id: int) -> bool:
    """Whether the bot already replied to this command comment (a re-run of its workflow)."""
    return has_comment_marker((c.body for c in comments), CommentKind.REPLY.value, str(comment_id))
