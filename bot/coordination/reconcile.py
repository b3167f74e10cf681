"""The reconcile pass: from a view of one planned coordination to the actions that bring GitHub in
line with it. Pure; every job on a coordination ends with it, after its event's own decisions.

In order: close the sub-issues of dropped tasks, create and attach what is missing, let statuses
follow prerequisites (announcing and handing over what became ready), hand over what is still
waiting for it, let open pull requests' commit statuses follow, wrap up (or reopen) the plan, and
refresh the roadmap. The first four only while the coordination is active; a GitHub failure
among them is reported in the roadmap (`WithdrawUnfinished` marks their end).
"""

from __future__ import annotations

from bot.coordination import actions as act
from bot.coordination.completion import complete_or_reopen
from bot.coordination.decisions import Decisions, View
from bot.coordination.delegation import delegate
from bot.coordination.handover import hand_over_ready
from bot.coordination.judgement import judge
from bot.coordination.progress import settle
from bot.coordination.pulls import commit_statuses
from bot.coordination.replan import close_dropped
from bot.domain.coordination import CoordinationStatus


def reconcile(view: View, decided: Decisions | None = None) -> list[act.Action]:
    """The pass's actions; after `decided` (an event's own actions, projected) when given."""
    d = decided if decided is not None else Decisions(view)
    start = len(d.actions)
    if d.state.status is CoordinationStatus.ACTIVE:
        close_dropped(d)
        delegate(d)
        settle(d)
        hand_over_ready(d)
        d.emit(act.WithdrawUnfinished())
    commit_statuses(d)
    complete_or_reopen(d)
    judge(d)
    d.emit(act.RefreshRoadmap())
    return d.actions[start:]
