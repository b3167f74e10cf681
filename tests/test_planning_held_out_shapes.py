"""Shapes of the second held-out set (corpus 90-99): issue forms, Notion pages, MoSCoW lists, work by area,
week schedules, Cline steps, story tables naming stories by title, and Jira-like outlines."""

from __future__ import annotations

from bot.planning.name_refs import tasks_named
from bot.planning.phrases import take_dependencies
from bot.planning.priorities import (
    area_title,
    aside_label,
    aside_title,
    link_only,
    priority_title,
    set_aside_item,
)
from bot.planning.properties import property_lines
from bot.planning.schedule import schedule_title
from bot.planning.spoken_deps import spoken_dependencies
from bot.planning.threads import without_thread
from bot.planning.trackers import tracked_item
from tests.planning_helpers import deps_by_title, planned, read


def test_moscow_priorities_hold_the_work_and_wont_haves_hold_none() -> None:
    drafts = read("""
        # Kayak rental booking

        ## Requirements (MoSCoW)

        ### Must have
        - Boat inventory schema with sizes and hull numbers
        - Booking form with a deposit

        ### Should have
        - Reminder email the evening before

        ### Won't have
        - Guided tours
        - Gift vouchers
    """).drafts
    assert [d.title for d in drafts] == [
        "Boat inventory schema with sizes and hull numbers", "Booking form with a deposit",
        "Reminder email the evening before",
    ]


def test_priority_and_aside_titles() -> None:
    assert priority_title("Must have") and priority_title("🟥 Should-have (v2)") and priority_title("Could have")
    assert priority_title("Must:") and priority_title("Nice to have")
    assert not priority_title("Should we cache?") and not priority_title("Mustang export")
    assert aside_title("Won't have (this season)") and aside_title("Alternatives considered")
    assert aside_title("Would you be willing to contribute?") and aside_title("Code of Conduct")
    assert aside_title("Rollback") and aside_title("Rollback plan") and not aside_title("Rollback button in the UI")
    assert aside_label("Not doing:") and aside_label("**Won't have**") and aside_label("Questions before I start:")
    assert not aside_label("Not doing this would lose data, so we keep the export running every night:")


def test_an_issue_forms_boilerplate_sections_are_not_tasks() -> None:
    drafts = read("""
        ### Problem

        Kiln firings are logged on paper.

        ### Alternatives considered

        _No response_

        ### Tasks

        - [ ] Add a `firings` table with kiln, cone and start time
        - [ ] Firing log screen for the studio tablet

        ### Code of Conduct

        - [X] I agree to follow this project's Code of Conduct
    """).drafts
    assert [d.title for d in drafts] == ["Add a `firings` table with kiln, cone and start time",
                                        "Firing log screen for the studio tablet"]


def test_notion_property_lines_fill_one_field_each_and_needs_name_tasks_by_their_words() -> None:
    plan = planned("""
        # Plant swap board

        ### Listing model
        Status: Done
        Owner: Mia
        Needs: —

        Listings hold a plant, a photo and a pickup area.

        ### Listing feed
        Status: In progress
        ETA: May 3
        Needs: Listing model

        Newest listings first, filtered by area.

        ### Feed tests
        Status: Not started
        Needs: listing feed

        Paging and the area filter.

        ### Launch to the first neighbourhood
        Status: Not started
        Needs: Feed tests, listing model
    """)
    deps = deps_by_title(plan)
    assert [t.state for t in plan.tasks] == ["done", "open", "open", "open"]
    assert deps["Listing feed"] == ["Listing model"]
    assert deps["Feed tests"] == ["Listing feed"]
    assert deps["Launch to the first neighbourhood"] == ["Feed tests", "Listing model"]
    assert "ETA: May 3" in plan.tasks[1].description


def test_property_lines_need_two_labels_and_join_continuations() -> None:
    assert property_lines("Files: `a.py`\nWhy: the core\nof the feature.") == [
        ("Files", "`a.py`"), ("Why", "the core of the feature."),
    ]
    assert property_lines("Note: one label only\nand its second line.") is None
    assert property_lines("See https://example.com/x\nStatus: Done") is None


def test_step_paragraphs_with_files_and_why_lines_are_the_tasks() -> None:
    plan = planned("""
        # Plan: bird sightings export

        I looked at the sightings module. Here is the plan.

        Step 1: Add the export model
        Files: `birds/models.py`
        Why: exports must survive a restart.

        Step 2: Write the CSV exporter
        Files: `birds/export.py`
        Why: the core of the feature.

        Step 3: Write tests for the CSV exporter
        Files: `tests/test_export.py`
        Why: quoting rules are easy to get wrong.

        Not doing:
        - GPX export

        Questions before I start:
        1. Should private sightings be included?

        Let me know if you want me to proceed.
    """)
    assert [t.title for t in plan.tasks] == ["Add the export model", "Write the CSV exporter",
                                            "Write tests for the CSV exporter"]
    assert plan.tasks[1].deliverables == ("`birds/export.py`",)
    assert "proceed" not in plan.tasks[2].description
    assert deps_by_title(plan)["Write tests for the CSV exporter"] == ["Write the CSV exporter"]


