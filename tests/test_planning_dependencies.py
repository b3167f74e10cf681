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


def test_switching_the_work_on_in_an_environment_ships_all_of_it() -> None:
    plan = deps_by_title(planned("""
        ## To do
        - Add the `badges` table with an Alembic migration
        - Badge award worker that reads the `badges` table
        - Nightly schedule for the award worker in the CronJob manifests
        - Unit tests for the award worker's streak rules
        - Enable in production for the beta cohort
    """))
    assert sorted(plan["Enable in production for the beta cohort"]) == [
        "Nightly schedule for the award worker in the CronJob manifests",
        "Unit tests for the award worker's streak rules"]  # the ends of the work, not one task sharing a word


def test_switching_a_setting_on_outside_an_environment_is_no_release() -> None:
    plan = deps_by_title(planned("""
        ## To do
        - Create the uploads bucket in Terraform
        - Upload handler that writes to the uploads bucket
        - Enable versioning on the uploads bucket
    """))
    assert plan["Enable versioning on the uploads bucket"] != ["Upload handler that writes to the uploads bucket"]


def test_a_test_of_one_side_of_the_product_waits_on_the_latest_work_on_that_side() -> None:
    plan = deps_by_title(planned("""
        ## Steps
        1. Add the `quotas` table
        2. Quota check in the upload service (backend)
        3. Reject uploads over the quota with a 413 (backend)
        4. Remaining quota in the page header (frontend)
        5. Tests (backend)
    """))
    assert plan["Tests (backend)"] == ["Quota check in the upload service (backend)",
                                       "Reject uploads over the quota with a 413 (backend)"]  # not the frontend


def test_a_test_naming_the_endpoints_by_their_kind_waits_on_them() -> None:
    plan = deps_by_title(planned("""
        ## Plan
        1. `RetryPolicy` with capped exponential backoff
        2. Webhook subscription model and its migration
        3. REST endpoints under `/subscriptions` (create, list, delete)
        4. pytest: backoff cases and the endpoints' error paths
    """))
    assert sorted(plan["pytest"]) == ["REST endpoints under `/subscriptions` (create, list, delete)",
                                      "`RetryPolicy` with capped exponential backoff"]


def test_a_check_of_the_whole_scaffolded_product_waits_on_the_finished_features() -> None:
    plan = deps_by_title(planned("""
        ## Core
        - [ ] Scaffold the plugin with the editor's generator
        - [ ] Snippet index rebuilt when a snippet file changes
        ## Features
        - [ ] Completion items from the snippet index
        - [ ] Preview pane rendering the selected snippet
        ## Quality
        - [ ] Test the plugin by hand on two real projects and note slow spots
    """))
    assert sorted(plan["Test the plugin by hand on two real projects and note slow spots"]) == [
        "Completion items from the snippet index", "Preview pane rendering the selected snippet"]


def test_parts_made_alike_stand_side_by_side_and_the_next_step_builds_on_all_of_them() -> None:
    plan = deps_by_title(planned("""
        ## Implementation steps
        1. Create the letter templates in `templates/letters/`
        2. Create the mail-merge scripts in `scripts/merge/`
        3. Update `send_batch.py` to run the merge scripts
    """))
    assert plan["Create the mail-merge scripts in `scripts/merge/`"] == []  # not after the templates
    assert sorted(plan["Update `send_batch.py` to run the merge scripts"]) == [
        "Create the letter templates in `templates/letters/`", "Create the mail-merge scripts in `scripts/merge/`"]


def test_a_step_after_a_job_waits_on_what_the_job_waits_on() -> None:
    plan = deps_by_title(planned("""
        ## Steps
        ### 1. Add the `seasons` table
        ### 2. Season close job at midnight
        ### 3. Standings API
        ### 4. Standings panel in the client
    """))
    assert plan["Standings API"] == ["Add the `seasons` table"]  # a job ends its line: nothing builds on it
    assert plan["Standings panel in the client"] == ["Standings API"]


def test_implementation_before_polish_makes_the_polish_wait_on_all_the_implementation() -> None:
    plan = deps_by_title(planned("""
        ## Phase 1: Setup
        - [ ] T001 Create the ledger service layout
        ## Phase 2: Core Implementation
        - [ ] T002 Ledger entry types in `ledger/model.go`
        - [ ] T003 Posting rules in `ledger/post.go`
        ## Phase 3: Integration
        - [ ] T004 Send posted entries to the event bus
        ## Phase 4: Polish
        - [ ] T005 Update `docs/api.md`
        ## Dependencies
        - T002 blocks T003
        - Implementation before polish (T005)
    """))
    assert plan["Update `docs/api.md`"] == ["Posting rules in `ledger/post.go`", "Send posted entries to the event bus"]


