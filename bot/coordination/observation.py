"""What the judgement reads from GitHub before it decides: the conventions file, reviews and checks
of open pull requests (GitHub sends no timer events), the files of pull requests that may conflict,
and the checks at every merge commit and the default branch head when the last task finishes.

Observed facts are recorded in the state, like the other things the runner observes; the decisions
(`bot.coordination.judgement`) stay pure.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.judgement import CheckOutcome, IntegrationItem, Verification
from bot.domain.plan import Plan
from bot.gateway import GitHubError
from bot.judgement.conflicts import conflicts
from bot.judgement.conventions import read_conventions
from bot.judgement.critical_path import critical_path
from bot.judgement.escalation import causes
from bot.judgement.review import review_state
from bot.judgement.stalled import stalled
from bot.judgement.verification import NONE, verdict
from bot.render.judgement import Insight

HISTORY = 10  # check verdicts kept per task: enough for a streak of three


def prepare(session: Session) -> str | None:
    """At `coordinate`: the repository's conventions, linked when they name a file (read once per
    path). Returns a note when the file is missing."""
    wanted = read_conventions(session.config.conventions)
    held = session.state.judgement.conventions
    if wanted.path and wanted.path == held.path and held.url:
        return None
    if wanted.path:
        wanted.url = session.gh.file_url(wanted.path) or ""
    session.state.judgement.conventions = wanted
    session.save()
    if wanted.path and not wanted.url:
        return f"The conventions file `{wanted.path}` was not found on the default branch; sub-issues name it unlinked."
    return None


def observe(session: Session, plan: Plan) -> None:
    """Before every reconcile pass of a planned coordination: the files of open pull requests while
    two tasks have one (once per head commit), and the integration's checks when the plan is about
    to complete."""
    state = session.state
    _read_pull_files(session)
    complete = state.all_finished and all(key in state.tasks for key in plan.keys)
    if state.status is CoordinationStatus.ACTIVE and complete:
        verify_integration(session, plan)


def insight(session: Session) -> Insight:
    """What the roadmap shows beyond progress."""
    state = session.state
    return Insight(critical_path=critical_path(state),
                   stalls=stalled(state, session.config.stalled, datetime.now(UTC)),
                   conflicts=conflicts(state), causes=causes(state))


def _read_pull_files(session: Session) -> None:
    state, judgement = session.state, session.state.judgement
    owners = {link.number: (key, link.head_sha) for key, task in state.tasks.items() for link in task.open_pulls}
    for number in set(judgement.pull_files) - set(owners):
        judgement.pull_files.pop(number, None)
        judgement.pull_files_at.pop(number, None)
    if len({key for key, _ in owners.values()}) < 2:
        return
    for number, (_, sha) in sorted(owners.items()):
        if judgement.pull_files_at.get(number) != sha or number not in judgement.pull_files:
            judgement.pull_files[number] = session.gh.pull_files(number)
            judgement.pull_files_at[number] = sha
            session.save()


def look(session: Session) -> None:
    """Reads the review state and checks of every open pull request of the plan (for `coordinator
    sweep` and `/status`): one request per pull request for reviews, two for checks."""
    numbers = {link.number for task in session.state.tasks.values() for link in task.open_pulls}
    for number in sorted(numbers):
        look_at_pull(session, number)


def look_at_pull(session: Session, number: int, *, reviews: bool = True, checks: bool = True) -> None:
    """The review state and the checks at the head of one open pull request of the plan."""
    state, judgement = session.state, session.state.judgement
    if reviews:
        judgement.reviews[number] = review_state(session.gh.pull_reviews(number))
    for key, task in state.tasks.items():
        link = task.pull(number)
        if checks and link is not None and link.state == "open" and link.head_sha:
            _record_checks(session, key, link.head_sha)
    session.save()


def _record_checks(session: Session, key: str, sha: str) -> None:
    """One verdict per head commit: a commit's verdict is updated until it settles, a new commit
    adds one (so three failing commits in a row make a streak)."""
    outcome = verdict(session.gh.commit_checks(sha)[1])
    history = session.state.judgement.checks.setdefault(key, [])
    if history and history[-1].sha == sha:
        history[-1].verdict = outcome
    elif outcome != NONE:
        history.append(CheckOutcome(sha=sha, verdict=outcome))
        del history[:-HISTORY]


def _checks_at(session: Session, ref: str) -> tuple[str, str]:
    """(sha, verdict) at a commit or branch; a ref GitHub cannot read counts as no checks."""
    try:
        sha, found = session.gh.commit_checks(ref)
    except GitHubError:
        return ref, NONE
    return sha, verdict(found)


def verify_integration(session: Session, plan: Plan) -> None:
    """The checks at each merged pull request's merge commit and at the default branch head."""
    state = session.state
    items = [
        IntegrationItem(key=key, pull=link.number, sha=link.merge_commit_sha,
                        verdict=_checks_at(session, link.merge_commit_sha)[1])
        for key in plan.ordered_keys() if key in state.tasks
        for link in state.tasks[key].merged_pulls if link.merge_commit_sha
    ]
    head: IntegrationItem | None = None
    branch = ""
    try:
        branch = session.gh.default_branch()
    except GitHubError:
        head = None  # said plainly in the summary: not verified
    else:
        sha, outcome = _checks_at(session, branch)
        head = IntegrationItem(key="", pull=0, sha=sha, verdict=outcome)
    state.judgement.verification = Verification(items=items, branch=branch, head=head)
    session.save()
