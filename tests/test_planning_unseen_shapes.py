"""Shapes found by a held-out set (corpus 60-73): each rule on a small plan of our own."""

from __future__ import annotations

from tests.planning_helpers import deps_by_title, planned, read


def titles(body: str) -> list[str]:
    return [draft.title for draft in read(body).drafts]


def test_details_blocks_are_sections_headed_by_their_summary() -> None:
    plan = planned("""
        # Kennel bookings

        <details>
        <summary><b>1. Booking table</b></summary>

        Pets, kennels and stays.

        Depends on: nothing.
        </details>

        <details><summary><b>2. Booking form</b></summary>

        Owners pick dates and a kennel.

        Depends on: 1.
        </details>
    """)
    assert deps_by_title(plan) == {"Booking table": [], "Booking form": ["Booking table"]}


def test_lines_led_by_status_marks_are_a_checklist() -> None:
    drafts = read("""
        ## Tasks

        ✅ Kennel schema with sizes
        🚧 Booking form for owners
        ⬜ Reminder e-mails the day before
    """).drafts
    assert [(d.title, d.state) for d in drafts] == [
        ("Kennel schema with sizes", "done"), ("Booking form for owners", "open"),
        ("Reminder e-mails the day before", "open"),
    ]


def test_a_single_marked_line_in_prose_stays_prose() -> None:
    assert read("""
        ## Notes

        ✅ The vet approved the plan.
    """).drafts == []


def test_lettered_sub_points_are_not_part_of_the_title() -> None:
    drafts = read("""
        ## Plan

        1. Kennel data
           a. New `stays` table.
           b. Add `size` to kennels.
        2. Booking API
           a. `POST /stays` checks free kennels.
              i. Needs the kennel sizes, so do this after step 1.
    """).drafts
    assert [d.title for d in drafts] == ["Kennel data", "Booking API"]
    assert drafts[1].depends == ["step 1"]
    assert any("`POST /stays`" in text for text in drafts[1].description)


def test_tracker_export_lines_keep_the_title_and_read_the_fields() -> None:
    plan = planned("""
        ## Issues

        - KEN-1 · Stay schema · 2 pts · Done
        - KEN-2 · Booking endpoint · 3 pts · Todo · Blocked by KEN-1
        - KEN-3 · Kennel map screen · 5 pts · Backlog · Blocked by KEN-2
    """)
    assert [(t.key, t.title, t.state) for t in plan.tasks] == [
        ("ken-1", "Stay schema", "done"), ("ken-2", "Booking endpoint", "open"),
        ("ken-3", "Kennel map screen", "open"),
    ]
    assert deps_by_title(plan)["Kennel map screen"] == ["Booking endpoint"]


def test_a_rule_closes_a_summary_and_the_phases_after_it_are_the_plan() -> None:
    plan = planned("""
        # Plan: kennel bookings

        ## Summary

        Owners book kennels online instead of by phone.

        ---

        ### Phase 0: Research

        Compare two calendar libraries.

        ### Phase 1: Booking model

        Stays and kennels. Depends on: Phase 0.

        ### Phase 2: Booking form

        Depends on: Phase 1. Can run in parallel with Phase 3.

        ### Phase 3: Reminder e-mails

        Depends on: Phase 1.
    """)
    assert deps_by_title(plan) == {"Research": [], "Booking model": ["Research"], "Booking form": ["Booking model"],
                                   "Reminder e-mails": ["Booking model"]}


def test_a_summary_without_a_rule_keeps_its_sub_headings() -> None:
    assert titles("""
        ## Overview

        Owners book kennels online.

        ### Phase 1: How it works today

        Bookings are taken by phone.

        ## Tasks

        - Add the stays table
        - Build the booking form
    """) == ["Add the stays table", "Build the booking form"]


def test_a_numbered_milestone_is_work_whatever_its_title_and_m1_names_it() -> None:
    plan = planned("""
        ## Milestone 1 — Kennel status

        - Kennel status model with who and when
        - Status board for the front desk

        ## Milestone 2 — Bookings (requires M1)

        - Booking form for owners
    """)
    assert deps_by_title(plan)["Booking form for owners"] == ["Status board for the front desk"]


def test_a_gantt_chart_states_the_order_by_bar_ids() -> None:
    plan = planned("""
        ## Work items

        ### Kennel model
        Stays, kennels and sizes.

        ### Booking form
        Owners pick dates.

        ### Reminder e-mails
        The day before a stay.

        ## Schedule

        ```mermaid
        gantt
            dateFormat YYYY-MM-DD
            section Build
            Kennel model      :km, 2027-01-04, 3d
            Booking form      :crit, form, after km, 4d
            Reminder e-mails  :mail, after km form, 2d
        ```
    """)
    assert deps_by_title(plan) == {"Kennel model": [], "Booking form": ["Kennel model"],
                                   "Reminder e-mails": ["Kennel model", "Booking form"]}