def test_a_line_saying_before_about_no_phase_of_the_plan_orders_nothing() -> None:
    plan = deps_by_title(planned("""
        ### Phase 1: Data
        #### Task 1: Visit log table
        ### Phase 2: Screens
        #### Task 2: Visit history screen
        ### Post-release tasks
        #### Task 3: Announce the visit history in the newsletter

        Before marking the work complete: run the whole suite.
    """))
    assert plan["Announce the visit history in the newsletter"] == ["Visit history screen"]


def test_docs_wait_on_the_work_they_name_not_on_their_own_file_name() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - [ ] Add the `exports` table
        - [ ] Implement `POST /exports` in `api/exports.py`
        - [ ] Implement `GET /imports/{id}` in `api/imports.py`
        - [ ] Admin screen listing recent exports
        - [ ] Document the export and import endpoints in `docs/admin-api.md`
    """))
    assert plan["Document the export and import endpoints in `docs/admin-api.md`"] == [
        "Implement `POST /exports` in `api/exports.py`", "Implement `GET /imports/{id}` in `api/imports.py`"]


def test_docs_sharing_only_a_word_of_the_whole_plan_wait_on_nothing() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - [ ] Webhook signing secret per subscriber
        - [ ] Webhook delivery worker with retries and backoff
        - [ ] Update README.md to describe the webhook semantics
        - [ ] Verify a delivery end-to-end against a test subscriber
    """))
    assert plan["Update README.md to describe the webhook semantics"] == []
    assert "Webhook delivery worker with retries and backoff" in plan[
        "Verify a delivery end-to-end against a test subscriber"]


def test_a_detail_wrapped_onto_the_next_lines_is_read_with_its_lead() -> None:
    plan = deps_by_title(planned("""
        ## Approach
        1. **Define the `ShelfSlot` entity** with its migration
        2. **Restock worker** — moves returned books back to the shelves, one at a time,
           and fills each `ShelfSlot` up to the capacity it allows
        3. **Opening hours banner** on the home screen
    """))
    assert plan["Restock worker"] == ["Define the `ShelfSlot` entity"]
    assert plan["Opening hours banner"] == []


def test_a_task_waits_on_the_schema_whose_detail_defines_a_name_it_uses() -> None:
    plan = deps_by_title(planned("""
        # Implementation Plan

        - [ ] 1. Implement the tide data model
          - Define `TideReading` and `Station` dataclasses with the units they are stored in
        - [ ] 2. Build the gauge poller
          - Poll each gauge every minute and map the feed to `TideReading`
        - [ ] 3. Add the station endpoints
          - `GET /stations` and `GET /stations/{id}/latest`
        - [ ] 4. Harbour wall banner in the visitor app
    """))
    assert plan["Build the gauge poller"] == ["Implement the tide data model"]
    assert plan["Add the station endpoints"] == ["Implement the tide data model"]
    assert plan["Harbour wall banner in the visitor app"] == []


def test_infrastructure_for_a_thing_written_after_it_still_comes_first() -> None:
    plan = deps_by_title(planned("""
        ## Scope
        - Add a `purge_requests` table
        - Nightly purge job that deletes the expired uploads
        - Unit tests for the purge job's date arithmetic
        - Bucket permissions and an IAM role for the purge job (Terraform)
    """))
    assert "Bucket permissions and an IAM role for the purge job (Terraform)" in plan[
        "Nightly purge job that deletes the expired uploads"]
    assert plan["Bucket permissions and an IAM role for the purge job (Terraform)"] == []


def test_a_check_naming_what_it_verifies_waits_on_that_work() -> None:
    plan = deps_by_title(planned("""
        - [ ] 1. Define the voucher and redemption data models
        - [ ] 2. Build the `POST /v1/redemptions` endpoint that applies a voucher
        - [ ] 3. Nightly expiry job for unused vouchers
        - [ ] 4. Sandbox redemption verification with the payment provider's dummy cards
        - [ ] 5. Add the CI workflow for the vouchers service
    """))
    assert plan["Sandbox redemption verification with the payment provider's dummy cards"] == [
        "Build the `POST /v1/redemptions` endpoint that applies a voucher"]


def test_a_ci_pipeline_does_not_build_on_a_task_it_shares_a_word_with() -> None:
    plan = deps_by_title(planned("""
        Steps:

        1. Data: `Booking` model and its migration
        2. Booking rules in `BookingPolicy`
        3. CI: run the migration check in the pipeline
    """))
    assert plan["CI: run the migration check in the pipeline"] == []


def test_how_the_tests_run_builds_on_how_they_ran() -> None:
    plan = deps_by_title(planned("""
        # Tasks

        - [x] Move the coverage gate out of the shared pytest addopts
        - [x] Rename the settings module
        - [x] Enforce the coverage gate once, in the CI test command
    """))
    assert plan["Enforce the coverage gate once, in the CI test command"] == [
        "Move the coverage gate out of the shared pytest addopts"]
