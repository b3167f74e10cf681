"""Structure people write around checklists: a "Checklist" of things to build, detail lines under a box, and
milestones named M1, M2 over their own checklists."""

from __future__ import annotations

import textwrap

import pytest

from bot.planning.checks import reads_as_check
from bot.planning.rules import RulePlanner
from tests.planning_helpers import deps_by_title, planned, read

ORCHARD = """
    # Cider orchard harvest log

    Pickers call out bin weights and someone writes them on a clipboard. The co-op wants them on a tablet.

    ## Checklist

    - [ ] Bin and picker schema
    - [ ] Weighbridge tablet screen
    - [ ] Nightly yield report for the co-op
    - [ ] Deploy pipeline for the tablet build
"""


def test_a_checklist_of_things_to_build_is_the_work_when_nothing_else_is() -> None:
    plan = planned(ORCHARD)
    assert [task.title for task in plan.tasks] == ["Bin and picker schema", "Weighbridge tablet screen",
                                                   "Nightly yield report for the co-op",
                                                   "Deploy pipeline for the tablet build"]
    assert plan.acceptance_criteria == ()


@pytest.mark.parametrize("heading", ["## Tasks", "## Harvest app"])
def test_beside_a_task_section_or_another_list_of_boxes_a_checklist_of_things_stays_the_checks(heading: str) -> None:
    plan = planned(ORCHARD.replace("## Checklist", heading) + """
    ## Checklist

    - [ ] Picker handbook page
    - [ ] Co-op sign-off
    """)
    assert len(plan.tasks) == 4
    assert plan.acceptance_criteria == ("Picker handbook page", "Co-op sign-off")


def test_acceptance_criteria_beside_a_checklist_of_things_stay_criteria() -> None:
    plan = planned(ORCHARD + """
    ## Acceptance criteria

    - [ ] A picker's bins add up to the weighbridge total
    """)
    assert len(plan.tasks) == 4
    assert plan.acceptance_criteria == ("A picker's bins add up to the weighbridge total",)


def test_a_checklist_of_checks_is_no_task_list() -> None:
    outcome = RulePlanner().plan("Plan", textwrap.dedent("""
        # Cider orchard harvest log

        The co-op wants bin weights on a tablet.

        ## Checklist

        - [ ] Weights are saved offline
        - [ ] Unit tests
        - [ ] Changelog updated
        - [ ] Reviewed by the co-op chair
    """))
    assert outcome.plan is None and outcome.questions


@pytest.mark.parametrize("text", ["Tests pass", "Docs updated", "Schema migration is verified", "Reviewed by legal",
                                  "No console errors", "Report renders in under 2 s", "Documentation",
                                  "Pickers can correct a weight"])
def test_a_state_or_the_process_alone_reads_as_a_check(text: str) -> None:
    assert reads_as_check(text)


@pytest.mark.parametrize("text", ["Entry schema", "Score board screen", "Deploy pipeline", "iCal feed",
                                  "Signed upload links for bin photos", "Unit tests for the weight parser"])
def test_a_thing_to_build_reads_as_work(text: str) -> None:
    assert not reads_as_check(text)


KILN = """
    # Pottery kiln bookings

    ## Tasks

    - [ ] Firing slot table
          Kiln, date, shelf space and the member who booked it.
    - [ ] Booking page for members
          It shows the free shelf space per firing.
    - [ ] Reminder email the day before a firing
    - [ ] Tests for shelf space counting, including half shelves and
          the glaze-only firings
"""


def test_an_indented_detail_line_under_a_box_is_its_description() -> None:
    drafts = read(KILN).drafts
    assert [draft.title for draft in drafts][:2] == ["Firing slot table", "Booking page for members"]
    assert "Kiln, date, shelf space" in " ".join(drafts[0].description)
    assert "free shelf space" in " ".join(drafts[1].description)


def test_a_detail_line_under_a_numbered_item_is_its_description_too() -> None:
    drafts = read("""
    ## Steps

    1. Glaze inventory table
       One row per glaze, with its firing range.
    2. Glaze picker on the booking page
    """).drafts
    assert [draft.title for draft in drafts] == ["Glaze inventory table", "Glaze picker on the booking page"]
    assert "firing range" in " ".join(drafts[0].description)


def test_a_title_wrapped_onto_the_next_line_stays_whole() -> None:
    drafts = read(KILN).drafts
    assert drafts[3].title.startswith("Tests for shelf space counting")
    assert "glaze-only firings" in drafts[3].title + " ".join(drafts[3].description)
    assert drafts[2].title == "Reminder email the day before a firing"


CHOIR = """
    # Choir rehearsal planner

    Section leaders plan rehearsals in a shared spreadsheet.

    ### M1 — Data

    - [ ] Piece and rehearsal tables
    - [ ] Import last season's spreadsheet

    ### M2 — Planner (requires M1)

    - [ ] Rehearsal plan screen for section leaders
    - [ ] Attendance sheet for each rehearsal

    ### M3: Launch (requires M2)

    - [ ] Deploy to the choir's server
"""


def test_milestone_headings_by_short_name_are_phases_over_their_boxes() -> None:
    plan = planned(CHOIR)
    assert [task.title for task in plan.tasks] == [
        "Piece and rehearsal tables", "Import last season's spreadsheet", "Rehearsal plan screen for section leaders",
        "Attendance sheet for each rehearsal", "Deploy to the choir's server"]


def test_a_milestone_by_short_name_is_ordered_as_one_written_out() -> None:
    written_out = CHOIR.replace("### M1 —", "### Milestone 1 —").replace("### M2 —", "### Milestone 2 —")
    written_out = written_out.replace("### M3:", "### Milestone 3:")
    assert deps_by_title(planned(CHOIR)) == deps_by_title(planned(written_out))
    assert len(read(CHOIR).phase_order) == 2  # "(requires M1)", "(requires M2)"
    assert "Attendance sheet for each rehearsal" in deps_by_title(planned(CHOIR))["Deploy to the choir's server"]
