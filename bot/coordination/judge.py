"""The coordinator's judgement, acted on: what `bot.judgement` decides, done through the gateway.

`judge` runs at the end of every job on a plan (after task progress is settled): it stamps when
tasks and pull requests got where they are, mirrors the dependencies as native links, names
conflicting pull requests once, and raises or lowers the escalation. `look` reads what GitHub sends
no event for (reviews, checks), for `coordinator sweep` and `/status`; `verify_integration` reads
the checks at every merge commit and the default branch head when the last task finishes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.coordination.native_links import sync_links
from bot.coordination.session import Session
from bot.domain.coordination import CoordinationStatus
from bot.domain.judgement import CheckOutcome, IntegrationItem, Verification
from bot.gateway import GitHubError, best_effort
from bot.github_models import LabelSpec
from bot.judgement.conflicts import conflicts
from bot.judgement.conventions import read_conventions
from bot.judgement.critical_path import critical_path
from bot.judgement.escalation import causes
from bot.judgement.review import review_state
from bot.judgement.stalled import observe, stalled
from bot.judgement.verification import verdict
from bot.render.judgement import Insight, conflict_comment, escalation_comment

NEEDS_DECISION = LabelSpec(name="coordination:needs-decision", colour="e99695",
                           description="The coordination needs a person to decide")
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


def judge(session: Session) -> None:
    """After every change: timestamps, native links, conflicts, escalation."""
    if session.state.plan is None:
        return
    if observe(session.state, datetime.now(UTC)):
        session.save()
    sync_links(session)
    _name_conflicts(session)
    escalate(session)


def insight(session: Session) -> Insight:
    """What the roadmap shows beyond progress."""
    state = session.state
    return Insight(critical_path=critical_path(state),
                   stalls=stalled(state, session.config.stalled, datetime.now(UTC)),
                   conflicts=conflicts(state), causes=causes(state))


def escalate(session: Session) -> None:
    """The label while any cause holds, and one comment per cause mentioning the plan's author."""
    state, judgement = session.state, session.state.judgement
    found = causes(state) if state.status is not CoordinationStatus.CANCELLED else []
    if found and not judgement.labelled:
        with best_effort("create the needs-decision label"):
            session.gh.ensure_labels([NEEDS_DECISION])
        session.gh.add_labels(session.parent, [NEEDS_DECISION.name])
        judgement.labelled = True
    elif not found and judgement.labelled:
        session.gh.remove_label(session.parent, NEEDS_DECISION.name)
        judgement.labelled = False
    judgement.escalated = [cause.ident for cause in found]
    session.save()
    for cause in found:
        if f"escalation:{cause.ident}" not in state.sent:
            session.post_once(session.parent, "escalation", cause.ident,
                              escalation_comment(state, cause, _author(session)))


def _author(session: Session) -> str:
    judgement = session.state.judgement
    if not judgement.author:
        judgement.author = session.gh.get_issue(session.parent).author
        session.save()
    return judgement.author


def _name_conflicts(session: Session) -> None:
    """Reads the files of open pull requests (once per head commit) when two tasks have one open, and
    names each conflicting pair once on both pull requests."""
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
    for conflict in conflicts(state):
        for here in conflict.pulls:
            session.post_once(here, "conflict", f"{conflict.ident}@{here}", conflict_comment(state, conflict, here))


def look(session: Session) -> None:
    """Reads the review state and checks of every open pull request of the plan (GitHub sends no
    timer events): two requests per pull request for checks, one for reviews."""
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
    elif outcome != "none":
        history.append(CheckOutcome(sha=sha, verdict=outcome))
        del history[:-HISTORY]


def verify_integration(session: Session) -> None:
    """The checks at each merged pull request's merge commit and at the default branch head."""
    state = session.state
    assert state.plan is not None
    items = [
        IntegrationItem(key=key, pull=link.number, sha=link.merge_commit_sha,
                        verdict=verdict(session.gh.commit_checks(link.merge_commit_sha)[1]))
        for key in state.plan.ordered_keys() if key in state.tasks
        for link in state.tasks[key].merged_pulls if link.merge_commit_sha
    ]
    head: IntegrationItem | None = None
    branch = ""
    try:
        branch = session.gh.default_branch()
        sha, checks = session.gh.commit_checks(branch)
        head = IntegrationItem(key="", pull=0, sha=sha, verdict=verdict(checks))
    except GitHubError:
        head = None  # said plainly in the summary: not verified
    state.judgement.verification = Verification(items=items, branch=branch, head=head)
    session.save()
