"""Order a plan implies without stating it: the rules of bot/planning/inference.py on small plans of our own."""

from __future__ import annotations

import textwrap

from bot.domain import Plan
from bot.planning.rules import RulePlanner
from bot.planning.topics import topic_words


def planned(body: str) -> Plan:
    outcome = RulePlanner().plan("Plan", textwrap.dedent(body))
    assert outcome.plan is not None, outcome.questions
    return outcome.plan


def deps_by_title(plan: Plan) -> dict[str, list[str]]:
    titles = {task.key: task.title for task in plan.tasks}
    return {task.title: [titles[dep] for dep in task.depends_on] for task in plan.tasks}


def test_the_shape_of_the_work_is_no_topic_two_tasks_share() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - Add the invoice service skeleton
        - Add the invoice numbering rules
        - Add the refund worker skeleton
        - Build tenant management
        - Build webhook management
    """))
    assert plan["Add the refund worker skeleton"] == []  # two skeletons of different things
    assert plan["Build webhook management"] == []


def test_an_entry_file_is_about_its_folder() -> None:
    assert topic_words("Widgets in `src/search/index.ts`") == {"widget", "search"}
    assert "index" in topic_words("Rebuild the search index nightly")
