"""Reactions to `issues` events: the trigger label, plan edits, and sub-issues closed or reopened by hand."""

from __future__ import annotations

import logging

from bot.coordination import actions
from bot.coordination.loading import ConfigError, read_config
from bot.coordination.membership import Standing
from bot.coordination.progress import closed, restart
from bot.coordination.runner import act, run_pass
from bot.coordination.session import Session
from bot.coordination.start import coordinate
from bot.domain.coordination import CoordinationStatus
from bot.domain.status import TaskStatus, status_of_closed
from bot.events import IssuesEvent
from bot.gateway import GitHubError
from bot.handlers.common import installation_of, membership_of, parent_issue, repo_of, task_of
from bot.repo_config import RepoConfig
from bot.services import Services

log = logging.getLogger(__name__)


def on_labeled(services: Services, event: IssuesEvent) -> None:
    """The trigger label, added by someone with `trigger_permission`, starts coordination of a plan issue."""
    if event.label is None or event.issue.is_pull_request:
        return
    member = membership_of(services, event)
    if member is not None and member.standing is Standing.TASK:
        return  # a sub-issue is never a plan of its own
    gh = repo_of(services, event)
    try:
        config = read_config(services, gh)
    except ConfigError:
        config = RepoConfig()  # with the default trigger, coordinate() reports the bad file
    if event.label.name.lower() != config.trigger_label.lower():
        return
    if not services.permissions.allows(gh, event.sender.login, config.trigger_permission):
        log.info("%s may not start coordination (needs %s)", event.sender.login, config.trigger_permission)
        return
    coordinate(services, gh, parent_issue(event.issue), installation_of(event))


def on_edited(services: Services, event: IssuesEvent) -> None:
    """An edited plan that was waiting for answers is checked again, when a steerer edited it.

    Anyone may edit an issue they opened; an edit by someone without write permission never
    changes delegated work.
    """
    if event.changes is not None and event.changes.body is None and event.changes.title is None:
        return
    state = services.store.load(event.repository.full_name, event.issue.number)
    if state is None or state.status is not CoordinationStatus.NEEDS_CLARIFICATION:
        return
    gh = repo_of(services, event)
    if services.permissions.may_steer(gh, event.sender.login):
        coordinate(services, gh, parent_issue(event.issue), installation_of(event))


def on_closed(services: Services, event: IssuesEvent) -> None:
    """A sub-issue closed as completed is done; closed as not planned, skipped. Both unblock dependents."""
    found = task_of(services, event)
    if found is None:
        return
    session, key = found
    status = status_of_closed(event.issue.state_reason)
    if session.state.status_of(key) is not status:
        merges = _merges(session, key) if status is TaskStatus.DONE else []
        act(session, lambda d: closed(d, key, status, merges))
    run_pass(session)


def _merges(session: Session, key: str) -> list[actions.RecordMerge]:
    """Before a sub-issue closed as completed is counted done: GitHub may deliver that close before
    the merge that caused it, so its open pull requests are looked up and merged ones recorded
    first, for the dependents' outputs comment."""
    found = []
    for link in session.state.tasks[key].open_pulls:
        try:
            record = session.gh.get_pull(link.number)
            files = session.gh.pull_files(link.number) if record.merged else []
        except GitHubError:
            continue  # the merge event, when it comes, records it
        if record.merged:
            found.append(actions.RecordMerge(key, link.number, record.merge_commit_sha, tuple(files)))
    return found


def on_reopened(services: Services, event: IssuesEvent) -> None:
    """A reopened sub-issue is back in play; tasks that had been released by it wait again."""
    found = task_of(services, event)
    if found is None:
        return
    session, key = found
    if session.state.status_of(key).finished:
        act(session, lambda d: restart(d, key))
    run_pass(session)
