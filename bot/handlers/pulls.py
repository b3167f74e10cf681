"""Reactions to `pull_request` events: link pull requests to tasks and follow them to merge."""

from __future__ import annotations

import logging
from functools import partial

from bot.coordination import pulls
from bot.coordination.loading import existing_session
from bot.coordination.membership import Standing, lookup
from bot.coordination.runner import act, run_pass
from bot.coordination.session import Session
from bot.events import PullRequestEvent
from bot.gateway import GitHubError, RepoGateway
from bot.handlers.common import installation_of, repo_of
from bot.linking import closing_references, linked_issue_numbers
from bot.services import Services

log = logging.getLogger(__name__)

MAX_LINKED = 10  # GitHub links at most ten issues by hand; more is noise, not a plan


class _Sessions:
    """One session per parent for the duration of one event, so a PR closing two tasks saves once each."""

    def __init__(self, services: Services, gh: RepoGateway, installation_id: int | None) -> None:
        self._services, self.gh, self._installation = services, gh, installation_id
        self.open: dict[int, Session] = {}

    def get(self, parent: int) -> Session | None:
        """None for a parent the bot does not coordinate, or whose plan it lost with its database
        (the markers rebuild the tasks, not the plan; `/coordinate` restores it)."""
        if parent not in self.open:
            session = existing_session(self._services, self.gh, parent,
                                       installation_id=self._installation, known=True)
            if session is not None and session.state.plan is None:
                log.warning("#%s has no plan (database lost?): pull request ignored until /coordinate", parent)
                session = None
            if session is None:
                return None
            self.open[parent] = session
        return self.open[parent]


def _linked_by_hand(services: Services, gh: RepoGateway, event: PullRequestEvent) -> set[int]:
    """Issues linked in the Development panel carry no keyword: one GraphQL query per event finds
    them, and only in a repository the bot coordinates something in."""
    if not services.store.coordinations(event.repository.full_name):
        return set()
    try:
        return gh.closing_issues(event.number)
    except GitHubError as error:
        log.warning("could not read the issues linked to pull request #%s: %s", event.number, error)
        return set()


def _linked_tasks(services: Services, event: PullRequestEvent, sessions: _Sessions,
                  by_hand: set[int]) -> list[tuple[Session, list[str]]]:
    """The tasks the pull request points at, grouped by plan; issues that are not tasks are ignored."""
    pr, repo = event.pull_request, event.repository.full_name
    numbers = sorted(linked_issue_numbers(pr.title, pr.body, pr.head.ref, repo) | by_hand)[:MAX_LINKED]
    found: dict[int, tuple[Session, list[str]]] = {}
    for number in numbers:
        member = lookup(services.store, sessions.gh, number, None, body_known=False)
        session = sessions.get(member.parent) if member is not None and member.standing is Standing.TASK else None
        task = session.state.task_by_issue(number) if session else None
        if session is not None and task is not None:
            found.setdefault(session.parent, (session, []))[1].append(task.key)
    return list(found.values())


def _view(event: PullRequestEvent, by_hand: set[int]) -> pulls.PullView:
    """GitHub closes the issues named by keywords in the body and those linked by hand, and only on
    merges into the default branch."""
    pr, repo = event.pull_request, event.repository
    into_default = repo.default_branch is None or pr.base.ref == repo.default_branch
    closes = closing_references(pr.body, repo.full_name) | by_hand if into_default else set()
    return pulls.PullView(number=pr.number, html_url=pr.html_url, head_sha=pr.head.sha,
                          merge_commit_sha=pr.merge_commit_sha, closes=frozenset(closes))


def _unlinked(services: Services, event: PullRequestEvent, sessions: _Sessions,
              linked: list[tuple[Session, list[str]]]) -> list[tuple[Session, list[str]]]:
    """Tasks this pull request was linked to before an edit removed the reference."""
    still = {(session.parent, key) for session, keys in linked for key in keys}
    found: list[tuple[Session, list[str]]] = []
    for state in services.store.coordinations(event.repository.full_name):
        keys = [
            key for key, task in state.tasks.items()
            if (state.parent_number, key) not in still
            and any(link.number == event.number and link.state == "open" for link in task.pulls)
        ]
        session = sessions.get(state.parent_number) if keys else None
        if session is not None:
            found.append((session, keys))
    return found


def on_linked(services: Services, event: PullRequestEvent) -> None:
    """Opened, reopened, edited, synchronised or ready for review: the linked tasks are in progress."""
    if event.pull_request.state != "open":
        return
    gh = repo_of(services, event)
    sessions = _Sessions(services, gh, installation_of(event))
    by_hand = _linked_by_hand(services, gh, event)
    view = _view(event, by_hand)
    linked = _linked_tasks(services, event, sessions, by_hand)
    for session, keys in linked:
        act(session, partial(pulls.opened, keys=keys, pull=view))
    if event.action == "edited":
        for session, keys in _unlinked(services, event, sessions, linked):
            act(session, partial(pulls.unlinked, keys=keys, pull_number=event.number))
    for session in sessions.open.values():
        run_pass(session)


def on_closed(services: Services, event: PullRequestEvent) -> None:
    """Merged: the linked tasks are done and their dependents unblocked. Closed unmerged: released."""
    gh = repo_of(services, event)
    sessions = _Sessions(services, gh, installation_of(event))
    by_hand = _linked_by_hand(services, gh, event)
    view = _view(event, by_hand)
    linked = _linked_tasks(services, event, sessions, by_hand)
    if event.pull_request.merged and linked:
        files = gh.pull_files(event.number)
        for session, keys in linked:
            act(session, partial(pulls.merged, keys=keys, pull=view, files=files))
    else:
        for session, keys in linked:
            act(session, partial(pulls.closed_unmerged, keys=keys, pull=view))
    for session in sessions.open.values():
        run_pass(session)
