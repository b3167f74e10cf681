"""The keyword scorer: accurate on labelled corpora, explainable, and driven only by role data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import DEFAULT_ROLES, AgentRole, RoleSet
from bot.planning.classifier import KeywordClassifier

DATA = Path(__file__).parent / "data"


def corpus(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text())
    return rows


CORPUS = corpus("role_corpus.yaml")
HELD_OUT = corpus("role_corpus_heldout.yaml")  # written before the scorer was re-tuned (issue #11, item 6)
BLIND = corpus("role_corpus_blind.yaml")  # written with it, scored only once the tuning was done


def accuracy(rows: list[dict[str, Any]]) -> float:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    right: int = sum(
        classifier.classify(str(row["line"]), str(row.get("body", ""))).agent == row["agent"] for row in rows
    )
    return right / len(rows)


@pytest.mark.parametrize(("rows", "size"), [(CORPUS, 40), (HELD_OUT, 80), (BLIND, 60)])
def test_corpora_are_large_and_cover_every_role(rows: list[dict[str, Any]], size: int) -> None:
    assert len(rows) >= size
    assert {row["agent"] for row in rows} == set(DEFAULT_ROLES.slugs)


def test_accuracy_on_the_labelled_corpus() -> None:
    held_out = [row for row in CORPUS if row.get("held_out")]
    assert accuracy(CORPUS) >= 0.9  # README reports the exact figure; this guards against regressions
    assert accuracy(held_out) >= 0.85


@pytest.mark.parametrize("rows", [HELD_OUT, BLIND], ids=["held-out", "blind"])
def test_accuracy_on_lines_it_was_not_tuned_on(rows: list[dict[str, Any]]) -> None:
    assert accuracy(rows) >= 0.85


@pytest.mark.parametrize(
    ("line", "agent", "words"),
    [
        ("Add a users table with an email column", "datatypes", ["table", "column"]),
        ("Write unit tests for the login handler", "unit-testing", ["unit tests"]),
        ("Deploy the worker to staging", "deployment", ["deploy", "staging"]),
        ("T012 [P] [US1] Verify the checkout endpoint", "validation", ["verify"]),
        ("Add input validation to the signup form", "feature-implementation", ["input validation"]),
    ],
)
def test_reason_names_the_deciding_words(line: str, agent: str, words: list[str]) -> None:
    assignment = KeywordClassifier(DEFAULT_ROLES).classify(line)
    assert assignment.agent == agent
    for word in words:
        assert f"“{word}”" in assignment.reason


def test_phrases_claim_their_words_before_single_keywords() -> None:
    # "integration test" is validation's phrase; "integrate" alone would be feature work
    assert KeywordClassifier(DEFAULT_ROLES).classify("Integration tests for checkout").agent == "validation"


def test_description_counts_but_less_than_the_title() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Orders", "Add a table and a migration for orders").agent == "datatypes"
    assert classifier.classify("Deploy orders", "schema schema").agent == "deployment"


def test_no_match_goes_to_the_fallback_and_says_so() -> None:
    assignment = KeywordClassifier(DEFAULT_ROLES, "feature-implementation").classify("Think hard")
    assert assignment.agent == "feature-implementation"
    assert "No role's vocabulary matched" in assignment.reason


def test_custom_roles_are_scored_from_their_own_vocabulary() -> None:
    roles = RoleSet(roles=(
        AgentRole(slug="frontend", label="agent:frontend", display_name="Frontend",
                  charter="Owns the React UI.", keywords=("react", "component", "css")),
        AgentRole(slug="backend", label="agent:backend", display_name="Backend",
                  charter="Owns services.", keywords=("endpoint", "service")),
    ))
    classifier = KeywordClassifier(roles)
    assert classifier.classify("Build the React checkout component").agent == "frontend"
    assert classifier.classify("Add the checkout endpoint").agent == "backend"
    assert classifier.classify("Something vague").agent == "frontend"  # fallback: the first role


def test_ties_go_to_the_role_listed_first() -> None:
    roles = RoleSet(roles=(
        AgentRole(slug="a", label="a", display_name="A", charter="x", keywords=("widget",)),
        AgentRole(slug="b", label="b", display_name="B", charter="y", keywords=("widget",)),
    ))
    assert KeywordClassifier(roles).classify("widget").agent == "a"


def test_a_single_role_takes_everything() -> None:
    solo = AgentRole(slug="solo", label="solo", display_name="Solo", charter="All.", keywords=("api",))
    roles = RoleSet(roles=(solo,))
    assert KeywordClassifier(roles).classify("Build the api").agent == "solo"
    assert KeywordClassifier(roles).classify("Anything").agent == "solo"


def test_the_reason_says_where_the_words_were_found() -> None:
    reason = KeywordClassifier(DEFAULT_ROLES).classify("Orders", "Add a table and a migration").reason
    assert "“table”, “migration” in the description from the Datatypes vocabulary" in reason
    reason = KeywordClassifier(DEFAULT_ROLES).classify("Deploy orders", "Roll out to staging").reason
    assert reason.startswith("Matched “deploy” in the title and “roll out”, “staging” in the description")


def test_the_lead_word_names_the_work_more_than_the_nouns_after_it() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Verify the refund endpoint in the billing service").agent == "validation"
    assert classifier.classify("Wire the MCP operation end to end").agent == "feature-implementation"
    assert classifier.classify("- [ ] T004 [P] Deploy the API behind the load balancer").agent == "deployment"


def test_a_title_without_a_verb_is_what_its_head_noun_names() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Staging smoke verification").agent == "validation"  # not a staging deployment
    assert classifier.classify("Payout ledger data model and migration").agent == "datatypes"
    assert classifier.classify("Migration status component").agent == "feature-implementation"
    assert classifier.classify("Search cluster provisioning (Terraform)").agent == "cloud-primitives"
    assert classifier.classify("Mock the ledger client in the payout tests").agent == "unit-testing"  # a verb
    assert classifier.classify("Release-manager endpoints and CLI").agent == "feature-implementation"  # no verb
    assert classifier.classify("Load-test the payout API").agent == "validation"


def test_a_long_description_with_one_keyword_in_passing_does_not_decide() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    walkthrough = "The ledger keeps one row per grain and replays them in order. " * 6 + "It has two interfaces."
    assert classifier.classify("Ledger replay registration", walkthrough).agent == "feature-implementation"
    assert classifier.classify("Cover the pricing rules", "One test per rule; use the factory helpers.").agent \
        == "unit-testing"  # a short description is to the point


def test_release_and_exercise_words_name_their_roles() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Dashboard cutover and legacy decommission").agent == "deployment"
    assert classifier.classify("Failover game day in production").agent == "validation"
    assert classifier.classify("Add `aioapns` to pyproject.toml and regenerate the lock file").agent == "deployment"
    assert classifier.classify("Admin settings navigation").agent == "feature-implementation"


def test_context_and_asides_count_less_than_what_the_task_is() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Add a KMS key for the payments table").agent == "cloud-primitives"
    assert classifier.classify("Show the order history (table view, CSV export)").agent == "feature-implementation"


def test_a_test_verb_is_verification_and_tests_of_a_component_are_unit_tests() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Test the checkout flow").agent == "validation"
    assert classifier.classify("Tests for the price calculator").agent == "unit-testing"
    assert classifier.classify("Add tests for the price calculator").agent == "unit-testing"


def test_tdd_boilerplate_in_the_description_does_not_decide() -> None:
    body = (
        "**Step 1: Write the failing test**\n\n```python\ndef test_archive():\n    assert archive(p).done\n```\n\n"
        "**Step 2: Run test to verify it fails** with `pytest tests/test_archive.py`\n\n"
        "**Step 3: Write minimal implementation**\n\n**Step 4: Run tests and commit**"
    )
    assert KeywordClassifier(DEFAULT_ROLES).classify("Archive command", body).agent == "feature-implementation"


def test_code_blocks_are_ignored_and_paths_in_the_description_count_least() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    fenced = classifier.classify("Payload builder alignment", "```ruby\nassert_equal schema, pytest_mock\n```")
    assert fenced.reason.startswith("No role's vocabulary matched")
    assert classifier.classify("Render the invoice list", "Files: `tests/test_invoices.py`, `src/types/invoice.ts`.")\
        .agent == "feature-implementation"
    # the file the title names is where the work lands: a handler in a test module is test code
    assert classifier.classify("Update the handler in tests/unit/test_handler.py").agent == "unit-testing"


def test_everyday_nouns_of_a_charter_do_not_decide() -> None:
    # "clarifying questions", "local dev stack", "secret stores", "load balancers", "Owns delivery" are charter
    # phrases; their single words name nothing in "Question editor" or "Alert delivery"
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Question editor for teachers (rich text, images)").agent == "feature-implementation"
    assert classifier.classify("Hover card listing the key in all locales").agent == "feature-implementation"
    assert classifier.classify("Repository with pgx in `internal/store/leave_store.go`").agent \
        == "feature-implementation"
    assert classifier.classify("Alert delivery by SMS and in-app message").agent == "feature-implementation"
    assert classifier.classify("Approval rules (balance check, overlapping requests)").agent \
        == "feature-implementation"


def test_trials_and_explorations_are_validation_and_project_layout_is_deployment() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Pilot the new rota with one ward and gather feedback").agent == "validation"
    assert classifier.classify("Reconcile one month of totals with the invoice").agent == "validation"
    assert classifier.classify("Explore the current importer and its call sites").agent == "validation"
    assert classifier.classify("Create the project structure per plan.md").agent == "deployment"
    assert classifier.classify("Add dependencies (httpx, structlog) and lint targets").agent == "deployment"
    assert classifier.classify("Run the test matrix (3.11, 3.12) in `.github/workflows/ci.yml`").agent == "deployment"
    assert classifier.classify("Audit log entry for every purge").agent == "feature-implementation"


def test_a_contract_test_of_one_endpoint_is_a_unit_test_and_between_services_validation() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES)
    assert classifier.classify("Contract test GET /orders/{id} in tests/contract/test_get.py").agent == "unit-testing"
    assert classifier.classify("Contract test for POST /orders in tests/contract/test_post.py").agent == "unit-testing"
    assert classifier.classify("Contract tests between the basket and pricing services").agent == "validation"


def test_a_component_named_by_its_head_noun_is_feature_work() -> None:
    # a loader, a detector, diagnostics or a quick fix is behaviour, whatever data it loads or checks
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Schema drift detection").agent == "feature-implementation"
    assert classifier.classify("Theme file loader for CSS bundles").agent == "feature-implementation"
    assert classifier.classify("Diagnostics for unused settings, with a quick fix that adds a stub").agent \
        == "feature-implementation"
    assert classifier.classify("`OrderBook` read path — cache every N ticks + manual override").agent \
        == "feature-implementation"


def test_validating_incoming_data_is_logic_and_running_the_checks_is_validation() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Add search query validation", "Validate input").agent == "feature-implementation"
    assert classifier.classify("Add parameter validation to the export endpoint").agent == "feature-implementation"
    assert classifier.classify("Run the validation commands and list what still fails").agent == "validation"
    assert classifier.classify("Manual check of the invoice emails").agent == "validation"


def test_linters_run_profiles_and_switching_the_old_path_off_are_delivery() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Configure golangci-lint for the service").agent == "deployment"
    assert classifier.classify("Add the ruff and stylelint settings").agent == "deployment"
    assert classifier.classify("Write the cluster configuration profile for the batch runs").agent == "deployment"
    assert classifier.classify("Turn off the legacy fax notifications").agent == "deployment"
    assert classifier.classify("Implement response formatting").agent == "feature-implementation"


def test_an_abstraction_is_a_contract() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("`IBlobCache` abstraction + key record + error type").agent == "datatypes"


def test_a_database_index_is_a_datatype_and_an_index_in_memory_is_feature_work() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Add a unique index on invoices.number").agent == "datatypes"
    assert classifier.classify("Search index mapping for recipes").agent == "datatypes"
    assert classifier.classify("Symbol index").agent == "feature-implementation"
    assert classifier.classify("Keep the cache identity", "Rebuild the lookup index when the model changes.").agent \
        == "feature-implementation"


def test_signing_is_feature_work_and_a_signing_key_is_provisioned() -> None:
    # "signing" must not read as the charter's "sign-off"
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Receipt signing").agent == "feature-implementation"
    assert classifier.classify("Signing key in KMS for the release builds").agent == "cloud-primitives"
    assert classifier.classify("Rotate the webhook signing secret").agent == "cloud-primitives"
    assert classifier.classify("QA sign-off before release").agent == "validation"


def test_soak_smoke_and_load_tests_are_validation_even_in_an_environment() -> None:
    # an opening phrase names the work: "Smoke test production" is a test, not a production change
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Smoke test production after the release").agent == "validation"
    assert classifier.classify("Load test staging with 500 users").agent == "validation"
    assert classifier.classify("Endurance test the ingest pipeline").agent == "validation"
    assert classifier.classify("Soak test the importer in staging for three days").agent == "validation"
    assert classifier.classify("Soak test in staging").agent == "validation"


def test_a_lead_verb_names_the_work_only_when_it_opens_the_title() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Check in staging that the nightly export lands in the bucket").agent == "validation"
    assert classifier.classify("Health checks for the booking API").agent == "feature-implementation"
    assert classifier.classify("Call the pricing service from the basket handler and email the buyer").agent \
        == "feature-implementation"
    assert classifier.classify("Containerise the tools we call").agent == "deployment"
    assert classifier.classify("Checks in staging: digests sent, opt-outs kept").agent == "validation"
    assert classifier.classify("Try the sign-up in staging with a throwaway account").agent == "validation"
    assert classifier.classify("Sanity check in production").agent == "validation"


def test_a_secret_in_a_secret_store_and_who_may_read_it_is_provisioned() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Store the Mailgun API key in Secrets Manager and give the worker task role read "
                               "access").agent == "cloud-primitives"
    assert classifier.classify("Put the SMTP password in Vault").agent == "cloud-primitives"


def test_when_the_words_before_the_context_name_no_work_the_first_context_phrase_decides() -> None:
    # a rollout step is deployment, even with a backfill joined on; a backfill alone is a data change
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Switch on in staging and backfill last week's orders").agent == "deployment"
    assert classifier.classify("Backfill the last 90 days of bookings").agent == "datatypes"
    assert classifier.classify("Deploy the worker and backfill the ledger").agent == "deployment"


def test_where_and_when_a_job_runs_is_delivery_and_what_it_does_is_feature_work() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Run the importer as a Cloud Run scheduled task every night").agent == "deployment"
    assert classifier.classify("Add the purge job to the k8s CronJob manifests").agent == "deployment"
    assert classifier.classify("Schedule reminders with the background worker").agent == "feature-implementation"
    assert classifier.classify("Kubernetes cluster for the batch jobs").agent == "cloud-primitives"


def test_docs_name_the_work_only_when_nothing_else_does() -> None:
    # docs go along with any work: "Docs & Release" is a release with its docs, a docs-only task is feature work
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Docs & Release").agent == "deployment"
    assert classifier.classify("Write the migration guide and the pytest fixtures").agent == "unit-testing"
    assert classifier.classify("Update the README with the new flags").agent == "feature-implementation"
    assert classifier.classify("User guide for the export screen").agent == "feature-implementation"


def test_a_scheduled_dag_is_delivery_and_a_flag_alone_is_no_feature_flag() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Cloud Scheduler DAGs for the nightly loads").agent == "deployment"
    assert classifier.classify("Opt-out flag on the subscriber").agent != "deployment"
    assert classifier.classify("Feature flag for the new checkout").agent == "deployment"


def test_a_phrase_spans_a_coordinated_modifier() -> None:
    # "project and schema setup" is a project setup and a schema setup
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assignment = classifier.classify("Project and schema setup")
    assert assignment.agent == "deployment"
    assert "“project and schema setup”" in assignment.reason


@pytest.mark.parametrize(
    ("line", "agent"),
    [
        # the words alone say otherwise: a rollout, a refund flow, an export format, a checkout page
        ("Update `pricing/rollout_rules.py` to implement the new rollout order", "feature-implementation"),
        ("Update `migrations/0012_refund_reason.sql` for the refund flow", "datatypes"),
        ("Update `tests/test_export.py` for the new export format", "unit-testing"),
        ("Update `e2e/checkout.spec.ts` for the new checkout page", "validation"),
        ("Add `POST /plots/{id}/offer` contract and implementation", "feature-implementation"),  # a route is code
        ("Contract test for `POST /plots/{id}/offer`", "unit-testing"),
    ],
)
def test_a_file_the_title_names_says_where_the_work_lands(line: str, agent: str) -> None:
    assert KeywordClassifier(DEFAULT_ROLES, "feature-implementation").classify(line).agent == agent


def test_a_product_named_like_a_file_is_no_file() -> None:
    from bot.planning.file_kinds import FileKinds

    kinds = FileKinds(DEFAULT_ROLES, "feature-implementation")
    assert list(kinds.roles_named("Move the site to Next.js and NextAuth.js")) == []
    assert [slug for slug, *_ in kinds.roles_named("Edit `src/app/page.tsx` and docs/usage.md")] == [
        "feature-implementation"]
    assert [slug for slug, *_ in kinds.roles_named("`src/integrations/slack.py`, `tests/integration/`")] == [
        "feature-implementation", "unit-testing", "validation"]  # an integration folder holds tests only in tests/


def test_adding_tests_is_unit_testing_whatever_the_purpose_says() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Add tests to verify the new export process").agent == "unit-testing"
    assert classifier.classify("Write tests that confirm the quota is enforced").agent == "unit-testing"
    assert classifier.classify("Add integration tests for the export journey").agent == "validation"


def test_a_dry_run_names_a_check_only_as_the_lead() -> None:
    # "Dry-run the import" is a check; "Add a dry-run mode so staff can preview it" builds a mode of the product
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Dry-run the ledger import against last month's files").agent == "validation"
    assert classifier.classify("Add dry-run/preview so staff can see what would change").agent \
        == "feature-implementation"
    assert classifier.classify("Month-end reconciliation against the bank statement").agent == "validation"


def test_a_record_format_or_a_types_package_is_data_and_a_ci_job_is_delivery() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Agree the event format for the sensor readings").agent == "datatypes"
    assert classifier.classify("Shared types package for the kiosk and the back office").agent == "datatypes"
    assert classifier.classify("Add a CI job that builds the docs site").agent == "deployment"


def test_the_owner_the_plan_names_decides_only_what_the_title_does_not() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Storage for the scanned letters", owner="Infra").agent == "cloud-primitives"
    assert classifier.classify("Walk the pilot users through it", owner="QA").agent == "validation"
    assert classifier.classify("Storage for the scanned letters", owner="@lena").agent == "feature-implementation"
    assignment = classifier.classify("Applicants in `migrations/0031_applicants.sql`", owner="Backend")
    assert assignment.agent == "datatypes"  # the file says more than the team
    assert "“qa” in the owner" in classifier.classify("Walk the pilot users through it", owner="QA").reason


def test_a_call_the_title_names_is_code_whatever_the_description_mentions() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assignment = classifier.classify("Prefer local copies in `Catalogue.lookup()`", "Fall back to the CDN URL.")
    assert assignment.agent == "feature-implementation"


def test_a_shorter_word_that_shares_a_keyword_stem_is_another_word() -> None:
    # "dock" is no "docker", "signal" no "signing", "load" no "loader"; plurals and "-ing" forms still match
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    assert classifier.classify("Occupancy per dock for the next hour").agent == "feature-implementation"
    assert classifier.classify("Signal strength chart").agent == "feature-implementation"
    assert classifier.classify("Load rehearsal").agent == "validation"
    assert classifier.classify("Dockerize the sync worker").agent == "deployment"
    assert classifier.classify("Provision queues for the importer").agent == "cloud-primitives"


def test_a_role_word_only_in_a_clause_further_on_decides_nothing() -> None:
    # the first context phrase may say what the work is done on; a later clause or a unit ("per bucket") does not
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    passing = "Plate blurring for approved photos before they are copied to the public bucket"
    assert classifier.classify(passing).agent == "feature-implementation"
    assert classifier.classify("Pay calculation per bucket and per hour").agent == "feature-implementation"
    assert classifier.classify("Photo copies into the public bucket").agent == "cloud-primitives"
    assert classifier.classify("Add a field to the catalogue and backfill the strains").agent == "datatypes"


def test_a_later_clause_of_the_title_counts_less_than_what_the_title_names() -> None:
    # "Docker image" is the work; "that uploads … when …" says what the image runs, further off than "for the worker"
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    title = "Docker image for the sync worker that uploads inspections when the phone is back in signal"
    assert classifier.classify(title).agent == "deployment"
    # a participle with its phrase opens such a clause too: the readings are persisted, the table is where they go
    title = "Persist readings posted by the bridge into the readings table"
    assert classifier.classify(title).agent == "feature-implementation"
    assert classifier.classify("Nightly schedule for the award worker in the CronJob manifests").agent == "deployment"


def test_a_charter_word_alone_in_a_short_description_decides_nothing() -> None:
    classifier = KeywordClassifier(DEFAULT_ROLES, "feature-implementation")
    body = "Seed players' ratings so the first round's groups are fair."
    assert classifier.classify("Import starting ratings", body).agent == "feature-implementation"
    assert classifier.classify("Case intake form for clinics").agent == "feature-implementation"
    assert classifier.classify("Rating widget for finished games").agent == "feature-implementation"
