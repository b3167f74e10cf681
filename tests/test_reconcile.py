"""The decisions, table by table, with no server: a View in, typed actions out.

Each case names an event kind, the coordination it meets, and the actions decided for the event
followed by the reconcile pass every job ends with. Actions are shown in a short notation
(`create a ready`, `move b ready`, `post handover:b`…) so that a table reads like the story.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.coordination import actions as act
from bot.coordination import progress, pulls, replan, steering
from bot.coordination.decisions import Decisions, View
from bot.coordination.reconcile import reconcile
from bot.domain import DEFAULT_ROLES, Plan, Task
from bot.domain.bookkeeping import Intent
from bot.domain.coordination import CoordinationState, CoordinationStatus, PullLink, PullState, TaskState
from bot.domain.roles import RoleSet
from bot.domain.status import TaskStatus

PARENT = 1
NOW = datetime(2026, 1, 1, tzinfo=UTC)
# Datatypes work is assigned and mentioned; cloud-primitives work is only labelled.
ROLES = RoleSet(roles=tuple(
    role.model_copy(update={"assignees": ("dana",), "mention": "@data-bot"}) if role.slug == "datatypes" else role
    for role in DEFAULT_ROLES.roles))


def task(key: str, agent: str = "datatypes", after: tuple[str, ...] = (), state: str = "open") -> Task:
    return Task(key=key, title=f"Task {key}", agent=agent, depends_on=after, state=state)


# a: datatypes, ready at once; b: cloud-primitives, after a; c: datatypes, after a and b
PLAN = Plan(title="Plan", tasks=(task("a"), task("b", "cloud-primitives", ("a",)), task("c", after=("a", "b"))))


def delegated(**statuses: TaskStatus) -> CoordinationState:
    """The plan with every sub-issue created and attached (#10, #11, #12), ready work handed over."""
    state = CoordinationState(repo="o/r", parent_number=PARENT, plan=PLAN)
    for number, key in enumerate(PLAN.keys, start=10):
        status = statuses.get(key, TaskStatus.READY if key == "a" else TaskStatus.BLOCKED)
        state.tasks[key] = TaskState(key=key, issue_number=number, issue_id=number * 100, attached=True,
                                     status=status, assigned=status is TaskStatus.READY,
                                     handed_over=status is TaskStatus.READY)
    return state


def view(state: CoordinationState, **kwargs: object) -> View:
    plan = state.plan or PLAN
    return View(state=state, plan=plan, roles=ROLES, now=NOW, **kwargs)  # type: ignore[arg-type]


def short(action: act.Action) -> str:
    """One action in the tables' notation."""
    match action:
        case act.CreateSubIssue(key=key, status=status, assignees=assignees):
            return f"create {key} {status.value}" + (f" @{','.join(assignees)}" if assignees else "")
        case act.AttachSubIssue(key=key, group=group):
            return f"attach {key}" + (f" to part {group}" if group is not None else "")
        case act.MoveStatus(key=key, status=status):
            return f"move {key} {status.value}"
        case act.PostOnce(intent=intent):
            return f"post {intent}"
        case act.Assign(key=key, logins=logins):
            return f"assign {key} {','.join(logins)}"
        case act.SetHandOver(key=key, handed_over=handed_over):
            return f"{'handed' if handed_over else 'unhand'} {key}"
        case act.SetBody(key=key, title=title):
            return f"body {key}" + (" and title" if title else "")
        case act.CloseIssue(number=number, reason=reason, if_open=if_open):
            return f"close #{number} {reason}" + (" if open" if if_open else "")
        case act.SetCommitStatus(pull=pull, state=state, missing=missing):
            return f"status !{pull} {state}" + (f" waiting {','.join(missing)}" if missing else "")
        case act.LinkPull(key=key, number=number, state=state):
            return f"link {key} !{number} {state.value}"
        case act.SetCoordinationStatus(status=status):
            return f"coordination {status.value}"
        case act.RecordFinished(statuses=statuses):
            return "finished " + ",".join(f"{key}={status.value}" for key, status in statuses)
        case act.ForgetTask(key=key):
            return f"forget {key}"
        case act.RefreshRoadmap():
            return "roadmap"
        case act.WithdrawUnfinished():
            return "delegated"
        case _:
            return type(action).__name__


# The judgement's actions (native links, escalation, its records) have their own tables in
# tests/test_judgement_decisions.py; these tables tell the story of progress without them.
JUDGEMENT = (act.AddBlockedBy, act.RemoveBlockedBy, act.ForgetLinks, act.NeedsDecision, act.Escalate, act.Judged)


def run(v: View, event: Callable[[Decisions], object] | None = None) -> list[str]:
    """The event's decisions, then the pass on the state they leave."""
    d = Decisions(v)
    if event is not None:
        event(d)
    event_actions = [short(a) for a in d.actions]
    return event_actions + ["|"] + [short(a) for a in reconcile(v, d) if not isinstance(a, JUDGEMENT)]


PASS_END = ["delegated", "roadmap"]


@pytest.mark.parametrize(("case", "state", "event", "expected"), [
    ("label added: a new plan is delegated, ready work handed over",
     CoordinationState(repo="o/r", parent_number=PARENT, plan=PLAN), None,
     ["|", "roadmap", "EnsureLabels", "create a ready @dana", "attach a", "create b blocked", "attach b",
      "create c blocked", "attach c", "post handover:a", "handed a", *PASS_END]),
    ("label redelivered: nothing left to do", delegated(), None, ["|", *PASS_END]),
    ("sub-issue closed as done: b is released and announced",
     delegated(), lambda d: progress.closed(d, "a", TaskStatus.DONE, []),
     ["move a done", "move b ready", "body b", "post unblocked:b", "handed b", "|", *PASS_END]),
    ("sub-issue closed while paused: nothing turns ready",
     delegated().model_copy(update={"status": CoordinationStatus.PAUSED}),
     lambda d: progress.closed(d, "a", TaskStatus.DONE, []), ["move a done", "|", "roadmap"]),
    ("sub-issue reopened: its dependents wait again",
     delegated(a=TaskStatus.DONE, b=TaskStatus.READY), lambda d: progress.restart(d, "a"),
     ["move a blocked", "move a ready", "move b blocked", "body a", "assign a dana", "post handover:a", "handed a",
      "|", *PASS_END]),
    ("/skip a: skipped counts as finished, b is handed over",
     delegated(), lambda d: steering.skip(d, "a"),
     ["move a skipped", "move b ready", "body b", "post unblocked:b", "handed b", "close #10 not_planned",
      "|", *PASS_END]),
    ("/retry a: a new hand-over comment, assignees set again",
     delegated(), lambda d: steering.retry(d, "a"),
     ["unhand a", "assign a dana", "post handover:a", "handed a", "|", *PASS_END]),
    ("/pause", delegated(), steering.pause, ["coordination paused", "|", "roadmap"]),
    ("/cancel: open sub-issues closed as not planned",
     delegated(a=TaskStatus.DONE), steering.cancel,
     ["coordination cancelled", "move b skipped", "close #11 not_planned", "move c skipped",
      "close #12 not_planned", "|", "roadmap"]),
])
def test_event_then_pass(case: str, state: CoordinationState, event: Callable[[Decisions], object] | None,
                         expected: list[str]) -> None:
    assert run(view(state), event) == expected, case


def _state_with_pull(status: TaskStatus, link: PullState = PullState.OPEN, stamp: str = "") -> CoordinationState:
    state = delegated(b=status)
    state.tasks["b"].pulls.append(PullLink(number=7, state=link, head_sha="abc", commit_status=stamp))
    return state


PULL = pulls.PullView(number=7, html_url="u", head_sha="abc", merge_commit_sha="m", closes=frozenset({11}))


@pytest.mark.parametrize(("case", "state", "event", "expected"), [
    ("PR opened for b: in progress, review aid, pending on a",
     delegated(), lambda d: pulls.opened(d, ["b"], PULL),
     ["link b !7 open", "move b in-progress", "post review-aid:7.b", "status !7 pending waiting a", "|", *PASS_END]),
    ("PR merged with `Closes #11`: done, GitHub closes the sub-issue, c still waits for a",
     _state_with_pull(TaskStatus.IN_PROGRESS), lambda d: pulls.merged(d, ["b"], PULL, ["x.py"]),
     ["link b !7 merged", "NoteProblem", "move b done", "|", *PASS_END]),
    ("PR merged linking by branch name: the bot closes the sub-issue if it is open",
     _state_with_pull(TaskStatus.IN_PROGRESS, PullState.OPEN),
     lambda d: pulls.merged(d, ["b"], PULL.__class__(7, "u", "abc", "m", frozenset()), []),
     ["link b !7 merged", "NoteProblem", "move b done", "close #11 completed if open", "|", *PASS_END]),
    ("PR closed unmerged: b waits again", _state_with_pull(TaskStatus.IN_PROGRESS),
     lambda d: pulls.closed_unmerged(d, ["b"], PULL), ["link b !7 closed", "move b blocked", "|", *PASS_END]),
    ("PR edited to drop the link: b released, the pending status lifted",
     _state_with_pull(TaskStatus.IN_PROGRESS, stamp="abc:pending:a"), lambda d: pulls.unlinked(d, ["b"], 7),
     ["UnlinkPull", "move b blocked", "LiftStatus", "|", *PASS_END]),
])
def test_pull_requests(case: str, state: CoordinationState, event: Callable[[Decisions], object],
                       expected: list[str]) -> None:
    assert run(view(state), event) == expected, case


def test_the_pass_keeps_an_open_pull_request_s_status_in_line_with_its_prerequisites() -> None:
    state = _state_with_pull(TaskStatus.IN_PROGRESS)
    state.tasks["b"].pulls[0].commit_status = "abc:pending:a"
    assert run(view(state)) == ["|", *PASS_END]
    state.tasks["a"].status = TaskStatus.DONE
    assert run(view(state)) == ["|", "body b", "post unblocked:b", "delegated", "status !7 success", "roadmap"]


def test_replan_rewrites_changed_tasks_and_closes_removed_ones() -> None:
    state = delegated()
    new = Plan(title="Plan", tasks=(task("a", "cloud-primitives"), task("b", "cloud-primitives", ("a",))))
    plan, diff = replan.next_plan(state, new)
    assert (diff.changed, diff.removed, diff.closed) == (["a"], ["c"], {"c": 12})
    state.plan = plan
    assert run(view(state), lambda d: replan.apply_plan(d, PLAN, diff)) == [
        "close #12 not_planned", "forget c", "body a and title", "unhand a", "MoveAgentLabel", "handed a",
        "|", *PASS_END]


def test_the_plan_s_own_finished_tasks_are_recorded_never_delegated() -> None:
    plan = Plan(title="Plan", tasks=(task("a", state="done"), task("b", "cloud-primitives", ("a",))))
    state = CoordinationState(repo="o/r", parent_number=PARENT, plan=plan)
    assert run(view(state)) == ["|", "finished a=done", "roadmap", "EnsureLabels", "create b ready", "attach b",
                                "handed b", *PASS_END]


def test_everything_finished_posts_the_summary_and_completes() -> None:
    state = delegated(a=TaskStatus.DONE, b=TaskStatus.DONE, c=TaskStatus.SKIPPED)
    assert run(view(state, close_parent_when_done=True)) == [
        "|", "delegated", "PostSummary", f"close #{PARENT} completed", "coordination completed", "roadmap"]
    state.status = CoordinationStatus.COMPLETED
    state.tasks["c"].status = TaskStatus.READY
    assert run(view(state, close_parent_when_done=True)) == [
        "|", "coordination active", "ReopenIssue", "roadmap"]


def test_the_hourly_write_limit_stops_creation_and_says_when_it_goes_on() -> None:
    state = CoordinationState(repo="o/r", parent_number=PARENT, plan=PLAN)
    room = 1 + len(ROLES.roles) + 5 + 3 + 50  # roadmap, labels, one task (create + attach) and the reserve
    actions = reconcile(view(state, hourly_writes=500, write_room=(room, 600.0)))
    assert [short(a) for a in actions][:6] == ["roadmap", "EnsureLabels", "create a ready @dana", "attach a",
                                               "PaceCreation", "post handover:a"]
    pace = next(a for a in actions if isinstance(a, act.PaceCreation))
    assert pace.resume_in == 601.0 and pace.until < pace.finish


def test_a_plan_over_100_tasks_hangs_its_tasks_from_parts() -> None:
    plan = Plan(title="Big", tasks=tuple(task(f"t{n}") for n in range(101)))
    state = CoordinationState(repo="o/r", parent_number=PARENT, plan=plan)
    names = [short(a) for a in reconcile(view(state))]
    assert names[:6] == ["StartGrouping", "roadmap", "EnsureLabels", "create t0 ready @dana", "CreateGroup",
                         "AttachGroup"]
    assert names.count("CreateGroup") == 2 and "attach t100 to part 1" in names


def test_a_rebuilt_database_learns_from_github_that_unblocked_was_already_posted() -> None:
    state = delegated(a=TaskStatus.DONE, b=TaskStatus.IN_PROGRESS)
    assert run(view(state)) == ["|", "body b", "post unblocked:b", *PASS_END]
    assert run(view(state, announced=frozenset({"b"}))) == ["|", "MarkSent", *PASS_END]


def test_a_second_hand_over_gets_a_new_intent() -> None:
    state = delegated()
    state.sent.append(Intent.handover("a"))
    d = Decisions(view(state))
    steering.retry(d, "a")
    assert Intent.handover("a", 1) in [a.intent for a in d.actions if isinstance(a, act.PostOnce)]


def test_skip_replies_with_what_it_unblocked() -> None:
    d = Decisions(view(delegated()))
    assert steering.skip(d, "a") == "Skipped **Task a** (#10). Unblocked: **Task b** (#11)."
    assert steering.skip(Decisions(view(d.state)), "a") == "**Task a** (#10) is already skipped."
