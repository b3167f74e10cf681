"""Running decisions: observe what the decisions need, decide (pure), then execute.

`run_pass` is the reconcile pass every job on a coordination ends with; `act` runs one event's
decisions (a command, a pull request, a closed sub-issue) before it. Both observe afresh, so a
decision always sees what the previous one performed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from bot.coordination.decisions import Decisions, View
from bot.coordination.execute import execute
from bot.coordination.observation import observe
from bot.coordination.reconcile import reconcile
from bot.coordination.session import Session
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationStatus
from bot.domain.plan import Plan
from bot.domain.status import TaskStatus
from bot.markers import has_comment_marker

T = TypeVar("T")


def view_of(session: Session, *, unplanned: bool = False) -> View | None:
    """The view of a planned coordination; None before it has a plan (nothing to decide then),
    unless `unplanned` asks to see it as a plan with no tasks (for `/pause`, `/cancel`…)."""
    state, plan = session.state, session.state.plan
    if plan is None and not unplanned:
        return None
    if plan is None:
        plan = Plan(title="", tasks=())
    return View(state=state, plan=plan, roles=session.roles,
                close_parent_when_done=session.config.close_parent_when_done,
                native_dependencies=session.config.native_dependencies,
                hourly_writes=session.services.settings.hourly_writes, write_room=session.gh.write_room(),
                now=datetime.now(UTC), announced=_announced(session))


def _announced(session: Session) -> frozenset[str]:
    """Tasks in progress, all prerequisites finished, whose "unblocked" comment the state has no
    record of: GitHub is asked (their sub-issue's comments) only for those, which happens after a
    rebuilt database; once seen, the decision records it and nothing is asked again."""
    state, plan = session.state, session.state.plan
    if plan is None or state.status not in (CoordinationStatus.ACTIVE, CoordinationStatus.PAUSED):
        return frozenset()
    found = set()
    for key, task in state.tasks.items():
        intent = Intent.unblocked(key)
        if (task.status is not TaskStatus.IN_PROGRESS or task.issue_number is None or key not in plan.keys
                or not plan.task(key).depends_on or intent in state.sent or state.missing_prerequisites(key)):
            continue
        comments = session.gh.own_comments(task.issue_number)
        if has_comment_marker((c.body for c in comments), intent.kind.value, intent.detail):
            found.add(key)
    return frozenset(found)


def run_pass(session: Session) -> None:
    """The reconcile pass: no request at all when GitHub already shows what the plan wants."""
    plan = session.state.plan
    if plan is not None:
        observe(session, plan)  # what the judgement reads first: changed files, checks at the end
    view = view_of(session)
    if view is not None:
        execute(session, reconcile(view))


def act(session: Session, decide: Callable[[Decisions], T], *, unplanned: bool = False) -> T | None:
    """Decides one event's actions on a planned coordination and performs them; returns what
    `decide` returned (a reply's sentence), or None when there is no plan to decide on."""
    view = view_of(session, unplanned=unplanned)
    if view is None:
        return None
    decisions = Decisions(view)
    result = decide(decisions)
    execute(session, decisions.actions)
    return result
