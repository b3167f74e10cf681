"""Following the pull requests that work on tasks: in progress, merged, closed, and their commit status.

Every function takes all the tasks of one plan that one pull request works on, so that a pull
request closing two tasks is handled as one change: one commit status for its head commit, and
tasks it completes together are not reported as merged "before" each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.coordination.labels import move_status
from bot.coordination.progress import settle
from bot.coordination.session import Session
from bot.domain.coordination import PullLink, TaskState
from bot.domain.status import TaskStatus
from bot.gateway import GitHubError
from bot.render.progress_notes import PrerequisiteState, review_aid_comment

STATUS_CONTEXT = "coordinator/dependencies"
STATUS_LIMIT = 140  # GitHub refuses longer commit status descriptions


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


def _link(task: TaskState, pull: PullView) -> PullLink:
    link = task.pull(pull.number)
    if link is None:
        link = PullLink(number=pull.number, html_url=pull.html_url)
        task.pulls.append(link)
    link.head_sha = pull.head_sha or link.head_sha
    link.closes_by_keyword = task.issue_number in pull.closes
    return link


def _ref(session: Session, key: str) -> str:
    task = session.state.tasks.get(key)
    return f"#{task.issue_number}" if task and task.issue_number else key


def _open_links(session: Session, number: int) -> list[tuple[str, PullLink]]:
    """The plan's tasks this pull request works on while it is open, with the head commit known."""
    plan = session.state.plan
    keys = plan.keys if plan is not None else []
    found = ((key, session.state.tasks[key].pull(number)) for key in keys if key in session.state.tasks)
    return [(key, link) for key, link in found if link is not None and link.state == "open" and link.head_sha]


def update_commit_status(session: Session, number: int) -> None:
    """`success` when every prerequisite of every task the pull request works on is finished (or is
    one of those tasks), else `pending` naming the missing ones. Nothing is sent when the head commit
    already has that status."""
    links = _open_links(session, number)
    if not links:
        return
    plan = session.state.plan
    assert plan is not None  # no plan, no links
    sha, keys = links[-1][1].head_sha, {key for key, _ in links}
    wanted = {dep for key in keys for dep in plan.task(key).depends_on} - keys
    missing = [dep for dep in plan.keys if dep in wanted and not session.state.status_of(dep).finished]
    state = "pending" if missing else "success"
    stamp = f"{sha}:{state}:{','.join(missing)}"
    if all(link.commit_status == stamp for _, link in links):
        return
    if missing:
        description = f"Waiting for: {', '.join(_ref(session, dep) for dep in missing)}"[:STATUS_LIMIT]
    else:
        description = "All prerequisite tasks are finished"
    session.gh.set_status(sha, state, STATUS_CONTEXT, description)
    for _, link in links:
        link.commit_status = stamp
    session.save()


def refresh_open_pulls(session: Session) -> None:
    """Prerequisites may have changed: every open pull request's commit status follows (no request
    for a status that is already right)."""
    numbers = {link.number for task in session.state.tasks.values() for link in task.open_pulls}
    for number in sorted(numbers):
        update_commit_status(session, number)


def pull_opened(session: Session, keys: Sequence[str], pull: PullView) -> None:
    """Opened, reopened, edited to link, pushed to, or marked ready: the tasks are in progress."""
    for key in keys:
        task = session.state.tasks[key]
        _link(task, pull).state = "open"
        session.save()
        if not task.status.finished:
            move_status(session, key, TaskStatus.IN_PROGRESS)
        _review_aid(session, key, pull.number)
    update_commit_status(session, pull.number)


def _review_aid(session: Session, key: str, pull_number: int) -> None:
    """Once per pull request and task: the criteria reviewers check, and where the prerequisites stand."""
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None and task.issue_number is not None
    prerequisites = [
        PrerequisiteState(task=plan.task(dep), state=session.state.tasks.get(dep), status=session.state.status_of(dep))
        for dep in plan.task(key).depends_on
    ]
    body = review_aid_comment(plan.task(key), task.issue_number, prerequisites, STATUS_CONTEXT)
    session.post_once(pull_number, "review-aid", f"{pull_number}.{key}", body)


def pull_merged(session: Session, keys: Sequence[str], pull: PullView, files: list[str]) -> None:
    """A merged pull request completes its tasks, records what it produced and releases the dependents.

    A task merged before its prerequisites is still done (the code is in), with a warning in the
    roadmap; prerequisites merged by the same pull request do not count as missing.
    """
    for key in keys:
        link = _link(session.state.tasks[key], pull)
        link.state, link.merge_commit_sha, link.files = "merged", pull.merge_commit_sha, files
    session.save()
    for key in keys:
        early = [dep for dep in session.state.missing_prerequisites(key) if dep not in keys]
        if early:
            session.note_problem(
                f"{_ref(session, key)} was merged (#{pull.number}) before its prerequisite(s) "
                f"{', '.join(_ref(session, dep) for dep in early)} were finished: check the integration."
            )
        move_status(session, key, TaskStatus.DONE)
        _close_subissue(session, key, pull)
    settle(session)


def _close_subissue(session: Session, key: str, pull: PullView) -> None:
    """GitHub closes an issue only for keywords in a body merged into the default branch; the bot
    closes the others (branch-name links, other base branches, keywords in the title). Checked
    against GitHub first, so a redelivered merge does not close (or re-reason) an issue again."""
    number = session.state.tasks[key].issue_number
    if number is None or number in pull.closes:
        return
    if session.gh.get_issue(number).state == "open":
        session.gh.edit_issue(number, state="closed", state_reason="completed")


def pull_closed_unmerged(session: Session, keys: Sequence[str], pull: PullView) -> None:
    """Closed without merge: back to waiting unless another open pull request still works on it."""
    for key in keys:
        _link(session.state.tasks[key], pull).state = "closed"
        session.save()
        release(session, key)


def pull_unlinked(session: Session, keys: Sequence[str], pull_number: int) -> None:
    """An edit removed the references: forget the links and release the tasks. A `pending` status
    this bot set is lifted, or re-computed for the tasks still linked: left as it was, it could block
    a merge that no longer waits for anything."""
    pending = ""
    for key in keys:
        task = session.state.tasks[key]
        link = task.pull(pull_number)
        if link is not None and link.state == "open" and link.commit_status.startswith(f"{link.head_sha}:pending:"):
            pending = link.head_sha
        task.pulls = [link for link in task.pulls if link.number != pull_number or link.state == "merged"]
        session.save()
        release(session, key)
    if _open_links(session, pull_number):
        update_commit_status(session, pull_number)
    elif pending:
        session.gh.set_status(pending, "success", STATUS_CONTEXT, "Not linked to a coordinated task any more")


def release(session: Session, key: str) -> None:
    """A task in progress with no open pull request left waits again: ready, or blocked."""
    task = session.state.tasks[key]
    if task.status is TaskStatus.IN_PROGRESS and not task.open_pulls:
        move_status(session, key, session.state.waiting_status(key))


def record_merged_pulls(session: Session, key: str) -> None:
    """Before a sub-issue closed as completed is counted done: GitHub may deliver that close before
    the merge that caused it, so open pull requests are looked up and merged ones recorded first,
    for the dependents' outputs comment."""
    task = session.state.tasks[key]
    for link in task.open_pulls:
        try:
            record = session.gh.get_pull(link.number)
            files = session.gh.pull_files(link.number) if record.merged else []
        except GitHubError:
            continue  # the merge event, when it comes, records it
        if record.merged:
            link.state, link.merge_commit_sha, link.files = "merged", record.merge_commit_sha, files
    session.save()
