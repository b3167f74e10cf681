"""Reading a small plan of our own, as the planning tests do: drafts, the assembled plan, its order by title."""

from __future__ import annotations

import textwrap

from bot.domain import DEFAULT_ROLES, Plan
from bot.planning.drafts import DraftPlan
from bot.planning.markdown import parse_markdown
from bot.planning.phrases import RoleNames
from bot.planning.rules import RulePlanner


def read(body: str) -> DraftPlan:
    """The Markdown reader's drafts of an indented plan body."""
    return parse_markdown(textwrap.dedent(body), RoleNames(DEFAULT_ROLES))


def planned(body: str) -> Plan:
    """The rule planner's plan of an indented body; fails the test with the questions when it asks instead."""
    outcome = RulePlanner().plan("Plan", textwrap.dedent(body))
    assert outcome.plan is not None, outcome.questions
    return outcome.plan


def deps_by_title(plan: Plan) -> dict[str, list[str]]:
    """Each task's prerequisites, by title: what a reader of the plan would check."""
    titles = {task.key: task.title for task in plan.tasks}
    return {task.title: [titles[dep] for dep in task.depends_on] for task in plan.tasks}
