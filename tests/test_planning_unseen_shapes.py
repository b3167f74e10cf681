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
