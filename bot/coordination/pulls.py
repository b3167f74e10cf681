"""Following the pull requests that work on tasks: in progress, merged, closed, and their commit status."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coordination.labels import move_status
from bot.coordination.progress import settle
from bot.coordination.session import Session
from bot.domain.coordination import PullLink, TaskState
from bot.domain.status import TaskStatus
from bot.render.progress_notes import review_aid_comment

STATUS_CONTEXT = "coordinator/dependencies"


@dataclass(frozen=True)
class PullView:
    """What the bot needs of a pull request event, independent of the payload model."""

    number: int
    html_url: str
    head_sha: str
    merge_commit_sha: str | None
    closes_by_keyword: bool


def _link(task: TaskState, pull: PullView) -> PullLink:
    link = task.pull(pull.number)
    if link is None:
        link = PullLink(number=pull.number, html_url=pull.html_url)
        task.pulls.append(link)
    link.head_sha, link.closes_by_keyword = pull.head_sha or link.head_sha, pull.closes_by_keyword
    return link


def _missing_prerequisites(session: Session, key: str) -> list[str]:
    plan = session.state.plan
    assert plan is not None
    return [dep for dep in plan.task(key).depends_on if not session.state.status_of(dep).finished]


def update_commit_status(session: Session, key: str, link: PullLink) -> None:
    """`success` when every prerequisite is finished, else `pending` naming the missing ones."""
    if link.state != "open" or not link.head_sha:
        return
    plan = session.state.plan
    assert plan is not None
    missing = _missing_prerequisites(session, key)
    state = "pending" if missing else "success"
    if link.commit_status == f"{link.head_sha}:{state}:{','.join(missing)}":
        return
    if missing:
        names = ", ".join(_ref(session, dep) for dep in missing)
        description = f"Waiting for: {names}"[:140]
    else:
        description = "All prerequisite tasks are finished"
    session.gh.set_status(link.head_sha, state, STATUS_CONTEXT, description)
    link.commit_status = f"{link.head_sha}:{state}:{','.join(missing)}"
    session.save()


def _ref(session: Session, key: str) -> str:
    task = session.state.tasks.get(key)
    return f"#{task.issue_number}" if task and task.issue_number else key


def pull_opened(session: Session, key: str, pull: PullView) -> None:
    """Opened, reopened, edited to link, pushed to, or marked ready: the task is in progress."""
    task = session.state.tasks[key]
    link = _link(task, pull)
    link.state = "open"
    session.save()
    if not task.status.finished:
        move_status(session, key, TaskStatus.IN_PROGRESS)
    _review_aid(session, key, pull.number)
    update_commit_status(session, key, link)


def _review_aid(session: Session, key: str, pull_number: int) -> None:
    plan, task = session.state.plan, session.state.tasks[key]
    assert plan is not None and task.issue_number is not None
    prerequisites = [(plan.task(dep), session.state.status_of(dep)) for dep in plan.task(key).depends_on]
    body = review_aid_comment(plan.task(key), task.issue_number, prerequisites)
    session.post_once(pull_number, "review-aid", f"{pull_number}.{key}", body)


def pull_merged(session: Session, key: str, pull: PullView, files: list[str]) -> None:
    """A merged pull request completes its task and records what it produced."""
    task = session.state.tasks[key]
    link = _link(task, pull)
    link.state, link.merge_commit_sha, link.files = "merged", pull.merge_commit_sha, files
    session.save()
    early = _missing_prerequisites(session, key)
    if early:
        session.note_problem(
            f"{_ref(session, key)} was merged before its prerequisite(s) {', '.join(_ref(session, d) for d in early)}"
            " were finished: check the integration."
        )
    move_status(session, key, TaskStatus.DONE)
    if task.issue_number is not None and not pull.closes_by_keyword:
        session.gh.edit_issue(task.issue_number, state="closed", state_reason="completed")
    settle(session)
    refresh_open_pulls(session)


def pull_closed_unmerged(session: Session, key: str, pull: PullView) -> None:
    """Closed without merge: back to waiting unless another open pull request still works on it."""
    task = session.state.tasks[key]
    _link(task, pull).state = "closed"
    session.save()
    release(session, key)


def pull_unlinked(session: Session, key: str, pull_number: int) -> None:
    """An edit removed the reference: forget the link and release the task if nothing else works on it."""
    task = session.state.tasks[key]
    task.pulls = [link for link in task.pulls if link.number != pull_number or link.state == "merged"]
    session.save()
    release(session, key)


def release(session: Session, key: str) -> None:
    task = session.state.tasks[key]
    if task.status is TaskStatus.IN_PROGRESS and not task.open_pulls:
        wanted = TaskStatus.BLOCKED if _missing_prerequisites(session, key) else TaskStatus.READY
        move_status(session, key, wanted)


def refresh_open_pulls(session: Session) -> None:
    """Prerequisites changed: every open pull request's commit status follows."""
    for key, task in session.state.tasks.items():
        if session.state.plan is not None and key in session.state.plan.keys:
            for link in task.open_pulls:
                update_commit_status(session, key, link)
