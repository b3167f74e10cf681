"""Deciding what pull requests do to tasks: in progress, merged, closed, and their commit status. Pure.

Every function takes all the tasks of one plan that one pull request works on, so that a pull
request closing two tasks is handled as one change: one commit status for its head commit, and
tasks it completes together are not reported as merged "before" each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.coordination.progress import move, settle
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import PullLink, PullState
from bot.domain.status import TaskStatus
from bot.render.progress_notes import PrerequisiteState, review_aid_comment

STATUS_CONTEXT = "coordinator/dependencies"


@dataclass(frozen=True)
class PullView:
    """What the bot needs of a pull request event, independent of the payload model.

    `closes` are the issues GitHub itself closes on merge (keywords in the body, merged into the
    default branch); the bot closes the other sub-issues it completes.
    """

    number: int
    html_url: str
    head_sha: str
    merge_commit_sha: str | None
    closes: frozenset[int]


def _link(d: Decisions, key: str, pull: PullView, state: PullState, files: Sequence[str] = ()) -> None:
    number = d.state.tasks[key].issue_number
    d.emit(act.LinkPull(key, pull.number, pull.html_url, pull.head_sha, number in pull.closes, state,
                        pull.merge_commit_sha, tuple(files)))


def _ref(d: Decisions, key: str) -> str:
    task = d.state.tasks.get(key)
    return f"#{task.issue_number}" if task and task.issue_number else key


def open_links(d: Decisions, number: int) -> list[tuple[str, PullLink]]:
    """The plan's tasks this pull request works on while it is open, with the head commit known."""
    found = ((key, d.state.tasks[key].pull(number)) for key in d.plan.keys if key in d.state.tasks)
    return [(key, link) for key, link in found if link is not None and link.state is PullState.OPEN and link.head_sha]


def commit_status(d: Decisions, number: int) -> None:
    """`success` when every prerequisite of every task the pull request works on is finished (or is
    one of those tasks), else `pending` naming the missing ones. Nothing is sent when the head commit
    already has that status."""
    links = open_links(d, number)
    if not links:
        return
    sha, keys = links[-1][1].head_sha, {key for key, _ in links}
    wanted = {dep for key in keys for dep in d.plan.task(key).depends_on} - keys
    missing = [dep for dep in d.plan.keys if dep in wanted and not d.state.status_of(dep).finished]
    state = "pending" if missing else "success"
    stamp = f"{sha}:{state}:{','.join(missing)}"
    if all(link.commit_status == stamp for _, link in links):
        return
    d.emit(act.SetCommitStatus(number, sha, state, tuple(missing), tuple(key for key, _ in links), stamp))


def commit_statuses(d: Decisions) -> None:
    """Prerequisites may have changed: every open pull request's commit status follows."""
    numbers = {link.number for task in d.state.tasks.values() for link in task.open_pulls}
    for number in sorted(numbers):
        commit_status(d, number)


def opened(d: Decisions, keys: Sequence[str], pull: PullView) -> None:
    """Opened, reopened, edited to link, pushed to, or marked ready: the tasks are in progress."""
    for key in keys:
        _link(d, key, pull, PullState.OPEN)
        if not d.state.tasks[key].status.finished:
            move(d, key, TaskStatus.IN_PROGRESS)
        _review_aid(d, key, pull.number)
    commit_status(d, pull.number)


def _review_aid(d: Decisions, key: str, pull_number: int) -> None:
    """Once per pull request and task: the criteria reviewers check, and where the prerequisites stand."""
    task, intent = d.state.tasks[key], Intent.review_aid(pull_number, key)
    if intent in d.state.sent or task.issue_number is None:
        return
    prerequisites = [
        PrerequisiteState(task=d.plan.task(dep), state=d.state.tasks.get(dep), status=d.state.status_of(dep))
        for dep in d.plan.task(key).depends_on
    ]
    body = review_aid_comment(d.plan.task(key), task.issue_number, prerequisites, STATUS_CONTEXT)
    d.emit(act.PostOnce(intent, body, issue=pull_number))


def merged(d: Decisions, keys: Sequence[str], pull: PullView, files: Sequence[str]) -> None:
    """A merged pull request completes its tasks, records what it produced and releases the dependents.

    A task merged before its prerequisites is still done (the code is in), with a warning in the
    roadmap; prerequisites merged by the same pull request do not count as missing. GitHub closes
    an issue only for keywords in a body merged into the default branch; the bot closes the others
    (branch-name links, other base branches, keywords in the title), checked against GitHub first.
    """
    for key in keys:
        _link(d, key, pull, PullState.MERGED, files)
    for key in keys:
        early = [dep for dep in d.state.missing_prerequisites(key) if dep not in keys]
        if early:
            d.emit(act.NoteProblem(
                f"{_ref(d, key)} was merged (#{pull.number}) before its prerequisite(s) "
                f"{', '.join(_ref(d, dep) for dep in early)} were finished: check the integration."))
        move(d, key, TaskStatus.DONE)
        number = d.state.tasks[key].issue_number
        if number is not None and number not in pull.closes:
            d.emit(act.CloseIssue(number, "completed", if_open=True))
    settle(d)


def closed_unmerged(d: Decisions, keys: Sequence[str], pull: PullView) -> None:
    """Closed without merge: back to waiting unless another open pull request still works on it."""
    for key in keys:
        _link(d, key, pull, PullState.CLOSED)
        release(d, key)


def unlinked(d: Decisions, keys: Sequence[str], pull_number: int) -> None:
    """An edit removed the references: forget the links and release the tasks. A `pending` status
    this bot set is lifted, or re-computed for the tasks still linked: left as it was, it could block
    a merge that no longer waits for anything."""
    pending = ""
    for key in keys:
        link = d.state.tasks[key].pull(pull_number)
        if link is not None and link.state is PullState.OPEN and link.commit_status.startswith(
                f"{link.head_sha}:pending:"):
            pending = link.head_sha
        d.emit(act.UnlinkPull(key, pull_number))
        release(d, key)
    if open_links(d, pull_number):
        commit_status(d, pull_number)
    elif pending:
        d.emit(act.LiftStatus(pending))


def release(d: Decisions, key: str) -> None:
    """A task in progress with no open pull request left waits again: ready, or blocked."""
    task = d.state.tasks[key]
    if task.status is TaskStatus.IN_PROGRESS and not task.open_pulls:
        move(d, key, d.state.waiting_status(key))
