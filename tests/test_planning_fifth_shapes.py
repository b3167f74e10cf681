"""Shapes found by the fifth held-out set (corpus 120-129): each rule on a small plan of our own."""

from __future__ import annotations

import textwrap

from bot.domain import DEFAULT_ROLES
from bot.planning.classifier import KeywordClassifier
from bot.planning.name_refs import tasks_named
from bot.planning.rules import RulePlanner
from bot.planning.spoken_deps import spoken_dependencies
from tests.planning_helpers import deps_by_title, planned


def _questions(body: str) -> list[str]:
    return [question.text for question in RulePlanner().plan("Plan", textwrap.dedent(body)).questions]


def test_a_pasted_board_holds_a_task_per_card_and_its_done_column_is_finished_work() -> None:
    plan = planned("""
        # Board: kennel bookings

        ## Backlog

        - **Vaccination reminder email** — remind owners a week before the stay

        ## In progress

        - **Booking calendar screen** — nights per kennel, uses the kennel model

        ## Review

        - **Kennel photos bucket** — S3 bucket for the photos of each kennel

        ## Done

        - **Kennel model** — size, heated, price per night; migration merged
    """)
    states = {task.title: task.state for task in plan.tasks}
    assert states == {"Vaccination reminder email": "open", "Booking calendar screen": "open",
                      "Kennel photos bucket": "open", "Kennel model": "done"}
    deps = deps_by_title(plan)
    assert deps["Kennel model"] == []  # finished work waited on nothing still open
    assert deps["Booking calendar screen"] == ["Kennel model"]  # written after it, but there already


def test_headings_that_only_share_a_column_word_are_no_board() -> None:
    plan = planned("""
        ## Review

        Everything below was agreed with the tenants' association.

        ## Tasks

        - [ ] Add the `repairs` table
        - [ ] Repair request form
    """)
    assert [task.title for task in plan.tasks] == ["Add the `repairs` table", "Repair request form"]


def test_a_definition_list_holds_one_task_per_term_with_its_fields() -> None:
    plan = planned("""
        # Programme of work: allotment water

        Meter table
        : A table of meters per plot, with a migration.
        : Prereq: none.

        Reading form
        : Plot holders type in this month's reading.
        : Prereq: meter table.

        Leak alerts
        : Email the committee when a plot uses twice its usual water.
        : Prereq: reading form.
    """)
    assert deps_by_title(plan) == {"Meter table": [], "Reading form": ["Meter table"],
                                   "Leak alerts": ["Reading form"]}


def test_a_list_answering_a_question_is_not_the_work() -> None:
    questions = _questions("""
        # Feature request: show my climbing grades over time

        **Describe the solution you'd like**
        Something that shows whether I am getting better.

        **Who would benefit?**
        - Members who train for competitions
        - Coaches who plan sessions
    """)
    assert questions and "actionable tasks" in questions[0]


def test_a_question_that_says_the_work_follows_keeps_its_list() -> None:
    plan = planned("""
        **What needs doing?**
        - Add the `lockers` table
        - Locker hire page
    """)
    assert [task.title for task in plan.tasks] == ["Add the `lockers` table", "Locker hire page"]


def test_a_meetings_follow_ups_for_people_are_no_plan() -> None:
    questions = _questions("""
        # Sync: quiz night sign-ups

        ## Action items

        - [ ] @ravi — follow up
        - [ ] @lena — look into it and report back
        - [ ] Tom to set up a meeting with the landlord
    """)
    assert len(questions) == 1 and "follow-ups for people" in questions[0]


def test_a_follow_up_beside_real_work_is_only_one_task() -> None:
    plan = planned("""
        ## Action items

        - [ ] @ravi — add the `teams` table
        - [ ] @lena — follow up with the landlord
    """)
    assert len(plan.tasks) == 2


def test_order_said_in_a_sentence_of_its_own() -> None:
    assert spoken_dependencies("Kennel screen — a grid. Wait the kennel model card.")[1] == ["the kennel model card"]
    assert spoken_dependencies("Repeat toggle. I'll do this after the API change lands.")[1] == ["the API change"]
    assert spoken_dependencies("A grid. Then it waits.")[1] == []
    said = "Kennel screen. Wait for the kennel schema and for owner accounts to land."
    assert spoken_dependencies(said)[1] == ["the kennel schema and owner accounts"]


def test_a_reference_names_the_title_that_starts_with_it_else_the_one_written_before() -> None:
    titles = ["Reminder email", "Tests for the kennel model", "Kennel model"]
    assert tasks_named("the kennel model card", titles) == [2]
    plan = planned("""
        - [ ] `kennels/api.py` — booking routes
        - [ ] `web/Calendar.tsx` — the calendar. Do this after the API change lands.
        - [ ] `tests/test_api.py` — tests of the booking routes
    """)
    calendar = next(title for title in deps_by_title(plan) if title.startswith("`web/Calendar.tsx`"))
    assert deps_by_title(plan)[calendar] == [plan.tasks[0].title]


def test_depends_with_a_colon_and_a_status_mark_after_a_heading_number() -> None:
    plan = planned("""
        ## 1. ✅ Kennel model

        Size, heated, price per night.

        ## 2. ⏳ Booking calendar screen

        Nights per kennel.
        Depends: 1

        ## 3. ⏳ Vaccination reminder email

        A week before the stay.
        Prereq: 1
    """)
    assert [task.title for task in plan.tasks] == ["Kennel model", "Booking calendar screen",
                                                   "Vaccination reminder email"]
    assert deps_by_title(plan)["Booking calendar screen"] == ["Kennel model"]
    assert deps_by_title(plan)["Vaccination reminder email"] == ["Kennel model"]


def test_a_deploy_pipeline_ships_nothing_and_tagging_a_version_ships_the_work() -> None:
    plan = planned("""
        ## Tasks

        - [ ] Kennel model and migration
        - [ ] Booking calendar screen
        - [ ] Deploy pipeline to staging: build the image, deploy to staging on merge
        - [ ] Tag `v2.1.0` and let the pipeline build the image
    """)
    deps = deps_by_title(plan)
    assert deps["Deploy pipeline to staging"] == []
    assert "Booking calendar screen" in deps["Tag `v2.1.0` and let the pipeline build the image"]


def test_blob_containers_are_storage_and_an_updater_is_code() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Blob container for invoice PDFs").agent == "cloud-primitives"
    assert classifier.classify("Streak updater: when a rehearsal is closed, recompute streaks").agent \
        == "feature-implementation"


def test_a_test_tests_the_task_named_so_not_the_one_whose_detail_uses_it() -> None:
    plan = planned("""
        ## Tasks

        - [ ] Streak counter: when a session closes, count each member's missed sessions
        - [ ] Reminder email job: email members whose streak counter reaches 3
        - [ ] Unit tests for the streak counter (holidays, cancelled sessions)
    """)
    counter, _, tests = (task.title for task in plan.tasks)
    assert deps_by_title(plan)[tests] == [counter]


def test_a_question_over_a_list_of_instructions_keeps_it_as_the_work() -> None:
    plan = planned("""
        **How do we get there?**
        - Add the `lockers` table
        - Build the locker hire page
        - Deploy the hire service to staging
    """)
    assert len(plan.tasks) == 3


def test_work_that_shares_a_word_with_a_chore_is_still_work() -> None:
    plan = planned("""
        ## Tasks

        - [ ] Share the quiz results as a PDF
        - [ ] Ask for the team name on the sign-up form
    """)
    assert len(plan.tasks) == 2
