"""Dependencies: references resolve to keys, and plans without any get the conventional order."""

from __future__ import annotations

from bot.planning.drafts import Draft
from bot.planning.ordering import infer, resolve


def drafts(*specs: tuple[str, list[str]]) -> list[Draft]:
    return [Draft(title=title, depends=deps, line=index + 1) for index, (title, deps) in enumerate(specs)]


def test_numbers_titles_keys_and_lists_resolve() -> None:
    items = drafts(
        ("User schema", []),
        ("Session store", []),
        ("Login endpoint", ["#1", "task 2"]),
        ("Logout endpoint", ["the login endpoint task"]),
        ("Refresh tokens", ["login-endpoint, Logout endpoint"]),
        ("Cleanup job", ["schema"]),
    )
    keys = ["user-schema", "session-store", "login-endpoint", "logout-endpoint", "refresh-tokens", "cleanup-job"]
    resolved, dangling = resolve(items, keys)
    assert resolved[2:] == [
        ["user-schema", "session-store"],
        ["login-endpoint"],
        ["login-endpoint", "logout-endpoint"],
        ["user-schema"],
    ]
    assert dangling == []


def test_titles_with_and_are_matched_whole_before_being_split() -> None:
    items = drafts(("Users and sessions tables", []), ("Login", ["Users and sessions tables"]))
    resolved, _ = resolve(items, ["users-and-sessions-tables", "login"])
    assert resolved[1] == ["users-and-sessions-tables"]


def test_plan_numbering_is_used_only_when_every_task_has_a_unique_number() -> None:
    items = drafts(("A", []), ("B", []), ("C", ["#1"]))
    items[0].number, items[1].number, items[2].number = 10, 20, 30
    assert resolve(items, ["a", "b", "c"])[1][0].ref == "#1"  # numbered 10/20/30: #1 names nothing
    items[2].depends = ["#20"]
    assert resolve(items, ["a", "b", "c"])[0][2] == ["b"]
    items[1].number = 10  # numbers repeat (lists restarting per phase): positions are used instead
    items[2].depends = ["#2"]
    assert resolve(items, ["a", "b", "c"])[0][2] == ["b"]


def test_unknown_and_ambiguous_references_are_reported() -> None:
    items = drafts(("User schema", []), ("Event schema", []), ("Consumer", ["schema", "#9", "Billing"]))
    resolved, dangling = resolve(items, ["user-schema", "event-schema", "consumer"])
    assert resolved[2] == []
    assert [(d.ref, d.candidates) for d in dangling] == [
        ("schema", ("User schema", "Event schema")),
        ("#9", ()),
        ("Billing", ()),
    ]
    assert dangling[0].where == "“Consumer” (line 3)"


def test_conventional_order_when_nothing_is_stated() -> None:
    keys = ["deploy", "login", "login-tests", "users", "queue", "refund", "e2e"]
    agents = ["deployment", "feature-implementation", "unit-testing", "datatypes", "cloud-primitives",
              "feature-implementation", "validation"]
    titles = ["Deploy", "Login endpoint", "Unit tests for login", "Users table", "Queue", "Refund handler",
              "End-to-end check"]
    deps = dict(zip(keys, infer(keys, agents, titles), strict=True))
    assert deps["users"] == [] and deps["queue"] == []
    assert deps["login"] == ["users", "queue"]
    assert deps["login-tests"] == ["login"]
    # delivery waits on the test task, and on the feature that has no tests (refund) directly
    assert deps["deploy"] == ["login-tests", "refund"]
    assert deps["e2e"] == ["login-tests", "refund"]


def test_a_test_task_with_no_matching_feature_waits_on_all_features() -> None:
    deps = infer(["a", "b", "t"], ["feature-implementation"] * 2 + ["unit-testing"], ["Alpha", "Beta", "Tests"])
    assert deps[2] == ["a", "b"]


def test_unknown_roles_sit_with_feature_work() -> None:
    deps = infer(["schema", "ui"], ["datatypes", "frontend"], ["Schema", "UI"])
    assert deps[1] == ["schema"]


def test_only_the_parts_of_a_list_that_name_nothing_are_reported() -> None:
    items = drafts(("Schema", []), ("Queue", []), ("Consumer", ["#1, #9 and Queue"]))
    resolved, dangling = resolve(items, ["schema", "queue", "consumer"])
    assert resolved[2] == ["schema", "queue"]
    assert [d.ref for d in dangling] == ["#9"]


def test_tasks_a_partial_graph_leaves_loose_are_placed_in_the_conventional_order() -> None:
    from bot.planning import RulePlanner

    body = """## Tasks
1. Create the Todo data model with id and title fields
   - Acceptance: titles are required
2. Implement CRUD endpoints for /todos (depends on 1)
   - Acceptance: every verb works
3. Write unit tests for the CRUD endpoints
   - Acceptance: coverage above 80%
4. Deploy the service to staging with a pipeline
   - Acceptance: deploys on merge
"""
    outcome = RulePlanner().plan("Todos", body)
    assert outcome.plan is not None
    deps = {task.title.split()[0]: task.depends_on for task in outcome.plan.tasks}
    assert deps["Write"] == ("implement-crud-endpoints-for-todos",)
    assert deps["Deploy"] == ("write-unit-tests-for-the-crud-endpoints",)
    assert deps["Create"] == ()
    assert any("conventional order" in note and "“Deploy the service" in note for note in outcome.notes)
