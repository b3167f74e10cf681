"""Performing the judgement's actions through the gateway (see `bot.coordination.execute`).

Native links are idempotent without reading first: a link is recorded once GitHub took it, and GitHub
refuses a duplicate (422), so a run that crashed after the request finds the link by listing the
issue's links once instead of failing. A link GitHub refuses for another reason (its 50-link limit
reached by hand) is noted in the roadmap and not asked again. A 404 on an issue the bot just created, or
a 403 "not accessible", says the repository takes no links at all (a server without issue
dependencies, an App without the permission): noted once, and no other link is asked for, in this pass or later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.coordination import actions as act
from bot.coordination.session import Session
from bot.coordination.texts import planned
from bot.domain.bookkeeping import Intent
from bot.gateway import GitHubError, best_effort
from bot.github_models import LabelSpec
from bot.render.judgement import escalation_comment

NEEDS_DECISION = LabelSpec(name="coordination:needs-decision", colour="e99695",
                           description="The coordination needs a person to decide")


def _add_link(session: Session, a: act.AddBlockedBy) -> None:
    task, blocker = session.state.tasks[a.key], session.state.tasks[a.blocking]
    number, blocking_id = task.issue_number, blocker.issue_id
    if session.state.judgement.links_unavailable:
        return  # an earlier link in this pass found the repository takes none
    if number is None or blocking_id is None:
        return  # its creation was put off (hourly limit): a later pass links it
    try:
        session.gh.add_blocked_by(number, blocking_id)
    except GitHubError as error:
        if _takes_no_links(error):
            _unavailable(session, error)
            return
        ambiguous = error.status is None or error.status >= 500
        if not (ambiguous or error.status == 422):
            raise
        linked = blocking_id in {issue.id for issue in session.gh.blocked_by(number)}  # 422: a duplicate?
        if ambiguous and not linked:
            raise
        if not linked:
            _refused(session, a, number, error)
            return
    session.state.judgement.links.setdefault(a.key, {})[a.blocking] = blocking_id
    session.save()


def _refused(session: Session, a: act.AddBlockedBy, number: int, error: GitHubError) -> None:
    session.state.judgement.refused[f"{a.key}:{a.blocking}"] = error.message[:200]
    session.note_problem(f"GitHub refused a native “blocked by” link on #{number} ({error}); the "
                         "dependency is still followed here.")
    session.save()


def _takes_no_links(error: GitHubError) -> bool:
    """404, or the 403 GitHub gives credentials without the permission ("Resource not accessible by
    integration"); a 403 rate limit the retries gave up on must not turn the links off for good."""
    if error.status == 403:
        return "not accessible" in error.message.lower()
    return error.status == 404


def _unavailable(session: Session, error: GitHubError) -> None:
    session.state.judgement.links_unavailable = error.message[:200] or str(error.status)
    session.note_problem(f"GitHub takes no native “blocked by” links in this repository ({error}); the "
                         "dependencies are followed here and shown in the roadmap and the sub-issues.")
    session.save()


def _remove_link(session: Session, a: act.RemoveBlockedBy) -> None:
    number = session.state.tasks[a.key].issue_number
    if number is not None:
        session.gh.remove_blocked_by(number, a.blocking_id)  # 404 (gone already) counts as done
    links = session.state.judgement.links.get(a.key, {})
    links.pop(a.blocking, None)
    if not links:
        session.state.judgement.links.pop(a.key, None)
    session.save()


def _needs_decision(session: Session, a: act.NeedsDecision) -> None:
    if a.on:
        with best_effort("create the needs-decision label"):
            session.gh.ensure_labels([NEEDS_DECISION])
        session.gh.add_labels(session.parent, [NEEDS_DECISION.name])
    else:
        session.gh.remove_label(session.parent, NEEDS_DECISION.name)
    a.apply(session.state)
    session.save()


def _escalate(session: Session, a: act.Escalate) -> None:
    """The plan's author is read once per plan (the issue's author) and mentioned in each cause's comment."""
    judgement = session.state.judgement
    if not judgement.author:
        judgement.author = session.gh.get_issue(session.parent).author
        session.save()
    session.post_once(session.parent, Intent.escalation(a.cause.ident),
                      escalation_comment(session.state, planned(session), a.cause, judgement.author))


def _state_only(session: Session, a: act.ForgetLinks | act.Judged) -> None:
    a.apply(session.state)
    session.save()


PERFORM_JUDGEMENT: dict[type[Any], Callable[[Session, Any], None]] = {
    act.AddBlockedBy: _add_link, act.RemoveBlockedBy: _remove_link, act.ForgetLinks: _state_only,
    act.NeedsDecision: _needs_decision, act.Escalate: _escalate, act.Judged: _state_only,
}
