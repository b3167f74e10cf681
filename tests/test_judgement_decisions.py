"""The judgement's decisions in the reconcile pass, table by table, with no server: a View in, actions out.

Same notation and plan as tests/test_reconcile.py (a; b after a; c after a and b; sub-issues #10-#12
with ids 1000-1200); only the judgement's actions are shown.
"""

from __future__ import annotations

import pytest

from bot.coordination import actions as act
from bot.coordination.decisions import Decisions, View
from bot.coordination.judgement import judge
from bot.coordination.reconcile import reconcile
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationState, CoordinationStatus, PullLink
from bot.domain.status import TaskStatus
from bot.judgement.stalled import observe
from tests.test_reconcile import JUDGEMENT, NOW, PLAN, delegated, view


def short(action: act.Action) -> str:
    match action:
        case act.AddBlockedBy(key=key, blocking=blocking):
            return f"link {key} after {blocking}"
        case act.RemoveBlockedBy(key=key, blocking=blocking, blocking_id=blocking_id):
            return f"unlink {key} after {blocking} ({blocking_id})"
        case act.ForgetLinks(key=key):
            return f"forget links of {key}"
        case act.NeedsDecision(on=on):
            return f"needs-decision {'on' if on else 'off'}"
        case act.Escalate(cause=cause):
            return f"escalate {cause.ident}"
        case act.PostOnce(intent=intent):
            return f"post {intent}"
        case act.NoteProblem():
            return "note"
        case _:
            return type(action).__name__


def judged(v: View) -> list[str]:
    d = Decisions(v)
    judge(d)
    return [short(a) for a in d.actions if not isinstance(a, act.Judged)]


def linked(**statuses: TaskStatus) -> CoordinationState:
    state = delegated(**statuses)
    state.judgement.links = {"b": {"a": 1000}, "c": {"a": 1000, "b": 1100}}
    return state


def skipped_b() -> CoordinationState:
    return linked(a=TaskStatus.DONE, b=TaskStatus.SKIPPED, c=TaskStatus.READY)


def conflicting() -> CoordinationState:
    state = linked(a=TaskStatus.IN_PROGRESS, b=TaskStatus.IN_PROGRESS)
    state.tasks["a"].pulls = [PullLink(number=20, head_sha="x")]
    state.tasks["b"].pulls = [PullLink(number=21, head_sha="y")]
    state.judgement.pull_files = {20: ["src/db.py"], 21: ["src/db.py", "README.md"]}
    return state


def labelled() -> CoordinationState:
    state = linked()
    state.judgement.labelled = True
    return state


def sent(state: CoordinationState, *intents: Intent) -> CoordinationState:
    state.sent.extend(intents)
    return state


@pytest.mark.parametrize(("case", "v", "expected"), [
    ("delegated: every dependency becomes one native link", view(delegated()),
     ["link b after a", "link c after a", "link c after b"]),
    ("links made: nothing to do", view(linked()), []),
    ("native dependencies off", view(delegated(), native_dependencies=False), []),
    ("the hour's room is kept for replies", view(delegated(), hourly_writes=500, write_room=(51, 60.0)),
     ["link b after a"]),
    ("b skipped: its link goes, and a decision is needed for c", view(skipped_b()),
     ["forget links of b", "unlink c after b (1100)", "needs-decision on", "escalate skipped-with-dependents:b"]),
    ("the escalation comment is posted once",
     view(sent(skipped_b(), Intent.escalation("skipped-with-dependents:b"))),
     ["forget links of b", "unlink c after b (1100)", "needs-decision on"]),
    ("the cause is gone: the label goes", view(labelled()), ["needs-decision off"]),
    ("cancelled: no escalation", view(labelled().model_copy(update={"status": CoordinationStatus.CANCELLED})),
     ["needs-decision off"]),
    ("two tasks' pull requests change one file: named on both, once", view(conflicting()),
     ["post conflict:20.21@20", "post conflict:20.21@21"]),
    ("conflict already named", view(sent(conflicting(), Intent.conflict("20.21", 20), Intent.conflict("20.21", 21))),
     []),
], ids=lambda value: value if isinstance(value, str) else "")
def test_judgement_decisions(case: str, v: View, expected: list[str]) -> None:
    assert judged(v) == expected, case


def test_the_pass_links_sub_issues_it_creates_itself() -> None:
    """Numbers and ids are assigned when the sub-issues are created: the links name tasks, not issues."""
    actions = reconcile(view(CoordinationState(repo="o/r", parent_number=1, plan=PLAN)))
    links = [short(a) for a in actions if isinstance(a, act.AddBlockedBy)]
    assert links == ["link b after a", "link c after a", "link c after b"]
    assert isinstance(actions[-1], act.RefreshRoadmap) and isinstance(actions[-2], act.Judged)  # first stamps
    stamped = linked()
    observe(stamped, NOW)
    assert not [a for a in reconcile(view(stamped)) if isinstance(a, act.Judged)]  # nothing new: no save
    assert all(isinstance(a, JUDGEMENT) for a in actions if type(a).__name__ in {"AddBlockedBy", "Judged"})