def test_a_tracker_outline_makes_its_stories_the_tasks() -> None:
    plan = planned("""
        ## Outline

        - **Epic** BRD-10 Sightings export
          - **Story** BRD-11 Export schema for sightings
            - Sub-task BRD-12 Migration for the `exports` table
          - **Story** BRD-13 CSV exporter for sightings
            - is blocked by BRD-11
            - Sub-task BRD-14 Quote free-text fields
          - **Story** BRD-15 Download button on the sightings page
            - is blocked by BRD-13
    """)
    assert [(t.key, t.title) for t in plan.tasks] == [
        ("brd-11", "Export schema for sightings"), ("brd-13", "CSV exporter for sightings"),
        ("brd-15", "Download button on the sightings page"),
    ]
    assert [t.depends_on for t in plan.tasks] == [(), ("brd-11",), ("brd-13",)]


def test_tracked_items() -> None:
    assert tracked_item("Epic CAR-310 Damage reports") == (True, "CAR-310", "Damage reports")
    assert tracked_item("Sub-task CAR-312: Migration") == (False, "CAR-312", "Migration")
    assert tracked_item("Story about the CAR-310 epic") is None


def test_clauses_that_say_what_a_line_waits_on() -> None:
    assert take_dependencies("Webhook handler — blocked on the schema") == ("Webhook handler", ["the schema"])
    assert spoken_dependencies("Signup page (needs the price list)")[1] == ["the price list"]
    assert spoken_dependencies("Worker; it needs the queue and the role from infra")[1] == [
        "the queue and the role from infra"]
    assert spoken_dependencies("Review endpoints, once the reviews table exists")[1] == ["the reviews table"]
    assert spoken_dependencies("Console, built on the same endpoints")[1] == ["the same endpoints"]
    assert spoken_dependencies("Needs review of the docs")[1] == []
    assert spoken_dependencies("Export the list once a day")[1] == []


def test_work_grouped_by_area_states_its_cross_area_order_in_words() -> None:
    plan = planned("""
        **Infra**

        - Object bucket for uploaded receipts
        - Queue fed by the bucket's upload events

        **Backend**

        - `receipts` table with merchant, total and date
        - Receipt reader that parses uploads; it needs the queue from the infra list
        - Receipt endpoints, once the receipts table exists
    """)
    deps = deps_by_title(plan)
    assert deps["Receipt reader that parses uploads"] == ["Queue fed by the bucket's upload events"]
    assert deps["Receipt endpoints"] == ["`receipts` table with merchant, total and date"]


def test_a_reference_by_a_few_words_names_the_one_task_holding_them() -> None:
    titles = ["Release unclaimed desks from badge check-ins", "Tests for the booking rules", "Booking rules engine",
              "IAM role for the worker"]
    assert tasks_named("check-in release", titles) == [0]
    assert tasks_named("rules tests", titles) == [1]
    assert tasks_named("the IAM role from the infra list", titles) == [3]
    assert tasks_named("booking rules", titles) == [2]  # its opening words
    assert tasks_named("booking", titles, own=2) == [1]
    assert tasks_named("payments", titles) == []


def test_a_title_starting_with_the_reference_wins_over_one_containing_it() -> None:
    plan = planned("""
        | Story | Estimate | Depends |
        |---|---|---|
        | Fare calculator: distance and tariff | 3 | — |
        | Unit tests for the fare calculator | 2 | Fare calculator |
        | Fare receipt emailed to the rider | 3 | Fare calculator |
    """)
    deps = deps_by_title(plan)
    assert deps["Fare receipt emailed to the rider"] == ["Fare calculator: distance and tariff"]


def test_an_issue_forms_proposal_holds_the_work_when_the_form_has_no_task_list() -> None:
    drafts = read("""
        ### Describe the problem

        Choir members cannot see which pieces each concert has.

        ### Describe the solution you'd like

        1. Add a `repertoire` table linking pieces to concerts
        2. Concert page listing the pieces in running order

        ### Describe alternatives you've considered

        _No response_
    """).drafts
    assert [d.title for d in drafts] == ["Add a `repertoire` table linking pieces to concerts",
                                        "Concert page listing the pieces in running order"]


def test_tracker_keys_in_brackets_and_before_the_type() -> None:
    assert tracked_item("[HIV-2] Story: Inspection schema") == (False, "HIV-2", "Inspection schema")
    assert tracked_item("HIV-1 (Epic) Hive inspections") == (True, "HIV-1", "Hive inspections")
    assert tracked_item("[HIV-5] Trend tests") == (False, "HIV-5", "Trend tests")
    assert tracked_item("[P] Add the model") is None


def test_area_headings_hold_their_areas_tasks() -> None:
    drafts = read("""
        # Seed library

        ### Backend
        - Seed packet model with variety and harvest year
        - Lending endpoints, once the packet model exists

        ### Frontend
        - Catalogue page with filters by variety
    """).drafts
    assert [d.title for d in drafts] == ["Seed packet model with variety and harvest year", "Lending endpoints",
                                        "Catalogue page with filters by variety"]
    assert area_title("Infra (AWS)") and area_title("**Backend**") and not area_title("Backend rewrite")


