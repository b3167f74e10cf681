"""The Markdown reader: every form people write plans in becomes the same kind of task drafts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planning.rules import RulePlanner
from tests.planning_helpers import planned, read


def titles(body: str) -> list[str]:
    return [draft.title for draft in read(body).drafts]



def test_flat_bullet_list_items_are_tasks() -> None:
    assert titles("""
        - Create the users table
        - Implement the login endpoint
        * Deploy to staging
    """) == ["Create the users table", "Implement the login endpoint", "Deploy to staging"]


def test_numbered_list_items_are_tasks_with_their_numbers() -> None:
    drafts = read("""
        1. Create the users table
        2. Implement the login endpoint
    """).drafts
    assert [(d.title, d.ordinal, d.line) for d in drafts] == [
        ("Create the users table", "1", 2),
        ("Implement the login endpoint", "2", 3),
    ]


def test_task_list_checkboxes_are_stripped() -> None:
    assert titles("""
        - [ ] Create the users table
        - [x] Implement the login endpoint
    """) == ["Create the users table", "Implement the login endpoint"]


def test_headings_as_phases_with_list_items_as_tasks() -> None:
    drafts = read("""
        ## Phase 1: Foundations
        - Create the users table
        - Provision the Redis cache

        ## Phase 2 — Features
        - Implement login
    """).drafts
    assert [(d.title, d.phase) for d in drafts] == [
        ("Create the users table", "Phase 1: Foundations"),
        ("Provision the Redis cache", "Phase 1: Foundations"),
        ("Implement login", "Phase 2 — Features"),
    ]


def test_untitled_section_of_instructions_is_a_phase() -> None:
    assert titles("""
        ## Backend
        - Implement the login handler
        - Add the session middleware
    """) == ["Implement the login handler", "Add the session middleware"]


def test_heading_per_task_with_paragraphs_and_labelled_lists() -> None:
    draft = read("""
        ## Tasks

        ### Task 3: Login endpoint
        `POST /login` checks the password and returns a JWT.

        **Deliverables:**
        - `auth/login.py`

        **Acceptance criteria**
        - [ ] 401 on a wrong password
        - [ ] rate limited

        Constraints: no plaintext passwords in logs
    """).drafts[0]
    assert draft.title == "Login endpoint"
    assert draft.number == "3"
    assert draft.description == ["`POST /login` checks the password and returns a JWT."]
    assert draft.deliverables == ["`auth/login.py`"]
    assert draft.acceptance == ["401 on a wrong password", "rate limited"]
    assert draft.constraints == ["no plaintext passwords in logs"]
    assert draft.excerpt.startswith("### Task 3: Login endpoint")


def test_heading_task_with_unlabelled_bullets_takes_them_as_criteria() -> None:
    draft = read("""
        ## Login endpoint
        - Returns a JWT on success
        - 401 on a wrong password
    """).drafts[0]
    assert draft.title == "Login endpoint"
    assert draft.acceptance == ["Returns a JWT on success", "401 on a wrong password"]


def test_field_sub_headings_belong_to_the_task_heading() -> None:
    draft = read("""
        ## Refund endpoint
        Refunds a charge.
        ### Acceptance criteria
        - partial refunds are allowed
        ### Deliverables
        - `payments/refunds.py`
    """).drafts[0]
    assert draft.acceptance == ["partial refunds are allowed"]
    assert draft.deliverables == ["`payments/refunds.py`"]


def test_nested_bullets_are_sorted_into_criteria_deliverables_constraints() -> None:
    draft = read("""
        - Create the users table
          - `migrations/0001_users.sql`
          - email is unique
          - Must not store plaintext passwords
          - [ ] created_at defaults to now
          - Deliverables:
            - an ER diagram
          - Constraint: Postgres 15 only
    """).drafts[0]
    assert draft.deliverables == ["`migrations/0001_users.sql`", "an ER diagram"]
    assert draft.acceptance == ["email is unique", "created_at defaults to now"]
    assert draft.constraints == ["Must not store plaintext passwords", "Postgres 15 only"]


def test_title_and_description_split_on_bold_colon_or_dash() -> None:
    drafts = read("""
        - **Users table** add email and password hash
        - Login endpoint: returns a JWT
        - Logout endpoint — revokes the session
    """).drafts
    assert [(d.title, d.description) for d in drafts] == [
        ("Users table", ["add email and password hash"]),
        ("Login endpoint", ["returns a JWT"]),
        ("Logout endpoint", ["revokes the session"]),
    ]



def test_an_area_label_before_the_work_stays_in_the_title_with_it() -> None:
    drafts = read("""
        - Storage: create the `reminders` table with a due time
        - **Mailer:** send the reminder when it falls due
        - Web app — show the next reminder on the dashboard
        - Reminder job: runs every minute and marks sent reminders
        - **Snooze button** Add a button that delays a reminder by an hour
        - Settings page: the user's time zone and quiet hours
    """).drafts
    assert [(d.title, d.description) for d in drafts] == [
        ("Storage: create the `reminders` table with a due time", []),
        ("Mailer: send the reminder when it falls due", []),
        ("Web app — show the next reminder on the dashboard", []),
        ("Reminder job", ["runs every minute and marks sent reminders"]),
        ("Snooze button", ["Add a button that delays a reminder by an hour"]),
        ("Settings page", ["the user's time zone and quiet hours"]),
    ]

def test_loose_list_item_paragraphs_and_code_become_description() -> None:
    draft = read("""
        - Configure the worker

          It reads from the `events` queue.

          ```yaml
          replicas: 3
          ```
    """).drafts[0]
    assert draft.description == ["It reads from the `events` queue.", "```yaml\nreplicas: 3\n```"]


def test_agent_tags_in_every_form() -> None:
    drafts = read("""
        - [datatypes] Define the order schema
        - Provision the queue (agent: cloud-primitives)
        - Ship the release @deployment
        - [Unit Testing] Cover the refund calculator
        - Load test checkout [agent:validation]
        - Build the exporter — agent: feature-implementation
        - [WIP] Write the importer
        - Ask @alice about the importer
    """).drafts
    assert [(d.title, d.agent) for d in drafts] == [
        ("Define the order schema", "datatypes"),
        ("Provision the queue", "cloud-primitives"),
        ("Ship the release", "deployment"),
        ("Cover the refund calculator", "Unit Testing"),
        ("Load test checkout", "validation"),
        ("Build the exporter", "feature-implementation"),
        ("[WIP] Write the importer", None),
        ("Ask @alice about the importer", None),
    ]


def test_unknown_explicit_agent_is_reported_in_the_reason() -> None:
    plan = planned("""
        - Build the exporter (agent: frontend)
          - exports CSV
    """)
    assert plan.tasks[0].agent == "feature-implementation"
    assert "“frontend”, which is not a role here" in plan.tasks[0].assignment_reason


def test_tagged_agent_wins_over_keywords_and_says_so() -> None:
    plan = planned("""
        - Implement the schema endpoint [deployment]
          - works
    """)
    assert plan.tasks[0].agent == "deployment"
    assert plan.tasks[0].assignment_reason == "Tagged “deployment” in the plan."


def test_dependency_phrases_in_every_form() -> None:
    drafts = read("""
        1. Schema: define the tables
        2. Queue: provision SQS
        3. Login endpoint (depends on #1)
        4. Logout endpoint, after: Login endpoint
        5. Refresh tokens, requires task 3 and 4
        6. Session cleanup job
           - blocked by Schema
           - Depends on: #2
    """).drafts
    assert [d.depends for d in drafts] == [[], [], ["#1"], ["Login endpoint"], ["task 3 and 4"], ["Schema", "#2"]]
    assert drafts[2].title == "Login endpoint"
    assert drafts[4].title == "Refresh tokens"


def test_dependencies_resolve_by_number_title_and_partial_title() -> None:
    plan = planned("""
        1. Define the event schema
           - documented
        2. Provision the SQS queue
           - encrypted
        3. Consumer worker (depends on #1, #2)
           - idempotent
        4. Dead-letter alerts (after: consumer worker)
           - pages on-call
        5. Replay tool, requires task 4
           - replays one day
    """)
    deps = {task.key: task.depends_on for task in plan.tasks}
    assert deps["consumer-worker"] == ("define-the-event-schema", "provision-the-sqs-queue")
    assert deps["dead-letter-alerts"] == ("consumer-worker",)
    assert deps["replay-tool"] == ("dead-letter-alerts",)


def test_words_like_after_in_prose_are_not_dependencies() -> None:
    drafts = read("""
        - Clean up after the migration
          - lock out after 5 failures
    """).drafts
    assert drafts[0].title == "Clean up after the migration"
    assert drafts[0].depends == []


def test_bullet_groups_nest_tasks_under_a_plain_parent() -> None:
    drafts = read("""
        - Backend
          - Implement the login handler
          - Add the session middleware
        - Infrastructure
          - Provision the Redis cache
          - Create the IAM role
    """).drafts
    assert [(d.title, d.phase) for d in drafts] == [
        ("Implement the login handler", "Backend"),
        ("Add the session middleware", "Backend"),
        ("Provision the Redis cache", "Infrastructure"),
        ("Create the IAM role", "Infrastructure"),
    ]


def test_background_sections_and_plan_fields_are_not_tasks() -> None:
    source = read("""
        We are adding refunds. @bob please review.

        ## Background
        - Support refunds by hand today

        ## Out of scope
        - Partial refunds

        ## Tasks
        - Implement the refund endpoint

        ## Constraints
        - Never log card numbers

        ## Acceptance criteria
        - A merchant can refund a charge
    """)
    assert [d.title for d in source.drafts] == ["Implement the refund endpoint"]
    assert source.summary == "We are adding refunds. @bob please review."
    assert source.constraints == ["Never log card numbers"]
    assert source.acceptance == ["A merchant can refund a charge"]


def test_plan_wide_constraints_reach_every_task() -> None:
    plan = planned("""
        ## Tasks
        - Implement the refund endpoint
          - refunds a charge
        - Add the refunds table
          - stores the reason

        ## Constraints
        - Never log card numbers
    """)
    assert all("Never log card numbers" in task.constraints for task in plan.tasks)


def test_preamble_lists_count_only_when_nothing_else_is_a_task() -> None:
    assert titles("""
        Related:
        - #12
        - the design doc

        ## Tasks
        - Implement the refund endpoint
    """) == ["Implement the refund endpoint"]
    assert titles("""
        Steps:
        - Implement the refund endpoint
        - Add the refunds table
    """) == ["Implement the refund endpoint", "Add the refunds table"]


def test_html_comments_from_issue_templates_are_ignored() -> None:
    assert titles("""
        <!-- Describe the plan below -->
        - Implement the refund endpoint
    """) == ["Implement the refund endpoint"]


def test_summary_comes_from_an_overview_section_when_there_is_no_preamble() -> None:
    source = read("""
        ## Overview
        Refunds for merchants.

        ## Tasks
        - Implement the refund endpoint
    """)
    assert source.summary == "Refunds for merchants."


def test_labels_inside_a_loose_list_item_fill_their_fields() -> None:
    draft = read("""
        - Configure the worker

          Acceptance criteria:

          - scales to 10 replicas

          Deliverables:
          - `deploy/worker.yaml`
    """).drafts[0]
    assert draft.acceptance == ["scales to 10 replicas"]
    assert draft.deliverables == ["`deploy/worker.yaml`"]


def test_the_heading_per_task_example_reads_labels_numbers_and_agents() -> None:
    body = (Path(__file__).resolve().parent.parent / "examples" / "payment-endpoint.md").read_text()
    plan = planned(body)
    deps = {task.key: task.depends_on for task in plan.tasks}
    assert deps["charge-endpoint"] == ("payment-data-model", "stripe-secrets-and-webhook-queue")
    assert deps["webhook-consumer"] == ("stripe-secrets-and-webhook-queue", "charge-endpoint")
    assert [task.agent for task in plan.tasks] == [
        "datatypes", "cloud-primitives", "feature-implementation", "feature-implementation", "unit-testing",
        "validation",
    ]
    assert plan.tasks[2].constraints[0] == "Must not call Stripe twice for the same idempotency key"
    assert "Never log full card numbers, CVCs or Stripe secret keys" in plan.tasks[0].constraints


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from([
    "# Plan", "## Phase 1", "### Task 2: Login", "## Background", "## Acceptance criteria",
    "- [ ] Create x [datatypes]",
    "- Implement y (depends on #1)", "  - must not log", "  - `a.py`", "1. Deploy z after: Login", "Some prose.",
    "```yaml", "tasks:", "  - title: T", "```", "> quote", "    code", "- **Bold** — desc", "Depends on: #9",
    "<!-- c -->", "@alice", "| a | b |", "", "  - Acceptance criteria:", "    - works", "Agent: nobody",
]), max_size=40))
def test_any_mix_of_forms_yields_valid_tasks_or_questions(lines: list[str]) -> None:
    outcome = RulePlanner().plan("Fuzz", "\n".join(lines))
    assert outcome.ready or outcome.questions
    if outcome.plan:
        assert len(set(outcome.plan.keys)) == len(outcome.plan.tasks)
