"""Ordinary words that mislead a keyword reader about a task's agent (plans 140-149 in the corpus).

Each rule reads the title the way a person does: a word as written, a verb with its object, a hyphenated compound,
a thing "of" something, a phrasal verb split by its object. The lines below are written for these tests, on
domains of their own.
"""

from __future__ import annotations

import pytest

from bot.domain import DEFAULT_ROLES
from bot.planning.classifier import KeywordClassifier
from tests.planning_helpers import planned

CLASSIFIER = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")


def agent(title: str, description: str = "") -> str:
    return CLASSIFIER.classify(title, description).agent


def test_an_exact_keyword_matches_the_word_as_written_and_never_its_stem() -> None:
    # "records" are data; "Record …" is a verb and "recording" another word
    assert agent("Loan and borrower records") == "datatypes"
    assert agent("Record every scan at the door") == "feature-implementation"
    assert agent("Recording of the weekly talks") == "feature-implementation"
    # validation's "test" is the verb or the noun as written; "tests" and "testing" are unit tests
    assert agent("Tests for the comparison of fares") == "unit-testing"
    assert agent("Test the booking flow on a real phone") == "validation"
    # delivery's "builds" and "binaries": "Build the page" is no build
    assert agent("Ship binaries for the three desktop platforms") == "deployment"
    assert agent("Build the lending page") == "feature-implementation"


def test_a_hyphen_binds_its_particle_so_a_compound_opens_no_verb_and_no_context() -> None:
    assert agent("Check-in desk screen for visitors") == "feature-implementation"
    assert agent("Check in production that the visitor feed is live") == "validation"
    assert agent("Dry-run the spring member import") == "validation"


def test_a_one_word_first_thing_shares_the_head_of_a_longer_one_after_and() -> None:
    assert agent("Review and rating widget") == "feature-implementation"
    assert agent("Audit and history panel for each parcel") == "feature-implementation"
    assert agent("Review and merge the open translation PRs") == "validation"  # two verbs: still a review


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Release unclaimed lockers every evening", "feature-implementation"),
        ("Release a locker when its rental is cancelled", "feature-implementation"),
        ("Publish each newsletter at seven in the morning", "feature-implementation"),
        ("Release reserved stock when a basket is abandoned", "feature-implementation"),
        ("Release notes and version bump for the locker app", "deployment"),
        ("Release 2.3 to the gym's server", "deployment"),
        ("Release to every branch after the trial", "deployment"),
        ("Launch the locker booking site", "deployment"),
    ],
)
def test_an_everyday_verb_names_a_release_only_with_no_object_or_a_definite_one(title: str, expected: str) -> None:
    assert agent(title) == expected


def test_a_noun_of_something_opening_the_title_is_a_thing_to_read() -> None:
    assert agent("Table of weekly footfall on the branch manager dashboard") == "feature-implementation"
    assert agent("Certificate of completion PDF for course graduates") == "feature-implementation"
    # a verb or a noun made from one still names its work
    assert agent("Migration of the lockers table to UUID keys") == "datatypes"
    assert agent("Rollout of the new locker flow") == "deployment"
    assert agent("Review of the rental terms with the landlord") == "validation"


def test_a_phrasal_verb_matches_with_its_object_between_verb_and_particle() -> None:
    assert agent("Roll the locker kiosk out to the second branch") == "deployment"
    assert agent("Switch the old booking importer off") == "deployment"


def test_queues_people_work_through_and_the_surfaces_they_read_are_feature_work() -> None:
    assert agent("Triage queue for the repair technicians") == "feature-implementation"
    assert agent("Moderation queue for reported listings") == "feature-implementation"
    assert agent("Dead-letter queue for failed lock commands") == "cloud-primitives"
    assert agent("Opening hours calendar for each branch") == "feature-implementation"
    assert agent("Audit trail of locker code changes") == "feature-implementation"
    assert agent("Private tunnel from the branch routers to the office") == "cloud-primitives"
    assert agent("Managed Postgres for the locker service") == "cloud-primitives"
    assert agent("Kiosk app beta build for the branch tablets") == "deployment"
    assert agent("Shadow a branch manager for an opening morning") == "validation"
    assert agent("Cypress tests for the locker booking") == "validation"  # a browser tool's tests are end to end


def test_a_plan_worded_to_mislead_gets_each_task_to_its_agent() -> None:
    plan = planned("""
        # Smart lockers at the Westgate gym

        ## Tasks

        1. Locker, rental and member records
        2. Check-in screen for the front desk (after 1)
        3. Release unpaid lockers after 24 hours (after 1)
        4. Table of free lockers on the front desk dashboard (after 2)
        5. Unit tests for the rental expiry (after 3)
        6. Roll the front desk screen out to both gyms (after 4 and 5)
        7. Shadow the front desk on a busy Monday (after 6)
    """)
    assert [task.agent for task in plan.tasks] == [
        "datatypes", "feature-implementation", "feature-implementation", "feature-implementation", "unit-testing",
        "deployment", "validation",
    ]


def test_a_workflow_is_delivery_only_when_ci_a_release_or_a_deploy_names_it() -> None:
    assert agent("Status workflow for library holds: requested, ready, collected") == "feature-implementation"
    assert agent("Approval workflow for grant applications") == "feature-implementation"
    assert agent("Restoration workflow") == "feature-implementation"
    assert agent("CI workflow that lints and tests every pull request") == "deployment"
    assert agent("GitHub Actions workflow on version tags") == "deployment"
    assert agent("Release workflow for the desktop app") == "deployment"


def test_the_head_noun_decides_over_a_modifier_another_role_owns() -> None:
    # reminders are messages the product sends, whatever they remind of; a modifier names no work
    assert agent("Licence renewal reminders", "Texts each driver a month before their licence runs out.") \
        == "feature-implementation"
    assert agent("Permit expiry reminders") == "feature-implementation"
    assert agent("TLS certificate for the booking domain") == "cloud-primitives"
    assert agent("Renewal reminder timing: edge cases") == "unit-testing"  # a modifier again
    # a register is a record of things; "Register …" opening the title signs people up
    assert agent("Volunteer training register", "A table of each volunteer's courses, with a migration.") \
        == "datatypes"
    assert agent("Register runners for the autumn race") == "feature-implementation"
    # a product's accounts are its users, not cloud accounts
    assert agent("Stallholder accounts", "Sign-in by a link sent by email.") == "feature-implementation"
    assert agent("Customer accounts") == "feature-implementation"


def test_a_practice_run_named_as_the_head_noun_is_a_check() -> None:
    assert agent("Week's dry run with the shift leads") == "validation"
    assert agent("The autumn dry run") == "validation"
    assert agent("Dry-run the renewal import") == "validation"
    assert agent("Import dry-run mode for the volunteers") == "feature-implementation"  # the head is the mode


def test_the_weather_and_an_everyday_second_instruction_name_no_role() -> None:
    assert agent("Flight hold: read the cloud forecast and cancel lessons below the cloud base") \
        == "feature-implementation"
    assert agent("Cloud cover chart for each runway") == "feature-implementation"
    assert agent("Cloud storage for the flight logs") == "cloud-primitives"
    assert agent("Fetch the tide times and bump sessions to the next slot") == "feature-implementation"
    assert agent("Tag the build and bump the version") == "deployment"
