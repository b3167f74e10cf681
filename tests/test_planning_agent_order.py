"""Order that follows what a task says, so that getting its agent right never costs an edge."""

from __future__ import annotations

from tests.planning_helpers import deps_by_title, planned


def test_a_closing_check_does_not_wait_on_the_developers_tooling() -> None:
    plan = deps_by_title(planned("""
        ## Tasks
        - [ ] T001 Rota store in `internal/rota/store.go`
        - [ ] T002 [P] Configure golangci-lint in `.golangci.yml`
        - [ ] T003 Shift swap handlers in `internal/http/swaps.go`
        - [ ] T004 Build the rota container image
        - [ ] T005 Verify the rota end-to-end by hand
    """))
    verify = plan["Verify the rota end-to-end by hand"]
    assert "Configure golangci-lint in `.golangci.yml`" not in verify  # a linter is no part of the product
    assert "Build the rota container image" in verify


def test_every_line_of_work_starts_where_the_project_setup_ends() -> None:
    plan = deps_by_title(planned("""
        ## Implementation steps
        ### Phase 1: Foundation
        #### Step 1.1: Project and database setup
        #### Step 1.2: Rooms and bookings schema
        #### Step 1.3: Room search
        ### Phase 2: Bookings
        #### Step 2.1: Booking confirmation emails
    """))
    assert plan["Rooms and bookings schema"] == ["Project and database setup"]  # delivery opens the code's line
    assert plan["Room search"] == ["Rooms and bookings schema"]


def test_a_screen_with_no_api_of_its_topic_waits_on_the_logic_it_shows() -> None:
    # "Drift detection" is logic (feature work), not a model; the screen still waits on it
    plan = deps_by_title(planned("""
        ## Implementation steps
        ### Phase 1: Foundation setup
        #### Step 1.1: Project setup
        #### Step 1.2: Settings schema creation
        ### Phase 2: Drift
        #### Step 2.1: Drift detection
        #### Step 2.2: Document drift detection in the README
        #### Step 2.3: Drift component
    """))
    assert plan["Drift component"] == ["Drift detection"]  # not the docs of it


def test_work_on_a_route_waits_on_the_task_that_wrote_it_whatever_its_agent() -> None:
    plan = deps_by_title(planned("""
        ## Plan
        1. Plot table with a migration
        2. Public plot map endpoint `GET /plots/{site}`
        3. Allotment officer screens
        4. Cache `GET /plots/{site}` at the CDN for five minutes [cloud-primitives]
    """))
    cache = plan["Cache `GET /plots/{site}` at the CDN for five minutes"]
    assert cache == ["Public plot map endpoint `GET /plots/{site}`"]  # provisioned, yet after the route
