"""The coordinator's judgement as pure decisions: no server, state in and decisions out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.coordination import CoordinationState, PullLink, PullState, TaskState
from bot.domain.judgement import CheckOutcome, Conventions, IntegrationItem, Verification
from bot.domain.plan import Plan, Task
from bot.domain.status import TaskStatus
from bot.github_models import CheckRecord, ReviewRecord
from bot.judgement.conflicts import conflicts
from bot.judgement.conventions import read_conventions
from bot.judgement.critical_path import critical_path
from bot.judgement.dependencies import LINK_LIMIT, forgotten, link_changes, wanted_links
from bot.judgement.escalation import causes
from bot.judgement.review import APPROVED, CHANGES_REQUESTED, COMMENTED, NO_REVIEW, review_state
from bot.judgement.stalled import observe, stalled, stamps_due
from bot.judgement.testing_gaps import untested_features, untested_note
from bot.judgement.verification import FAILURE, NONE, PENDING, SUCCESS, failure_streak, verdict
from bot.repo_config import StalledThresholds

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def task(key: str, *deps: str, agent: str = "feature-implementation", phase: str = "", state: str = "open") -> Task:
    return Task(key=key, title=key.title(), agent=agent, depends_on=deps, phase=phase, state=state)


def coordination(*tasks: Task, statuses: dict[str, TaskStatus] | None = None) -> CoordinationState:
    """Every task has a sub-issue: number 10 + position, id 1000 + position."""
    plan = Plan(title="Plan", tasks=tasks)
    state = CoordinationState(repo="o/r", parent_number=1, plan=plan)
    for position, spec in enumerate(tasks):
        status = (statuses or {}).get(spec.key, TaskStatus.BLOCKED)
        state.tasks[spec.key] = TaskState(key=spec.key, issue_number=10 + position, issue_id=1000 + position,
                                          status=status)
    return state


# --------------------------------------------------------------------------- native dependencies


def test_every_dependency_is_one_link() -> None:
    state = coordination(task("a"), task("b"), task("c", "a", "b"))
    wanted, left_out = wanted_links(state)
    assert wanted == {"a": [], "b": [], "c": ["a", "b"]} and left_out == []
    changes = link_changes(state).changes
    assert [(c.key, c.blocking, c.add) for c in changes] == [("c", "a", True), ("c", "b", True)]


def test_links_wait_for_both_sub_issues() -> None:
    state = coordination(task("a"), task("b", "a"))
    state.tasks["a"].issue_number = None
    assert link_changes(state).changes == []
    assert [c.blocking for c in link_changes(state, lambda key: True).changes] == ["a"]  # created in this pass


def test_recorded_links_are_not_sent_again_and_skipped_or_dropped_blockers_are_unlinked() -> None:
    state = coordination(task("a"), task("b"), task("c", "a", "b"), statuses={"b": TaskStatus.SKIPPED})
    state.judgement.links = {"c": {"a": 1000, "b": 1001, "gone": 999}}  # gone: a task the plan dropped
    changes = link_changes(state).changes
    assert [(c.blocking, c.blocking_id, c.add) for c in changes] == [("b", 1001, False), ("gone", 999, False)]
    state.tasks["c"].status = TaskStatus.SKIPPED
    assert link_changes(state).changes == [] and forgotten(state) == ["c"]


def test_github_link_limit_is_respected_and_reported() -> None:
    blockers = [task(f"t{n}") for n in range(LINK_LIMIT + 2)]
    state = coordination(*blockers, task("last", *(t.key for t in blockers)))
    wanted, left_out = wanted_links(state)
    assert len(wanted["last"]) == LINK_LIMIT and left_out == ["last"]


# --------------------------------------------------------------------------- critical path, stalled


def test_critical_path_is_the_longest_unfinished_chain() -> None:
    state = coordination(task("a"), task("b", "a"), task("c", "b"), task("x"), task("y", "x"),
                         statuses={"a": TaskStatus.DONE})
    assert critical_path(state) == ["b", "c"]
    for key in ("b", "c", "x", "y"):
        state.tasks[key].status = TaskStatus.DONE
    assert critical_path(state) == []


def test_stalled_ready_task_and_unreviewed_pull_request() -> None:
    state = coordination(task("a"), task("b"), statuses={"a": TaskStatus.READY, "b": TaskStatus.IN_PROGRESS})
    state.tasks["b"].pulls = [PullLink(number=7, state="open", head_sha="s1")]
    assert stamps_due(state) and observe(state, NOW - timedelta(days=4)) is True
    assert not stamps_due(state) and observe(state, NOW) is False
    found = stalled(state, StalledThresholds(ready_without_pr_days=3, pr_without_review_days=2), NOW)
    assert [(s.key, s.kind, int(s.days), s.pull) for s in found] == [
        ("a", "ready-without-pr", 4, None), ("b", "pr-without-review", 4, 7)]
    state.judgement.reviews[7] = APPROVED
    state.judgement.checks["b"] = [CheckOutcome(sha="s1", verdict=FAILURE)]
    found = stalled(state, StalledThresholds(ready_without_pr_days=5), NOW)
    assert [(s.key, s.kind) for s in found] == [("b", "failing-checks")]


def test_observe_restamps_a_status_change_and_forgets_closed_pulls() -> None:
    state = coordination(task("a"), statuses={"a": TaskStatus.READY})
    state.tasks["a"].pulls = [PullLink(number=7, state="open")]
    observe(state, NOW - timedelta(days=9))
    state.tasks["a"].status = TaskStatus.IN_PROGRESS
    state.tasks["a"].pulls[0].state = PullState.CLOSED
    assert observe(state, NOW)
    assert state.judgement.status_since["a"] == ("in-progress", NOW) and state.judgement.pulls_seen == {}


# --------------------------------------------------------------------------- conflicts, review, checks


def test_conflicts_are_pairs_of_different_tasks_sharing_files() -> None:
    state = coordination(task("a"), task("b"), task("c"))
    state.tasks["a"].pulls = [PullLink(number=5), PullLink(number=6)]
    state.tasks["b"].pulls = [PullLink(number=8)]
    state.tasks["c"].pulls = [PullLink(number=9, state="merged")]
    state.judgement.pull_files = {5: ["x.py", "y.py"], 6: ["x.py"], 8: ["y.py", "z.py"], 9: ["y.py"]}
    found = conflicts(state)
    assert [(c.pulls, c.keys, c.files) for c in found] == [((5, 8), ("a", "b"), ("y.py",))]
    assert found[0].ident == "5.8"


def test_review_state_follows_each_reviewers_latest_decision() -> None:
    def review(author: str, state: str) -> ReviewRecord:
        return ReviewRecord(author=author, state=state)

    assert review_state([]) == NO_REVIEW
    assert review_state([review("a", "COMMENTED")]) == COMMENTED
    assert review_state([review("a", "CHANGES_REQUESTED"), review("a", "APPROVED")]) == APPROVED
    assert review_state([review("a", "APPROVED"), review("b", "CHANGES_REQUESTED")]) == CHANGES_REQUESTED
    assert review_state([review("a", "CHANGES_REQUESTED"), review("a", "DISMISSED")]) == NO_REVIEW
    assert review_state([review("a", "APPROVED"), review("a", "COMMENTED")]) == APPROVED


def test_verdict_combines_statuses_and_check_runs() -> None:
    def status(state: str) -> CheckRecord:
        return CheckRecord(source="status", name="ci", state=state)

    def run(state: str, conclusion: str | None = None) -> CheckRecord:
        return CheckRecord(source="check_run", name="build", state=state, conclusion=conclusion)

    assert verdict([]) == NONE
    assert verdict([status("success"), run("completed", "skipped")]) == SUCCESS
    assert verdict([status("success"), run("in_progress")]) == PENDING
    assert verdict([status("error"), run("in_progress")]) == FAILURE
    assert verdict([run("completed", "timed_out")]) == FAILURE
    assert failure_streak([("a", FAILURE), ("b", SUCCESS), ("c", FAILURE), ("d", FAILURE)]) == 2


# --------------------------------------------------------------------------- escalation


def test_escalation_causes_hold_while_the_reason_does() -> None:
    state = coordination(task("a"), task("b", "a"), statuses={"a": TaskStatus.SKIPPED})
    assert [c.ident for c in causes(state)] == ["skipped-with-dependents:a"]
    state.tasks["b"].status = TaskStatus.DONE
    assert causes(state) == []


def test_two_unmerged_closes_and_three_failing_commits_escalate() -> None:
    state = coordination(task("a"), task("b"), statuses={"a": TaskStatus.READY, "b": TaskStatus.IN_PROGRESS})
    state.tasks["a"].pulls = [PullLink(number=5, state="closed"), PullLink(number=6, state="closed")]
    state.judgement.checks["b"] = [CheckOutcome(sha=s, verdict=FAILURE) for s in ("x", "y", "z")]
    assert [c.ident for c in causes(state)] == ["closed-unmerged:a", "failing-checks:b"]
    state.tasks["a"].pulls.append(PullLink(number=7))  # someone works on it again
    state.judgement.checks["b"].append(CheckOutcome(sha="w", verdict=SUCCESS))
    assert causes(state) == []


def test_finished_work_the_plan_dropped_and_unverified_integration_escalate() -> None:
    state = coordination(task("a"), statuses={"a": TaskStatus.DONE})
    state.judgement.dropped_finished = ["a"]
    state.judgement.verification = Verification(
        items=[IntegrationItem(key="a", pull=3, sha="abc", verdict=FAILURE)], branch="main",
        head=IntegrationItem(key="", pull=0, sha="def", verdict=SUCCESS))
    assert [c.kind for c in causes(state)] == ["dropped-finished", "not-verified"]
    state.judgement.verification.items[0].verdict = SUCCESS
    assert state.judgement.verification.verified


# --------------------------------------------------------------------------- coverage note, conventions


def test_feature_work_without_a_unit_testing_task_after_it_gets_a_note() -> None:
    covered = Plan(title="P", tasks=(task("api"), task("ui", "api"), task("tests", "ui", agent="unit-testing")))
    assert untested_features(covered) == [] and untested_note(covered) is None
    uncovered = Plan(title="P", tasks=(task("api"), task("tests", agent="unit-testing"), task("ui", "api")))
    assert untested_features(uncovered) == ["api", "ui"]
    note = untested_note(uncovered)
    assert note is not None and "“Api”, “Ui”" in note and "not a question" in note


def test_conventions_are_a_path_to_link_or_text_to_quote() -> None:
    assert read_conventions("CONTRIBUTING.md") == Conventions(path="CONTRIBUTING.md")
    assert read_conventions("./docs/style-guide.rst") == Conventions(path="docs/style-guide.rst")
    assert read_conventions("Use ruff and type hints.") == Conventions(text="Use ruff and type hints.")
    assert read_conventions("  ") == Conventions()
    assert read_conventions("main.py") == Conventions(text="main.py")  # code, not a document
