"""A section titled "Checklist": usually the checks a plan's work must pass, sometimes the work itself."""

from __future__ import annotations

import textwrap

import pytest

from bot.planning.rules import RulePlanner
from tests.planning_helpers import planned

ROTA = """
    # Volunteer rota exports

    Coordinators want the weekly rota as CSV and iCal.

    ## Checklist

    - [ ] Add an `exports` table recording who exported what and when
    - [ ] Build the CSV export endpoint `GET /rota/{week}.csv`
    - [ ] Build the iCal feed endpoint `GET /rota/{week}.ics`
    - [ ] Unit tests for both exporters
    - [ ] Deploy to staging and check the feed in a calendar app
"""


def test_a_checklist_of_instructions_in_a_plan_with_no_task_section_is_the_work() -> None:
    plan = planned(ROTA)
    assert [task.title.split()[0] for task in plan.tasks] == ["Add", "Build", "Build", "Unit", "Deploy"]
    assert plan.acceptance_criteria == ()


@pytest.mark.parametrize("title", ["Implementation checklist", "TODO checklist", "Launch checklist:", "Dev check-list"])
def test_a_checklist_named_otherwise_is_the_work_too(title: str) -> None:
    assert len(planned(ROTA.replace("## Checklist", f"## {title}")).tasks) == 5


def test_a_checklist_that_names_the_work_is_the_work_beside_other_sections() -> None:
    plan = planned(ROTA.replace("## Checklist", "## Implementation checklist") + """
    ## Acceptance criteria

    - [ ] Coordinators can subscribe to the feed
    """)
    assert len(plan.tasks) == 5
    assert plan.acceptance_criteria == ("Coordinators can subscribe to the feed",)


def test_beside_a_task_section_a_checklist_stays_the_checks() -> None:
    plan = planned(ROTA.replace("## Checklist", "## Tasks") + """
    ## Checklist

    - [ ] Add a changelog entry
    - [ ] Update the runbook
    """)
    assert len(plan.tasks) == 5
    assert plan.acceptance_criteria == ("Add a changelog entry", "Update the runbook")


def test_a_checklist_of_checks_alone_is_no_plan() -> None:
    outcome = RulePlanner().plan("Plan", textwrap.dedent("""
        # Rota exports

        Coordinators want the weekly rota exported.

        ## Checklist

        - [ ] Tests pass
        - [ ] Docs updated
        - [ ] Reviewed by a coordinator
    """))
    assert outcome.plan is None and outcome.questions