def test_terms_defined_one_per_paragraph_are_tasks_and_an_arrow_chain_orders_them() -> None:
    plan = planned("""
        ## Pieces of work

        **Schema** \u2013 kennels, stays and sizes.

        **Booking API** \u2013 create and cancel stays.

        **Booking screens** \u2013 the owner's calendar and the front desk list.

        **Hosting** \u2013 a container and the pipeline.

        ## Order of work

        Schema → Booking API → Booking screens
    """)
    assert deps_by_title(plan) == {"Schema": [], "Booking API": ["Schema"], "Booking screens": ["Booking API"],
                                   "Hosting": []}


def test_two_bold_labels_are_fields_not_tasks() -> None:
    assert titles("""
        **Goal:** owners book kennels online.

        **Lead:** Sam

        - Add the stays table
        - Build the booking form
    """) == ["Add the stays table", "Build the booking form"]


def test_an_essay_of_steps_under_a_work_heading_reads_its_openings_as_order() -> None:
    plan = planned("""
        ## How we'll build it

        The foundation is a table of kennel stays with their sizes.

        Once the table is in place, a booking service will check free kennels and store stays.

        In parallel with the service, the ops team will provision a mail relay for reminders.

        When the booking service works and the mail relay is up, we'll send reminder e-mails the day before.

        Finally, we'll run a dry run with the front desk for a week.
    """)
    deps = deps_by_title(plan)
    titles_ = list(deps)
    assert titles_[0] == "The foundation is a table of kennel stays with their sizes"
    assert deps[titles_[1]] == [titles_[0]]
    assert deps[titles_[2]] == []
    assert deps[titles_[3]] == [titles_[1], titles_[2]]
    assert deps[titles_[4]] == [titles_[3]]


def test_a_heading_naming_one_piece_of_work_over_a_paragraph_is_a_task() -> None:
    assert titles("""
        ### Kennel model
        Stays, kennels and sizes.

        ### Front desk changes
        Show today's arrivals.
    """) == ["Kennel model", "Front desk changes"]


def test_a_bug_report_is_no_plan() -> None:
    assert read("""
        # Kennel calendar shows the wrong week

        ### Steps to reproduce

        1. Open the calendar on a Sunday.
        2. Pick next week.

        ### Expected

        Monday to Sunday of next week.

        ### Actual

        The current week again.
    """).drafts == []


def test_a_list_of_open_questions_and_a_meeting_note_are_no_plan() -> None:
    assert read("""
        # Kennel bookings

        ## Questions we still need to answer

        - Do owners pay online?
        - Who approves long stays?

        ## Next meeting

        Thursday at the clinic.
    """).drafts == []


def test_lettered_sub_points_say_what_a_short_title_uses() -> None:
    plan = planned("""
        ## Plan

        1. Kennel data
           a. New `stays` table with kennel and dates.
        2. Stays API
           a. `POST /stays` creates a stay.
        3. Owner screens
           a. Calendar of the owner's stays from the stays API.
    """)
    assert deps_by_title(plan)["Owner screens"] == ["Stays API"]


def test_how_often_something_runs_is_no_shared_topic() -> None:
    plan = planned("""
        - Kennel occupancy table, a row every 5 minutes kept for 30 days
        - Occupancy API for the front desk
        - Cleaning rota job every 30 minutes
    """)
    assert "Kennel occupancy table, a row every 5 minutes kept for 30 days" not in \
        deps_by_title(plan)["Cleaning rota job every 30 minutes"]


def test_a_table_does_not_build_on_the_infrastructure_before_it() -> None:
    plan = planned("""
        1. Provision the kennel photos bucket and its upload queue
        2. Add the kennel photos table with size and storage key
    """)
    assert deps_by_title(plan)["Add the kennel photos table with size and storage key"] == []


def test_enabling_in_production_ships_the_work_before_it() -> None:
    plan = planned("""
        - Add the kennel stays table
        - Stays API for the front desk
        - Unit tests for the stays API
        - Enable in production for two clinics
    """)
    assert set(deps_by_title(plan)["Enable in production for two clinics"]) >= {"Unit tests for the stays API"}


def test_a_dash_clause_closing_the_line_states_what_it_waits_on() -> None:
    plan = planned("""
        ## Tasks

        - Kennel planner that assigns stays to kennels
        - Front desk board of today's stays
        - Owner reminders — after the planner
        - Nightly planner run on the scheduler
    """)
    assert deps_by_title(plan)["Owner reminders"] == ["Kennel planner that assigns stays to kennels"]
