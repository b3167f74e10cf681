"""Performing decided actions through the gateway, recording intent first.

The one place that writes to GitHub for the coordination (`creation` performs the creating and
attaching). Each action's state change is saved before its request when a crash after the
request must not repeat it (a comment being posted, a status moved), and after the request when
the change only holds once GitHub took it (assigned, a commit status set). Reactions to GitHub's
answer live here too: assignees GitHub refuses are noted, not fatal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from bot.coordination import actions as act
from bot.coordination.creation import attach, attach_group, create_group, create_subissue, refused_assignees
from bot.coordination.execute_judgement import PERFORM_JUDGEMENT
from bot.coordination.pulls import STATUS_CONTEXT
from bot.coordination.roadmap import refresh_roadmap, reporting_failures
from bot.coordination.session import Session
from bot.coordination.texts import commit_status_description, planned, subissue_body, summary
from bot.domain.bookkeeping import CommentKind, ProblemKind
from bot.domain.coordination import TaskState
from bot.gateway import GitHubError, best_effort
from bot.render.text import safe_title

log = logging.getLogger(__name__)

ROADMAP_REFRESH_SECONDS = 15.0


def execute(session: Session, actions: Sequence[act.Action]) -> None:
    """Performs `actions` in order. A GitHub failure before `WithdrawUnfinished` (the end of the
    reconcile pass's delegation) is reported in the roadmap, then raised: the delivery fails, and
    the next event, a redelivery or `/coordinate` picks the work up where it stopped."""
    end = next((i for i, action in enumerate(actions) if isinstance(action, act.WithdrawUnfinished)), -1)
    if end >= 0:
        with reporting_failures(session):
            _perform_all(session, actions[:end])
    _perform_all(session, actions[max(end, 0):])


def _perform_all(session: Session, actions: Sequence[act.Action]) -> None:
    """A long creation refreshes the roadmap every few seconds, so that people see it progress."""
    last_refresh = time.monotonic()
    for action in actions:
        if isinstance(action, act.CreateSubIssue) and time.monotonic() - last_refresh > ROADMAP_REFRESH_SECONDS:
            refresh_roadmap(session)
            last_refresh = time.monotonic()
        _PERFORM[type(action)](session, action)


def _task(session: Session, key: str) -> TaskState:
    return session.state.tasks[key]


def _number(session: Session, key: str) -> int:
    number = _task(session, key).issue_number
    if number is None:
        raise LookupError(f"task {key} has no sub-issue")  # a decision that skipped its own check
    return number


def _close(session: Session, a: act.CloseIssue) -> None:
    if a.if_open and session.gh.get_issue(a.number).state != "open":
        return
    session.gh.edit_issue(a.number, state="closed", state_reason=a.reason)


def _reopen(session: Session, a: act.ReopenIssue) -> None:
    session.gh.edit_issue(a.number, state="open")


def _forget(session: Session, a: act.ForgetTask) -> None:
    del session.state.tasks[a.key]
    session.save()


def _record_finished(session: Session, a: act.RecordFinished) -> None:
    for key, status in a.statuses:
        session.state.tasks[key] = TaskState(key=key, status=status)
    session.save()


def _start_grouping(session: Session, a: act.StartGrouping) -> None:
    session.state.grouped = True


def _ensure_labels(session: Session, a: act.EnsureLabels) -> None:
    with best_effort("create the labels (GitHub creates missing ones without colour)"):
        session.gh.ensure_labels(list(a.specs))


def _pace(session: Session, a: act.PaceCreation) -> None:
    session.state.paced_until, session.state.paced_finish = a.until, a.finish
    session.save()
    if session.services.scheduler is not None:
        session.services.scheduler.resume(session.state.repo, session.parent, session.state.installation_id,
                                          a.resume_in)


def _end_pacing(session: Session, a: act.EndPacing) -> None:
    session.state.paced_until = session.state.paced_finish = None
    session.save()


def _move(session: Session, a: act.MoveStatus) -> None:
    task = _task(session, a.key)
    if task.status is a.status:
        return
    previous, task.status = task.status, a.status
    session.save()
    if task.issue_number is not None:
        session.gh.remove_label(task.issue_number, previous.label)
        session.gh.add_labels(task.issue_number, [a.status.label])


def _set_body(session: Session, a: act.SetBody) -> None:
    title = safe_title(planned(session).task(a.key).title) if a.title else None
    session.gh.edit_issue(_number(session, a.key), title=title, body=subissue_body(session, a.key))


def _move_agent(session: Session, a: act.MoveAgentLabel) -> None:
    number = _number(session, a.key)
    session.gh.remove_label(number, a.old_label)
    session.gh.add_labels(number, [a.new_label])
    if a.unassign:
        session.gh.set_assignees(number, [])


def _post_once(session: Session, a: act.PostOnce) -> None:
    number = a.issue if a.issue is not None else _number(session, a.task or "")
    session.post_once(number, a.intent, a.body)


def _mark_sent(session: Session, a: act.MarkSent) -> None:
    session.mark_sent(a.intent)


def _upsert(session: Session, a: act.UpsertComment) -> None:
    session.upsert_comment(a.kind, a.body)


def _roadmap(session: Session, a: act.RefreshRoadmap) -> None:
    refresh_roadmap(session)


def _summary(session: Session, a: act.PostSummary) -> None:
    session.upsert_comment(CommentKind.SUMMARY, summary(session))


def _assign(session: Session, a: act.Assign) -> None:
    try:
        session.gh.set_assignees(_number(session, a.key), list(a.logins))
    except GitHubError as error:
        if not error.refuses_assignees:
            raise
        refused_assignees(session, a.key, list(a.logins))
    _task(session, a.key).assigned = True
    session.save()


def _hand_over(session: Session, a: act.SetHandOver) -> None:
    task = _task(session, a.key)
    task.handed_over = a.handed_over
    task.assigned = task.assigned if a.assigned is None else a.assigned
    session.save()


def _commit_status(session: Session, a: act.SetCommitStatus) -> None:
    session.gh.set_status(a.sha, a.state, STATUS_CONTEXT, commit_status_description(session, a.missing))
    for key in a.keys:
        link = _task(session, key).pull(a.pull)
        if link is not None:
            link.commit_status = a.stamp
    session.save()


def _lift_status(session: Session, a: act.LiftStatus) -> None:
    session.gh.set_status(a.sha, "success", STATUS_CONTEXT, "Not linked to a coordinated task any more")


def _coordination_status(session: Session, a: act.SetCoordinationStatus) -> None:
    session.state.status = a.status
    session.save()


def _note(session: Session, a: act.NoteProblem) -> None:
    session.note_problem(a.text)


def _withdraw(session: Session, a: act.WithdrawUnfinished) -> None:
    if session.state.withdraw(ProblemKind.UNFINISHED):
        session.save()


def _record(session: Session, a: act.LinkPull | act.RecordMerge | act.UnlinkPull | act.OverrideAgent) -> None:
    a.apply(session.state)
    session.save()


_PERFORM: dict[type[Any], Callable[[Session, Any], None]] = {
    act.CloseIssue: _close, act.ReopenIssue: _reopen, act.ForgetTask: _forget, act.RecordFinished: _record_finished,
    act.StartGrouping: _start_grouping, act.EnsureLabels: _ensure_labels, act.CreateSubIssue: create_subissue,
    act.CreateGroup: create_group, act.AttachGroup: attach_group, act.AttachSubIssue: attach,
    act.PaceCreation: _pace, act.EndPacing: _end_pacing, act.MoveStatus: _move, act.SetBody: _set_body,
    act.MoveAgentLabel: _move_agent, act.PostOnce: _post_once, act.MarkSent: _mark_sent, act.UpsertComment: _upsert,
    act.RefreshRoadmap: _roadmap, act.PostSummary: _summary, act.Assign: _assign, act.SetHandOver: _hand_over,
    act.SetCommitStatus: _commit_status, act.LiftStatus: _lift_status,
    act.SetCoordinationStatus: _coordination_status, act.NoteProblem: _note, act.WithdrawUnfinished: _withdraw,
    act.LinkPull: _record, act.RecordMerge: _record, act.UnlinkPull: _record, act.OverrideAgent: _record,
    **PERFORM_JUDGEMENT,
}
