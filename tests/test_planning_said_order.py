"""Order said in a task's prose by naming what another task makes (corpus 130-139): each rule on a small plan."""

from __future__ import annotations

from bot.planning.said_order import after_everything, prose, said_order
from tests.planning_helpers import deps_by_title, planned


def _said(titles: list[str], details: list[str], agents: list[str]) -> set[tuple[str, str]]:
    keys = [str(index) for index in range(len(titles))]
    edges = said_order(keys, titles, prose(titles, details), details, agents, [False] * len(titles))
    return {(titles[int(edge.task)], titles[int(edge.after)]) for edge in edges}


def test_a_body_sentence_names_the_task_whose_work_it_uses() -> None:
    plan = planned("""
        # Seed swap sign-ups

        ### Packet ledger schema

        A `packets` table (variety, grower, count) and its migration.

        ### Label printer client

        A thin client over the printer's HTTP interface.

        ### Check-in desk screen

        Volunteers scan a packet at the desk. Only after the ledger table exists and the printer client is merged.

        ### Grower thank-you cards

        Uses the label printer client to print a card per grower.
    """)
    deps = deps_by_title(plan)
    assert set(deps["Check-in desk screen"]) == {"Packet ledger schema", "Label printer client"}
    assert deps["Grower thank-you cards"] == ["Label printer client"]


def test_a_kind_word_may_be_said_by_the_kind_of_work_or_the_detail() -> None:
    titles = ["Harvest records", "Photo storage", "Weigh-in client", "Weigh-in screen"]
    details = ["Tables for harvests and plots.", "Private bucket.", "A small client around the scale's API.",
               "Needs the bucket; writes to the harvest table and calls the weigh-in client."]
    agents = ["datatypes", "cloud-primitives", "feature-implementation", "feature-implementation"]
    assert _said(titles, details, agents) == {("Weigh-in screen", "Harvest records"),
                                              ("Weigh-in screen", "Photo storage"),
                                              ("Weigh-in screen", "Weigh-in client")}


def test_what_another_task_makes_or_its_output_is_a_use_of_it() -> None:
    titles = ["Plot map", "Rota planner", "Watering reminders", "Rota poster"]
    details = ["", "", "Reads the slots the rota planner writes.", "Printed from the rota planner's output."]
    agents = ["feature-implementation"] * 4
    assert _said(titles, details, agents) == {("Watering reminders", "Rota planner"), ("Rota poster", "Rota planner")}


def test_the_task_that_provides_a_thing_may_name_its_users() -> None:
    titles = ["Tap sensor queue", "Leak detector", "Usage report"]
    details = ["An SQS queue. The leak detector and the usage report both need it.", "", ""]
    agents = ["cloud-primitives", "feature-implementation", "feature-implementation"]
    assert _said(titles, details, agents) == {("Leak detector", "Tap sensor queue"),
                                              ("Usage report", "Tap sensor queue")}


def test_a_thing_naming_no_task_or_several_or_denied_or_already_there_orders_nothing() -> None:
    titles = ["Rota planner", "Rota planner tests", "Plot map page", "Plot map tiles", "Reminders"]
    details = ["", "", "", "",
               "Uses the existing plot map; does not need the rota planner; reads the compost schedule; "
               "calls the plot map."]
    agents = ["feature-implementation", "unit-testing", "feature-implementation", "feature-implementation",
              "feature-implementation"]
    assert _said(titles, details, agents) == set()


def test_a_list_of_things_ends_where_a_new_clause_starts() -> None:
    titles = ["Receipt archive", "Score report", "Upload page"]
    details = ["", "", "Stores the file in the archive and emails a receipt with the claimed score."]
    agents = ["cloud-primitives", "feature-implementation", "feature-implementation"]
    assert _said(titles, details, agents) == {("Upload page", "Receipt archive")}


def test_same_as_an_earlier_task_builds_on_it() -> None:
    titles = ["Bank file export", "Statement email"]
    details = ["", "Same as the bank file, but as a PDF per member."]
    assert _said(titles, details, ["feature-implementation"] * 2) == {("Statement email", "Bank file export")}


def test_once_everything_above_is_merged_waits_as_a_release_does() -> None:
    assert after_everything(prose(["Switch it on", "Open sign-ups"],
                                  ["Turn the flag on once everything above has been merged.",
                                   "After the bucket is provisioned and everything else above is merged."])) == [
        True, True]
    plan = planned("""
        # Compost pickups

        ### Pickup schema

        The `pickups` table and its migration.

        ### Pickup form

        Residents book a pickup; it writes into the pickup schema.

        ### Route sheet

        A printable route from the pickups table.

        ### Switch pickups on for all streets

        Turn the flag on once everything above has been merged.
    """)
    assert set(deps_by_title(plan)["Switch pickups on for all streets"]) == {"Pickup form", "Route sheet"}


def test_dropped_work_is_never_waited_on_by_a_range_or_a_struck_table_row() -> None:
    plan = planned("""
        # Tool library

        ### Task 1: Tool records

        A `tools` table and its migration.

        ### Task 2: Loan desk screen

        Check tools in and out at the Saturday desk, with a photo of each tool.

        ### Task 3: Photo storage

        A private bucket. Provision it before the desk code is written: Task 2 uploads into it.

        ### Task 4: ~~Repair log~~ (postponed to next year)

        ### Task 5: Release at the Saturday desk

        After tasks 1-4.
    """)
    deps = deps_by_title(plan)
    assert "Loan desk screen" not in deps["Photo storage"]
    assert deps["Release at the Saturday desk"] == ["Tool records", "Loan desk screen", "Photo storage"]
    table = planned("""
        # Tool library

        | Task | Owner | Notes |
        |---|---|---|
        | Tool records | Dana | a migration |
        | ~~Photo bucket~~ | Ops | dropped: no photos |
        | Loan desk screen | Lee | once the tool records exist |
        | Go live | Ops | when all of the above is done |
    """)
    states = {task.title: task.state for task in table.tasks}
    assert states["Photo bucket"] == "skipped"
    assert "Photo bucket" not in deps_by_title(table)["Go live"]


def test_what_the_prose_says_stands_for_a_guess_from_shared_words() -> None:
    # what the task implies is still added: tests/test_planning_inference.py, "using the minter's checksum"
    plan = deps_by_title(planned("""
        ## Steps
        1. **Punch card records** — `punch_cards` table with member and count.
        2. **Punch on checkout** — add a punch when the till records a paid coffee.
        3. **Free coffee redemption** — staff apply the free coffee at the till.
        4. **Member coffee screen** — shows the punches so far, read from the punch cards table.
        5. **Coffee menu screen** — shows the coffee menu.
    """))
    assert plan["Coffee menu screen"] == ["Free coffee redemption"]  # nothing said: a guess from "coffee"
    assert plan["Member coffee screen"] == ["Punch card records"]  # said: no guess beside it
