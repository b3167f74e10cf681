"""Golden files of the plan preview: `coordinator plan` in a terminal and the `/coordinate --dry-run` reply.

The dry-run reply must fit in a comment: its optional sections are left out in turn, each step
reached here by lowering the limit.
"""

from __future__ import annotations

from bot.domain import PlanOutcome, Question
from bot.preview import render_outcome
from tests.golden import Goldens
from tests.render_world import PLAN, ROLES, many_tasks

NOTE = "`Implement the signup | login endpoints` was taken to need the database: the plan implies it."


def test_preview_reply(golden: Goldens) -> None:
    golden.check("preview/reply", render_outcome(PlanOutcome(plan=PLAN, notes=(NOTE,)), ROLES))


def test_preview_in_the_terminal_with_every_sub_issue(golden: Goldens) -> None:
    golden.check("preview/terminal", render_outcome(PlanOutcome(plan=PLAN), ROLES, subissues=True))


def test_preview_of_a_plan_that_needs_answers(golden: Goldens) -> None:
    outcome = PlanOutcome(questions=(Question(about="Deploy", text="Which environment is staging?"),),
                          notes=("The plan names no agent for two tasks.",))
    golden.check("preview/questions", render_outcome(outcome, ROLES, title="User authentication") + "\n---\n"
                 + render_outcome(outcome, ROLES))


def test_preview_too_long_for_a_comment_leaves_sections_out(golden: Goldens) -> None:
    outcome = PlanOutcome(plan=PLAN)
    steps = [render_outcome(outcome, ROLES)]
    for _ in range(3):
        steps.append(render_outcome(outcome, ROLES, limit=len(steps[-1]) - 1))
    assert [("## Why these agents" in s, "## Phases" in s, "## Dependency graph" in s) for s in steps] == [
        (True, True, True), (False, True, True), (False, False, True), (False, False, False)]
    golden.check("preview/without-reasons", steps[1])
    golden.check("preview/without-any-section", steps[3])


def test_preview_of_a_huge_plan_lists_150_rows(golden: Goldens) -> None:
    reply = render_outcome(PlanOutcome(plan=many_tasks(155)), ROLES)
    assert "| … | 5 more tasks | | |" in reply and "- … and 5 more" in reply
    golden.check("preview/huge", reply)
