"""Order a plan implies without stating it: the rules of bot/planning/inference.py on small plans of our own."""

from __future__ import annotations

from bot.planning.topics import topic_words
from tests.planning_helpers import deps_by_title, planned


def test_the_shape_of_the_work_is_no_topic_two_tasks_share() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - Add the invoice service skeleton
        - Add the invoice numbering rules
        - Add the refund worker skeleton
        - Build tenant management
        - Build webhook management
    """))
    assert plan["Add the refund worker skeleton"] == []  # two skeletons of different things
    assert plan["Build webhook management"] == []


def test_an_entry_file_is_about_its_folder() -> None:
    assert topic_words("Widgets in `src/search/index.ts`") == {"widget", "search"}
    assert "index" in topic_words("Rebuild the search index nightly")


def test_phases_of_steps_after_a_foundation_phase_build_on_its_end_not_on_each_other() -> None:
    plan = deps_by_title(planned("""
        ## Implementation steps
        ### Phase 1: Foundation
        #### Step 1.1: Create the kiosk app skeleton
        #### Step 1.2: Add the visits table
        ### Phase 2: Check-in
        #### Step 2.1: Badge printing
        #### Step 2.2: Host notification by SMS
        ### Phase 3: Reporting
        #### Step 3.1: Weekly visitor export
        ### Phase 4: Checks
        #### Step 4.1: Verify a full check-in end-to-end
    """))
    assert plan["Add the visits table"] == ["Create the kiosk app skeleton"]  # the foundation is in order
    assert plan["Badge printing"] == ["Add the visits table"]
    assert plan["Host notification by SMS"] == ["Add the visits table"]  # not after badge printing
    assert plan["Weekly visitor export"] == ["Add the visits table"]  # not after Phase 2
    assert sorted(plan["Verify a full check-in end-to-end"]) == [
        "Badge printing", "Host notification by SMS", "Weekly visitor export"]  # it checks the features


def test_a_step_on_the_other_side_of_the_product_does_not_follow_the_step_before() -> None:
    plan = deps_by_title(planned("""
        ## Implementation steps
        ### 1. Add the `locale` column to accounts
        ### 2. Accept the locale in the profile API (backend)
        ### 3. Language picker in the settings dialog (frontend)
        ### 4. Load translations for the chosen language in the frontend
    """))
    assert plan["Accept the locale in the profile API (backend)"] == ["Add the `locale` column to accounts"]
    assert plan["Language picker in the settings dialog (frontend)"] == []
    assert plan["Load translations for the chosen language in the frontend"] == [
        "Language picker in the settings dialog (frontend)"]


def test_a_section_named_for_what_follows_the_work_waits_on_where_the_last_phase_ends() -> None:
    plan = deps_by_title(planned("""
        ## Phase 1: Storage
        ### Task 1: Add the parcels table
        ### Task 2: Parcel label renderer
        ## Phase 2: Carriers
        ### Task 3: Carrier rate lookup
        ## Post-launch tasks
        1. Update the operations runbook
        2. Announce the launch to the depot managers
    """))
    assert plan["Update the operations runbook"] == ["Carrier rate lookup"]
    assert plan["Announce the launch to the depot managers"] == ["Carrier rate lookup"]


def test_data_does_not_wait_on_code_and_code_waits_on_its_data_and_its_module() -> None:
    plan = deps_by_title(planned("""
        ## Reports API
        - Create `reports/api/exports.py`
        - Define export request/response models
        - Implement `POST /exports` to queue an export job
    """))
    assert plan["Define export request/response models"] == []  # not after the file its code lives in
    assert plan["Implement `POST /exports` to queue an export job"] == [
        "Define export request/response models", "Create `reports/api/exports.py`"]


def test_a_doer_shares_its_topic_with_what_it_does() -> None:
    assert topic_words("Build the event dispatcher") & topic_words("Invoke the event dispatch after saving")
    assert topic_words("CSV exporter for invoices") >= {"export", "invoice"}
    assert "order" in topic_words("Order history page")  # a short word ending in -er is no doer


def test_a_word_points_to_the_task_that_introduces_the_thing_it_names_not_to_a_stem_of_it() -> None:
    plan = deps_by_title(planned("""
        ## Plan
        1. Add an `exports` table and migration (owner, format, status)
        2. Implement a `ReportExporter` class that writes CSV files and records them in `exports`
        3. Add a nightly job that calls the exporter for every active account
        4. Unit tests for the exporter
    """))
    # "the exporter" is the `ReportExporter`, not the `exports` table its stem also names
    assert plan["Add a nightly job that calls the exporter for every active account"] == [
        "Implement a `ReportExporter` class that writes CSV files and records them in `exports`"]
    assert plan["Unit tests for the exporter"] == [
        "Implement a `ReportExporter` class that writes CSV files and records them in `exports`"]


def test_a_rollout_ships_all_open_work_before_it_and_a_check_in_an_environment_waits_on_that_rollout() -> None:
    plan = deps_by_title(planned("""
        ## Plan
        1. Add a `loyalty_points` table with a migration
        2. Award points on each paid order
        3. Provision the Redis cache for point balances in Terraform
        4. Roll out to staging, then production, behind the `loyalty` flag
        5. Load test staging for an hour and compare balances with the ledger
    """))
    assert plan["Roll out to staging, then production, behind the `loyalty` flag"] == [
        "Award points on each paid order", "Provision the Redis cache for point balances in Terraform"]
    assert plan["Load test staging for an hour and compare balances with the ledger"] == [
        "Roll out to staging, then production, behind the `loyalty` flag"]


def test_wiring_routes_in_waits_on_the_modules_the_endpoints_are_written_in() -> None:
    plan = deps_by_title(planned("""
        ## Boards
        - Create `api/boards.py`
        - Implement `GET /boards` in it
        ## Cards
        - Create `api/cards.py`
        - Implement `POST /cards` in it
        ## App
        - Add request logging middleware
        - Register all routers in the app
    """))
    assert plan["Register all routers in the app"] == ["Create `api/boards.py`", "Create `api/cards.py`"]


def test_the_thing_a_line_names_with_the_is_the_one_an_earlier_task_introduced() -> None:
    plan = deps_by_title(planned("""
        ## Steps
        1. **Coupon model** — `coupons` table with code, percent and expiry.
        2. **Code generator** — a `CouponMinter` that makes unguessable codes.
        3. **Checkout** — apply the coupon at checkout using the minter's checksum, then mark it used.
        4. **Tests** — unit tests for the minter and the checkout discount.
    """))
    assert plan["Checkout"] == ["Coupon model", "Code generator"]  # the coupon it applies, the minter it uses
    assert plan["Tests"] == ["Code generator", "Checkout"]  # a test of two things waits on both


def test_code_that_names_nothing_earlier_waits_on_the_shared_data_defined_for_the_rest() -> None:
    plan = deps_by_title(planned("""
        ## Scope
        - Define a shared schema for archive rules in the config file
        - Move old invoices to cold storage after a year
        - Document the archive rules
    """))
    assert plan["Move old invoices to cold storage after a year"] == [
        "Define a shared schema for archive rules in the config file"]


def test_a_closing_test_of_one_thing_waits_on_that_thing_not_on_everything() -> None:
    plan = deps_by_title(planned("""
        ## Scope
        - Thumbnail renderer for uploaded photos
        - Album sharing links
        - Load test the renderer with 2,000 photos a minute
    """))
    assert plan["Load test the renderer with 2,000 photos a minute"] == ["Thumbnail renderer for uploaded photos"]


def test_work_that_names_nothing_earlier_lives_in_the_scaffold_of_the_whole_the_plan_opens_with() -> None:
    plan = deps_by_title(planned("""
        ## Setup
        - [ ] Scaffold the Slack bot with Bolt and TypeScript
        - [ ] Provision the Lambda function and its IAM role in Terraform
        ## Features
        - [ ] Standup reminder at 9:30 in each team channel
        - [ ] Weekly summary of blockers
    """))
    assert plan["Standup reminder at 9:30 in each team channel"] == ["Scaffold the Slack bot with Bolt and TypeScript"]
    assert plan["Provision the Lambda function and its IAM role in Terraform"] == []  # infrastructure stands apart
