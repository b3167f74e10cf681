"""Order a plan implies, rule by rule, on small plans of our own (bot/planning/inference.py, wording_order.py,
layout_order.py): each test names the kind of evidence a rule follows and the wrong order it must not make."""

from __future__ import annotations

from tests.planning_helpers import deps_by_title, planned


def test_a_line_naming_two_things_with_the_waits_on_both() -> None:
    plan = deps_by_title(planned("""
        ## Steps
        1. **Locker model**: add a `pickup_code` column to `lockers`.
        2. **Code minting**: a `CodeMinter` that issues one-time codes.
        3. **Pickup endpoint**: `POST /pickups` checks the code with the minter and opens the door.
    """))
    assert "Code minting" in plan["Pickup endpoint"]  # "the minter" after "the code with": both are read


def test_a_word_for_how_often_is_no_topic() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - [ ] Scaffold the bot with the team template
        - [ ] Reply to every mention within a minute
        - [ ] GitHub Actions workflow: lint and test on every push
    """))
    assert plan["GitHub Actions workflow"] == ["Scaffold the bot with the team template"]
