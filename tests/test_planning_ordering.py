"""Dependencies: references resolve to keys, and plans without any get the conventional order."""

from __future__ import annotations

from bot.planning.drafts import Draft
from bot.planning.ordering import resolve
from bot.planning.rules import RulePlanner


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
    resolved, dangling, _ = resolve(items, keys)
    assert resolved[2:] == [
        ["user-schema", "session-store"],
        ["login-endpoint"],
        ["login-endpoint", "logout-endpoint"],
        ["user-schema"],
    ]
    assert dangling == []


def test_titles_with_and_are_matched_whole_before_being_split() -> None:
    items = drafts(("Users and sessions tables", []), ("Login", ["Users and sessions tables"]))
    resolved, _, _ = resolve(items, ["users-and-sessions-tables", "login"])
    assert resolved[1] == ["users-and-sessions-tables"]


def test_list_numbering_is_used_only_when_every_task_has_a_unique_number() -> None:
    items = drafts(("A", []), ("B", []), ("C", ["#1"]))
    items[0].ordinal, items[1].ordinal, items[2].ordinal = "10", "20", "30"
    assert resolve(items, ["a", "b", "c"])[1][0].ref == "#1"  # numbered 10/20/30: #1 names nothing
    items[2].depends = ["#20"]
    assert resolve(items, ["a", "b", "c"])[0][2] == ["b"]
    items[1].ordinal = "10"  # numbers repeat (lists restarting per phase): positions are used instead
    items[2].depends = ["#2"]
    assert resolve(items, ["a", "b", "c"])[0][2] == ["b"]


def test_task_numbers_ranges_ids_and_steps_resolve_against_the_plans_own_numbering() -> None:
    items = drafts(("Schema", []), ("Queue", []), ("API", []), ("Worker", ["Tasks 1-3"]), ("Gate", ["task 2.4"]))
    for item, number in zip(items, ["1", "2", "3", "7", "T009"], strict=True):
        item.number = number
    items[3].depends = ["Tasks 1-3"]
    items[4].depends = ["task 2.4", "T9"]
    resolved, dangling, _ = resolve(items, ["s", "q", "a", "w", "g"], [("T009", ["7"]), ("3", ["*"])])
    assert resolved[3] == ["s", "q", "a"]
    assert resolved[4] == ["q", "w"]  # "2.4" is a step of task 2; the statement adds task 7
    assert resolved[2] == ["s", "q"]  # "All phases": every earlier task
    assert [d.ref for d in dangling] == ["T9"]


def test_unknown_and_ambiguous_references_are_reported() -> None:
    items = drafts(("User schema", []), ("Event schema", []), ("Consumer", ["schema", "#9", "Billing"]))
    resolved, dangling, _ = resolve(items, ["user-schema", "event-schema", "consumer"])
    assert resolved[2] == []
    assert [(d.ref, d.candidates) for d in dangling] == [
        ("schema", ("User schema", "Event schema")),
        ("#9", ()),
        ("Billing", ()),
    ]
    assert dangling[0].where == "“Consumer” (line 3)"


def test_only_the_parts_of_a_list_that_name_nothing_are_reported() -> None:
    items = drafts(("Schema", []), ("Queue", []), ("Consumer", ["#1, #9 and Queue"]))
    resolved, dangling, _ = resolve(items, ["schema", "queue", "consumer"])
    assert resolved[2] == ["schema", "queue"]
    assert [d.ref for d in dangling] == ["#9"]


def test_order_a_plan_only_implies_is_inferred_sparsely_with_its_evidence() -> None:
    from bot.planning import RulePlanner

    body = """## Tasks
1. Create the Todo data model with id and title fields
2. Implement CRUD endpoints for /todos (depends on 1)
3. Write unit tests for the CRUD endpoints
4. Add a Todo search page
5. Deploy the service to staging with a pipeline
"""
    outcome = RulePlanner().plan("Todos", body)
    assert outcome.plan is not None
    deps = {task.title.split()[0]: (task.depends_on, task.inferred) for task in outcome.plan.tasks}
    assert deps["Create"] == ((), ())
    assert deps["Implement"] == (("create-the-todo-data-model-with-id-and-title-fields",), ())
    assert deps["Write"] == (("implement-crud-endpoints-for-todos",),) * 2  # it tests what it names
    assert deps["Add"] == (("implement-crud-endpoints-for-todos",),) * 2  # the page calls the API over the model
    assert deps["Deploy"][1] == ("write-unit-tests-for-the-crud-endpoints", "add-a-todo-search-page")
    (note,) = [note for note in outcome.notes if "implies but does not state" in note]
    assert "“Add a Todo search page” after “Implement CRUD endpoints" in note and "(it shows the todos" in note


def test_one_task_naming_several_unknown_tasks_gets_one_note_naming_them_all() -> None:
    body = (
        "## Tasks\n\n"
        "1. Add the `loans` table with due dates. Blocked by OPS-7.\n"
        "2. Build the loan endpoints on the `loans` table. Blocked by OPS-8, OPS-9 and OPS-8.\n"
        "3. Write unit tests for the loan endpoints.\n"
    )
    notes = [note for note in RulePlanner().plan("Loans", body).notes if "not" in note and "task" in note]
    assert len(notes) == 2, notes
    assert "depends on “OPS-7”, which is not a task in this plan; no order was set for it." in notes[0]
    assert "depends on “OPS-8”, “OPS-9”, which are not tasks in this plan; no order was set for them." in notes[1]
