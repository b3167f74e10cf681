"""Deciding the coordinator's judgement in the reconcile pass (pure): native "blocked by" links,
conflicting pull requests named once, and the escalation label and comments.

The rules themselves live in `bot.judgement`; this module turns them into actions. Reads GitHub sends
no event for (reviews, checks, changed files, the checks at merge commits) are observed before the
pass (`bot.coordination.observation`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationStatus
from bot.judgement.conflicts import conflicts
from bot.judgement.dependencies import forgotten, link_changes
from bot.judgement.escalation import causes
from bot.judgement.stalled import stamps_due
from bot.render.judgement import conflict_comment


def judge(d: Decisions) -> None:
    """At the end of the pass, on the state its earlier steps leave."""
    native_links(d)
    name_conflicts(d)
    found = causes(d.state) if d.state.status is not CoordinationStatus.CANCELLED else []
    if bool(found) != d.state.judgement.labelled:
        d.emit(act.NeedsDecision(on=bool(found)))
    for cause in found:
        if Intent.escalation(cause.ident) not in d.state.sent:
            d.emit(act.Escalate(cause))
    if stamps_due(d.state):
        d.emit(act.Judged(now=d.view.now or datetime.now(UTC)))


def native_links(d: Decisions) -> None:
    """The plan's dependencies as GitHub's own links: removals first, then additions, within the hour's
    room (creation paced to the hourly limit makes the links wait with it)."""
    state = d.state
    if not d.view.native_dependencies or state.paced_until is not None or state.judgement.links_unavailable:
        return
    for key in forgotten(state):
        d.emit(act.ForgetLinks(key))
    decided = link_changes(state, d.has_issue)
    room, _ = d.view.write_room
    budget = None if room is None or not d.view.hourly_writes else room - d.view.hourly_writes // 10 - d.writes
    for change in decided.changes:
        if change.add and f"{change.key}:{change.blocking}" in state.judgement.refused:
            continue
        if budget is not None and budget < 1:
            break  # the next event (or the resumption) goes on
        budget = None if budget is None else budget - 1
        if change.add:
            d.emit(act.AddBlockedBy(change.key, change.blocking))
        else:
            d.emit(act.RemoveBlockedBy(change.key, change.blocking, change.blocking_id))
    if decided.left_out:
        keys = ", ".join(f"#{state.tasks[key].issue_number}" for key in decided.left_out)
        text = (f"GitHub allows 50 “blocked by” links per issue and per blocker: some links of {keys} are not "
                "shown natively (the roadmap's graph has them all).")
        if text not in {problem.text for problem in state.problems}:
            d.emit(act.NoteProblem(text))


def name_conflicts(d: Decisions) -> None:
    """Each pair of conflicting pull requests once on both of them (files observed before the pass)."""
    for conflict in conflicts(d.state):
        for here in conflict.pulls:
            intent = Intent.conflict(conflict.ident, here)
            if intent not in d.state.sent:
                d.emit(act.PostOnce(intent, conflict_comment(d.state, d.plan, conflict, here), issue=here))