def test_a_moscow_table_makes_rows_tasks_except_the_wont_haves() -> None:
    drafts = read("""
        | Priority | Item |
        |---|---|
        | Must | Fridge location schema with opening hours |
        | Should | Report an empty fridge from the map |
        | Won't | Donations in money |
    """).drafts
    assert [d.title for d in drafts] == ["Fridge location schema with opening hours",
                                        "Report an empty fridge from the map"]


def test_a_launch_is_a_release_that_ships_the_work_before_it() -> None:
    plan = planned("""
        ## Must have
        - Lesson schema with level and capacity
        - Booking flow for group lessons
        - Go live on the resort website
    """)
    assert plan.tasks[2].agent == "deployment"
    assert deps_by_title(plan)["Go live on the resort website"] == ["Booking flow for group lessons"]


def test_inline_moscow_labels_rank_the_item_and_wont_items_are_dropped() -> None:
    plan = planned("""
        ## Scope
        - **Must:** Room and slot schema with capacity
        - **Must:** Booking page for students (after the room schema)
        - **Could:** Librarian override screen
        - **Won't:** Paid bookings for external groups
    """)
    assert [t.title for t in plan.tasks] == ["Room and slot schema with capacity", "Booking page for students",
                                            "Librarian override screen"]
    assert deps_by_title(plan)["Booking page for students"] == ["Room and slot schema with capacity"]


def test_files_and_why_lines_under_a_numbered_item_are_its_fields_not_its_title() -> None:
    plan = planned("""
        1. Add the lap and session models
           Files: `karting/models.py`
           Why: laps are stored per session.
        2. Parse the transponder feed into laps
           Files: `karting/transponder.py`
    """)
    assert [(t.title, t.deliverables) for t in plan.tasks] == [
        ("Add the lap and session models", ("`karting/models.py`",)),
        ("Parse the transponder feed into laps", ("`karting/transponder.py`",)),
    ]


def test_a_tracker_story_that_blocks_another_orders_it_forwards() -> None:
    plan = planned("""
        - **Story** KIL-1 Firing schedule schema
          - blocks KIL-2, KIL-3
        - **Story** KIL-2 Kiln booking screen
        - **Story** KIL-3 Firing reminder emails
    """)
    assert [t.depends_on for t in plan.tasks] == [(), ("kil-1",), ("kil-1",)]


def test_a_comment_thread_under_the_request_is_not_the_plan() -> None:
    body = """
        # Dark mode for the tide tables

        Please add a dark mode, the white screen is blinding at night.

        **navigator-k** commented

        +1! Would also love:
        - a red-light mode for night vision
        - bigger fonts on the tide graph
    """
    assert read(body).drafts == []
    assert without_thread("Plan\n\n**jo** commented on 3 Mar\n\n+1") == "Plan\n\n"
    assert without_thread("Alice commented that the export is slow.") == "Alice commented that the export is slow."


def test_links_and_unanswered_form_prompts_are_no_tasks() -> None:
    assert read("""
        # Volunteer rota v2

        - Design: https://www.figma.com/file/xyz/rota-v2
        - [Rota v2 spec](https://docs.google.com/document/d/abc123/edit)
    """).drafts == []
    assert read("""
        ### Is your feature request related to a problem? Please describe.

        It is hard to find the opening hours.

        ### Describe the solution you'd like

        Show opening hours.
    """).drafts == []
    assert link_only("Spec: <https://example.com/spec>") and not link_only("Add the [spec](https://x.y) checks")


def test_schedule_slots_are_phases_over_their_tasks() -> None:
    drafts = read("""
        # Oyster harvest log

        ## Week of 3 March
        - Harvest batch schema with lease and bag count
        - Batch entry form for the boat tablet

        ## Week of 10 March
        - Export for the food safety inspector
    """).drafts
    assert [(d.title, d.phase) for d in drafts] == [
        ("Harvest batch schema with lease and bag count", "Week of 3 March"),
        ("Batch entry form for the boat tablet", "Week of 3 March"),
        ("Export for the food safety inspector", "Week of 10 March"),
    ]
    assert schedule_title("Days 1-3 (setup)") and schedule_title("Mon\u2013Tue") and schedule_title("Q3 2027")
    assert not schedule_title("Week view calendar") and not schedule_title("Monitoring")


def test_a_bold_area_label_is_the_phase_of_the_list_after_it() -> None:
    drafts = read("""
        **Infra**

        - Object bucket for uploaded receipts

        **Backend**

        - Receipt reader that parses uploads
    """).drafts
    assert [(d.title, d.phase) for d in drafts] == [("Object bucket for uploaded receipts", "Infra"),
                                                   ("Receipt reader that parses uploads", "Backend")]


def test_only_an_excluding_label_sets_an_item_aside() -> None:
    assert set_aside_item("Won't: paid bookings", "Won't:") and set_aside_item("Out of scope: exports", None)
    assert not set_aside_item("Rollback: keep the old endpoint for a week", None)
    assert not set_aside_item("Add the table", None)
