"""What several handlers need: the repository gateway, the parent as an event shows it, and the
task a sub-issue stands for."""

from __future__ import annotations

from bot.coordination.loading import existing_session
from bot.coordination.membership import Membership, Standing, lookup
from bot.coordination.parent import ParentIssue
from bot.coordination.session import Session
from bot.events import Issue, IssueCommentEvent, IssuesEvent, PullRequestEvent
from bot.gateway import RepoGateway
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


def membership_of(services: Services, event: IssuesEvent | IssueCommentEvent) -> Membership | None:
    """Which plan the event's issue belongs to (None: none, or it is a plan issue itself)."""
    found = lookup(services.store, repo_of(services, event), event.issue.number, event.issue.body)
    return found if found is not None and found.parent != event.issue.number else None


def task_of(services: Services, event: IssuesEvent | IssueCommentEvent) -> tuple[Session, str] | None:
    """The coordination session and task key of a sub-issue; None unless the plan really tracks it."""
    found = membership_of(services, event)
    if found is None or found.standing is not Standing.TASK:
        return None
    session = existing_session(services, repo_of(services, event), found.parent,
                               installation_id=installation_of(event), known=True)
    task = session.state.task_by_issue(event.issue.number) if session is not None else None
    return (session, task.key) if session is not None and task is not None else None
