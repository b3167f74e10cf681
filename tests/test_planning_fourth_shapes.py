"""Shapes found by the fourth held-out set (corpus 100-109): each rule on a small plan of our own."""

from __future__ import annotations

from bot.domain import DEFAULT_ROLES
from bot.planning.classifier import KeywordClassifier
from bot.planning.name_refs import tasks_named
from bot.planning.spoken_deps import spoken_dependencies
from tests.planning_helpers import deps_by_title, planned


def test_steps_counted_in_words_are_the_tasks_in_order_except_one_free_to_start() -> None:
    plan = planned("""
        # Allotment water meters

        Step one is the data: a `meters` table and a `readings` table.

        Step two: an import of last year's paper readings into the tables.

        Step three is the readings form. Plot holders type a reading, checked against the bucket (step four).

        Step four can start on day one, because it doesn't depend on any of the above: a bucket for meter photos.

        The last step is a walk-through with the allotment committee.
    """)
    deps = deps_by_title(plan)
    form = next(title for title in deps if title.startswith("The readings form"))
    bucket = next(title for title in deps if title.startswith("A bucket"))
    assert deps[bucket] == []
    assert set(deps[form]) == {bucket, next(title for title in deps if title.startswith("An import"))}
    assert deps[next(title for title in deps if title.startswith("A walk-through"))] == [form]


def test_a_requirements_table_on_a_wiki_page_holds_the_work_and_its_notes_the_order() -> None:
    plan = planned("""
        # Sauna bookings

        ## Goals

        - Book a sauna slot online

        ## Requirements

        | # | Title | User Story | Importance | Notes |
        |---|---|---|---|---|
        | 1 | Slot model | As staff I want slots per sauna | Must Have | |
        | 2 | Booking page | As a guest I want to book a slot | Must Have | Depends on 1 |
        | 3 | Opening day | As the owner I want to open on Friday | Must Have | Needs everything above |
    """)
    assert deps_by_title(plan) == {"Slot model": [], "Booking page": ["Slot model"],
                                   "Opening day": ["Slot model", "Booking page"]}


def test_an_aside_of_order_may_name_several_things() -> None:
    line = "Listener for the meter events (do after the migration and once the broker exists)"
    assert spoken_dependencies(line) == ("Listener for the meter events  ", ["the migration", "the broker"])
    assert spoken_dependencies("Roll out (only once the broker is provisioned)")[1] == ["the broker"]


def test_a_name_by_possessive_joined_words_or_route() -> None:
    titles = ["MQTT listener for cycles", "`GET /machines` with minutes left", "Roll out at the first shop"]
    assert tasks_named("the listener's cycle data", titles) == [0]
    assert tasks_named("the machines endpoint", titles) == [1]
    assert tasks_named("the rollout", titles) == [2]


def test_struck_out_work_is_dropped_and_nothing_waits_on_it() -> None:
    plan = planned("""
        ## Tasks

        - [ ] `proofs` table with a status column
        - [ ] ~~Self-hosted preflight with Ghostscript~~ (dropped: the partner's API does it)
        - [ ] Proof approval page for customers
        - [ ] Release behind the `online_proofs` flag
    """)
    dropped = next(task for task in plan.tasks if task.title == "Self-hosted preflight with Ghostscript")
    assert dropped.state == "skipped"
    assert all(dropped.key not in task.depends_on for task in plan.tasks)


def test_one_keyword_said_once_in_a_short_description_decides_nothing() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Reservation with deposit hold", "Deposit released on return").agent \
        == "feature-implementation"
    assert classifier.classify("Waiver signature on the dock tablet").agent == "feature-implementation"


def test_the_file_the_work_goes_into_says_what_it_is() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    line = "Run the app's tests and ruff in `.github/workflows/ci.yml`"
    assert classifier.classify(line).agent == "deployment"
