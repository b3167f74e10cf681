"""Golden files of the roadmap and the integration summary, rendered from hand-built states.

Each shrink-to-fit step of the roadmap is reached by lowering its limit, so the goldens stay small
enough to read; tests/test_hostile_render.py holds the real 65,536-character limit on large plans.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import TaskStatus
from bot.domain.bookkeeping import Problem
from bot.domain.coordination import CoordinationState, CoordinationStatus, GroupState
from bot.domain.coverage import coverage
from bot.render.roadmap import render_roadmap
from bot.render.summary import render_summary
from tests.golden import Goldens
from tests.render_world import PLAN, ROLES, finished, fresh, many_state, many_tasks, midway, state


def test_roadmap_before_any_plan(golden: Goldens) -> None:
    empty = CoordinationState(repo="octo-org/widgets", parent_number=10,
                              status=CoordinationStatus.NEEDS_CLARIFICATION)
    golden.check("roadmap/no-plan", render_roadmap(empty, ROLES))


def test_roadmap_of_a_fresh_plan(golden: Goldens) -> None:
    golden.check("roadmap/fresh", render_roadmap(fresh(), ROLES))


def test_roadmap_midway_with_problems_and_notes(golden: Goldens) -> None:
    current = midway().model_copy(update={
        "problems": [Problem.model_validate(
            "GitHub refused a request (GitHub 500: Server Error); the work is not finished. The next "
            "event on this issue, or `/coordinate`, picks it up where it stopped.")],
        "notes": ["The Claude planner was unavailable; the rule-based planner stood in."],
    })
    golden.check("roadmap/midway", render_roadmap(current, ROLES))


def test_roadmap_while_sub_issues_are_paced(golden: Goldens) -> None:
    current = state({"schema": TaskStatus.READY, "database": TaskStatus.READY})
    for key in ("unit-tests", "deploy"):
        del current.tasks[key]
    paced = current.model_copy(update={"paced_until": datetime(2024, 5, 1, 13, 0, tzinfo=UTC),
                                       "paced_finish": datetime(2024, 5, 1, 14, 30, tzinfo=UTC)})
    golden.check("roadmap/paced", render_roadmap(paced, ROLES))


@pytest.mark.parametrize("status", [CoordinationStatus.PAUSED, CoordinationStatus.CANCELLED,
                                    CoordinationStatus.NEEDS_CLARIFICATION])
def test_roadmap_headlines(golden: Goldens, status: CoordinationStatus) -> None:
    """Paused, the tests task waits only for `/resume`: its prerequisite is done."""
    current = midway().model_copy(update={"status": status})
    current.tasks["endpoints"].status = TaskStatus.DONE
    golden.check(f"roadmap/{status.value}", render_roadmap(current, ROLES))


def test_roadmap_of_a_complete_plan(golden: Goldens) -> None:
    golden.check("roadmap/complete", render_roadmap(finished(skipped=("deploy",)), ROLES))


def test_roadmap_of_a_plan_split_into_parts(golden: Goldens) -> None:
    grouped = fresh().model_copy(update={"grouped": True, "groups": [
        GroupState(index=0, issue_number=30, attached=True, members=3),
        GroupState(index=1, issue_number=31, attached=True, members=2),
        GroupState(index=2, creating=True)]})
    golden.check("roadmap/parts", render_roadmap(grouped, ROLES))


def shrinking_steps(current: CoordinationState) -> list[str]:
    """The roadmap at each step of shrinking: each a character under the last one's length."""
    steps = [render_roadmap(current, ROLES)]
    for _ in range(4):
        steps.append(render_roadmap(current, ROLES, limit=len(steps[-1]) - 1))
    return steps


def test_roadmap_too_long_leaves_out_the_reasons_then_the_graph(golden: Goldens) -> None:
    _, no_reasons, no_graph, *_ = shrinking_steps(fresh())
    assert "Why these agents" not in no_reasons and "```mermaid" in no_reasons
    assert "```mermaid" not in no_graph and "The graph is left out" in no_graph
    golden.check("roadmap/shrunk-no-reasons", no_reasons)
    golden.check("roadmap/shrunk-no-graph", no_graph)


def test_roadmap_of_a_huge_plan_lists_fewer_rows_then_phases_without_titles_then_is_cut(golden: Goldens) -> None:
    current = many_state(many_tasks(210, chained=True))
    *_, two_hundred, fifty = shrinking_steps(current)
    untitled = render_roadmap(current, ROLES, limit=len(fifty) - 1)
    assert "… and 10 more tasks: see the sub-issues of this issue." in two_hundred
    assert "… and 160 more tasks: see the sub-issues of this issue." in fifty
    assert "1. #101\n2. #102\n" in untitled and "… and 160 more tasks" in untitled
    golden.check("roadmap/shrunk-200-rows", two_hundred)
    golden.check("roadmap/shrunk-50-rows", fifty)
    golden.check("roadmap/shrunk-untitled-phases", untitled)
    cut = render_roadmap(current, ROLES, limit=2_000)
    kept, _, note = cut.rpartition("\n\n… (truncated)")
    assert len(cut) <= 2_000 and untitled.startswith(kept + "\n") and "did not fit" in note
    golden.check("roadmap/shrunk-cut", cut)


def test_summary_when_everything_is_covered(golden: Goldens) -> None:
    plan = PLAN.model_copy(update={"acceptance_criteria": ()})
    covered = finished().model_copy(update={"plan": plan})
    golden.check("summary/covered", render_summary(covered, plan, ROLES, coverage(covered, plan)))


def test_summary_with_uncovered_criteria_skipped_tasks_and_a_review(golden: Goldens) -> None:
    done = finished(skipped=("deploy",))
    narrative = "Signup and login landed.\n\n- ask @security to check the lockout\n- <b>staging</b> is next"
    golden.check("summary/uncovered", render_summary(done, PLAN, ROLES, coverage(done, PLAN), narrative))


def test_the_fixture_plan_keeps_its_shape() -> None:
    """The goldens above rely on these: six tasks, one finished in the plan, one inferred dependency."""
    assert [task.state for task in PLAN.tasks].count("done") == 1
    assert any(task.inferred for task in PLAN.tasks)
