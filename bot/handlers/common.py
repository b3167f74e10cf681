"""What several handlers need: the repository gateway and the task a sub-issue stands for."""

from __future__ import annotations

from contextlib import suppress

from bot.coordination.loading import existing_session
from bot.coordination.parent import ParentIssue
from bot.coordination.session import Session
from bot.events import Issue, IssueCommentEvent, IssuesEvent, PullRequestEvent
from bot.gateway import NotFound, RepoGateway
from bot.markers import parse_task_marker
from bot.services import Services

AnyEvent = IssuesEvent | IssueCommentEvent | PullRequestEvent


def repo_of(services: Services, event: AnyEvent) -> RepoGateway:
    installation = event.installation.id if event.installation else None
    return services.repo(event.repository.full_name, installation)


def installation_of(event: AnyEvent) -> int | None:
    return event.installation.id if event.installation else None


def parent_issue(issue: Issue) -> ParentIssue:
    return ParentIssue(number=issue.number, id=issue.id, title=issue.title, body=issue.body,
                       labels=issue.label_names)


def task_of(services: Services, event: IssuesEvent | IssueCommentEvent) -> tuple[Session, str] | None:
    """The coordination session and task key of a sub-issue, from its marker or the store's index."""
    repo = event.repository.full_name
    marker = parse_task_marker(event.issue.body)
    parent = marker[0] if marker else services.store.parent_of(repo, event.issue.number)
    if parent is None:
        return None
    session = existing_session(services, repo_of(services, event), parent,
                               installation_id=installation_of(event), known=marker is not None)
    if session is None:
        return None
    task = session.state.task_by_issue(event.issue.number)
    if task is None:
        return None
    return session, task.key


def is_sub_issue(services: Services, event: IssuesEvent | IssueCommentEvent) -> bool:
    """In the store's index, or (the database lost it) among its marker's parent's sub-issues on GitHub.

    A marker alone proves nothing: one copied from a sub-issue into a new plan would make the bot
    ignore that plan's label.
    """
    if services.store.parent_of(event.repository.full_name, event.issue.number) is not None:
        return True
    if parse_task_marker(event.issue.body) is None:
        return False
    with suppress(NotFound):  # the marker names an issue that does not exist
        return task_of(services, event) is not None
    return False
