"""What several handlers need: the repository gateway and the task a sub-issue stands for."""

from __future__ import annotations

from contextlib import suppress

from bot.coordination.loading import existing_session
from bot.coordination.parent import ParentIssue
from bot.coordination.session import Session
from bot.events import Issue, IssueCommentEvent, IssuesEvent, PullRequestEvent
from bot.gateway import NotFound, RepoGateway
from bot.markers import parse_group_marker, parse_task_marker
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


def plan_of(services: Services, repo: str, issue: Issue) -> tuple[int, str | None] | None:
    """(plan issue, task key) for a sub-issue or a part of a large plan, from its marker or the store.

    A marker is only a claim (it can be copied or forged): callers check it against the plan.
    """
    task = parse_task_marker(issue.body)
    if task is not None:
        return task
    part = parse_group_marker(issue.body)
    if part is not None:
        return part[0], None
    parent = services.store.parent_of(repo, issue.number)
    return None if parent is None else (parent, None)


def task_of(services: Services, event: IssuesEvent | IssueCommentEvent) -> tuple[Session, str] | None:
    """The coordination session and task key of a sub-issue; None unless the plan really tracks it."""
    found = plan_of(services, event.repository.full_name, event.issue)
    if found is None:
        return None
    session = existing_session(services, repo_of(services, event), found[0],
                               installation_id=installation_of(event), known=True)
    task = session.state.task_by_issue(event.issue.number) if session is not None else None
    return (session, task.key) if session is not None and task is not None else None


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
