"""Reactions to reviews and CI verdicts on pull requests that work on tasks: the roadmap shows each
task's review state, and a task whose checks keep failing is escalated."""

from __future__ import annotations

from collections.abc import Iterator

from bot.coordination.loading import existing_session
from bot.coordination.observation import look_at_pull
from bot.coordination.runner import run_pass
from bot.coordination.session import Session
from bot.events import CheckRunEvent, PullRequestReviewEvent
from bot.services import Services


def _following(services: Services, event: PullRequestReviewEvent | CheckRunEvent,
               numbers: set[int]) -> Iterator[tuple[Session, int]]:
    """Each coordination with an open task pull request among `numbers`, and that pull request."""
    repo = event.repository.full_name
    installation = event.installation.id if event.installation else None
    gh = None
    for state in services.store.coordinations(repo):
        found = sorted({link.number for task in state.tasks.values() for link in task.open_pulls} & numbers)
        if not found or state.plan is None:
            continue
        gh = gh or services.repo(repo, installation)
        session = existing_session(services, gh, state.parent_number, installation_id=installation, known=True)
        if session is not None:
            yield from ((session, number) for number in found)


def on_review(services: Services, event: PullRequestReviewEvent) -> None:
    """Submitted or dismissed: the pull request's reviews are read again (one request)."""
    for session, number in _following(services, event, {event.pull_request.number}):
        look_at_pull(session, number, checks=False)
        run_pass(session)


def on_check_run(services: Services, event: CheckRunEvent) -> None:
    """A completed check run on the head of a task's pull request: the head's verdict is read again."""
    numbers = {pull.number for pull in event.check_run.pull_requests}
    numbers |= {link.number for state in services.store.coordinations(event.repository.full_name)
                for task in state.tasks.values() for link in task.open_pulls
                if link.head_sha == event.check_run.head_sha}
    for session, number in _following(services, event, numbers):
        look_at_pull(session, number, reviews=False)
        run_pass(session)
